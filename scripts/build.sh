#!/usr/bin/env bash
# Builds the npm package into pkg/ (wasm-pack, --target web, release; then panics cut to traps and
# wasm-opt -Oz from the npm binaryen package) and prints its files and the gzip size of what a
# browser downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # binaryen 132's wasm-opt first
# Two entry points, like otpauth's full and slim builds: `mfa-wasm` is everything (the core, the
# typed client MfaClient, the UI helpers); `mfa-wasm/core` is the core alone (secrets, TOTP,
# Key URIs, QR, validation) for pages that need no client or DOM helpers.
wasm-pack build --release --target web --out-dir pkg --out-name mfa_wasm -- --features client,ui
wasm-pack build --release --target web --out-dir pkg/core --out-name mfa_wasm
rm -f pkg/core/package.json pkg/core/README.md pkg/core/.gitignore
for d in pkg pkg/core; do
  # wasm-bindgen types the raw exports of InitOutput as `any`; `unknown` is as true and keeps the
  # declarations free of `any` (tests/package checks it).
  sed -i -E '/^export interface InitOutput/,/^}/ s/\bany\b/unknown/g' "$d/mfa_wasm.d.ts"
  sed -i -E 's/\bany\b/unknown/g' "$d/mfa_wasm_bg.wasm.d.ts"
done
# Size (bench/RESULTS.md): wasm-opt runs here rather than in wasm-pack (Cargo.toml sets
# `wasm-opt = false`) so that Rust's panic machinery can be cut first. With panic=abort every
# panic on wasm32-unknown-unknown ends in a trap, and std's panic hook prints nowhere on this
# target; the functions of `core::panicking`/`std::panicking` (and the alloc-error hook) are
# therefore replaced by that trap, `unreachable`, which is what nightly's panic_immediate_abort
# does at compile time. Nothing observable changes; the formatting code that only panic
# messages used becomes dead and wasm-opt removes it (about 2.5 KB gzip per entry point).
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
for d in pkg pkg/core; do
  wasm-dis "$d/mfa_wasm_bg.wasm" -o "$d/mfa_wasm_bg.wat"
  node --input-type=module - "$d/mfa_wasm_bg.wat" <<'JS'
import { readFileSync, writeFileSync } from "node:fs";
const file = process.argv[2];
const wat = readFileSync(file, "utf8");
const panics = [/^(core|std)(\[[0-9a-f]+\])?::panicking::/, /^<std(\[[0-9a-f]+\])?::panicking::/, /^std(\[[0-9a-f]+\])?::alloc::default_alloc_error_hook$/];
const head = /^\n \(func \$("(?:[^"\\]|\\.)*"|\S+)((?: \((?:type|param|result) [^()]*\))*)/;
let out = "", at = 0, cut = 0;
for (;;) {
  const start = wat.indexOf("\n (func $", at);
  if (start < 0) break;
  let depth = 0, end = start + 1, quoted = false; // the function's closing parenthesis
  for (; end < wat.length; end++) {
    const c = wat[end];
    if (quoted) { if (c === "\\") end++; else if (c === '"') quoted = false; }
    else if (c === '"') quoted = true;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) { end++; break; }
  }
  const m = wat.slice(start, end).match(head);
  const name = m[1].replace(/^"|"$/g, "");
  out += wat.slice(at, start);
  if (panics.some((re) => re.test(name))) { out += `\n (func $${m[1]}${m[2]}\n  (unreachable)\n )`; cut++; }
  else out += wat.slice(start, end);
  at = end;
}
out += wat.slice(at);
if (!cut) console.warn(`warning: no panic function found to cut in ${file} (names section missing?)`);
writeFileSync(file, out);
JS
  wasm-as "${features[@]}" "$d/mfa_wasm_bg.wat" -o "$d/mfa_wasm_bg.wasm"
  wasm-opt -Oz --strip-debug --strip-producers "${features[@]}" "$d/mfa_wasm_bg.wasm" -o "$d/mfa_wasm_bg.wasm"
  # The texts and records only those panic messages used stay in the data segments (wasm-opt
  # cannot see what data is dead): blank them, then let wasm-opt pack the zeros (~0.8 KB gzip).
  wasm-dis "$d/mfa_wasm_bg.wasm" -o "$d/mfa_wasm_bg.wat"
  node --input-type=module - "$d/mfa_wasm_bg.wat" <<'JS'
