//! `EnrollmentFlow`: a headless state machine for enrolling a second factor, which any UI
//! framework can bind to (`subscribe` + the `state` getter). It calls the client, checks every
//! answer, and holds the recovery codes only until they are acknowledged.

mod machine;
mod server;
mod state;

use super::{function, invalid, prop, wrong_type};
use crate::js::{opt_string, string, Options};
use alloc::rc::{Rc, Weak};
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use js_sys::{Function, Object, Promise};
use machine::{invalid_state, Flow, METHODS};
use mfa_core::validate;
use mfa_core::Reason;
use state::{Kind, Method, State};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_FLOW: &str = r##"
/**
 * What `EnrollmentFlow` needs from the client: an `MfaClient`, or anything shaped like one.
 * @example const client: EnrollmentClient = new MfaClient({ baseUrl: "/" });
 */
export type EnrollmentClient = Pick<MfaClient, "startTotpEnrollment" | "confirmTotpEnrollment" | "startSmsEnrollment" | "resendSms" | "confirmSmsEnrollment" | "serverTime">;

/**
 * A headless enrolment state machine: `choosing_method` → `showing_qr` (TOTP) or
 * `entering_phone` → `code_sent` (SMS) → `confirming` → `confirmed` (recovery codes, shown
 * once) → `acknowledgeRecoveryCodes()` → `done`. Any step can fail into `error`. A TOTP code is
 * checked locally at the server's time before it is sent, so a mistyped code costs no attempt.
 * Actions settle once the next state is reached; failures become the `error` state, and only a
 * call the current state does not allow (`invalid_state`) or a wrong argument type rejects.
 * @example
 * const flow = new EnrollmentFlow(client, { issuer: "ACME Co" });
 * flow.subscribe((s) => render(s));
 * await flow.chooseMethod("totp");   // state: "showing_qr"
 * await flow.submitCode("123456");   // state: "confirmed", s.recoveryCodes
 * flow.acknowledgeRecoveryCodes();   // state: "done"
 */
export class EnrollmentFlow {
  /** `issuer` and `account` label the QR code's state and the recovery codes' state. */
  constructor(client: EnrollmentClient, options?: { issuer?: string; account?: string });
  /** The current state; the same object until the next transition. */
  readonly state: EnrollmentState;
  /** Calls `listener` after every transition. Returns the function that unsubscribes it. */
  subscribe(listener: (state: EnrollmentState) => void): () => void;
  /** From `choosing_method`: "totp" starts the enrolment, "sms" asks for the number. */
  chooseMethod(method: EnrollmentMethod): Promise<void>;
  /** From `entering_phone`: checks the number (E.164) and sends the code. */
  submitPhone(phoneNumber: string): Promise<void>;
  /** From `showing_qr` or `code_sent`: checks and sends the code. */
  submitCode(code: string): Promise<void>;
  /** From `code_sent`: sends a new code. */
  resend(): Promise<void>;
  /** From `confirmed`: the person saved the codes; they are dropped. */
  acknowledgeRecoveryCodes(): void;
  /** From `error`: back to `from` (or, when the enrolment expired, a fresh start). */
  retry(): Promise<void>;
  /** From `showing_qr`, `entering_phone`, `code_sent` or `error`: back to `choosing_method`. */
  back(): void;
  /** Frees the flow and its listeners (a request in flight still settles, unseen). */
  free(): void;
}
"##;

/// A headless enrolment state machine; see the TypeScript declaration.
#[wasm_bindgen(skip_typescript)]
pub struct EnrollmentFlow {
    flow: Rc<Flow>,
}

impl Drop for EnrollmentFlow {
    /// `free()`: the listeners go now; a request in flight settles unseen.
    fn drop(&mut self) {
        if let Ok(mut listeners) = self.flow.listeners.try_borrow_mut() {
            listeners.clear();
        }
    }
}

fn settled<T>(result: Result<Promise, T>) -> Promise
where
    JsValue: From<T>,
{
    result.unwrap_or_else(|err| Promise::reject(&err.into()))
}

