//! One HTTP exchange with the server over the global `fetch` (browsers, web workers, Node 20):
//! JSON bodies, a timeout through `AbortController`, the caller's `AbortSignal`, the clock-skew
//! sample from the `Date` header, and the classification of failures into `MfaError` codes.
//! Nothing is retried, logged or stored.

use super::errors::{self, Failure};
use alloc::rc::Rc;
use alloc::{string::String, vec::Vec};
use core::cell::Cell;
use js_sys::{Function, Object, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

/// How the client reaches the server; fixed at construction.
pub(crate) struct Transport {
    pub(crate) base_url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) csrf: (String, String),
    pub(crate) timeout_ms: f64,
    pub(crate) credentials: &'static str,
    pub(crate) fetch: Option<Function>,
    /// Device clock minus server clock, in seconds, from the latest `Date` header.
    pub(crate) skew: Cell<Option<f64>>,
}

/// A request: method, path under the base URL, and an optional JSON body.
pub(crate) struct Exchange<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) body: Option<String>,
    pub(crate) signal: Option<&'a AbortSignal>,
}

/// A successful answer: its status and parsed JSON body (`undefined` when empty).
pub(crate) struct Answer {
    pub(crate) body: JsValue,
}

impl Transport {
    /// Sends one request and waits for the whole answer, within the timeout.
    pub(crate) async fn send(self: &Rc<Self>, exchange: Exchange<'_>) -> Result<Answer, Failure> {
        if exchange.signal.is_some_and(AbortSignal::aborted) {
            return Err(Failure::Aborted);
        }
        let controller = AbortController::new().map_err(|_| Failure::Network)?;
        let (timed_out, caller_aborted) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));

        // The timeout aborts the request and the reading of its body.
        let on_timeout = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), self.timeout_ms)
            .map_err(|_| Failure::Network)?;
        // The caller's signal aborts ours.
        let on_abort = {
            let (controller, caller_aborted) = (controller.clone(), caller_aborted.clone());
            Closure::<dyn FnMut()>::new(move || {
                caller_aborted.set(true);
                controller.abort();
            })
        };
        if let Some(signal) = exchange.signal {
            let _ =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }

        let started = js_sys::Date::now();
        let result = self
            .exchange(&exchange, &controller.signal(), started)
            .await;
        let _ = clear_timeout(&timer);
        if let Some(signal) = exchange.signal {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
        drop((on_timeout, on_abort));
        result.map_err(|failure| match failure {
            Failure::Network if caller_aborted.get() => Failure::Aborted,
            Failure::Network if timed_out.get() => Failure::Timeout,
            other => other,
        })
    }

    async fn exchange(
        &self,
        exchange: &Exchange<'_>,
        signal: &AbortSignal,
        started: f64,
    ) -> Result<Answer, Failure> {
        let init = self.init(exchange, signal).map_err(|_| Failure::Network)?;
        let url = JsValue::from_str(&format_url(&self.base_url, exchange.path));
        let promise = match &self.fetch {
            Some(fetch) => fetch.call2(&JsValue::UNDEFINED, &url, &init),
            None => global_fetch().and_then(|fetch| fetch.call2(&js_sys::global(), &url, &init)),
        }
        .map_err(|_| Failure::Network)?;
        let response: Response = JsFuture::from(js_sys::Promise::resolve(&promise))
            .await
            .map_err(|_| Failure::Network)?
            .dyn_into()
            .map_err(|_| Failure::Network)?;
        self.sample_clock(&response, started);
        let status = response.status();
        let text = JsFuture::from(response.text().map_err(|_| Failure::Network)?)
            .await
            .map_err(|_| Failure::Network)?
            .as_string()
            .unwrap_or_default();
        if (200..300).contains(&status) {
            let body = if text.is_empty() {
                JsValue::UNDEFINED
            } else {
                JSON::parse(&text).map_err(|_| Failure::Protocol { status })?
            };
            return Ok(Answer { body });
        }
        let retry_after = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|v| errors::parse_retry_after(&v));
        Err(Failure::Status {
            status,
            body: JSON::parse(&text).ok(),
            retry_after,
        })
    }

    fn init(&self, exchange: &Exchange<'_>, signal: &AbortSignal) -> Result<Object, JsValue> {
        let headers = Object::new();
        let put = |name: &str, value: &str| Reflect::set(&headers, &name.into(), &value.into());
        put("Accept", "application/json")?;
        for (name, value) in &self.headers {
            put(name, value)?;
        }
        if exchange.method != "GET" {
            // CSRF defence: a custom header forces a CORS preflight (OWASP CSRF cheat sheet).
            put(&self.csrf.0, &self.csrf.1)?;
        }
        let init = Object::new();
        let set = |key: &str, value: JsValue| Reflect::set(&init, &key.into(), &value);
        set("method", exchange.method.into())?;
        if let Some(body) = &exchange.body {
            put("Content-Type", "application/json")?;
            set("body", body.as_str().into())?;
        }
        set("headers", headers.into())?;
        set("credentials", self.credentials.into())?;
        set("signal", signal.into())?;
        // Answers that carry secrets must not be cached (ASVS 5.0 14.3.2).
        set("cache", "no-store".into())?;
        Ok(init)
    }

    /// Device minus server, from the `Date` header (1 s resolution: its mid-second is used)
    /// against the midpoint of the exchange.
    fn sample_clock(&self, response: &Response, started: f64) {
        let Some(date) = response.headers().get("date").ok().flatten() else {
            return;
        };
        let server_ms = js_sys::Date::parse(&date);
        if server_ms.is_nan() {
            return;
        }
        let local_ms = (started + js_sys::Date::now()) / 2.0;
        self.skew.set(Some(crate::num::round(
            (local_ms - (server_ms + 500.0)) / 1000.0,
        )));
    }
}

fn global_fetch() -> Result<Function, JsValue> {
    Reflect::get(&js_sys::global(), &"fetch".into())?.dyn_into::<Function>()
}

fn format_url(base: &str, path: &str) -> String {
    let mut url = String::with_capacity(base.len() + path.len());
    url.push_str(base.trim_end_matches('/'));
    url.push_str(path);
    url
}
