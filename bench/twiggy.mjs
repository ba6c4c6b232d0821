// Usage: node bench/twiggy.mjs NAMED.wasm [TOP]
//
// Reads `twiggy top --format json` of a wasm module built with its names kept (bench/twiggy.sh)
// and prints where the shipped bytes go, as a Markdown table of groups (raw bytes: twiggy
// measures the binary, not its gzip), then the TOP largest items. The name sections are
// counted apart: the shipped module has none.
import { execFileSync } from "node:child_process";

const [file, top = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: twiggy.mjs NAMED.wasm [TOP]");
const items = JSON.parse(execFileSync("twiggy", ["top", "-n", "100000", "--format", "json", file], { maxBuffer: 1 << 28 }));

// First match wins. The export shims are wasm-bindgen's wrappers, with whatever wasm-opt
// inlined into them (often the whole export's Rust body).
const groups = [
  ["name sections (not shipped)", (n) => /^"[a-z ]+ names" subsection$/.test(n) || n === "\"module name\" subsection"],
  ["data segments (strings, tables, the contract)", (n) => n.startsWith("data segment") || n.startsWith("data[")],
  ["async: future_to_promise closures", (n) => /future_to_promise|wasm_bindgen_futures|JsFuture|Closure</.test(n)],
  ["wasm-bindgen export shims (+ what wasm-opt inlined into them)", (n) => / shim$|^__wbg_\w+_free$|^\w+_\w+$/.test(n) && !n.includes("::")],
  ["allocator (lol_alloc)", (n) => /lol_alloc|__rust_(alloc|dealloc|realloc)|__rdl_|__rg_/.test(n)],
  ["mfa_core", (n) => /mfa_core\b/.test(n)],
  ["mfa_wasm: client", (n) => /mfa_wasm(\[[0-9a-f]+\])?::client/.test(n)],
  ["mfa_wasm: flow", (n) => /mfa_wasm(\[[0-9a-f]+\])?::flow/.test(n)],
  ["mfa_wasm: core exports", (n) => /mfa_wasm\b/.test(n)],
  ["core / alloc / std (fmt, str, collections)", (n) => /^<?&?(core|alloc|std)\b|<(core|alloc|std)\[|^<?(core|alloc|std)\[/.test(n) || /\b(core|alloc|std)(\[[0-9a-f]+\])?::/.test(n) && !/(js_sys|web_sys|wasm_bindgen|mfa_)/.test(n)],
  ["wasm-bindgen / js-sys / web-sys runtime", (n) => /wasm_bindgen|js_sys|web_sys|__externref|__wbindgen|export "/.test(n)],
  ["sections: types, imports, exports, table, unnamed code", () => true],
];
const sums = new Map(groups.map(([g]) => [g, 0]));
const named = [];
for (const { name, shallow_size: size } of items) {
  if (name.startsWith("Σ") || name.startsWith("...")) continue;
  const [group] = groups.find(([, test]) => test(name));
  sums.set(group, sums.get(group) + size);
  if (!group.startsWith("name sections")) named.push([name, size, group]);
}
const shipped = [...sums].filter(([g]) => !g.startsWith("name sections")).reduce((s, [, n]) => s + n, 0);
const B = (n) => `${n.toLocaleString("en-US")} B`;
console.log(`| group | raw bytes | share |\n| --- | --- | --- |`);
for (const [group, n] of [...sums].filter(([g]) => !g.startsWith("name sections")).sort((a, b) => b[1] - a[1])) {
  console.log(`| ${group} | ${B(n)} | ${((100 * n) / shipped).toFixed(1)}% |`);
}
console.log(`| **total (without names)** | **${B(shipped)}** | |`);
console.log(`\nlargest ${top} items:\n`);
console.log(`| item | raw bytes | group |\n| --- | --- | --- |`);
for (const [name, size, group] of named.sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`| \`${name.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]+\]/g, "").replace(/\|/g, "\\|")}\` | ${B(size)} | ${group} |`);
}
