// Every refusal of the core is an MfaError with a code of the vocabulary, and every
// `invalid_input` names its field and says why (`reason`): a wrong JS type is `invalid_type`, a
// number out of its range or not whole `out_of_range`, a value that is not one of those allowed
// `invalid_value`. Also: the package carries both licences of "MIT OR Apache-2.0".
import { assert, mfaCode, thrown } from "../support/assert.mjs";
import { SEED_SHA1_B32 as secret } from "../support/vectors.mjs";

/** [call, field, reason]: each must throw `invalid_input` with exactly this field and reason. */
const CASES = (mfa) => [
  [() => mfa.generateSecret("20"), "byteLength", "invalid_type"],
  [() => mfa.generateSecret(20.5), "byteLength", "out_of_range"],
  [() => mfa.normalizeSecret(undefined), "input", "invalid_type"],
  [() => mfa.formatSecret(1), "secret", "invalid_type"],
  [() => mfa.totpCode(undefined), "secret", "invalid_type"],
  [() => mfa.totpCode("GEZDGNBV"), "params", "invalid_type"],
  [() => mfa.totpCode({ secret, digits: "6" }), "digits", "invalid_type"],
  [() => mfa.totpCode({ secret, digits: 6.5 }), "digits", "out_of_range"],
  [() => mfa.totpCode({ secret, period: -30 }), "period", "out_of_range"],
  [() => mfa.totpCode({ secret, algorithm: 1 }), "algorithm", "invalid_type"],
  [() => mfa.totpCode({ secret }, { at: "now" }), "at", "invalid_type"],
  [() => mfa.verifyTotp({ secret }, 123456), "code", "invalid_type"],
  [() => mfa.verifyTotp({ secret }, "123456", { window: 11 }), "window", "out_of_range"],
  [() => mfa.verifyTotp({ secret }, "123456", "wide"), "options", "invalid_type"],
  [() => mfa.secondsRemaining({ period: "30" }), "period", "invalid_type"],
  [() => mfa.buildOtpauthUri({ secret, account: "a" }), "issuer", "invalid_type"],
  [() => mfa.buildOtpauthUri(null), "secret", "invalid_type"],
  [() => mfa.parseOtpauthUri(undefined), "uri", "invalid_type"],
  [() => mfa.qrSvg(1), "text", "invalid_type"],
  [() => mfa.qrSvg("x", 1), "options", "invalid_type"],
  [() => mfa.qrSvg("x", { margin: -1 }), "margin", "out_of_range"],
  [() => mfa.qrSvg("x", { ecc: "X" }), "ecc", "invalid_value"],
  [() => mfa.qrSvg("x", { dark: 'red" onload="alert(1)' }), "dark", "invalid_value"],
  [() => mfa.qrDataUri("x", { title: 5 }), "title", "invalid_type"],
  [() => mfa.validateTotpCode(123456), "input", "invalid_type"],
  [() => mfa.validateTotpCode("123456", { digits: 5 }), "digits", "out_of_range"],
  [() => mfa.validateSmsCode("123456", { digits: 11 }), "digits", "out_of_range"],
  [() => mfa.validateSmsCode("123456", { digits: "6" }), "digits", "invalid_type"],
  [() => mfa.validateSmsCode("123456", { length: 6 }), "length", "unknown_field"],
  [() => mfa.verifyTotp({ secret }, "123456", { windw: 2 }), "windw", "unknown_field"],
  [() => mfa.validateRecoveryCode("x", { format: { groups: 0 } }), "groups", "out_of_range"],
  [() => mfa.validateRecoveryCode("x", { format: "4x4" }), "format", "invalid_type"],
  [() => mfa.validatePhoneNumber(null), "input", "invalid_type"],
];

/** The text of `name` in the package under test (pkg/ as the engine loads it). */
async function packageFile(env, name) {
  if (env.engine === "node") {
    const { readFile } = await import("node:fs/promises");
    return readFile(new URL(name, env.pkgUrl), "utf8");
  }
  const res = await fetch(new URL(name, new URL(env.pkgUrl, location.href)));
  assert.isTrue(res.ok, `${name}: ${res.status}`);
  return res.text();
}

export default function define({ mfa, env }) {
  it("every_invalid_input_names_its_field_and_reason", () => {
    for (const [call, field, reason] of CASES(mfa)) {
      const err = thrown(call);
      assert.deepEqual([mfaCode(mfa, err), err.field, err.reason], ["invalid_input", field, reason], call.toString());
      assert.isString(err.message);
    }
  });

  it("the_package_carries_both_licences", async () => {
    // The oracle: the repository's own files, read by the runner (env.licences).
    const mit = await packageFile(env, "LICENSE-MIT");
    const apache = await packageFile(env, "LICENSE-APACHE");
    assert.equal(mit, env.licences["LICENSE-MIT"]);
    assert.equal(apache, env.licences["LICENSE-APACHE"]);
    assert.match(mit, /^MIT License/);
    assert.match(apache, /Apache License\s+Version 2\.0, January 2004/);
  });
}
