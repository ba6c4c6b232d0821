// Secrets: generation from the CSPRNG, normalisation, formatting, and errors that never carry
// the secret. (Ported from tests/common/mod.rs.)
import { assert, codeOf, mfaCode, thrown } from "../support/assert.mjs";

export default function define({ mfa }) {
  it("generate_secret_uses_the_csprng_and_refuses_short_secrets", () => {
    const a = mfa.generateSecret();
    const b = mfa.generateSecret();
    assert.lengthOf(a, 32, "20 bytes are 32 base32 characters");
    assert.notEqual(a, b);
    assert.match(a, /^[A-Z2-7]{32}$/);
    assert.lengthOf(mfa.generateSecret(16), 26);
    assert.equal(codeOf(mfa, () => mfa.generateSecret(15)), "secret_too_short"); // RFC 4226 R6
    // A wrong type is `invalid_type`, a wrong number `out_of_range`: always with the field.
    for (const [bad, reason] of [[20.5, "out_of_range"], ["20", "invalid_type"], [NaN, "out_of_range"], [1e12, "out_of_range"], [129, "out_of_range"], [null, "invalid_type"]]) {
      const err = thrown(() => mfa.generateSecret(bad));
      assert.deepEqual([mfaCode(mfa, err), err.field, err.reason], ["invalid_input", "byteLength", reason], String(bad));
    }
  });

  it("normalize_and_format_secret", () => {
    assert.equal(mfa.normalizeSecret(" jbsw-y3dp ehpk 3pxp== "), "JBSWY3DPEHPK3PXP");
    assert.equal(mfa.formatSecret("gezdgnbvgy3tqojqgezdgnbvgy3tqojq"), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    for (const bad of ["", "JBSW0", "not base32!"]) {
      assert.equal(codeOf(mfa, () => mfa.normalizeSecret(bad)), "invalid_secret", bad);
    }
    assert.equal(codeOf(mfa, () => mfa.normalizeSecret(undefined)), "invalid_input");
    assert.equal(codeOf(mfa, () => mfa.normalizeSecret(1)), "invalid_input");
  });

  it("errors_never_carry_the_secret", () => {
    const err = thrown(() => mfa.normalizeSecret("SECRETVALUE1"));
    assert.notInclude(err.message, "SECRETVALUE");
    assert.notInclude(err.message.toUpperCase(), "SECRETVALUE");
    assert.equal(err.name, "MfaError");
    assert.isTrue(mfa.isMfaError(err));
    assert.isFalse(mfa.isMfaError(new Error("x")), "a plain Error is not an MfaError");
  });
}
