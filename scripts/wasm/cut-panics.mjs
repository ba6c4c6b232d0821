// Replaces the bodies of Rust's panic functions (core/std::panicking, the alloc-error hook) in a
// .wat file with `unreachable`: with panic=abort on wasm32-unknown-unknown a panic already ends in
// that trap and prints nowhere, so nothing observable changes, and the formatting code only panic
// messages used becomes dead for wasm-opt (what nightly's panic_immediate_abort does). Usage:
// node scripts/wasm/cut-panics.mjs file.wat
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
