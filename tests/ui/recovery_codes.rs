//! `recoveryCodesText`, `downloadRecoveryCodes` (object URL created and revoked) and
//! `printRecoveryCodes` (a hidden iframe, removed afterwards).

use super::*;

fn sheet_options() -> JsValue {
    obj(&[
        ("issuer", s("ACME Co")),
        ("account", s("alice@example.com")),
    ])
}

#[wasm_bindgen_test]
fn recovery_codes_text_has_a_title_the_rules_and_one_code_per_line() {
    let sheet =
        String::from(recovery_file::recovery_codes_text(strings(&CODES), sheet_options()).unwrap());
    let lines: Vec<&str> = sheet.split("\r\n").collect();
    assert_eq!(lines[0], "ACME Co recovery codes for alice@example.com");
    assert!(lines.contains(&CODES[0]) && lines.contains(&CODES[1]));
    assert_eq!(
        String::from(recovery_file::recovery_codes_text(strings(&CODES), U).unwrap())
            .lines()
            .next(),
        Some("Recovery codes")
    );
    for (codes, opts, bad) in [
        (s("AAAA"), U, "codes"),
        (strings(&[]), U, "codes"),
        (strings(&["AAAA-BBBB\r\nForged line"]), U, "codes"),
        (Array::of1(&JsValue::from(1)).into(), U, "codes"),
        (
            strings(&CODES),
            obj(&[("issuer", JsValue::from(1))]),
            "issuer",
        ),
        (strings(&CODES), obj(&[("account", s("a\nb"))]), "account"),
    ] {
        let err = recovery_file::recovery_codes_text(codes, opts).unwrap_err();
        assert_eq!(text(&err, "field"), bad);
        assert!(
            !text(&err, "message").contains("Forged"),
            "no input in messages"
        );
    }
}

#[wasm_bindgen_test]
async fn download_creates_clicks_and_revokes_an_object_url() {
    let spy = download_spy();
    let result = recovery_file::download_recovery_codes(strings(&CODES), sheet_options());
    Function::from(get(&spy, "restore")).call0(&spy).unwrap();
    result.unwrap();
    let created = Array::from(&get(&spy, "created"));
    assert_eq!(created.length(), 1);
    let (url, blob) = (
        Array::from(&created.get(0)).get(0),
        Array::from(&created.get(0)).get(1),
    );
    let clicked = Array::from(&get(&spy, "clicked")).get(0);
    assert_eq!(get(&clicked, "href"), url);
    assert_eq!(text(&clicked, "download"), "acme-co-recovery-codes.txt");
    assert_eq!(
        Array::from(&get(&spy, "revoked")).get(0),
        url,
        "revoked right after the click"
    );
    assert!(url.as_string().unwrap().starts_with("blob:"));
    assert!(
        doc().query_selector("a[download]").unwrap().is_none(),
        "the link is gone"
    );
    let blob: web_sys::Blob = blob.unchecked_into();
    assert_eq!(blob.type_(), "text/plain;charset=utf-8");
    let content = settle(blob.text()).await.unwrap().as_string().unwrap();
    assert_eq!(
        content,
        String::from(recovery_file::recovery_codes_text(strings(&CODES), sheet_options()).unwrap())
    );
    assert_eq!(
        field(recovery_file::download_recovery_codes(strings(&[]), U)),
        "codes"
    );
}

#[wasm_bindgen_test]
async fn print_prints_only_the_codes_from_an_iframe_removed_afterwards() {
    let spy = print_spy();
    let printed = settle(recovery_file::print_recovery_codes(
        strings(&CODES),
        sheet_options(),
    ))
    .await;
    Function::from(get(&spy, "restore")).call0(&spy).unwrap();
    printed.unwrap();
    let pages = Array::from(&get(&spy, "printed"));
    assert_eq!(pages.length(), 1, "printed once");
    let page = pages.get(0).as_string().unwrap();
    assert!(page.starts_with("ACME Co recovery codes for alice@example.com"));
    assert!(page.contains(CODES[0]) && page.contains(CODES[1]));
    let frame: Element = Array::from(&get(&spy, "frames")).get(0).unchecked_into();
    assert!(
        !frame.is_connected(),
        "the iframe is removed after printing"
    );
    assert!(!doc().body().unwrap().inner_html().contains(CODES[0]));
    assert_eq!(
        field(settle(recovery_file::print_recovery_codes(s("x"), U)).await),
        "codes"
    );
}
