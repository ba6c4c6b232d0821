// Key URIs: build then parse, real exports, typed errors. (Ported from tests/common/mod.rs.)
import { assert, codeOf, fieldOf } from "../support/assert.mjs";
import { SEED_SHA1_B32, SEED_SHA256_B32 } from "../support/vectors.mjs";

export default function define({ mfa }) {
  it("build_then_parse_round_trips", () => {
    const key = {
      secret: SEED_SHA256_B32,
      issuer: "ACME Co & Sons",
      account: "alice+test@example.com",
      algorithm: "SHA256",
      digits: 8,
      period: 60,
    };
    const built = mfa.buildOtpauthUri(key);
    assert.isTrue(
      built.startsWith("otpauth://totp/ACME%20Co%20%26%20Sons:alice%2Btest%40example.com?secret="),
      built,
    );
    const params = new URL(built).searchParams;
    assert.equal(params.get("secret"), SEED_SHA256_B32);
    assert.equal(params.get("issuer"), "ACME Co & Sons");
    assert.equal(params.get("algorithm"), "SHA256");
    assert.equal(params.get("digits"), "8");
    assert.equal(params.get("period"), "60");
    assert.deepEqual({ ...mfa.parseOtpauthUri(built) }, key);
  });

  it("parse_tolerates_real_exports", () => {
    const parsed = mfa.parseOtpauthUri(
      "OTPAUTH://TOTP/Big%20Corporation%3A%20alice%40bigco.com?SECRET=jbsw y3dp ehpk 3pxp==&ALGORITHM=sha1&foo=bar",
    );
    assert.equal(parsed.issuer, "Big Corporation");
    assert.equal(parsed.account, "alice@bigco.com");
    assert.equal(parsed.secret, "JBSWY3DPEHPK3PXP");
    assert.strictEqual(parsed.digits, 6);
    assert.strictEqual(parsed.period, 30);
    assert.equal(parsed.algorithm, "SHA1");
    const noIssuer = mfa.parseOtpauthUri("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP");
    assert.isUndefined(noIssuer.issuer);
    assert.notProperty(noIssuer, "issuer");
  });

  it("uri_errors_are_typed", () => {
    const parse = (uri) => codeOf(mfa, () => mfa.parseOtpauthUri(uri));
    assert.equal(parse("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP"), "invalid_uri");
    assert.equal(parse("otpauth://totp/a?digits=6"), "invalid_secret");
    assert.equal(parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=0"), "invalid_period");
    assert.equal(parse(undefined), "invalid_input");
    const key = (issuer, account) => ({ secret: SEED_SHA1_B32, issuer, account });
    assert.equal(codeOf(mfa, () => mfa.buildOtpauthUri(key("AC:ME", "alice"))), "invalid_label");
    assert.equal(fieldOf(() => mfa.buildOtpauthUri(key("ACME", "al:ice"))), "account");
    assert.equal(codeOf(mfa, () => mfa.buildOtpauthUri({ secret: SEED_SHA1_B32, account: "a" })), "invalid_input");
  });
}
