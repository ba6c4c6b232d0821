//! The flow's machinery: the current state, the listeners, the client calls, and the actions
//! behind `EnrollmentFlow`'s methods. No `RefCell` borrow is ever held while JS runs (a
//! listener, a client method), so JS may call back into the flow at any point.

use super::server;
use super::state::{Kind, Method, State};
use crate::error::new_error;
use crate::ui::{invalid, prop};
use alloc::rc::Rc;
use alloc::{string::String, vec::Vec};
use core::cell::{Cell, RefCell};
use js_sys::{Function, Object, Promise, Reflect};
use mfa_core::{totp::MAX_WINDOW, validate};
use mfa_core::{ErrorCode, Reason};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The client's enrolment methods, looked up by name at each call (so spies and stand-ins
/// installed after construction are used), and checked once at construction.
pub(super) const METHODS: [&str; 6] = [
    "startTotpEnrollment",
    "confirmTotpEnrollment",
    "startSmsEnrollment",
    "resendSms",
    "confirmSmsEnrollment",
    "serverTime",
];

pub(super) struct Flow {
    pub(super) client: Object,
    pub(super) issuer: Option<String>,
    pub(super) account: Option<String>,
    pub(super) state: RefCell<State>,
    pub(super) listeners: RefCell<Vec<(u32, Function)>>,
    pub(super) next_listener: Cell<u32>,
}

pub(super) fn invalid_state() -> JsValue {
    new_error(
        ErrorCode::InvalidState,
        "this action is not possible in the flow's current state",
    )
}

impl Flow {
    /// Replaces the state, tells the listeners, and returns the state left. No borrow is held
    /// while listeners run, so they may call the flow. A listener that throws does not stop the
    /// others or the flow: its error is reported as an unhandled rejection, as `EventTarget`
    /// reports a throwing listener.
    pub(super) fn set(&self, next: State) -> State {
        let view = next.view.clone();
        let previous = self.state.replace(next);
        let listeners: Vec<Function> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        for listener in listeners {
            if let Err(err) = listener.call1(&JsValue::NULL, &view) {
                let _ = Promise::reject(&err);
            }
        }
        previous
    }

    /// Moves to `next` if `allowed(current)`, returning the state left.
    pub(super) fn leave(&self, allowed: fn(&Kind) -> bool, next: State) -> Result<State, JsValue> {
        if allowed(&self.state.borrow().kind) {
            Ok(self.set(next))
        } else {
            Err(invalid_state())
        }
    }

    pub(super) fn server_time(&self) -> f64 {
        let time = self
            .method("serverTime")
            .and_then(|f| f.call0(&self.client))
            .ok()
            .and_then(|t| t.as_f64());
        time.filter(|t| t.is_finite() && *t >= 0.0)
            .unwrap_or_else(|| js_sys::Date::now() / 1000.0)
    }

    /// The client's method `name`, looked up now.
    pub(super) fn method(&self, name: &str) -> Result<Function, JsValue> {
        prop(&self.client, name)
            .dyn_into::<Function>()
            .map_err(|_| {
                invalid(
                    "client",
                    Reason::InvalidType,
                    "the client lacks an enrolment method",
                )
            })
    }

    /// Calls a client method with `{ key: value, ... }` and waits for its answer.
    async fn call(&self, method: &str, fields: &[(&str, &str)]) -> Result<JsValue, JsValue> {
        let request = Object::new();
        for (key, value) in fields {
            Reflect::set(&request, &(*key).into(), &(*value).into())?;
        }
        let pending = self.method(method)?.call1(&self.client, &request)?;
        JsFuture::from(Promise::resolve(&pending)).await
    }

    /// The end of an action: the next state built from the answer, or `error` returning to
    /// `from`.
    pub(super) fn settle(
        &self,
        answer: Result<JsValue, JsValue>,
        from: State,
        next: impl FnOnce(&JsValue, &State) -> Result<State, JsValue>,
    ) {
        let state = match answer
            .map_err(server::as_mfa_error)
            .and_then(|a| next(&a, &from))
        {
            Ok(state) => state,
            Err(err) => State::error(err, from),
        };
        self.set(state);
    }
}

/// The actions, each checked against the current state first.
impl Flow {
    /// Moves to `error` returning to the current state, if `allowed(current)`.
    pub(super) fn fail(&self, allowed: fn(&Kind) -> bool, err: JsValue) -> Result<(), JsValue> {
        if !allowed(&self.state.borrow().kind) {
            return Err(invalid_state());
        }
        // The placeholder is replaced at once, unseen by listeners.
        let from = self.state.replace(State::choosing_method());
        self.set(State::error(err, from));
        Ok(())
    }

