// Drops comment lines and indentation from wasm-bindgen's JS glue (the .d.ts keeps the docs).
// Usage: node scripts/wasm/strip-glue-comments.mjs file.js
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
