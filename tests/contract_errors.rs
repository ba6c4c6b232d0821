//! Every error code of the API contract reaches the caller typed (native test over the mapping
//! the client uses, `mfa_core::ErrorCode::from_answer`): for each code of the contract's
//! `ErrorCode` enum and each error status the contract declares, a 4xx answer with that code is
//! that code (never `server` or `protocol`), and a 5xx one is that code or `server`.
#![cfg(not(target_arch = "wasm32"))]

use mfa_core::ErrorCode;
use serde_json::Value;

fn contract() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/api/openapi.json"))
        .expect("api/openapi.json");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn every_contract_error_code_arrives_typed() {
    let doc = contract();
    let codes: Vec<&str> = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("the contract's ErrorCode enum")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(codes.len() >= 18, "{codes:?}");
    let mut statuses: Vec<u16> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .flat_map(|op| op["responses"].as_object().unwrap().keys())
        .filter_map(|s| s.parse().ok())
        .filter(|s| *s >= 400)
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    assert!(
        statuses.contains(&404) && statuses.contains(&503),
        "{statuses:?}"
    );
    for code in &codes {
        for &status in &statuses {
            let got = ErrorCode::from_answer(status, Some(code));
            if *code == "internal" {
                assert_eq!(got, ErrorCode::Server, "{code} {status}");
                continue;
            }
            // The same code, typed: never the catch-alls.
            assert_eq!(got.as_str(), *code, "{code} at {status}");
            assert!(!matches!(got, ErrorCode::Server | ErrorCode::Protocol));
        }
    }
}

#[test]
fn answers_without_the_contracts_body_are_classified_by_status() {
    assert_eq!(ErrorCode::from_answer(429, None), ErrorCode::RateLimited);
    assert_eq!(ErrorCode::from_answer(502, None), ErrorCode::Server);
    assert_eq!(ErrorCode::from_answer(404, None), ErrorCode::Protocol);
    // A code outside the vocabulary is not trusted: the status decides.
    assert_eq!(
        ErrorCode::from_answer(400, Some("teapot")),
        ErrorCode::Protocol
    );
}

#[test]
fn the_clients_csrf_header_is_the_servers() {
    assert_eq!(
        mfa_wasm::CSRF_HEADER,
        (mfa_wire::CSRF_HEADER, mfa_wire::CSRF_HEADER_VALUE)
    );
    let scheme = &contract()["components"]["securitySchemes"]["csrf"];
    assert_eq!(
        (scheme["in"].as_str(), scheme["name"].as_str()),
        (Some("header"), Some(mfa_wasm::CSRF_HEADER.0))
    );
}
