//! The part of the core's suite that needs a document: built into tests/browser.rs only, so
//! that Node does not count it as passed without running it.

use crate::common::get;
use js_sys::Reflect;
use mfa_wasm::qr;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn qr_svg_renders_into_the_dom() {
    // The SVG parses as SVG (not as broken markup) and keeps its accessible name.
    let svg = qr::qr_svg(
        "hello",
        None,
        None,
        None,
        None,
        Some("Scan me".into()),
        None,
        false,
    )
    .unwrap();
    let parser = Reflect::get(&js_sys::global(), &"DOMParser".into()).unwrap();
    let parser = Reflect::construct(&parser.into(), &js_sys::Array::new()).unwrap();
    let parse: js_sys::Function = Reflect::get(&parser, &"parseFromString".into())
        .unwrap()
        .into();
    let doc = parse.call2(&parser, &svg, &"image/svg+xml".into()).unwrap();
    let by_tag: js_sys::Function = Reflect::get(&doc, &"getElementsByTagName".into())
        .unwrap()
        .into();
    let parsererror = by_tag.call1(&doc, &"parsererror".into()).unwrap();
    assert_eq!(get(&parsererror, "length").as_f64(), Some(0.0));
    let title = by_tag.call1(&doc, &"title".into()).unwrap();
    let first = Reflect::get(&title, &0.into()).unwrap();
    assert_eq!(get(&first, "textContent").as_string().unwrap(), "Scan me");
}
