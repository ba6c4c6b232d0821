//! One HTTP exchange with the server: `transport.js` calls `fetch` with a timeout and the
//! caller's `AbortSignal`; this side turns its outcome into an [`Answer`] or a [`Failure`] and
//! keeps the clock-skew sample. Nothing is retried, logged or stored.

use super::errors::Failure;
use alloc::string::String;
use core::cell::Cell;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/client/transport.js")]
extern "C" {
    #[allow(clippy::too_many_arguments)]
    fn exchange(
        fetch: &JsValue,
        url: &str,
        method: &str,
        body: Option<String>,
        headers: &Object,
        csrf: &str,
        csrf_value: &str,
        credentials: &str,
        timeout_ms: f64,
        signal: &JsValue,
    ) -> js_sys::Promise;
}

/// How the client reaches the server; fixed at construction.
pub(crate) struct Transport {
    pub(crate) base_url: String,
    /// Extra headers, checked to be strings.
    pub(crate) headers: Object,
    pub(crate) csrf: (String, String),
    pub(crate) timeout_ms: f64,
    pub(crate) credentials: &'static str,
    /// A fetch of the caller's, or `undefined` for the global one.
    pub(crate) fetch: JsValue,
    /// Device clock minus server clock, in seconds, from the latest `Date` header.
    pub(crate) skew: Cell<Option<f64>>,
}

/// A 2xx answer: its parsed JSON body (`undefined` when empty).
pub(crate) struct Answer {
    pub(crate) body: JsValue,
}

impl Transport {
    /// Sends one request to `path` under the base URL and waits for the whole answer.
    pub(crate) async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        signal: &JsValue,
    ) -> Result<Answer, Failure> {
        let mut url = String::with_capacity(self.base_url.len() + path.len());
        url.push_str(self.base_url.trim_end_matches('/'));
        url.push_str(path);
        let outcome = JsFuture::from(exchange(
            &self.fetch,
            &url,
            method,
            body,
            &self.headers,
            &self.csrf.0,
            &self.csrf.1,
            self.credentials,
            self.timeout_ms,
            signal,
        ))
        .await;
        let answer = match outcome {
            Ok(answer) => answer,
            Err(why) => {
                return Err(match why.as_string().as_deref() {
                    Some("timeout") => Failure::Timeout,
                    Some("aborted") => Failure::Aborted,
                    _ => Failure::Network,
                })
            }
        };
        let field = |key: &str| Reflect::get(&answer, &key.into()).unwrap_or(JsValue::UNDEFINED);
        if let Some(skew) = field("skew").as_f64() {
            self.skew.set(Some(skew));
        }
        let status = field("status").as_f64().unwrap_or(0.0) as u16;
        let json = field("json").as_bool() == Some(true);
        if (200..300).contains(&status) {
            return match json {
                true => Ok(Answer {
                    body: field("body"),
                }),
                false => Err(Failure::Protocol { status }),
            };
        }
        Err(Failure::Status {
            status,
            body: json.then(|| field("body")),
            retry_after: field("retryAfter").as_f64(),
        })
    }
}
