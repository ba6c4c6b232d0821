// TOTP: the RFC tables, verification windows, parameters, time handling, and keys other than
// SHA-1/6 digits/30 s checked against otpauth. (Ported from tests/common/mod.rs.)
import { assert, codeOf, fieldOf, thrown } from "../support/assert.mjs";
import { oracleCode, spaced, wrongCode } from "../support/oracle.mjs";
import { GOOGLE_AUTH, RFC4226_HOTP, RFC6238, SEEDS, SEED_SHA1_B32 } from "../support/vectors.mjs";

export default function define({ mfa }) {
  it("rfc6238_appendix_b_all_18_rows", () => {
    for (const [time, algorithm, expected] of RFC6238) {
      const params = { secret: SEEDS[algorithm], algorithm, digits: 8 };
      assert.equal(mfa.totpCode(params, { at: time }), expected, `${time} ${algorithm}`);
      assert.strictEqual(mfa.verifyTotp(params, expected, { at: time }), 0);
    }
  });

  it("rfc4226_appendix_d_through_totp_steps", () => {
    // HOTP counter c is the TOTP step at time 30c with period 30.
    RFC4226_HOTP.forEach((expected, count) => {
      assert.equal(mfa.totpCode({ secret: SEED_SHA1_B32 }, { at: 30 * count }), expected, `counter ${count}`);
    });
  });

  it("google_authenticator_vector_with_lower_case_secret", () => {
    assert.equal(mfa.totpCode({ secret: GOOGLE_AUTH.secret }, { at: GOOGLE_AUTH.time }), GOOGLE_AUTH.code);
  });

  it("verify_window_and_malformed_codes", () => {
    const params = { secret: SEED_SHA1_B32 };
    const t = 1_234_567_890;
    const at = (window) => ({ at: t, window });
    const previous = oracleCode(params, t - 30);
    const next = oracleCode(params, t + 30);
    assert.strictEqual(mfa.verifyTotp(params, previous, at(1)), -1);
    assert.strictEqual(mfa.verifyTotp(params, next, at(1)), 1);
    assert.isNull(mfa.verifyTotp(params, previous, at(0)));
    assert.isNull(mfa.verifyTotp(params, oracleCode(params, t + 60), at(1)), "two steps ahead");
    // Spaced input is normalised; wrong shapes are null, never accepted.
    const current = oracleCode(params, t);
    assert.strictEqual(mfa.verifyTotp(params, spaced(current), at(1)), 0);
    assert.isNull(mfa.verifyTotp(params, wrongCode(params, t), at(1)));
    for (const bad of ["", "1", current.slice(0, 5), "abcdef", `${current}0`]) {
      assert.isNull(mfa.verifyTotp(params, bad, at(1)), bad);
    }
    assert.equal(codeOf(mfa, () => mfa.verifyTotp(params, 123456, at(1))), "invalid_input");
    assert.equal(codeOf(mfa, () => mfa.verifyTotp(params, current, at(11))), "invalid_input");
  });

  it("totp_defaults_to_now_and_handles_far_future_times", () => {
    const params = { secret: SEED_SHA1_B32 };
    const before = Date.now() / 1000;
    const code = mfa.totpCode(params);
    const now = Date.now() / 1000;
    assert.include([oracleCode(params, before), oracleCode(params, now)], code, "the code now");
    assert.isNotNull(mfa.verifyTotp(params, code, { at: now }));
    // Past 2^32 seconds (RFC 6238 §4: T beyond 32 bits).
    assert.equal(mfa.totpCode({ secret: SEED_SHA1_B32, digits: 8 }, { at: 20_000_000_000 }), "65353130");
  });

  it("totp_parameters_are_checked", () => {
    const withField = (k, v) => ({ secret: SEED_SHA1_B32, [k]: v });
    const codeFor = (params, t = 0) => codeOf(mfa, () => mfa.totpCode(params, { at: t }));
    assert.equal(codeFor(withField("digits", 5)), "invalid_digits");
    assert.equal(codeFor(withField("digits", 9)), "invalid_digits");
    assert.equal(codeFor(withField("period", 0)), "invalid_period");
    assert.equal(codeFor(withField("period", 121)), "invalid_period", "NIST SP 800-63B: at most 2 minutes");
    assert.equal(codeFor(withField("period", -30)), "invalid_input");
    assert.equal(codeFor(withField("algorithm", "MD5")), "unsupported_algorithm");
    assert.equal(mfa.totpCode(withField("algorithm", "sha256"), { at: 59 }), oracleCode({ secret: SEED_SHA1_B32, algorithm: "SHA256" }, 59));
    assert.equal(codeFor(withField("digits", "6")), "invalid_input");
    assert.equal(codeFor({ secret: "MZXW6YTBOI" }), "secret_too_short");
    assert.equal(codeFor(undefined), "invalid_input");
    assert.equal(codeFor("GEZDGNBV"), "invalid_input");
    // One idiom for every time: `{ at }`, Unix seconds.
    for (const [at, reason] of [[-1, "out_of_range"], [Infinity, "out_of_range"], [NaN, "out_of_range"], ["59", "invalid_type"]]) {
      const err = thrown(() => mfa.totpCode({ secret: SEED_SHA1_B32 }, { at }));
      assert.deepEqual([err.code, err.field, err.reason], ["invalid_input", "at", reason], String(at));
    }
    assert.equal(fieldOf(() => mfa.totpCode({ secret: SEED_SHA1_B32 }, 59)), "options", "a bare number is not the options");
  });

  it("seconds_remaining_counts_down", () => {
    assert.strictEqual(mfa.secondsRemaining({ at: 59 }), 1);
    assert.strictEqual(mfa.secondsRemaining({ at: 60 }), 30);
    assert.strictEqual(mfa.secondsRemaining({ period: 60, at: 61.5 }), 59);
    const now = mfa.secondsRemaining();
    assert.isAtLeast(now, 1);
    assert.isAtMost(now, 30);
    assert.equal(codeOf(mfa, () => mfa.secondsRemaining({ period: 0 })), "invalid_period");
    assert.equal(fieldOf(() => mfa.secondsRemaining({ at: -1 })), "at");
  });

  it("sha256_sha512_8_digits_and_60_s_keys_agree_with_otpauth", () => {
    // Keys other than the default SHA-1/6/30, at times around and past 2^31 and 2^32.
    for (const algorithm of ["SHA1", "SHA256", "SHA512"]) {
      for (const [digits, period] of [[6, 60], [7, 30], [8, 60], [8, 30]]) {
        const params = { secret: SEEDS[algorithm], algorithm, digits, period };
        for (const t of [0, 59, 60, 1_111_111_109, 2_147_483_647, 4_294_967_296, 20_000_000_000]) {
          const expected = oracleCode(params, t);
          const label = `${algorithm}/${digits}/${period} at ${t}`;
          assert.equal(mfa.totpCode(params, { at: t }), expected, label);
          assert.strictEqual(mfa.verifyTotp(params, expected, { at: t }), 0, label);
          if (t >= period) assert.strictEqual(mfa.verifyTotp(params, oracleCode(params, t - period), { at: t }), -1, label);
          assert.isNull(mfa.verifyTotp(params, wrongCode(params, t), { at: t }), label);
        }
      }
    }
  });
}
