// Usage: node scripts/wasm/blank-panic-data.mjs file.wat (after cut-panics.mjs and wasm-opt).
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
