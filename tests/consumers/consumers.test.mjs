// The npm package as users get it: `npm pack` of pkg/, installed into a fresh Vite 7 app and a
// fresh webpack 5 app (both built), imported from a Node 20 ESM script, and used from a
// TypeScript --strict file. Run by scripts/test.sh with `node --test`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "../..");
const work = mkdtempSync(join(tmpdir(), "mfa-consumers-"));
let tarball;
// Each run installs ~60 MB of node_modules here: removed at the end, failure included.
after(() => rmSync(work, { recursive: true, force: true }));

const run = (cwd, cmd, ...args) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
function app(name) {
  const dir = join(work, name);
  cpSync(join(here, name), dir, { recursive: true });
  if (readdirSync(dir).includes("package-lock.json")) run(dir, "npm", "ci", "--no-audit", "--no-fund");
  run(dir, "npm", "install", "--no-save", "--no-audit", "--no-fund", tarball);
  return dir;
}
const files = (dir) => readdirSync(dir, { recursive: true }).map(String);

before(() => {
  const name = run(join(root, "pkg"), "npm", "pack", "--pack-destination", work).trim().split("\n").pop();
  tarball = join(work, name);
  assert.ok(statSync(tarball).size > 0);
});

test("Vite 7 builds an app that uses the package, with the wasm as an asset", () => {
  const dir = app("vite-app");
  run(dir, "npx", "vite", "build");
  assert.ok(files(join(dir, "dist")).some((f) => f.endsWith(".wasm")), "no .wasm in dist");
});

test("webpack 5 builds an app that uses the package, with the wasm as an asset", () => {
  const dir = app("webpack-app");
  run(dir, "npx", "webpack", "--config", "webpack.config.js");
  assert.ok(files(join(dir, "dist")).some((f) => f.endsWith(".wasm")), "no .wasm in dist");
});

test("Node 20 imports it as ESM by package name", () => {
  const dir = app("node-esm");
  assert.match(run(dir, "node", "main.js"), /node-esm ok/);
});

test("TypeScript --strict compiles a file that uses the whole API without any", () => {
  const dir = app("ts-strict");
  const source = readFileSync(join(root, "tests/package/usage.ts"), "utf8").replaceAll("../../pkg/mfa_wasm.js", "mfa-wasm");
  const code = source.replace(/\/\/.*$/gm, "");
  assert.doesNotMatch(code, /\bany\b/);
  writeFileSync(join(dir, "usage.ts"), source);
  run(dir, join(root, "node_modules/.bin/tsc"), "-p", "tsconfig.json");
});
