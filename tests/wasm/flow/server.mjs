// EnrollmentFlow with MfaClient against a fresh reference server: TOTP (erin) and SMS through
// the development outbox (alice). (Ported from tests/ui/flow_server.rs, which skipped itself
// when its server URL was missing; here the runner always starts the server.)
import { assert } from "../support/assert.mjs";
import { clientFor, outboxCode } from "../support/client.js";
import { oracleCode, wrongCode } from "../support/oracle.mjs";

export default function define({ mfa, env }) {
  const logIn = async (client, email) => (await client.login({ email, password: "correct-horse-battery" })).status;

  it("flow_against_the_reference_server", async () => {
    assert.isString(env.server, "the runner starts the reference server for this suite");
    const client = clientFor(mfa, env.server);

    // TOTP: erin signs in by password and adds an authenticator app.
    assert.equal(await logIn(client, "erin@initech.test"), "authenticated");
    const flow = new mfa.EnrollmentFlow(client);
    await flow.chooseMethod("totp");
    const qr = flow.state;
    assert.equal(qr.state, "showing_qr", JSON.stringify(qr.error ?? {}));
    const key = mfa.parseOtpauthUri(qr.otpauthUri);
    assert.deepEqual([key.secret, key.algorithm, key.digits, key.period], [qr.secret, "SHA1", 6, 30]);
    const params = { secret: qr.secret };
    await flow.submitCode(wrongCode(params, client.serverTime(), 10));
    assert.equal(flow.state.error.code, "invalid_code");
    await flow.retry();
    await flow.submitCode(oracleCode(params, client.serverTime()));
    const confirmed = flow.state;
    assert.equal(confirmed.state, "confirmed", JSON.stringify(confirmed.error ?? {}));
    assert.lengthOf(confirmed.recoveryCodes, 10);
    for (const rc of confirmed.recoveryCodes) assert.match(rc, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    flow.acknowledgeRecoveryCodes();
    assert.equal(flow.state.factor.method, "totp");
    assert.equal((await client.getStatus()).recoveryCodesRemaining, 10, "the server agrees");

    // SMS: alice must enrol at login; the code comes from the development outbox. Resending at
    // once is refused by the server (cool-down): the error state carries `retryAfterSeconds`.
    assert.equal(await logIn(client, "alice@acme.test"), "enrollment_required");
    const sms = new mfa.EnrollmentFlow(client);
    await sms.chooseMethod("sms");
    await sms.submitPhone("+1 555 555 0199");
    assert.equal(sms.state.state, "code_sent", JSON.stringify(sms.state.error ?? {}));
    await sms.resend();
    assert.equal(sms.state.error.code, "rate_limited");
    assert.isAbove(sms.state.error.retryAfterSeconds, 0);
    await sms.retry();
    await sms.submitCode(await outboxCode(env.server, "+15555550199"));
    assert.equal(sms.state.state, "confirmed", JSON.stringify(sms.state.error ?? {}));
    assert.equal(sms.state.factor.method, "sms");
    sms.acknowledgeRecoveryCodes();
    assert.equal(sms.state.state, "done");
  });
}
