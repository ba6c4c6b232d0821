// EnrollmentFlow with keys other than SHA-1/6 digits/30 s (SHA-256, SHA-512, 8 digits, 60 s):
// the QR state, the local self-check and the code sent follow the key, checked against
// otpauth. The reference server issues SHA-1/6/30 only, so the stand-in client issues these.
import { assert } from "../support/assert.mjs";
import { fakeClient } from "../support/fake-client.js";
import { oracleCode, wrongCode } from "../support/oracle.mjs";
import { SEEDS } from "../support/vectors.mjs";

const KEYS = [
  { algorithm: "SHA256", digits: 8, period: 60 },
  { algorithm: "SHA512", digits: 8, period: 30 },
  { algorithm: "SHA512", digits: 6, period: 60 },
  { algorithm: "SHA1", digits: 8, period: 60 },
];

const uriOf = ({ algorithm, digits, period }) =>
  `otpauth://totp/ACME:alice?secret=${SEEDS[algorithm]}&issuer=ACME&algorithm=${algorithm}&digits=${digits}&period=${period}`;

export default function define({ mfa }) {
  for (const key of KEYS) {
    const label = `${key.algorithm}_${key.digits}_digits_${key.period}_s`;
    it(`flow_enrols_a_${label}_key`, async () => {
      const params = { secret: SEEDS[key.algorithm], ...key };
      const client = fakeClient(params.secret, uriOf(key), key);
      const flow = new mfa.EnrollmentFlow(client);
      await flow.chooseMethod("totp");
      const qr = flow.state;
      assert.deepEqual([qr.state, qr.algorithm, qr.digits, qr.period, qr.secret], ["showing_qr", key.algorithm, key.digits, key.period, params.secret]);

      // The wrong length is refused locally, with the reason.
      await flow.submitCode(oracleCode({ ...params, digits: key.digits === 8 ? 6 : 8 }, Date.now() / 1000));
      assert.deepEqual([flow.state.state, flow.state.error.code, flow.state.error.field], ["showing_qr", "invalid_input", "code"]);
      // A code of the right length that no step near now gives: invalid_code, nothing sent.
      await flow.submitCode(wrongCode(params, Date.now() / 1000, 10));
      assert.deepEqual([flow.state.error.code, flow.state.error.clockSkewSuspected], ["invalid_code", false]);
      // Five periods late: the self-check names a clock.
      await flow.submitCode(oracleCode(params, Date.now() / 1000 - 5 * key.period));
      assert.strictEqual(flow.state.error.clockSkewSuspected, true);
      assert.lengthOf(client.calls, 1, "only startTotpEnrollment was sent");

      // The code now (a step that ends meanwhile is still within the window of ±1).
      const sent = oracleCode(params, Date.now() / 1000);
      await flow.submitCode(sent);
      assert.equal(flow.state.state, "confirmed", JSON.stringify(flow.state.error ?? {}));
      const [name, request] = client.calls.at(-1);
      assert.deepEqual([name, request.code], ["confirmTotpEnrollment", sent]);
    });
  }

  it("flow_refuses_a_start_answer_whose_digits_or_period_disagree_with_its_uri", async () => {
    const key = KEYS[0];
    for (const answer of [{ ...key, digits: 6 }, { ...key, period: 30 }]) {
      const flow = new mfa.EnrollmentFlow(fakeClient(SEEDS[key.algorithm], uriOf(key), answer));
      await flow.chooseMethod("totp");
      assert.deepEqual([flow.state.state, flow.state.error.code], ["choosing_method", "protocol"], JSON.stringify(answer));
    }
  });
}
