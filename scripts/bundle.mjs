// One entry point of the npm package from the TypeScript API (ts/) and wasm-bindgen's glue:
//
//   node scripts/bundle.mjs ENTRY GLUE_DIR OUT_DIR
//
// ENTRY is a module of ts/ (`index` for `mfa-wasm`, `core` for `mfa-wasm/core`), GLUE_DIR the
// wasm-pack output of the matching build (mfa_wasm.js, mfa_wasm.d.ts), OUT_DIR where
// mfa_wasm.js and mfa_wasm.d.ts go. Steps, in a staging copy under target/ts-build/ (ts/ next to
// glue/, as ts/wasm.ts imports it):
//   1. `tsc --strict` type-checks the entry's modules against the glue's declarations, which
//      wasm-bindgen writes from the Rust signatures: a call that does not match Rust fails here;
//   2. esbuild bundles the entry with the glue into one ES module, fully minified (whitespace,
//      syntax and local identifiers; bench/NOTES.md measures each; exported names are kept);
//   3. dts-bundle-generator rolls the declarations tsc emits from the same sources into one
//      mfa_wasm.d.ts: the declarations are the implementation's signatures and cannot drift.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [entry, glueDir, outDir] = process.argv.slice(2);
if (!entry || !glueDir || !outDir) throw new Error("usage: node scripts/bundle.mjs ENTRY GLUE_DIR OUT_DIR");
const bin = (name) => join(root, "node_modules/.bin", name);
const run = (cmd, ...args) => execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });

const stage = join(root, "target/ts-build", entry);
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, "glue"), { recursive: true });
cpSync(join(root, "ts"), join(stage, "ts"), { recursive: true });
for (const f of ["mfa_wasm.js", "mfa_wasm.d.ts"]) cpSync(join(glueDir, f), join(stage, "glue", f));
// The JS snippets the Rust side imports (src/error.js), which the glue imports from here.
if (existsSync(join(glueDir, "snippets"))) cpSync(join(glueDir, "snippets"), join(stage, "glue", "snippets"), { recursive: true });
// Only the entry's own module graph: `mfa-wasm/core` is checked against the core build's glue,
// which has no client exports.
const base = JSON.parse(readFileSync(join(stage, "ts/tsconfig.json"), "utf8"));
const tsconfig = join(stage, "ts/tsconfig.entry.json");
writeFileSync(tsconfig, JSON.stringify({ ...base, include: undefined, files: [`${entry}.ts`] }, null, 2));

run(bin("tsc"), "-p", tsconfig);
mkdirSync(outDir, { recursive: true });
run(bin("esbuild"), join(stage, "ts", `${entry}.ts`), "--bundle", "--format=esm", "--target=es2022", "--minify",
  "--log-level=warning", "--banner:js=/* @ts-self-types=\"./mfa_wasm.d.ts\" */", `--outfile=${join(outDir, "mfa_wasm.js")}`);
run(bin("dts-bundle-generator"), "--silent", "--no-banner", "--project", tsconfig, "-o", join(outDir, "mfa_wasm.d.ts"), join(stage, "ts", `${entry}.ts`));
run("node", "--check", join(outDir, "mfa_wasm.js"));
