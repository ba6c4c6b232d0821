//! The one path from a Rust future to a JS `Promise`. Every async export goes through
//! [`promise`], which boxes its future, so wasm-bindgen-futures' executor glue is compiled once
//! instead of once per async function (bench/NOTES.md: "one generic async path").

use alloc::boxed::Box;
use core::future::Future;
use core::pin::Pin;
use js_sys::Promise;
use wasm_bindgen::JsValue;

/// A future as the executor sees it: boxed, so that every call shares one instantiation.
type Boxed = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// A `Promise` that settles with the future's outcome.
pub(crate) fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    run(Box::pin(future))
}

#[inline(never)]
fn run(future: Boxed) -> Promise {
    wasm_bindgen_futures::future_to_promise(future)
}
