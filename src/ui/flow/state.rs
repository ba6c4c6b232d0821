//! The states of an `EnrollmentFlow`: what the flow needs to act (`Kind`) and what the page
//! sees (`view`, a frozen object built once per state, so `flow.state` keeps its identity until
//! the next transition, as `useSyncExternalStore` and other stores expect).

use alloc::{boxed::Box, string::String};
use js_sys::{Object, Reflect};
use mfa_core::totp::Totp;
use wasm_bindgen::JsValue;

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_FLOW_STATE: &str = r##"
/**
 * The second factor being enrolled.
 * @example await flow.chooseMethod("totp" satisfies EnrollmentMethod);
 */
export type EnrollmentMethod = "totp" | "sms";

/**
 * The states an `EnrollmentFlow` can be in, told apart by `state`.
 * @example
 * flow.subscribe((s: EnrollmentState) => {
 *   if (s.state === "showing_qr") mountQr(qrBox, s.otpauthUri);
 *   else if (s.state === "error") announce(s.error.code);
 * });
 */
export type EnrollmentState =
  | { readonly state: "choosing_method" }
  /** A request to the server is in flight (starting TOTP, sending or resending the SMS). */
  | { readonly state: "pending"; readonly method: EnrollmentMethod; readonly action: "start_totp" | "send_sms" | "resend_sms" }
  /** Show the QR code and the secret, then ask for the first code (`submitCode`). */
  | {
      readonly state: "showing_qr";
      readonly method: "totp";
      /** The Key URI the QR code holds. */
      readonly otpauthUri: string;
      /** Canonical base32, for copying. */
      readonly secret: string;
      /** The secret in groups of four, for typing (`GEZD GNBV ...`). */
      readonly formattedSecret: string;
      /** The QR code as inline SVG (see `qrSvg`; or call `mountQr` with `otpauthUri`). */
      readonly qrSvg: string;
      /** When the pending enrolment expires (RFC 3339). */
      readonly expiresAt: string;
      readonly digits: number;
      /** Seconds per code: pass it to `startCountdown`. */
      readonly period: number;
      readonly issuer?: string;
      readonly account?: string;
    }
  /** Ask for the phone number (`submitPhone`). */
  | { readonly state: "entering_phone"; readonly method: "sms" }
  /** The code was sent: ask for it (`submitCode`), offer `resend()` from `resendAvailableAt`. */
  | {
      readonly state: "code_sent";
      readonly method: "sms";
      /** The number with all but the last digits masked. */
      readonly phoneHint: string;
      readonly expiresAt: string;
      readonly resendAfterSeconds: number;
      /** The server time (Unix seconds, as `client.serverTime()`) from which `resend()` is allowed. */
      readonly resendAvailableAt: number;
    }
  /** The code is being checked by the server. */
  | { readonly state: "confirming"; readonly method: EnrollmentMethod }
  /** Enrolled. Show the recovery codes (once), then call `acknowledgeRecoveryCodes()`. */
  | {
      readonly state: "confirmed";
      readonly method: EnrollmentMethod;
      readonly recoveryCodes: readonly string[];
      readonly factor: EnrollmentConfirmed["factor"];
      readonly issuer?: string;
      readonly account?: string;
    }
  /** Finished; the recovery codes are no longer held. */
  | { readonly state: "done"; readonly method: EnrollmentMethod; readonly factor: EnrollmentConfirmed["factor"] }
  /** Something failed. `retry()` returns to `from`; `back()` returns to choosing a method. */
  | {
      readonly state: "error";
      readonly error: MfaError;
      readonly from: "choosing_method" | "showing_qr" | "entering_phone" | "code_sent";
      readonly method?: EnrollmentMethod;
    };

/**
 * Every value of `EnrollmentState["state"]`.
 * @example const step: EnrollmentStateName = flow.state.state;
 */
export type EnrollmentStateName = EnrollmentState["state"];
"##;

/// The second factor being enrolled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Totp,
    Sms,
}

impl Method {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::Sms => "sms",
        }
    }
}

/// What the flow needs to act in each state.
pub(crate) enum Kind {
    ChoosingMethod,
    Pending,
    ShowingQr { enrollment_id: String, totp: Totp },
    EnteringPhone,
    CodeSent { challenge_id: String },
    Confirming,
    Confirmed(Method, JsValue),
    Done,
    Error { error: JsValue, from: Box<State> },
}

/// A state: what the flow acts on, and the frozen object the page sees.
pub(crate) struct State {
    pub(crate) kind: Kind,
    pub(crate) view: Object,
}

impl State {
    /// A state whose view is `{ state: name, method?, ...fields }`, frozen.
    pub(crate) fn new(
        kind: Kind,
        name: &str,
        method: Option<Method>,
        fields: &[(&str, JsValue)],
    ) -> Self {
        let view = Object::new();
        // Setting properties on a fresh plain object cannot fail.
        let _ = Reflect::set(&view, &"state".into(), &name.into());
        if let Some(method) = method {
            let _ = Reflect::set(&view, &"method".into(), &method.as_str().into());
        }
        for (key, value) in fields.iter().filter(|(_, v)| !v.is_undefined()) {
            let _ = Reflect::set(&view, &(*key).into(), value);
        }
        Self {
            kind,
            view: Object::freeze(&view),
        }
    }

    pub(crate) fn choosing_method() -> Self {
        Self::new(Kind::ChoosingMethod, "choosing_method", None, &[])
    }

    pub(crate) fn entering_phone() -> Self {
        Self::new(
            Kind::EnteringPhone,
            "entering_phone",
            Some(Method::Sms),
            &[],
        )
    }

    pub(crate) fn pending(method: Method, action: &str) -> Self {
        Self::new(
            Kind::Pending,
            "pending",
            Some(method),
            &[("action", action.into())],
        )
    }

    pub(crate) fn confirming(method: Method) -> Self {
        Self::new(Kind::Confirming, "confirming", Some(method), &[])
    }

    /// The error state, returning to `from` on `retry()`.
    pub(crate) fn error(error: JsValue, from: State) -> Self {
        let name = crate::ui::prop(&from.view, "state");
        let method = crate::ui::prop(&from.view, "method");
        let fields = [("error", error.clone()), ("from", name), ("method", method)];
        Self::new(
            Kind::Error {
                error,
                from: Box::new(from),
            },
            "error",
            None,
            &fields,
        )
    }
}
