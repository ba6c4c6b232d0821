//! `MfaClient`: a typed client for the reference server's API. Everything about the operations
//! comes from the contract, `api/openapi.json`, through build.rs: one async method per operation
//! named after its `operationId` (generated into `operations.rs`, all going through
//! [`MfaClient::call`]), the checks and normalisation of requests and answers
//! ([`contract`]), and the TypeScript declarations of the wire types and of the class
//! (`client.d.ts`; the members that are not operations are in `members.d.ts`).

mod contract;
mod errors;
mod requests;
mod transport;

use crate::js::{opt_int, opt_string, string, Options};
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::Cell;
use js_sys::{Object, Promise, Reflect};
use mfa_core::Reason;
use transport::Transport;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &str = include_str!(concat!(env!("OUT_DIR"), "/client.d.ts"));

/// The TOTP period the client assumes for clock-skew warnings (the contract's 30 s).
const PERIOD: f64 = 30.0;

/// A typed client for the MFA server; see the TypeScript declaration above.
#[wasm_bindgen(skip_typescript)]
pub struct MfaClient {
    transport: Rc<Transport>,
}

#[wasm_bindgen]
impl MfaClient {
    /// `new MfaClient({ baseUrl, headers?, csrfHeader?, timeoutMs = 10000, credentials = "same-origin", fetch? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<MfaClient, JsValue> {
        let opts = Options::new(&options, "options")?;
        let base_url = string(&opts.get("baseUrl"), "baseUrl")?;
        crate::base_url::check(&base_url).map_err(|r| errors::invalid_input("baseUrl", r))?;
        let credentials = match opt_string(&opts.get("credentials"), "credentials")?.as_deref() {
            None | Some("same-origin") => "same-origin",
            Some("include") => "include",
            Some("omit") => "omit",
            Some(_) => return Err(errors::invalid_input("credentials", Reason::InvalidValue)),
        };
        let csrf = if opts.get("csrfHeader").is_undefined() {
            (crate::CSRF_HEADER.0.into(), crate::CSRF_HEADER.1.into())
        } else {
            let csrf = Options::new(&opts.get("csrfHeader"), "csrfHeader")?;
            (
                string(&csrf.get("name"), "csrfHeader.name")?,
                string(&csrf.get("value"), "csrfHeader.value")?,
            )
        };
        let fetch = opts.get("fetch");
        if !fetch.is_undefined() && !fetch.is_function() {
            return Err(errors::invalid_input("fetch", Reason::InvalidType));
        }
        Ok(MfaClient {
            transport: Rc::new(Transport {
                base_url,
                headers: headers(&opts.get("headers"))?,
                csrf,
                timeout_ms: f64::from(opt_int(
                    &opts.get("timeoutMs"),
                    "timeoutMs",
                    10_000,
                    1..=600_000,
                )?),
                credentials,
                fetch,
                skew: Cell::new(None),
            }),
        })
    }

    /// `clockSkewSeconds`: device minus server, in seconds, or `null` before any answer.
    #[wasm_bindgen(getter, js_name = clockSkewSeconds)]
    pub fn clock_skew_seconds(&self) -> Option<f64> {
        self.transport.skew.get()
    }

    /// `serverTime()`: the server's Unix time in seconds, from this clock and the skew.
    #[wasm_bindgen(js_name = serverTime)]
    pub fn server_time(&self) -> f64 {
        js_sys::Date::now() / 1000.0 - self.transport.skew.get().unwrap_or(0.0)
    }

    /// `selfCheckTotp(params, code, { window })`: `verifyTotp` at the server's time.
    #[wasm_bindgen(js_name = selfCheckTotp)]
    pub fn self_check_totp(
        &self,
        params: JsValue,
        code: JsValue,
        options: JsValue,
    ) -> Result<Object, JsValue> {
        let window = opt_int(
            &Options::new(&options, "options")?.get("window"),
            "window",
            1,
            0..=mfa_core::totp::MAX_WINDOW,
        )?;
        let verify_options = Object::new();
        Reflect::set(&verify_options, &"window".into(), &window.into())?;
        Reflect::set(
            &verify_options,
            &"at".into(),
            &crate::num::floor(self.server_time()).into(),
        )?;
        let period = opt_int(
            &Options::new(&params, "params")?.get("period"),
            "period",
            PERIOD as u32,
            0..=u32::MAX,
        )?;
        let offset = crate::totp::verify_totp(params, code, verify_options.into())?;
        let skew = self.transport.skew.get();
        let out = Object::new();
        Reflect::set(&out, &"offset".into(), &offset)?;
        Reflect::set(
            &out,
            &"clockSkewSeconds".into(),
            &skew.map_or(JsValue::NULL, JsValue::from),
        )?;
        Reflect::set(
            &out,
            &"clockSkewed".into(),
            &skew.is_some_and(|s| s.abs() > f64::from(period)).into(),
        )?;
        Ok(out)
    }
}

// One method per operation of the contract: `name(request, options?)`, or `name(options?)` for
// operations without a request body.
include!(concat!(env!("OUT_DIR"), "/operations.rs"));

impl MfaClient {
    /// Sends operation `op` (an index into the contract's operations). The request (if the
    /// operation has one) is checked and normalised locally first, so a refusal rejects before
    /// anything is sent; the answer is checked against the contract (`protocol` when it does not
    /// match).
    fn call(&self, op: usize, request: JsValue, options: JsValue) -> Promise {
        let op = &contract::OPERATIONS[op];
        let prepared = op
            .request
            .map(|node| requests::body(node, request))
            .transpose()
            .and_then(|body| Ok((body, call_signal(&options)?)));
        match prepared {
            Ok((body, signal)) => send(self.transport.clone(), op, body, signal),
            Err(error) => Promise::reject(&error),
        }
    }
}

fn send(
    transport: Rc<Transport>,
    op: &'static contract::Operation,
    body: Option<String>,
    signal: JsValue,
) -> Promise {
    crate::task::promise(async move {
        let answer = transport
            .send(op.method, op.path, body, &signal)
            .await
            .map_err(|failure| failure.into_error(transport.skew.get(), PERIOD))?;
        match op.answer {
            None => Ok(JsValue::UNDEFINED),
            Some(node) if contract::answer_ok(node, &answer.body) => Ok(answer.body),
            Some(_) => Err(errors::Failure::Protocol { status: 200 }.into_error(None, PERIOD)),
        }
    })
}

/// `{ signal }` from a call's options: an `AbortSignal`, or `undefined`.
fn call_signal(options: &JsValue) -> Result<JsValue, JsValue> {
    let signal = Options::new(options, "options")?.get("signal");
    if signal.is_undefined() || signal.is_instance_of::<AbortSignal>() {
        return Ok(signal);
    }
    Err(errors::invalid_input("signal", Reason::InvalidType))
}

/// Extra headers: a copy of an object whose values are all strings.
fn headers(value: &JsValue) -> Result<Object, JsValue> {
    let copy = Object::new();
    if value.is_undefined() {
        return Ok(copy);
    }
    let object: &Object = value
        .dyn_ref()
        .ok_or_else(|| errors::invalid_input("headers", Reason::InvalidType))?;
    for entry in Object::entries(object).iter() {
        let (name, value) = (Reflect::get_u32(&entry, 0)?, Reflect::get_u32(&entry, 1)?);
        if !value.is_string() {
            return Err(errors::invalid_input("headers", Reason::InvalidType));
        }
        Reflect::set(&copy, &name, &value)?;
    }
    Ok(copy)
}
