//! `startCountdown`: the seconds left before the TOTP code changes, ticking on the boundaries
//! of whatever clock the page passes (`() => client.serverTime()` follows the server's clock, so
//! the countdown matches the codes the server accepts even when this device's clock is off).

use super::{function, window};
use crate::js::{opt_int, Options};
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};
use js_sys::{Function, Object, Reflect};
use mfa_core::totp::{seconds_remaining, MAX_PERIOD};
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

/// Timers fire at or after their delay; this margin lands them past the boundary.
const MARGIN_MS: f64 = 10.0;

type Callback = Closure<dyn Fn() -> Result<(), JsValue>>;

struct Timer {
    on_tick: Function,
    now: Option<Function>,
    period: u32,
    /// The last whole second reported, so each second is reported once.
    last: Cell<Option<u64>>,
    timeout: Cell<Option<i32>>,
    /// The scheduled callback; it holds the timer alive until `stop()` takes it.
    callback: RefCell<Option<Callback>>,
}

impl Timer {
    fn now(&self) -> Result<f64, JsValue> {
        let Some(now) = &self.now else {
            return Ok(js_sys::Date::now() / 1000.0);
        };
        match now.call0(&JsValue::NULL)?.as_f64() {
            Some(t) if t.is_finite() && t >= 0.0 => Ok(t),
            _ => Err(super::wrong_type("now", "now() must return Unix seconds")),
        }
    }

    /// Schedules the next tick, then reports this second if it is new. The next tick is
    /// scheduled first so that `stop()` from `onTick` cancels it.
    fn tick(&self) -> Result<(), JsValue> {
        let t = match self.now() {
            Ok(t) => t,
            Err(err) => {
                self.stop();
                return Err(err);
            }
        };
        let second = crate::num::floor(t) as u64;
        let delay = crate::num::ceil((second as f64 + 1.0 - t) * 1000.0 + MARGIN_MS);
        if let Some(callback) = self.callback.borrow().as_ref() {
            let id = window()?.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                delay as i32,
            )?;
            self.timeout.set(Some(id));
        }
        if self.last.replace(Some(second)) == Some(second) {
            return Ok(());
        }
        let tick = Object::new();
        let remaining = seconds_remaining(self.period, second);
        Reflect::set(&tick, &"secondsRemaining".into(), &remaining.into())?;
        Reflect::set(&tick, &"period".into(), &self.period.into())?;
        let step = (second / u64::from(self.period)) as f64;
        Reflect::set(&tick, &"step".into(), &step.into())?;
        self.on_tick.call1(&JsValue::NULL, &tick).map(drop)
    }

    fn stop(&self) {
        if let (Some(id), Ok(window)) = (self.timeout.take(), window()) {
            window.clear_timeout_with_handle(id);
        }
        // Safe while the callback runs (stop() from onTick): wasm-bindgen defers the drop.
        drop(
            self.callback
                .try_borrow_mut()
                .ok()
                .and_then(|mut c| c.take()),
        );
    }
}

/// The handle `startCountdown` returns; see the TypeScript declaration.
#[wasm_bindgen(skip_typescript)]
pub struct Countdown {
    timer: Rc<Timer>,
}

#[wasm_bindgen]
impl Countdown {
    /// `stop()`: no more ticks.
    pub fn stop(&self) {
        self.timer.stop();
    }
}

/// `startCountdown(onTick, { period = 30, now? })`.
#[wasm_bindgen(js_name = startCountdown, skip_typescript)]
pub fn start_countdown(on_tick: JsValue, options: JsValue) -> Result<Countdown, JsValue> {
    let on_tick = function(on_tick, "onTick")?;
    let opts = Options::new(&options, "options")?;
    let period = opt_int(&opts.get("period"), "period", 30, 1..=MAX_PERIOD)?;
    let now = match opts.get("now") {
        now if now.is_undefined() => None,
        now => Some(function(now, "now")?),
    };
    window()?;
    let timer = Rc::new(Timer {
        on_tick,
        now,
        period,
        last: Cell::new(None),
        timeout: Cell::new(None),
        callback: RefCell::new(None),
    });
    let t = timer.clone();
    *timer.callback.borrow_mut() = Some(Closure::new(move || t.tick()));
    timer.tick().inspect_err(|_| timer.stop())?;
    Ok(Countdown { timer })
}
