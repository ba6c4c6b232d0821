// Usage: node scripts/wasm/cut-panics.mjs in.wasm out.wasm [--keep-names]
//
// Gives the bodies of Rust's panic functions (core/std `panicking`, the alloc-error hook) a
// single `unreachable`, through binaryen's own API (parse, replace a function body, validate,
// write): no text patterns on the binary or its data. Why it changes nothing observable: the
// package is built with `panic = "abort"` for wasm32-unknown-unknown, where every panic already
// ends in that same trap after std's hook has written its message to a stderr that does not
// exist on this target; nothing in the package or in wasm-bindgen (on panic=abort) installs a
// hook. What it saves: the formatting code only panic messages used becomes unreachable, and
// `wasm-opt -Oz` then removes it (bench/RESULTS.md). Nightly's `-Cpanic=immediate-abort` does
// the same at compile time; the package builds on stable.
//
// Loud on anything unexpected: it fails when the module has no name section, when one of the
// entry points every panic goes through is missing (a new Rust may have renamed them), when a
// function it would cut is not in the list below, or when the result does not validate. The
// artefact suites (tests/wasm) run on its output in every engine.
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";

const [input, output, keepNames] = process.argv.slice(2);
if (!input || !output || (keepNames && keepNames !== "--keep-names")) throw new Error("usage: cut-panics.mjs in.wasm out.wasm [--keep-names]");

// `core[hash]::panicking::panic_fmt` -> `core::panicking::panic_fmt` (rustc's v0 names).
const plain = (name) => name.replace(/\[[0-9a-f]+\]/g, "");
// Every panic reaches one of these; each must be present, or the shape is unknown.
const required = ["core::panicking::panic_fmt", "std::panicking::panic_with_hook"];
// What is cut: all of core's and std's `panicking` modules (including the trait impls of their
// payload types) and std's default alloc-error hook (it prints, then aborts).
const cut = (name) =>
  /^(core|std)::panicking::/.test(name) ||
  /^<std::panicking::[^>]* as core::(panic::PanicPayload|fmt::Display)>::/.test(name) ||
  name === "std::alloc::default_alloc_error_hook";

const fail = (why) => {
  console.error(`cut-panics: ${input}: ${why}`);
  process.exit(1);
};

// binaryen reads with its default features, the ones wasm-bindgen's output uses and the same
// as wasm-opt's --enable-* flags in scripts/build.sh; anything else (e.g. stringref) would make
// engines refuse the module, so a different set is an unknown shape.
const F = binaryen.Features;
const expected = F.BulkMemory | F.BulkMemoryOpt | F.CallIndirectOverlong | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes | F.Multivalue;
const module = binaryen.readBinary(readFileSync(input));
if (module.getFeatures() !== expected) fail(`unexpected wasm features ${module.getFeatures()} (expected ${expected})`);
const names = [];
for (let i = 0; i < module.getNumFunctions(); i++) {
  const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
  names.push({ name: info.name, plain: plain(info.name), imported: info.module !== null && info.module !== "" });
}
if (names.every((f) => /^\d+$/.test(f.name) || f.name.startsWith("$"))) fail("no name section (build without names?)");
for (const r of required) if (!names.some((f) => f.plain === r)) fail(`no function ${r}: unknown shape, update this script`);
let count = 0;
for (const f of names) {
  if (!cut(f.plain)) continue;
  if (f.imported) fail(`${f.name} is an import`);
  binaryen.Function.setBody(module.getFunction(f.name), module.unreachable());
  count++;
}
if (!module.validate()) fail("the module does not validate after the cut");
// The name section is written only when asked (bench/twiggy.sh); the code is the same.
binaryen.setDebugInfo(keepNames === "--keep-names");
writeFileSync(output, module.emitBinary());
module.dispose();
console.error(`cut-panics: ${input}: ${count} panic functions now trap at once`);
