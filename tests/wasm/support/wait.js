// Waiting on behaviour instead of on the clock: `until` polls a condition with a generous
// deadline (a slow machine takes longer, it does not fail), `delay` only where the test must
// give something the chance to happen and then see that it did not.
// (`.js`, not `.mjs`: the Rust suites import this file too, and wasm-bindgen-test's server
// serves only `.js` as JavaScript.)

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition()` is truthy; rejects naming `what` after `timeoutMs`. */
export async function until(condition, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(20);
  }
}
