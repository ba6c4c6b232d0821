//! Reading JS arguments and option objects with type checks, so that a wrong type is a typed
//! `invalid_input` error naming the field, never a coercion (`undefined` → `"undefined"`) or a trap.

use alloc::string::String;
use js_sys::{Object, Reflect};
use mfa_core::{Error, Reason};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The result type of the exports: errors are thrown as `MfaError`.
pub(crate) type JsResult<T> = Result<T, JsValue>;

pub(crate) fn fail(field: &'static str, reason: Reason, message: &'static str) -> JsValue {
    crate::error::to_js(Error::input(field, reason, message))
}

// The options the hot exports read, as direct property reads (`obj.secret`): no property name to
// decode from UTF-8 on each call, which cost more than the HMACs of a TOTP verification. Same
// semantics as `Reflect.get`; a throwing getter reads as `undefined`, as before.
#[wasm_bindgen]
extern "C" {
    /// An options object seen through its known properties.
    pub(crate) type Props;
    #[wasm_bindgen(method, structural, getter = secret, catch)]
    pub(crate) fn secret(this: &Props) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, getter = algorithm, catch)]
    pub(crate) fn algorithm(this: &Props) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, getter = digits, catch)]
    pub(crate) fn digits(this: &Props) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, getter = period, catch)]
    pub(crate) fn period(this: &Props) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, getter = window, catch)]
    pub(crate) fn window(this: &Props) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, getter = at, catch)]
    pub(crate) fn at(this: &Props) -> Result<JsValue, JsValue>;
}

/// An options object: `undefined`/`null` mean "all defaults"; anything but an object is refused.
pub(crate) struct Options(Option<Object>);

impl Options {
    pub(crate) fn new(value: &JsValue, field: &'static str) -> JsResult<Self> {
        if value.is_undefined() || value.is_null() {
            return Ok(Self(None));
        }
        match value.dyn_ref::<Object>() {
            Some(obj) if !value.is_function() => Ok(Self(Some(obj.clone()))),
            _ => Err(fail(
                field,
                Reason::InvalidType,
                "expected an options object",
            )),
        }
    }

    /// A property read through one of the direct getters above.
    pub(crate) fn read(&self, getter: fn(&Props) -> Result<JsValue, JsValue>) -> JsValue {
        self.0
            .as_ref()
            .and_then(|o| getter(o.unchecked_ref()).ok())
            .unwrap_or(JsValue::UNDEFINED)
    }

    pub(crate) fn get(&self, key: &'static str) -> JsValue {
        self.0
            .as_ref()
            .and_then(|o| Reflect::get(o, &key.into()).ok())
            .unwrap_or(JsValue::UNDEFINED)
    }
}

/// A required string.
pub(crate) fn string(value: &JsValue, field: &'static str) -> JsResult<String> {
    value
        .as_string()
        .ok_or_else(|| fail(field, Reason::InvalidType, "expected a string"))
}

/// An optional string: `undefined` is `None`.
pub(crate) fn opt_string(value: &JsValue, field: &'static str) -> JsResult<Option<String>> {
    if value.is_undefined() {
        return Ok(None);
    }
    string(value, field).map(Some)
}

/// An optional whole number within `range`, or `default` when `undefined`.
pub(crate) fn opt_int(
    value: &JsValue,
    field: &'static str,
    default: u32,
    range: core::ops::RangeInclusive<u32>,
) -> JsResult<u32> {
    if value.is_undefined() {
        return Ok(default);
    }
    match value.as_f64() {
        Some(n)
            if crate::num::is_whole(n)
                && n >= f64::from(*range.start())
                && n <= f64::from(*range.end()) =>
        {
            Ok(n as u32)
        }
        Some(_) => Err(fail(
            field,
            Reason::OutOfRange,
            "the number is out of range or not a whole number",
        )),
        None => Err(fail(field, Reason::InvalidType, "expected a number")),
    }
}

/// A Unix time in seconds, or now (`Date.now()`, never `SystemTime`, which panics on wasm) when
/// `undefined`. Fractions are floored; negative, non-finite and unsafe integers are refused.
pub(crate) fn unix_seconds(value: &JsValue, field: &'static str) -> JsResult<u64> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    let seconds = if value.is_undefined() {
        js_sys::Date::now() / 1000.0
    } else {
        value.as_f64().ok_or_else(|| {
            fail(
                field,
                Reason::InvalidType,
                "expected a Unix time in seconds",
            )
        })?
    };
    if !(0.0..=MAX_SAFE).contains(&seconds) {
        return Err(fail(
            field,
            Reason::OutOfRange,
            "the time must be a non-negative safe number of seconds",
        ));
    }
    Ok(crate::num::floor(seconds) as u64)
}
