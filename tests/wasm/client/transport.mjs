// Transport failures against a server that misbehaves on purpose (tests/fixtures): down, slow,
// off-contract, rate limited, a wrong device clock; and the caller's abort. (Ported from
// tests/client/fixtures.rs.)
import { assert, rejectedCode, rejection } from "../support/assert.mjs";
import { clientFor } from "../support/client.js";
import { oracleCode, sameStep, wrongCode } from "../support/oracle.mjs";
import { delay } from "../support/wait.js";

export default function define({ mfa, env }) {
  const at = (path, timeoutMs = 5000) => clientFor(mfa, `${env.fixture}/${path}`, timeoutMs);

  it("a_server_that_is_down_is_a_network_error", async () => {
    // Port 9 (discard) is closed on loopback: the connection is refused.
    assert.equal(await rejectedCode(mfa, clientFor(mfa, "http://127.0.0.1:9").getStatus()), "network");
  });

  it("a_slow_server_is_a_timeout", async () => {
    // The fixture answers after 30 s; the client gives up after 300 ms.
    assert.equal(await rejectedCode(mfa, at("slow", 300).getStatus()), "timeout");
  });

  it("the_callers_signal_aborts", async () => {
    const client = at("slow");
    const controller = new AbortController();
    const call = client.getStatus({ signal: controller.signal });
    await delay(50);
    controller.abort();
    assert.equal(await rejectedCode(mfa, call), "aborted");
    // An already-aborted signal rejects at once.
    assert.equal(await rejectedCode(mfa, client.getStatus({ signal: controller.signal })), "aborted");
  });

  it("answers_outside_the_contract_are_protocol_errors", async () => {
    for (const kind of ["bad-json", "bad-shape", "teapot"]) {
      assert.equal(await rejectedCode(mfa, at(kind).getStatus()), "protocol", kind);
    }
    const err = await rejection(at("html-502").getStatus());
    assert.deepEqual([err.code, err.status], ["server", 502]);
  });

  it("retry_after_is_read_as_seconds_and_as_an_http_date", async () => {
    const secs = await rejection(at("limit-secs").getStatus());
    assert.deepEqual([secs.code, secs.retryAfterSeconds], ["rate_limited", 7]);
    const date = await rejection(at("limit-date").getStatus());
    assert.equal(date.code, "rate_limited");
    // 90 s ahead in whole seconds (RFC 9110 HTTP-date), less the time the answer took.
    assert.isTrue(date.retryAfterSeconds >= 80 && date.retryAfterSeconds <= 92, String(date.retryAfterSeconds));
  });

  it("a_wrong_device_clock_is_named_as_the_likely_cause", async () => {
    // The server's clock is 5 minutes ahead of this device: from the device's point of view its
    // own clock is 300 s behind, so a "wrong" code was most likely right for the wrong time.
    const client = at("skewed");
    // Before any answer there is no estimate: `null`, as declared.
    assert.isNull(client.clockSkewSeconds);
    const err = await rejection(client.verifyChallenge({ challengeId: "c1", code: "123456" }));
    assert.deepEqual([err.code, err.attemptsRemaining, err.clockSkewSuspected], ["invalid_code", 4, true]);
    assert.isTrue(err.clockSkewSeconds >= -302 && err.clockSkewSeconds <= -298, String(err.clockSkewSeconds));
    assert.strictEqual(client.clockSkewSeconds, err.clockSkewSeconds);
    // Local self-checks and countdowns use the server's time.
    const serverNow = client.serverTime();
    assert.isAtMost(Math.abs(serverNow - Date.now() / 1000 - 300), 2);
    const params = { secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" };
    const server = () => client.serverTime();
    const check = sameStep(server, 30, (t) => client.selfCheckTotp(params, oracleCode(params, t)));
    assert.deepEqual([check.offset, check.clockSkewSuspected], [0, true]);
    assert.strictEqual(check.clockSkewSeconds, err.clockSkewSeconds);
    assert.isNull(client.selfCheckTotp(params, oracleCode(params, Date.now() / 1000)).offset, "the device's time is 10 steps off");
  });

  it("self_check_totp_with_sha256_sha512_8_digits_and_60_s_keys", async () => {
    // At the server's time (300 s ahead of the device): 5 steps of 60 s, 10 of 30 s.
    const client = at("skewed");
    await rejection(client.verifyChallenge({ challengeId: "c1", code: "123456" }));
    for (const [algorithm, secret] of [["SHA256", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"], ["SHA512", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"]]) {
      for (const [digits, period] of [[8, 60], [6, 60], [8, 30]]) {
        const params = { secret, algorithm, digits, period };
        const label = `${algorithm}/${digits}/${period}`;
        const server = () => client.serverTime();
        const check = (t, code, options) => ({ ...client.selfCheckTotp(params, code(t), options) });
        const now = sameStep(server, period, (t) => check(t, (x) => oracleCode(params, x)));
        assert.deepEqual(now, { offset: 0, clockSkewSeconds: client.clockSkewSeconds, clockSkewSuspected: true }, label);
        const previous = (x) => oracleCode(params, x - period);
        assert.strictEqual(sameStep(server, period, (t) => check(t, previous, { window: 1 })).offset, -1, label);
        assert.isNull(sameStep(server, period, (t) => check(t, previous, { window: 0 })).offset, label);
        assert.isNull(check(0, () => oracleCode(params, Date.now() / 1000)).offset, `${label}: device time`);
        const otherLength = (x) => oracleCode({ ...params, digits: digits === 8 ? 6 : 8 }, x);
        assert.isNull(sameStep(server, period, (t) => check(t, otherLength)).offset, `${label}: wrong length`);
      }
    }
    // Without any answer yet, the skew is unknown and the device's time is used.
    const fresh = at("skewed");
    const params = { secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", algorithm: "SHA512", digits: 8, period: 60 };
    const local = sameStep(() => Date.now() / 1000, 60, (t) => ({ ...fresh.selfCheckTotp(params, oracleCode(params, t)) }));
    assert.deepEqual(local, { offset: 0, clockSkewSeconds: null, clockSkewSuspected: false });
    // One notion of clock skew: with no skew known, a code right for a time 3 periods away is
    // not accepted, and names a clock as the likely cause; a wrong code does not.
    const late = sameStep(() => Date.now() / 1000, 60, (t) => ({ ...fresh.selfCheckTotp(params, oracleCode(params, t - 180)) }));
    assert.deepEqual(late, { offset: null, clockSkewSeconds: null, clockSkewSuspected: true });
    const wrong = sameStep(() => Date.now() / 1000, 60, (t) => ({ ...fresh.selfCheckTotp(params, wrongCode(params, t, 10)) }));
    assert.deepEqual(wrong, { offset: null, clockSkewSeconds: null, clockSkewSuspected: false });
  });
}
