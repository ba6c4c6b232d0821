//! The contract's state-changing operations, read from `api/openapi.json`, and how to call each
//! with a well-formed body (so that no refusal comes from input validation).

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// An operation of the document: method, path, operationId, security schemes, request schema.
pub struct Operation {
    pub method: Method,
    pub path: String,
    pub id: String,
    pub security: BTreeSet<String>,
    pub fields: BTreeSet<String>,
}

fn contract() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every property name reachable from `schema` (through `$ref`, `oneOf`, `allOf`, `anyOf`).
fn fields(doc: &Value, schema: &Value, out: &mut BTreeSet<String>) {
    if let Some(name) = schema["$ref"].as_str() {
        let name = name.rsplit('/').next().unwrap();
        return fields(doc, &doc["components"]["schemas"][name], out);
    }
    for (key, value) in schema["properties"].as_object().into_iter().flatten() {
        out.insert(key.clone());
        fields(doc, value, out);
    }
    for key in ["oneOf", "allOf", "anyOf"] {
        for variant in schema[key].as_array().into_iter().flatten() {
            fields(doc, variant, out);
        }
    }
}

/// The state-changing operations of the contract.
pub fn state_changing() -> Vec<Operation> {
    let doc = contract();
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            if [Method::GET, Method::HEAD, Method::OPTIONS].contains(&method) {
                continue;
            }
            let mut found = BTreeSet::new();
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            fields(&doc, schema, &mut found);
            ops.push(Operation {
                method,
                path: path.clone(),
                id: op["operationId"].as_str().unwrap().to_owned(),
                security: op["security"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|s| s.as_object().unwrap().keys().cloned())
                    .collect(),
                fields: found,
            });
        }
    }
    ops
}

/// A well-formed body for `op`, so that no refusal below comes from input validation.
fn body(op: &str) -> Option<Value> {
    let code = "123456";
    Some(match op {
        "login" => json!({ "email": "erin@initech.test", "password": PASSWORD }),
        "logout" | "cancelMethodChange" | "startWebAuthnEnrollment" => return None,
        "reauthenticate" => json!({ "password": PASSWORD }),
        "advanceDevClock" => json!({ "advanceSeconds": 0 }),
        "startTotpEnrollment" => json!({}),
        // Well-formed for the contract (base64url fields, `none` attestation's shape); the
        // signature is never reached by these checks.
        "confirmWebAuthnEnrollment" => json!({ "enrollmentId": "chl_x", "credential": {
            "id": "AAAA", "rawId": "AAAA", "type": "public-key", "clientExtensionResults": {},
            "response": { "clientDataJSON": "e30", "attestationObject": "oA" } } }),
        "confirmTotpEnrollment" => json!({ "enrollmentId": "fac_x", "code": code }),
        "startSmsEnrollment" => json!({ "phoneNumber": "+15555550123" }),
        "confirmSmsEnrollment" | "verifyChallenge" => {
            json!({ "challengeId": "chl_x", "code": code })
        }
        "resendSms" => json!({ "challengeId": "chl_x" }),
        "startChallenge" => json!({ "method": "totp" }),
        "recover" => json!({ "code": "ABCD-EFGH-IJKL-MNOP" }),
        "regenerateRecoveryCodes" => json!({ "proof": { "method": "totp", "code": code } }),
        "changeMethod" => {
            json!({ "proof": { "method": "recovery_code", "code": "ABCD-EFGH-IJKL-MNOP" } })
        }
        "setOrgPolicy" => json!({ "password": PASSWORD, "requireMfa": true }),
        "resetMemberMfa" => json!({ "memberEmail": "bob@acme.test", "password": PASSWORD }),
        other => panic!("no body for {other}: add it"),
    })
}

/// Sends `op` with its well-formed body, the CSRF header unless `csrf` is false, and `extra`
/// headers.
pub async fn call(
    c: &Client,
    op: &Operation,
    csrf: bool,
    extra: &[(&str, &str)],
) -> (StatusCode, Value) {
    let mut request = c
        .http
        .request(op.method.clone(), format!("{}{}", c.base, op.path));
    if let Some(body) = body(&op.id) {
        request = request.json(&body);
    }
    if csrf {
        request = request.header("X-MFA-CSRF", "1");
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let (status, body, _) = c.send(request).await;
    (status, body)
}
