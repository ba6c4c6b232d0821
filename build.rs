//! With the `client` feature, compiles the API contract (`api/openapi.json`, generated from the
//! shared wire types and checked by the server's tests) into a compact JSON the client checks
//! requests and answers against: operations (method, path, request and answer schemas) and the
//! schemas without descriptions. The client cannot drift from the contract: it reads it.

use serde_json::{Map, Value};
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=api/openapi.json");
    println!("cargo:rerun-if-changed=build.rs");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("contract.json");
    if env::var_os("CARGO_FEATURE_CLIENT").is_none() {
        fs::write(out, "{}").expect("write contract.json");
        return;
    }
    let text =
        fs::read_to_string("api/openapi.json").expect("api/openapi.json (the contract) must exist");
    let doc: Value = serde_json::from_str(&text).expect("api/openapi.json is JSON");
    let schema_of = |body: &Value| body.pointer("/content/application~1json/schema").map(strip);
    let mut operations = Map::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            let request = op
                .get("requestBody")
                .and_then(schema_of)
                .unwrap_or(Value::Null);
            let answer = op
                .pointer("/responses/200")
                .and_then(schema_of)
                .unwrap_or(Value::Null);
            operations.insert(
                id,
                Value::Array(vec![
                    method.to_uppercase().into(),
                    path.clone().into(),
                    request,
                    answer,
                ]),
            );
        }
    }
    let schemas = strip(&doc["components"]["schemas"]);
    let contract = serde_json::json!({ "operations": operations, "schemas": schemas });
    fs::write(out, contract.to_string()).expect("write contract.json");
}

/// Drops what validation does not use (descriptions, examples, formats) and shortens `$ref`s
/// to the schema name.
fn strip(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "description" | "example" | "examples" | "format" | "title" | "pattern"
                    )
                })
                .map(|(k, v)| match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => (
                        k.clone(),
                        Value::String(r.rsplit('/').next().unwrap_or(r).to_owned()),
                    ),
                    _ => (k.clone(), strip(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
        other => other.clone(),
    }
}
