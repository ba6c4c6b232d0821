// Validation of what people type: codes, recovery codes, phone numbers. (Ported from
// tests/common/mod.rs.)
import { assert, codeOf } from "../support/assert.mjs";

export default function define({ mfa }) {
  const value = (result) => {
    assert.deepEqual(Object.keys(result).sort(), ["ok", "value"]);
    assert.strictEqual(result.ok, true);
    return result.value;
  };
  const reason = (result) => {
    assert.strictEqual(result.ok, false);
    return result.reason;
  };

  it("validate_codes", () => {
    assert.equal(value(mfa.validateTotpCode(" １２３ ４５６ ")), "123456");
    assert.equal(value(mfa.validateTotpCode("123-456")), "123456");
    assert.equal(value(mfa.validateTotpCode("1234 5678", { digits: 8 })), "12345678");
    assert.equal(reason(mfa.validateTotpCode("")), "empty");
    assert.equal(reason(mfa.validateTotpCode("12345")), "too_short");
    assert.equal(reason(mfa.validateTotpCode("1234567")), "too_long");
    assert.equal(reason(mfa.validateTotpCode("12e456")), "invalid_character");
    assert.equal(reason(mfa.validateTotpCode("١٢٣٤٥٦")), "invalid_character", "digits of other scripts");
    assert.equal(value(mfa.validateSmsCode("000\u00a0111")), "000111");
    assert.equal(codeOf(mfa, () => mfa.validateTotpCode("123456", { digits: 5 })), "invalid_input");
    assert.equal(codeOf(mfa, () => mfa.validateTotpCode(123456)), "invalid_input");
  });

  it("validate_recovery_codes_and_phone_numbers", () => {
    assert.equal(value(mfa.validateRecoveryCode("abcd efgh ijkl mn0p")), "ABCD-EFGH-IJKL-MNOP");
    const twoByFive = { format: { groups: 2, groupLength: 5 } };
    assert.equal(value(mfa.validateRecoveryCode("abcde-fghij", twoByFive)), "ABCDE-FGHIJ");
    assert.equal(reason(mfa.validateRecoveryCode("ABCD-EFGH")), "too_short");
    assert.equal(value(mfa.validatePhoneNumber("+1 (415) 555-0132")), "+14155550132");
    assert.equal(reason(mfa.validatePhoneNumber("415 555 0132")), "missing_country_code");
    assert.equal(reason(mfa.validatePhoneNumber("+1 415 555 0132 99999")), "too_long");
  });
}
