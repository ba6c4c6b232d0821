// Making the reference server's pending enrolments and challenges expire, in one place.
import { delay } from "./wait.js";

/**
 * Lets everything pending on the `expiry` server (enrolments, TOTP challenges) expire. Today
 * that server runs with `--pending-ttl-seconds` (harness/plan.mjs) and this waits that long
 * plus 2 s: a margin of whole seconds over the server's one-second clock, so a slow machine
 * cannot make the case pass or fail by timing. Once the server's development clock exists
 * (`--test-clock`), the body becomes the one line:
 *   await fetch(`${env.expiryServer}/api/dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: env.pendingTtlSeconds + 1 }) });
 */
export async function expirePending(env) {
  await delay((env.pendingTtlSeconds + 2) * 1000);
}
