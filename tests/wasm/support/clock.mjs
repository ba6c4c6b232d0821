// Moving a reference server's clock instead of waiting: the servers run with `--test-clock`
// (harness/servers.mjs), and `POST /api/dev/clock {"advanceSeconds": N}` moves that server's
// time forward and answers it (server/README.md). The server's `Date` header stays on the
// system clock, so a client's `serverTime()` does not see the move: `followClock` adds it.

/** Seconds each server's clock has been moved ahead of the system clock, by base URL. */
const offsets = new Map();

/**
 * Moves the clock of the server at `base` forward `seconds`; answers its new time
 * (`{ unixSeconds, now, offsetSeconds }`).
 * @example const { unixSeconds } = await advanceClock(env.server, 901);
 */
export async function advanceClock(base, seconds) {
  const res = await fetch(`${base}/api/dev/clock`, {
    method: "POST",
    // The server's CSRF rule for every state-changing request (docs/security.md).
    headers: { "content-type": "application/json", "x-mfa-csrf": "1" },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  const answer = await res.json();
  if (!res.ok || !Number.isInteger(answer.unixSeconds)) {
    throw new Error(`${base} did not move its clock (run it with --dev --test-clock): ${res.status} ${JSON.stringify(answer)}`);
  }
  offsets.set(base, answer.offsetSeconds);
  return answer;
}

/** Moves the clock of the server at `base` one second past `unixSeconds` (the server's time). */
export async function advancePast(base, unixSeconds) {
  const { unixSeconds: now } = await advanceClock(base, 0);
  return advanceClock(base, Math.max(0, Math.ceil(unixSeconds) - now + 1));
}

/**
 * Makes `client.serverTime()` follow the moved clock of the server at `base`, as on a device
 * whose clock is right: the server's `Date` header (the client's skew estimate) stays on the
 * system clock, but the server checks codes at its moved time, and EnrollmentFlow first checks
 * a code on this device at `serverTime()`. Only the time source changes; answers the client.
 */
export function followClock(client, base) {
  const deviceServerTime = client.serverTime.bind(client);
  client.serverTime = () => deviceServerTime() + (offsets.get(base) ?? 0);
  return client;
}

/**
 * Lets everything pending on the `expiry` server (enrolments, TOTP challenges) expire: its
 * clock moves one second past their lifetime (`env.pendingTtlSeconds`, harness/plan.mjs).
 * Answers the server's new time, for codes that are right at it.
 */
export async function expirePending(env) {
  return advanceClock(env.expiryServer, env.pendingTtlSeconds + 1);
}
