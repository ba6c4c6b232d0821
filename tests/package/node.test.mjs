// The built package (pkg/, release build after wasm-opt) as a Node 20 ESM user imports it.
// Run by scripts/test.sh with `node --test`. Vectors: RFC 6238 Appendix B (independent oracle).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import init, * as mfa from "../../pkg/mfa_wasm.js";

const wasm = await readFile(new URL("../../pkg/mfa_wasm_bg.wasm", import.meta.url));
mfa.initSync({ module: wasm });

test("init is idempotent after initSync", async () => {
  const a = await init({ module_or_path: wasm });
  const b = await init({ module_or_path: wasm });
  assert.equal(a, b);
});

test("RFC 6238 Appendix B, SHA1 rows, through the shipped build", () => {
  const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  const rows = [[59, "94287082"], [1111111109, "07081804"], [1111111111, "14050471"], [1234567890, "89005924"], [2000000000, "69279037"], [20000000000, "65353130"]];
  for (const [t, code] of rows) {
    assert.equal(mfa.totpCode({ secret, digits: 8 }, { at: t }), code);
    assert.equal(mfa.verifyTotp({ secret, digits: 8 }, code, { at: t }), 0);
  }
});

test("errors are MfaError: real Errors with a stable code and no input in the message", () => {
  const secret = "SECRETSECRET1";
  try {
    mfa.normalizeSecret(secret);
    assert.fail("expected a throw");
  } catch (e) {
    assert.ok(e instanceof Error);
    assert.ok(mfa.isMfaError(e));
    assert.equal(e.name, "MfaError");
    assert.equal(e.code, "invalid_secret");
    assert.ok(!e.message.includes("SECRET"));
  }
  assert.equal(mfa.isMfaError(new Error("x")), false);
  assert.equal(mfa.isMfaError(null), false);
});

test("wrong types are refused, not coerced", () => {
  for (const call of [() => mfa.normalizeSecret(undefined), () => mfa.buildOtpauthUri({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", issuer: 1, account: "a" }), () => mfa.qrSvg({}), () => mfa.generateSecret("20")]) {
    assert.throws(call, (e) => e.code === "invalid_input");
  }
});

test("Key URI round trip and QR SVG", () => {
  const key = { secret: mfa.generateSecret(), issuer: "ACME Co", account: "alice@example.com", algorithm: "SHA256", digits: 8, period: 60 };
  assert.deepEqual(mfa.parseOtpauthUri(mfa.buildOtpauthUri(key)), key);
  const svg = mfa.qrSvg(mfa.buildOtpauthUri(key), { title: "Scan me" });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+" width="200" height="200" role="img"/, "the default rendered size (issue 15)");
});

test("validators", () => {
  assert.deepEqual(mfa.validateTotpCode("１２３ ４５６"), { ok: true, value: "123456" });
  assert.deepEqual(mfa.validateSmsCode("12-34"), { ok: false, reason: "too_short" });
  assert.deepEqual(mfa.validateSmsCode("12-34", { digits: 4 }), { ok: true, value: "1234" });
  assert.deepEqual(mfa.validateRecoveryCode("abcd-efgh-ijkl-mnop"), { ok: true, value: "ABCD-EFGH-IJKL-MNOP" });
  assert.deepEqual(mfa.validatePhoneNumber("+44 (0)20 7946 0958"), { ok: true, value: "+442079460958" });
});

test("the package carries both licences of MIT OR Apache-2.0", () => {
  const dir = new URL("../../pkg/", import.meta.url);
  const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8"));
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  for (const name of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(pkg.files.includes(name), `${name} in files`);
    assert.equal(readFileSync(new URL(name, dir), "utf8"), readFileSync(new URL(`../../${name}`, import.meta.url), "utf8"));
  }
  assert.match(readFileSync(new URL("LICENSE-APACHE", dir), "utf8"), /Apache License\s+Version 2\.0, January 2004/);
  assert.match(readFileSync(new URL("LICENSE-MIT", dir), "utf8"), /^MIT License/);
});
