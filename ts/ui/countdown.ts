// startCountdown: the seconds left before the TOTP code changes, ticking on the second
// boundaries of whatever clock the page passes (`() => client.serverTime()` follows the server's
// clock, so the countdown matches the codes the server accepts even when this device's clock is
// off).
import { fail, fn, optNum, optSignal, opts } from "../errors.js";
import * as w from "../wasm.js";

/**
 * What `startCountdown` passes to `onTick`.
 * @example const onTick = ({ secondsRemaining }: CountdownTick) => (label.textContent = `${secondsRemaining} s`);
 */
export interface CountdownTick {
  /** Seconds before the code changes, from `period` down to 1. */
  secondsRemaining: number;
  /** The TOTP period in seconds. */
  period: number;
  /** The current time step (Unix seconds / period, floored): it changes with the code. */
  step: number;
}

/**
 * Options of `startCountdown`.
 * @example const options: CountdownOptions = { period: 30, now: () => client.serverTime() };
 */
export interface CountdownOptions {
  /** Seconds per step, 1 to 120; default 30. */
  period?: number;
  /** The clock, in Unix seconds; default `Date.now() / 1000`. Pass `() => client.serverTime()`. */
  now?: () => number;
  /** Stops the ticks when it aborts, as the returned function does. */
  signal?: AbortSignal;
}

/**
 * Calls `onTick` now and at each second boundary of the `now` clock (once per second; a tab in
 * the background may tick less often), until the returned function is called or `signal` aborts.
 * @example
 * const stop = startCountdown(({ secondsRemaining }) => {
 *   label.textContent = `New code in ${secondsRemaining} s`;
 * }, { now: () => client.serverTime() });
 */
export function startCountdown(onTick: (tick: CountdownTick) => void, options?: CountdownOptions): () => void {
  const tickFn = fn<(tick: CountdownTick) => void>(onTick, "onTick");
  const o = opts(options, "options", ["period", "now", "signal"]);
  const period = optNum(o.period, "period") ?? 30;
  const clock = o.now === undefined ? undefined : fn<() => number>(o.now, "now");
  const signal = optSignal(o.signal);
  // The period's rule (1 to 120 s, NIST SP 800-63B 5.1.4.1) and the seconds left are Rust's.
  w.totp_seconds_remaining(period, 0);
  if (typeof window === "undefined") throw fail("unsupported", "there is no window: call this in a browser page");
  let last: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = signal?.aborted ?? false;
  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
  };
  const read = (): number => {
    if (!clock) return Date.now() / 1000;
    const t = clock();
    if (typeof t === "number" && isFinite(t) && t >= 0) return t;
    stop();
    throw fail("invalid_input", "now() must return Unix seconds", "now", "invalid_type");
  };
  // Reads the clock, schedules the next tick just past the next whole second (timers fire at or
  // after their delay), then reports the second if it is new, so that stop() from onTick cancels
  // the next one.
  const tick = (): void => {
    const t = read();
    const second = Math.floor(t);
    if (!stopped) timer = setTimeout(tick, Math.ceil((second + 1 - t) * 1000 + 10));
    if (last === second) return;
    last = second;
    tickFn({ secondsRemaining: w.totp_seconds_remaining(period, second), period, step: Math.floor(second / period) });
  };
  if (stopped) return stop;
  signal?.addEventListener("abort", stop);
  tick();
  return stop;
}