// Blanks the data that only the (cut) panic messages used: Rust source paths, core's panic
// texts, and the records (&str pieces, Locations) that point at them, unless optimised code
// still refers into them. Zeroed bytes then cost nearly nothing after gzip.
import { readFileSync, writeFileSync } from "node:fs";
const file = process.argv[2];
let wat = readFileSync(file, "utf8");
const seg = /\(data (\$\S+ )?\(i32\.const (\d+)\) "((?:[^"\\]|\\.)*)"\)/g;
const esc = { n: 10, t: 9, r: 13, '"': 34, "'": 39, "\\": 92 };
const decode = (s) => {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "\\") { out.push(s.charCodeAt(i)); continue; }
    const hex = s.slice(i + 1, i + 3);
    if (/^[0-9a-f]{2}$/.test(hex)) { out.push(parseInt(hex, 16)); i += 2; }
    else { out.push(esc[s[i + 1]] ?? s.charCodeAt(i + 1)); i += 1; }
  }
  return Uint8Array.from(out);
};
const encode = (b) => Array.from(b, (x) => (x < 32 || x > 126 || x === 34 || x === 92 ? "\\" + x.toString(16).padStart(2, "0") : String.fromCharCode(x))).join("");
const code = wat.replace(seg, "");
const refs = [...code.matchAll(/i32\.const (-?\d+)/g)].map((m) => Number(m[1]) >>> 0);
const live = (s, e) => refs.some((r) => r >= s && r < e);
const panicText = /\/rustc\/[0-9a-f]+\/library\/[\w\/.-]+\.rs|crates\/[\w\/.-]+\.rs|\/[\w\/.@-]*\.cargo\/registry\/[\w\/.@-]+\.rs|slice index starts at | but ends at | index out of bounds: the len is | but the index is |range start index |" out of range for slice of length |range end index |copy_from_slice: source slice length \(|\) does not match destination slice length \(|dest is out of bounds|mid > len|closure invoked recursively or after being dropped|Tried to shrink to a larger capacity|capacity overflow|attempt to divide by zero|attempt to calculate the remainder with a divisor of zero|RefCell already mutably borrowed|RefCell already borrowed|(?:[0-9]{2}){100}/g;
const segments = [...wat.matchAll(seg)].map((m) => ({ m, addr: Number(m[2]), bytes: decode(m[3]) }));
const blanked = [];
let strings = 0, records = 0;
for (const s of segments) {
  const text = Buffer.from(s.bytes).toString("latin1");
  for (const m of text.matchAll(panicText)) {
    const start = s.addr + m.index, end = start + m[0].length;
    if (live(start, end)) continue;
    s.bytes.fill(0, m.index, m.index + m[0].length);
    blanked.push({ start, end, path: m[0].endsWith(".rs") });
    strings += m[0].length;
  }
}
for (const s of segments) {
  const view = new DataView(s.bytes.buffer);
  for (let off = (4 - (s.addr % 4)) % 4; off + 8 <= s.bytes.length; off += 4) {
    const ptr = view.getUint32(off, true), len = view.getUint32(off + 4, true);
    const hit = blanked.find((b) => ptr === b.start && len > 0 && ptr + len <= b.end);
    if (!hit) continue;
    const n = hit.path && off + 16 <= s.bytes.length ? 16 : 8; // a Location: &str, line, column
    if (live(s.addr + off, s.addr + off + n)) continue;
    s.bytes.fill(0, off, off + n);
    records++;
  }
}
let out = "", at = 0;
for (const s of segments) {
  out += wat.slice(at, s.m.index) + `(data ${s.m[1] ?? ""}(i32.const ${s.addr}) "${encode(s.bytes)}")`;
  at = s.m.index + s.m[0].length;
}
writeFileSync(file, out + wat.slice(at));
console.error(`${file}: blanked ${strings} bytes of panic text and ${records} records`);
JS
  wasm-as "${features[@]}" "$d/mfa_wasm_bg.wat" -o "$d/mfa_wasm_bg.wasm"
  rm "$d/mfa_wasm_bg.wat"
  wasm-opt -Oz --strip-debug --strip-producers "${features[@]}" "$d/mfa_wasm_bg.wasm" -o "$d/mfa_wasm_bg.wasm"
done
# The JS glue repeats every Rust doc comment as JSDoc; the .d.ts files carry the documentation,
# so the glue drops comment lines and indentation (~15 % of its gzip size). The
# `@ts-self-types` pragma stays. Checked by `node --check` and the package tests.
for js in pkg/mfa_wasm.js pkg/core/mfa_wasm.js; do
  node --input-type=module - "$js" <<'JS'
import { readFileSync, writeFileSync } from "node:fs";
const file = process.argv[2];
const out = [];
let inComment = false;
for (const line of readFileSync(file, "utf8").split("\n")) {
  const t = line.trim();
  if (inComment) { if (t.endsWith("*/")) inComment = false; continue; }
  if (t.startsWith("/* @ts-self-types=")) { out.push(t); continue; }
  if (t.startsWith("/*")) { if (!t.endsWith("*/")) inComment = true; continue; }
  if (t.startsWith("//") || t === "") continue;
  out.push(t);
}
writeFileSync(file, out.join("\n") + "\n");
JS
  node --check "$js"
done
node scripts/package-json.mjs pkg
scripts/size.sh
