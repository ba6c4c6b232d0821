//! `startCountdown`: the seconds left before the TOTP code changes, ticking on the boundaries
//! of whatever clock the page passes (`() => client.serverTime()` follows the server's clock, so
//! the countdown matches the codes the server accepts even when this device's clock is off).

use super::function;
use crate::js::{opt_int, Options};
use js_sys::Function;
use mfa_core::totp::MAX_PERIOD;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_COUNTDOWN: &str = r##"
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
}

/**
 * What `startCountdown` returns. It ticks until `stop()`, even if the handle is freed.
 * @example
 * const countdown = startCountdown(render);
 * countdown.stop();
 */
export class Countdown {
  private constructor();
  /** Stops the ticks. Idempotent. */
  stop(): void;
  /** Frees the handle (the countdown keeps ticking). */
  free(): void;
}

/**
 * Calls `onTick` now and at each second boundary of the `now` clock (once per second; a tab in
 * the background may tick less often).
 * @example
 * const countdown = startCountdown(({ secondsRemaining }) => {
 *   label.textContent = `New code in ${secondsRemaining} s`;
 * }, { now: () => client.serverTime() });
 */
export function startCountdown(onTick: (tick: CountdownTick) => void, options?: CountdownOptions): Countdown;
"##;

/// The handle `startCountdown` returns; see the TypeScript declaration.
#[wasm_bindgen(skip_typescript)]
pub struct Countdown {
    /// The loop's stop(), from dom.js.
    stop: Function,
}

#[wasm_bindgen]
impl Countdown {
    /// `stop()`: no more ticks.
    pub fn stop(&self) {
        let _ = self.stop.call0(&JsValue::NULL);
    }
}

/// `startCountdown(onTick, { period = 30, now? })`: the arguments checked here, the loop in
/// dom.js (a timer on the boundaries of the page's clock).
#[wasm_bindgen(js_name = startCountdown, skip_typescript)]
pub fn start_countdown(on_tick: JsValue, options: JsValue) -> Result<Countdown, JsValue> {
    let on_tick = function(on_tick, "onTick")?;
    let opts = Options::new(&options, "options")?;
    let period = opt_int(&opts.get("period"), "period", 30, 1..=MAX_PERIOD)?;
    let now = opts.get("now");
    if !now.is_undefined() {
        function(now.clone(), "now")?;
    }
    Ok(Countdown {
        stop: super::dom::countdown(&on_tick, period, &now)?,
    })
}
