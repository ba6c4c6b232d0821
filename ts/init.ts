// Loading the wasm module: `init()` in browsers and bundlers, `initSync()` where the bytes are
// at hand (Node, workers). Nothing else of the package works before one of them.
import { initGlue, initGlueSync } from "./wasm.js";

/** What `init` can load the module from: a URL, a `Response`, the bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads and instantiates the wasm module; by default from `mfa_wasm_bg.wasm` next to this file
 * (start that download early: see the README). Idempotent.
 * @example
 * import init, { generateSecret } from "mfa-wasm";
 * await init();
 * generateSecret();
 */
export default async function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<void> {
  await initGlue(options);
}

/**
 * Instantiates the wasm module synchronously from its bytes or a compiled module (Node, workers).
 * Idempotent.
 * @example
 * initSync({ module: await readFile(new URL(import.meta.resolve("mfa-wasm/mfa_wasm_bg.wasm"))) });
 */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): void {
  initGlueSync(options);
}