#[wasm_bindgen]
impl EnrollmentFlow {
    /// `new EnrollmentFlow(client, { issuer?, account? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(client: JsValue, options: JsValue) -> Result<EnrollmentFlow, JsValue> {
        let this: Object = match client.dyn_into::<Object>() {
            Ok(object) if object.is_object() => object,
            _ => return Err(wrong_type("client", "expected an MfaClient")),
        };
        if !METHODS.iter().all(|name| prop(&this, name).is_function()) {
            let message = "the client lacks an enrolment method";
            return Err(invalid("client", Reason::InvalidType, message));
        }
        let opts = Options::new(&options, "options")?;
        Ok(EnrollmentFlow {
            flow: Rc::new(Flow {
                client: this,
                issuer: opt_string(&opts.get("issuer"), "issuer")?,
                account: opt_string(&opts.get("account"), "account")?,
                state: RefCell::new(State::choosing_method()),
                listeners: RefCell::new(Vec::new()),
                next_listener: Cell::new(0),
            }),
        })
    }

    /// `state`: the current state's frozen view.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> JsValue {
        self.flow.state.borrow().view.clone().into()
    }

    /// `subscribe(listener)`: returns `unsubscribe`.
    pub fn subscribe(&self, listener: JsValue) -> Result<Function, JsValue> {
        let listener = function(listener, "listener")?;
        let id = self.flow.next_listener.get();
        self.flow.next_listener.set(id.wrapping_add(1));
        self.flow.listeners.borrow_mut().push((id, listener));
        let flow: Weak<Flow> = Rc::downgrade(&self.flow);
        let unsubscribe = Closure::<dyn Fn()>::new(move || {
            if let Some(flow) = flow.upgrade() {
                flow.listeners.borrow_mut().retain(|(i, _)| *i != id);
            }
        });
        Ok(unsubscribe.into_js_value().unchecked_into())
    }

    /// `chooseMethod("totp" | "sms")`.
    #[wasm_bindgen(js_name = chooseMethod)]
    pub fn choose_method(&self, method: JsValue) -> Promise {
        let choosing = |k: &Kind| matches!(k, Kind::ChoosingMethod);
        settled(match method.as_string().as_deref() {
            Some("totp") => self
                .flow
                .leave(choosing, State::pending(Method::Totp, "start_totp"))
                .map(|from| self.flow.clone().start_totp(from)),
            Some("sms") => self
                .flow
                .leave(choosing, State::entering_phone())
                .map(|_| Promise::resolve(&JsValue::UNDEFINED)),
            Some(_) => Err(invalid(
                "method",
                Reason::InvalidValue,
                "method must be totp or sms",
            )),
            None => Err(wrong_type("method", "expected a string")),
        })
    }

    /// `submitPhone(phoneNumber)`: an invalid number is the `error` state (`invalid_input`).
    #[wasm_bindgen(js_name = submitPhone)]
    pub fn submit_phone(&self, phone_number: JsValue) -> Promise {
        let entering = |k: &Kind| matches!(k, Kind::EnteringPhone);
        settled(string(&phone_number, "phoneNumber").and_then(|number| {
            match validate::phone_number(&number) {
                Ok(e164) => {
                    let from = self
                        .flow
                        .leave(entering, State::pending(Method::Sms, "send_sms"))?;
                    Ok(self.flow.clone().send_sms(
                        from,
                        "startSmsEnrollment",
                        [("phoneNumber", e164)],
                    ))
                }
                Err(r) => self
                    .flow
                    .fail(
                        entering,
                        invalid("phoneNumber", r, "the phone number is not valid"),
                    )
                    .map(|()| Promise::resolve(&JsValue::UNDEFINED)),
            }
        }))
    }

    /// `submitCode(code)`: an incomplete or (TOTP) locally wrong code is the `error` state.
    #[wasm_bindgen(js_name = submitCode)]
    pub fn submit_code(&self, code: JsValue) -> Promise {
        settled(string(&code, "code").and_then(|code| self.flow.clone().submit_code(code)))
    }

    /// `resend()`.
    pub fn resend(&self) -> Promise {
        let challenge_id = match &self.flow.state.borrow().kind {
            Kind::CodeSent { challenge_id } => challenge_id.clone(),
            _ => return Promise::reject(&invalid_state()),
        };
        let code_sent = |k: &Kind| matches!(k, Kind::CodeSent { .. });
        settled(
            self.flow
                .leave(code_sent, State::pending(Method::Sms, "resend_sms"))
                .map(|from| {
                    self.flow
                        .clone()
                        .send_sms(from, "resendSms", [("challengeId", challenge_id)])
                }),
        )
    }

    /// `acknowledgeRecoveryCodes()`: `confirmed` → `done`; the codes are dropped.
    #[wasm_bindgen(js_name = acknowledgeRecoveryCodes)]
    pub fn acknowledge_recovery_codes(&self) -> Result<(), JsValue> {
        let (method, factor) = match &self.flow.state.borrow().kind {
            Kind::Confirmed(method, factor) => (*method, factor.clone()),
            _ => return Err(invalid_state()),
        };
        self.flow.set(State::new(
            Kind::Done,
            "done",
            Some(method),
            &[("factor", factor)],
        ));
        Ok(())
    }

    /// `retry()`.
    pub fn retry(&self) -> Promise {
        settled(self.flow.clone().retry())
    }

    /// `back()`.
    pub fn back(&self) -> Result<(), JsValue> {
        let can_go_back = |k: &Kind| {
            matches!(
                k,
                Kind::ShowingQr { .. }
                    | Kind::EnteringPhone
                    | Kind::CodeSent { .. }
                    | Kind::Error { .. }
            )
        };
        self.flow
            .leave(can_go_back, State::choosing_method())
            .map(drop)
    }
}
