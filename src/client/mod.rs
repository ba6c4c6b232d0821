//! `MfaClient`: a typed client for the reference server's API (`api/openapi.json`), one async
//! method per operation, named after its `operationId`. Request and response types are the
//! shared wire types (`mfa-wire`), declared to TypeScript by tsify.

mod contract;
mod errors;
mod requests;
mod transport;
#[cfg(target_arch = "wasm32")]
mod wire_ts;

use crate::js::{opt_int, opt_string, string, Options};
use js_sys::{Function, Object, Promise, Reflect};
use mfa_wire::{CSRF_HEADER, CSRF_HEADER_VALUE};
use std::cell::Cell;
use std::rc::Rc;
use transport::{Exchange, Transport};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &str = r##"
/** Options of `new MfaClient`. */
export interface MfaClientOptions {
  /** `https://...`, `http://` on a loopback host only, or a same-origin path such as `/`. */
  baseUrl: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** The CSRF header sent with every state-changing request; default `X-MFA-CSRF: 1`. */
  csrfHeader?: { name: string; value: string };
  /** Per-request timeout in milliseconds, 1 to 600000; default 10000. */
  timeoutMs?: number;
  /** fetch's `credentials`; default "same-origin". */
  credentials?: "same-origin" | "include" | "omit";
  /** A fetch to use instead of the global one. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** Options of every call. */
export interface CallOptions {
  /** Aborts the call; it then rejects with `code: "aborted"`. */
  signal?: AbortSignal;
}

/** What `selfCheckTotp` found. */
export interface TotpSelfCheck {
  /** The matched step offset at the server's time, or `null`. */
  offset: number | null;
  /** This device's clock minus the server's, in seconds, when known. */
  clockSkewSeconds: number | null;
  /** The device clock is off by more than one period: tell the person to fix it. */
  clockSkewed: boolean;
}

/**
 * A typed client for the MFA server. Every method rejects with an `MfaError`.
 * Nothing is logged or stored; nothing that is not idempotent is retried (nothing is).
 * @example
 * const client = new MfaClient({ baseUrl: "https://example.com" });
 * const login = await client.login({ email, password });
 * if (login.status === "mfa_required") { const c = await client.startChallenge({ method: "totp" }); ... }
 */
export class MfaClient {
  constructor(options: MfaClientOptions);
  free(): void;
  /** This device's clock minus the server's, from the latest `Date` header, or `null`. */
  readonly clockSkewSeconds: number | null;
  /** The server's Unix time in seconds, estimated from this device's clock and the skew. */
  serverTime(): number;
  /** Checks a TOTP code locally at the server's time (for the enrolment self-check). */
  selfCheckTotp(params: TotpParams, code: string, options?: { window?: number }): TotpSelfCheck;
  login(request: LoginRequest, options?: CallOptions): Promise<LoginResponse>;
  logout(options?: CallOptions): Promise<void>;
  getStatus(options?: CallOptions): Promise<StatusResponse>;
  startTotpEnrollment(request?: StartTotpEnrollmentRequest, options?: CallOptions): Promise<TotpEnrollmentStarted>;
  confirmTotpEnrollment(request: ConfirmTotpEnrollmentRequest, options?: CallOptions): Promise<EnrollmentConfirmed>;
  startSmsEnrollment(request: StartSmsEnrollmentRequest, options?: CallOptions): Promise<SmsSent>;
  resendSms(request: ResendSmsRequest, options?: CallOptions): Promise<SmsSent>;
  confirmSmsEnrollment(request: ConfirmSmsEnrollmentRequest, options?: CallOptions): Promise<EnrollmentConfirmed>;
  startChallenge(request: StartChallengeRequest, options?: CallOptions): Promise<ChallengeStarted>;
  verifyChallenge(request: VerifyChallengeRequest, options?: CallOptions): Promise<Authenticated>;
  recover(request: RecoverRequest, options?: CallOptions): Promise<Recovered>;
  regenerateRecoveryCodes(request: RegenerateRecoveryCodesRequest, options?: CallOptions): Promise<RecoveryCodes>;
  changeMethod(request: ChangeMethodRequest, options?: CallOptions): Promise<MethodReset>;
  setOrgPolicy(request: SetOrgPolicyRequest, options?: CallOptions): Promise<OrgPolicy>;
  resetMemberMfa(request: ResetMemberMfaRequest, options?: CallOptions): Promise<MemberMfaReset>;
}
"##;

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
        check_base_url(&base_url)?;
        let credentials = match opt_string(&opts.get("credentials"), "credentials")?.as_deref() {
            None | Some("same-origin") => "same-origin",
            Some("include") => "include",
            Some("omit") => "omit",
            Some(_) => return Err(errors::invalid_input("credentials", "invalid_value")),
        };
        let csrf = if opts.get("csrfHeader").is_undefined() {
            (CSRF_HEADER.to_owned(), CSRF_HEADER_VALUE.to_owned())
        } else {
            let csrf = Options::new(&opts.get("csrfHeader"), "csrfHeader")?;
            (
                string(&csrf.get("name"), "csrfHeader.name")?,
                string(&csrf.get("value"), "csrfHeader.value")?,
            )
        };
        let fetch = match opts.get("fetch") {
            f if f.is_undefined() => None,
            f => Some(
                f.dyn_into::<Function>()
                    .map_err(|_| errors::invalid_input("fetch", "invalid_type"))?,
            ),
        };
        Ok(MfaClient {
            transport: Rc::new(Transport {
                base_url,
                headers: header_pairs(&opts.get("headers"))?,
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
            &self.server_time().floor().into(),
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

    /// `logout(options?)`.
    pub fn logout(&self, options: JsValue) -> Promise {
        self.call("logout", JsValue::UNDEFINED, options)
    }

    /// `getStatus(options?)`.
    #[wasm_bindgen(js_name = getStatus)]
    pub fn get_status(&self, options: JsValue) -> Promise {
        self.call("getStatus", JsValue::UNDEFINED, options)
    }
}

/// One method per operation with a request body: `name(request, options?)`.
macro_rules! operations {
    ($($(#[$doc:meta])* $name:ident $js:literal;)*) => {
        #[wasm_bindgen]
        impl MfaClient {
            $(
                $(#[$doc])*
                #[wasm_bindgen(js_name = $js)]
                pub fn $name(&self, request: JsValue, options: JsValue) -> Promise {
                    self.call($js, request, options)
                }
            )*
        }
    };
}

// Each method is named after its operationId; method, path and schemas come from the contract.
operations! {
    /// `login({ email, password }, options?)`.
    login "login";
    /// `startTotpEnrollment({ secret? }, options?)`.
    start_totp_enrollment "startTotpEnrollment";
    /// `confirmTotpEnrollment({ enrollmentId, code }, options?)`.
    confirm_totp_enrollment "confirmTotpEnrollment";
    /// `startSmsEnrollment({ phoneNumber }, options?)`.
    start_sms_enrollment "startSmsEnrollment";
    /// `resendSms({ challengeId }, options?)`.
    resend_sms "resendSms";
    /// `confirmSmsEnrollment({ challengeId, code }, options?)`.
    confirm_sms_enrollment "confirmSmsEnrollment";
    /// `startChallenge({ method }, options?)`.
    start_challenge "startChallenge";
    /// `verifyChallenge({ challengeId, code }, options?)`.
    verify_challenge "verifyChallenge";
    /// `recover({ code }, options?)`.
    recover "recover";
    /// `regenerateRecoveryCodes({ proof }, options?)`.
    regenerate_recovery_codes "regenerateRecoveryCodes";
    /// `changeMethod({ proof }, options?)`.
    change_method "changeMethod";
    /// `setOrgPolicy({ password, requireMfa?, sso? }, options?)`.
    set_org_policy "setOrgPolicy";
    /// `resetMemberMfa({ memberEmail, password }, options?)`.
    reset_member_mfa "resetMemberMfa";
}

impl MfaClient {
    /// Sends one operation. The request (if the operation has one) is checked and normalised
    /// locally first, so a refusal rejects before anything is sent; the answer is checked
    /// against the contract (`protocol` when it does not match).
    fn call(&self, id: &'static str, request: JsValue, options: JsValue) -> Promise {
        let prepared = contract::operation(id)
            .ok_or_else(|| errors::invalid_input("operation", "unknown"))
            .and_then(|op| {
                let body = if op.request.is_object() {
                    Some(requests::body(&op.request, request)?)
                } else {
                    None
                };
                Ok((op, body, call_signal(&options)?))
            });
        match prepared {
            Ok((op, body, signal)) => send(self.transport.clone(), op, body, signal),
            Err(error) => Promise::reject(&error),
        }
    }
}

fn send(
    transport: Rc<Transport>,
    op: contract::Operation,
    body: Option<String>,
    signal: Option<AbortSignal>,
) -> Promise {
    future_to_promise(async move {
        let answer = transport
            .send(Exchange {
                method: &op.method,
                path: &op.path,
                body,
                signal: signal.as_ref(),
            })
            .await
            .map_err(|failure| failure.into_error(transport.skew.get(), PERIOD))?;
        if !op.answer.is_object() {
            return Ok(JsValue::UNDEFINED);
        }
        match contract::check(&op.answer, &answer.body, contract::Mode::Answer) {
            Ok(_) => Ok(answer.body),
            Err(_) => Err(errors::Failure::Protocol { status: 200 }.into_error(None, PERIOD)),
        }
    })
}

/// `{ signal }` from a call's options.
fn call_signal(options: &JsValue) -> Result<Option<AbortSignal>, JsValue> {
    let signal = Options::new(options, "options")?.get("signal");
    if signal.is_undefined() {
        return Ok(None);
    }
    signal
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| errors::invalid_input("signal", "invalid_type"))
}

/// Extra headers: an object whose values are all strings.
fn header_pairs(value: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if value.is_undefined() {
        return Ok(Vec::new());
    }
    let object: &Object = value
        .dyn_ref()
        .ok_or_else(|| errors::invalid_input("headers", "invalid_type"))?;
    let mut pairs = Vec::new();
    for entry in Object::entries(object).iter() {
        let name = Reflect::get_u32(&entry, 0)?.as_string();
        let value = Reflect::get_u32(&entry, 1)?.as_string();
        match (name, value) {
            (Some(name), Some(value)) => pairs.push((name, value)),
            _ => return Err(errors::invalid_input("headers", "invalid_type")),
        }
    }
    Ok(pairs)
}

/// Codes and secrets must not cross the network in clear text: `https://` only, except on a
/// loopback host (OWASP ASVS 5.0 12.2.1); a same-origin path (`/...`) inherits the page's origin.
fn check_base_url(url: &str) -> Result<(), JsValue> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") && url.len() > "https://".len() || url.starts_with('/') {
        return Ok(());
    }
    let Some(rest) = lower.strip_prefix("http://") else {
        return Err(errors::invalid_input("baseUrl", "invalid_url"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = if authority.starts_with('[') {
        authority
            .split(']')
            .next()
            .map(|h| &h[1..])
            .unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    let loopback = host == "localhost"
        || host == "::1"
        || (host.starts_with("127.")
            && host.split('.').count() == 4
            && host.split('.').all(|p| p.parse::<u8>().is_ok()));
    if loopback {
        Ok(())
    } else {
        Err(errors::invalid_input("baseUrl", "insecure"))
    }
}