    pub(super) fn start_totp(self: Rc<Self>, from: State) -> Promise {
        crate::task::promise(async move {
            let answer = self.call("startTotpEnrollment", &[]).await;
            self.settle(answer, from, |a, _| {
                server::totp_started(a, &self.issuer, &self.account)
            });
            Ok(JsValue::UNDEFINED)
        })
    }

    pub(super) fn send_sms(
        self: Rc<Self>,
        from: State,
        method: &'static str,
        fields: [(&'static str, String); 1],
    ) -> Promise {
        crate::task::promise(async move {
            let answer = self.call(method, &[(fields[0].0, &fields[0].1)]).await;
            self.settle(answer, from, |a, _| server::sms_sent(a, self.server_time()));
            Ok(JsValue::UNDEFINED)
        })
    }

    pub(super) fn confirm(
        self: Rc<Self>,
        from: State,
        method: Method,
        id: (&'static str, String),
        code: String,
    ) -> Promise {
        crate::task::promise(async move {
            let client_method = if method == Method::Totp {
                "confirmTotpEnrollment"
            } else {
                "confirmSmsEnrollment"
            };
            let answer = self
                .call(client_method, &[(id.0, &id.1), ("code", &code)])
                .await;
            self.settle(answer, from, |a, from| {
                let label = |key: &str, option: &Option<String>| match prop(&from.view, key) {
                    v if v.is_undefined() => option.clone().into(),
                    v => v,
                };
                server::confirmed(
                    a,
                    method,
                    &label("issuer", &self.issuer),
                    &label("account", &self.account),
                )
            });
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The local check of a TOTP code at the server's time: `invalid_code` (nothing sent) when
    /// it does not match, with `clockSkewSuspected` when it matches further from now.
    pub(super) fn self_check(
        totp: &mfa_core::totp::Totp,
        code: &str,
        now: f64,
    ) -> Result<(), JsValue> {
        let now = now as u64;
        if totp.verify(code, now, 1).is_some() {
            return Ok(());
        }
        let err = new_error(
            ErrorCode::InvalidCode,
            "the code does not match (checked on this device; nothing was sent)",
        );
        let skewed = totp.verify(code, now, MAX_WINDOW).is_some();
        crate::error::set(&err, "clockSkewSuspected", skewed.into());
        Err(err)
    }

    pub(super) fn submit_code(self: Rc<Self>, code: String) -> Result<Promise, JsValue> {
        let now = self.server_time();
        let checked = match &self.state.borrow().kind {
            Kind::ShowingQr {
                enrollment_id,
                totp,
            } => validate::totp_code(&code, totp.digits().into())
                .map_err(|r| invalid("code", r, "the code is not complete or not digits"))
                .and_then(|c| {
                    Self::self_check(totp, &c, now)
                        .map(|()| (Method::Totp, ("enrollmentId", enrollment_id.clone()), c))
                }),
            Kind::CodeSent { challenge_id } => validate::sms_code(&code, 6)
                .map_err(|r| invalid("code", r, "the code is not complete or not digits"))
                .map(|c| (Method::Sms, ("challengeId", challenge_id.clone()), c)),
            _ => return Err(invalid_state()),
        };
        let accepts_code = |k: &Kind| matches!(k, Kind::ShowingQr { .. } | Kind::CodeSent { .. });
        match checked {
            Ok((method, id, code)) => {
                let from = self.leave(accepts_code, State::confirming(method))?;
                Ok(self.confirm(from, method, id, code))
            }
            Err(err) => self
                .fail(accepts_code, err)
                .map(|()| Promise::resolve(&JsValue::UNDEFINED)),
        }
    }

    pub(super) fn retry(self: Rc<Self>) -> Result<Promise, JsValue> {
        if !matches!(self.state.borrow().kind, Kind::Error { .. }) {
            return Err(invalid_state());
        }
        let done = Promise::resolve(&JsValue::UNDEFINED);
        let Kind::Error { error, from } = self.state.replace(State::choosing_method()).kind else {
            return Ok(done);
        };
        let expired = prop(&error, "code").as_string().as_deref() == Some("challenge_expired");
        match from.kind {
            // The pending enrolment is gone: start again.
            Kind::ShowingQr { .. } if expired => {
                self.set(State::pending(Method::Totp, "start_totp"));
                return Ok(self.start_totp(State::choosing_method()));
            }
            Kind::CodeSent { .. } if expired => self.set(State::entering_phone()),
            _ => self.set(*from),
        };
        Ok(done)
    }
}
