// Rewrites pkg/package.json (wasm-pack writes a minimal one) into what bundlers, Node and
// TypeScript expect of a modern ESM package: `exports` with `types`, `files`, no side effects.
// Usage: node scripts/package-json.mjs [pkgDir]
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "pkg";
const generated = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
// The package carries both licences of `license: "MIT OR Apache-2.0"` (copied from the root).
const root = new URL("..", import.meta.url);
for (const licence of ["LICENSE-MIT", "LICENSE-APACHE"]) copyFileSync(new URL(licence, root), join(dir, licence));
const files = ["mfa_wasm.js", "mfa_wasm.d.ts", "mfa_wasm_bg.wasm", "README.md", "LICENSE-MIT", "LICENSE-APACHE"];
const hasCore = existsSync(join(dir, "core", "mfa_wasm.js"));
if (hasCore) files.push("core/mfa_wasm.js", "core/mfa_wasm.d.ts", "core/mfa_wasm_bg.wasm");
// `mfa-wasm/webauthn`: JavaScript only, no wasm.
const hasWebauthn = existsSync(join(dir, "webauthn", "mfa_wasm.js"));
if (hasWebauthn) files.push("webauthn/mfa_wasm.js", "webauthn/mfa_wasm.d.ts");

const pkg = {
  name: generated.name,
  version: generated.version,
  description: generated.description,
  license: generated.license,
  repository: generated.repository,
  keywords: [...new Set([...(generated.keywords ?? []), "2fa", "totp", "otp", "authenticator", "qrcode", "webassembly", "recovery-codes"])],
  type: "module",
  main: "./mfa_wasm.js",
  module: "./mfa_wasm.js",
  types: "./mfa_wasm.d.ts",
  exports: {
    ".": { types: "./mfa_wasm.d.ts", default: "./mfa_wasm.js" },
    ...(hasCore ? { "./core": { types: "./core/mfa_wasm.d.ts", default: "./core/mfa_wasm.js" }, "./core/mfa_wasm_bg.wasm": "./core/mfa_wasm_bg.wasm" } : {}),
    ...(hasWebauthn ? { "./webauthn": { types: "./webauthn/mfa_wasm.d.ts", default: "./webauthn/mfa_wasm.js" } } : {}),
    "./mfa_wasm_bg.wasm": "./mfa_wasm_bg.wasm",
    "./package.json": "./package.json",
  },
  files,
  // Importing the package runs nothing but declarations: init() loads the wasm on demand.
  sideEffects: false,
  engines: { node: ">=18" },
};
writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
console.log(`${dir}/package.json: ${pkg.name}@${pkg.version}, exports ${Object.keys(pkg.exports).join(" ")}`);
