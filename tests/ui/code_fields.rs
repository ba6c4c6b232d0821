//! `bindCodeInput`: attributes, clean-up of typed and pasted codes, `onComplete`, `detach()`.

use super::*;

fn bind(
    el: &HtmlInputElement,
    kind: &str,
    on_complete: &Function,
    digits: JsValue,
) -> Result<code_input::CodeInputBinding, JsValue> {
    let opts = obj(&[
        ("kind", s(kind)),
        ("onComplete", on_complete.into()),
        ("digits", digits),
    ]);
    code_input::bind_code_input(el.into(), opts)
}

#[wasm_bindgen_test]
fn code_input_sets_the_attributes_and_detach_restores_them() {
    let el = input(&[
        ("type", "number"),
        ("autocomplete", "off"),
        ("aria-describedby", "help"),
    ]);
    let binding = bind(&el, "totp", &recorder(), U).unwrap();
    for (name, value) in [
        ("autocomplete", "one-time-code"),
        ("inputmode", "numeric"),
        ("pattern", "[0-9]{6}"),
        ("maxlength", "14"),
        ("type", "text"),
        ("aria-describedby", "help"),
    ] {
        assert_eq!(el.get_attribute(name).as_deref(), Some(value), "{name}");
    }
    type_in(&el, "12a");
    assert_eq!(el.get_attribute("aria-invalid").as_deref(), Some("true"));
    binding.detach();
    binding.detach(); // idempotent
    for (name, value) in [
        ("autocomplete", Some("off")),
        ("inputmode", None),
        ("pattern", None),
        ("maxlength", None),
        ("type", Some("number")),
        ("aria-invalid", None),
        ("aria-describedby", Some("help")),
    ] {
        assert_eq!(el.get_attribute(name).as_deref(), value, "{name}");
    }
    el.remove();
}

#[wasm_bindgen_test]
fn code_input_cleans_typed_and_pasted_codes_and_reports_each_once() {
    let el = input(&[]);
    let done = recorder();
    let binding = bind(&el, "totp", &done, U).unwrap();
    type_in(&el, "123 456");
    assert_eq!(el.value(), "123456");
    type_in(&el, "123456"); // the same complete value: not reported again
    assert_eq!(calls(&done), ["123456"]);
    type_in(&el, "12345");
    assert_eq!(el.get_attribute("aria-invalid"), None); // incomplete, not invalid
    type_in(&el, "１２３-４５６");
    assert_eq!((el.value().as_str(), calls(&done).len()), ("123456", 2));
    type_in(&el, "12");
    assert!(
        paste(&el, " 654 321\n"),
        "a complete pasted code replaces the value"
    );
    assert_eq!(el.value(), "654321");
    assert!(!paste(&el, "65"), "a partial paste is left to the browser");
    type_in(&el, "1234567");
    assert_eq!(el.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(calls(&done), ["123456", "123456", "654321"]);
    binding.detach();
    type_in(&el, "999 999");
    assert_eq!(
        (el.value().as_str(), calls(&done).len()),
        ("999 999", 3),
        "detached"
    );
    el.remove();
}

#[wasm_bindgen_test]
fn code_input_waits_for_an_ime_and_handles_sms_and_recovery_codes() {
    let el = input(&[]);
    let done = recorder();
    let _sms = bind(&el, "sms", &done, JsValue::from(8)).unwrap();
    assert_eq!(el.get_attribute("pattern").as_deref(), Some("[0-9]{8}"));
    el.set_value("１２３４ ５６７８");
    composing(&el);
    assert_eq!(el.value(), "１２３４ ５６７８", "untouched while composing");
    el.dispatch_event(&Event::new("compositionend").unwrap())
        .unwrap();
    assert_eq!(calls(&done), ["12345678"]);

    let el = input(&[]);
    let binding = bind(&el, "recovery", &done, U).unwrap();
    for (name, value) in [
        ("autocomplete", "off"),
        ("inputmode", "text"),
        ("autocapitalize", "off"),
        ("spellcheck", "false"),
    ] {
        assert_eq!(el.get_attribute(name).as_deref(), Some(value), "{name}");
    }
    type_in(&el, "abcd efgh ijkl mn0p");
    assert_eq!(el.value(), "ABCD-EFGH-IJKL-MNOP");
    assert!(regex_like(
        &el.get_attribute("pattern").unwrap(),
        "ABCD-EFGH-IJKL-MNOP"
    ));
    assert_eq!(
        calls(&done).last().map(String::as_str),
        Some("ABCD-EFGH-IJKL-MNOP")
    );
    binding.detach();
    assert_eq!(el.get_attribute("spellcheck"), None);
}

/// Whether `value` matches the HTML `pattern` (anchored, as the browser does).
fn regex_like(pattern: &str, value: &str) -> bool {
    js_sys::RegExp::new(&format!("^(?:{pattern})$"), "u").test(value)
}

#[wasm_bindgen_test]
fn code_input_detach_from_on_complete_and_wrong_arguments() {
    let el = input(&[]);
    let holder = Object::new();
    let on_complete = Closure::<dyn Fn(JsValue)>::new({
        let holder = holder.clone();
        move |_| {
            let detach: Function = get(&get(&holder, "binding"), "detach").unchecked_into();
            detach.call0(&get(&holder, "binding")).unwrap();
        }
    });
    let binding = bind(&el, "totp", on_complete.as_ref().unchecked_ref(), U).unwrap();
    Reflect::set(&holder, &"binding".into(), &binding.into()).unwrap();
    type_in(&el, "123456");
    assert_eq!(
        el.get_attribute("autocomplete"),
        None,
        "detached from inside onComplete"
    );
    type_in(&el, "654321"); // no listener left, nothing throws

    let cb = recorder();
    assert_eq!(
        field(code_input::bind_code_input(
            doc().create_element("div").unwrap().into(),
            obj(&[("kind", s("totp")), ("onComplete", cb.clone().into())])
        )),
        "input"
    );
    let el = input(&[]);
    for (opts, bad) in [
        (
            obj(&[("kind", s("email")), ("onComplete", cb.clone().into())]),
            "kind",
        ),
        (obj(&[("kind", s("totp"))]), "onComplete"),
        (
            obj(&[
                ("kind", s("totp")),
                ("onComplete", cb.clone().into()),
                ("digits", JsValue::from(9)),
            ]),
            "digits",
        ),
        (
            obj(&[
                ("kind", s("recovery")),
                ("onComplete", cb.clone().into()),
                ("digits", JsValue::from(6)),
            ]),
            "digits",
        ),
        (s("totp"), "options"),
    ] {
        let result = code_input::bind_code_input(el.clone().into(), opts);
        assert_eq!((field(result), bad), (bad.to_owned(), bad));
    }
    assert_eq!(
        el.get_attribute("autocomplete"),
        None,
        "a refused binding changes nothing"
    );
}
