// A Node 20 ESM user: import by package name, load the wasm from the installed package.
import { readFile } from "node:fs/promises";
import { initSync, totpCode, parseOtpauthUri, isMfaError } from "mfa-wasm";

initSync({ module: await readFile(new URL(import.meta.resolve("mfa-wasm/mfa_wasm_bg.wasm"))) });
const code = totpCode({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", digits: 8 }, { at: 59 });
if (code !== "94287082") throw new Error(`RFC 6238 vector: got ${code}`);
try {
  parseOtpauthUri("https://example.com");
  throw new Error("expected a throw");
} catch (e) {
  if (!isMfaError(e) || e.code !== "invalid_uri") throw e;
}
console.log("node-esm ok");

// The core entry point alone: no client, no DOM helpers.
const core = await import("mfa-wasm/core");
core.initSync({ module: await readFile(new URL(import.meta.resolve("mfa-wasm/core/mfa_wasm_bg.wasm"))) });
if (core.totpCode({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", digits: 8 }, { at: 59 }) !== "94287082") throw new Error("core entry point");
if ("MfaClient" in core || "ChallengeFlow" in core) throw new Error("the core entry point should carry no client and no flow");
console.log("node-esm core ok");
