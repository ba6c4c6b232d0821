//! The contract read into what the client needs: its operations, and every schema they reach
//! as a table of nodes (references resolved, `allOf` merged, `oneOf` tagged by the one property
//! whose value tells the variants apart). Unknown constructs and formats stop the build.

use serde_json::{Map, Value};
use std::collections::HashMap;

/// How a string is normalised in a request, from its `format`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Format {
    /// No `format`, or one that only describes a number (`int32`, `int64`).
    Plain,
    /// `otp-code`: a one-time code of exactly this many digits (`minLength` = `maxLength`).
    OtpCode(u8),
    /// `recovery-code`: `XXXX-XXXX-XXXX-XXXX`.
    RecoveryCode,
    /// `e164`: a phone number.
    E164,
    /// `totp-secret`: base32, at least 160 bits.
    TotpSecret,
}

/// A schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    Str(Format),
    Bool,
    Int(Option<i64>),
    Enum(Vec<String>),
    Array(usize),
    Object(Vec<Field>),
    Union {
        tag: String,
        variants: Vec<(String, usize)>,
    },
    /// Any object: a part the client passes on unchecked (see [`UNCHECKED`],
    /// [`UNCHECKED_IN_REQUESTS`]).
    Any,
}

/// Request schemas the client passes on unchecked: the WebAuthn credentials, the browser's output
/// as `createPasskey`/`getPasskey` build it, not something a person types. The server refuses
/// unknown fields and malformed values with a typed 400 before an attempt is counted (serde
/// `deny_unknown_fields`; server/src/webauthn.rs `input`). Keeping their ~24 fields out of the
/// run-time tables keeps the size budget (243 B gzip, scripts/size.sh).
const UNCHECKED_IN_REQUESTS: [&str; 2] = ["RegistrationResponseJson", "AuthenticationResponseJson"];

/// Answer schemas the client passes on without checking their fields: the WebAuthn options,
/// which go to the browser (which checks them as `parseCreationOptionsFromJSON` does) and whose
/// binary fields `createPasskey`/`getPasskey` check as they convert them. Their interfaces stay
/// in the declarations (from the document); leaving their ~33 fields out of the run-time tables
/// keeps the package's size budget (scripts/size.sh). Never part of a request (checked below).
const UNCHECKED: [&str; 3] = [
    "PublicKeyCredentialCreationOptionsJson",
    "PublicKeyCredentialRequestOptionsJson",
    // Only `passkeyEnrollment` (mfa-wasm/webauthn) reads it: `publicKey` it checks, and a missing
    // `enrollmentId` is refused by the confirmation's request check (a required field).
    "WebAuthnEnrollmentStarted",
];

/// A property of an object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    pub name: String,
    pub node: usize,
    pub required: bool,
}

/// An operation the client offers.
pub struct Op {
    pub id: String,
    pub method: String,
    pub path: String,
    pub doc: String,
    /// The request body's schema (as in the document, for declarations) and node.
    pub request: Option<(Value, usize)>,
    /// Whether the request has a required field (else the argument is optional).
    pub request_required: bool,
    /// The answer's schema and node (`None`: no content).
    pub answer: Option<(Value, usize)>,
}

/// What the client is generated from.
pub struct Api {
    pub ops: Vec<Op>,
    pub nodes: Vec<Node>,
    /// The node of the error body every error answer shares.
    pub error_body: usize,
    /// The codes of the error body's `code` enum.
    pub error_codes: Vec<String>,
}

/// Operations tagged `dev` are the reference server's development aids, not the API.
const DEV_TAG: &str = "dev";

impl Api {
    pub fn read(doc: &Value) -> Api {
        check_formats(doc, "#");
        let mut b = Builder {
            schemas: doc["components"]["schemas"]
                .as_object()
                .expect("components.schemas"),
            nodes: Vec::new(),
            interned: HashMap::new(),
            components: HashMap::new(),
            in_request: false,
        };
        let mut ops = Vec::new();
        let mut error_schemas = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let id = op["operationId"].as_str().expect("operationId").to_owned();
                let tags = op["tags"].as_array().map(Vec::as_slice).unwrap_or_default();
                let responses = op["responses"].as_object().expect("responses");
                for (status, response) in responses {
                    if !status.starts_with('2') {
                        error_schemas.push((id.clone(), body_schema(response).cloned()));
                    }
                }
                if tags.iter().any(|t| t == DEV_TAG) {
                    continue;
                }
                let at = format!("{id} request");
                let request = op.get("requestBody").map(|body| {
                    let schema = body_schema(body).unwrap_or_else(|| panic!("{at}: no JSON body"));
                    b.in_request = true;
                    let node = b.node(schema, &at);
                    b.in_request = false;
                    (schema.clone(), node)
                });
                let request_required = request
                    .as_ref()
                    .is_some_and(|(s, _)| b.fields(s, &at).iter().any(|f| f.required));
                let answer = match (responses.get("200"), responses.get("204")) {
                    (Some(ok), None) => {
                        let schema =
                            body_schema(ok).unwrap_or_else(|| panic!("{id}: 200 without JSON"));
                        Some((schema.clone(), b.node(schema, &format!("{id} answer"))))
                    }
                    (None, Some(_)) => None,
                    _ => panic!("{id}: exactly one of 200 (JSON) or 204 is supported"),
                };
                let doc = [op.get("summary"), op.get("description")]
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n\n");
                ops.push(Op {
                    id,
                    method: method.to_uppercase(),
                    path: path.clone(),
                    doc: format!("{doc}\n\n`{} {path}`", method.to_uppercase()),
                    request,
                    request_required,
                    answer,
                });
            }
        }
        ops.sort_by(|a, b| a.id.cmp(&b.id));
        // Every error answer has the same body, whose `code` is an enum of the contract's codes.
        let body = error_schemas
            .iter()
            .map(|(id, s)| {
                s.clone()
                    .unwrap_or_else(|| panic!("{id}: an error answer without a JSON body"))
            })
            .reduce(|a, b| {
                assert_eq!(a, b, "every error answer must share one body schema");
                a
            })
            .expect("the contract has error answers");
        let error_body = b.node(&body, "error body");
        let code = b
            .fields(&body, "error body")
            .into_iter()
            .find(|f| f.name == "code" && f.required)
            .expect("the error body has a required `code`");
        let Node::Enum(error_codes) = b.nodes[code.node].clone() else {
            panic!("the error body's `code` must be an enum")
        };
        Api {
            ops,
            nodes: b.nodes,
            error_body,
            error_codes,
        }
    }
}

fn body_schema(body: &Value) -> Option<&Value> {
    body.pointer("/content/application~1json/schema")
}

/// Every `format` in the document must be one the client knows.
fn check_formats(value: &Value, at: &str) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(f)), false) =
                (map.get("format"), at.ends_with("/properties"))
            {
                format_of(map, f, at);
            }
            for (k, v) in map {
                check_formats(v, &format!("{at}/{k}"));
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| check_formats(v, &format!("{at}/{i}"))),
        _ => {}
    }
}

fn format_of(schema: &Map<String, Value>, format: &str, at: &str) -> Format {
    let kind = schema.get("type").and_then(Value::as_str);
    let string = || {
        assert_eq!(
            kind,
            Some("string"),
            "api/openapi.json {at}: format `{format}` is for strings"
        )
    };
    match format {
        "int32" | "int64" => {
            assert_eq!(kind, Some("integer"), "api/openapi.json {at}: format `{format}` is for integers");
            Format::Plain
        }
        "otp-code" => {
            string();
            let len = |k: &str| schema.get(k).and_then(Value::as_u64);
            match (len("minLength"), len("maxLength")) {
                (Some(min), Some(max)) if min == max && (4..=10).contains(&min) => Format::OtpCode(min as u8),
                _ => panic!("api/openapi.json {at}: an `otp-code` needs minLength = maxLength, 4 to 10"),
            }
        }
        "recovery-code" => (string(), Format::RecoveryCode).1,
        "e164" => (string(), Format::E164).1,
        "totp-secret" => (string(), Format::TotpSecret).1,
        other => panic!(
            "api/openapi.json {at}: unknown format `{other}`: teach build/model.rs (and the client's \
             normalisation, src/client/requests.rs) what it means, or remove it from mfa-wire"
        ),
    }
}

struct Builder<'a> {
    schemas: &'a Map<String, Value>,
    nodes: Vec<Node>,
    interned: HashMap<Node, usize>,
    components: HashMap<String, usize>,
    /// Building a request's nodes (where [`UNCHECKED`] schemas may not appear).
    in_request: bool,
}

impl Builder<'_> {
    fn intern(&mut self, node: Node) -> usize {
        if let Some(&i) = self.interned.get(&node) {
            return i;
        }
        self.nodes.push(node.clone());
        self.interned.insert(node, self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    fn component(&mut self, reference: &str) -> usize {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        if let Some(&i) = self.components.get(name) {
            return i;
        }
        if UNCHECKED_IN_REQUESTS.contains(&name) {
            let i = self.intern(Node::Any);
            self.components.insert(name.to_owned(), i);
            return i;
        }
        if UNCHECKED.contains(&name) {
            assert!(
                !self.in_request,
                "{name} is unchecked at run time: it may only be part of answers"
            );
            let i = self.intern(Node::Any);
            self.components.insert(name.to_owned(), i);
            return i;
        }
        let schema = self
            .schemas
            .get(name)
            .unwrap_or_else(|| panic!("no schema {name}"));
        let node = self.build(schema, name);
        let i = self.intern(node);
        self.components.insert(name.to_owned(), i);
        i
    }

    pub fn node(&mut self, schema: &Value, at: &str) -> usize {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return self.component(r);
        }
        let node = self.build(schema, at);
        self.intern(node)
    }

    fn build(&mut self, schema: &Value, at: &str) -> Node {
        let map = schema
            .as_object()
            .unwrap_or_else(|| panic!("{at}: not a schema"));
        if map.contains_key("allOf") {
            return Node::Object(self.fields(schema, at));
        }
        if let Some(variants) = map.get("oneOf").and_then(Value::as_array) {
            return self.union(variants, at);
        }
        if let Some(values) = map.get("enum").and_then(Value::as_array) {
            let values = values.iter().map(|v| {
                v.as_str()
                    .unwrap_or_else(|| panic!("{at}: enums are of strings"))
                    .to_owned()
            });
            return Node::Enum(values.collect());
        }
        let types: Vec<&str> = match map.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            None if map.contains_key("properties") => vec!["object"],
            _ => panic!("{at}: a schema without a type"),
        };
        let kinds: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
        let [kind] = kinds[..] else {
            panic!("{at}: one type (and null) per schema")
        };
        let node = match kind {
            "string" => Node::Str(match map.get("format").and_then(Value::as_str) {
                Some(f) => format_of(map, f, at),
                None => Format::Plain,
            }),
            "boolean" => Node::Bool,
            "integer" => Node::Int(
                map.get("minimum")
                    .map(|m| m.as_i64().expect("an integer minimum")),
            ),
            "array" => Node::Array(self.node(&map["items"], &format!("{at}[]"))),
            "object" => Node::Object(self.fields(schema, at)),
            other => panic!("{at}: unsupported type {other}"),
        };
        // The server never sends `null` (it skips absent values) and refuses none: an optional
        // field is `nullable = false` in mfa-wire, so that the declarations say `field?: T`.
        assert!(
            !types.contains(&"null"),
            "api/openapi.json {at}: a nullable schema; mark the Option field `schema(nullable = false)` in mfa-wire"
        );
        node
    }

    /// The properties of an object schema (a reference to one, or an `allOf` of them).
    pub fn fields(&mut self, schema: &Value, at: &str) -> Vec<Field> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.rsplit('/').next().unwrap_or(r);
            let target = self
                .schemas
                .get(name)
                .unwrap_or_else(|| panic!("no schema {name}"))
                .clone();
            return self.fields(&target, name);
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut fields: Vec<Field> = Vec::new();
            for part in parts {
                for field in self.fields(part, at) {
                    fields.retain(|f| f.name != field.name);
                    fields.push(field);
                }
            }
            return fields;
        }
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{at}: not an object schema"));
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        properties
            .iter()
            .map(|(name, s)| Field {
                name: name.clone(),
                node: self.node(s, &format!("{at}.{name}")),
                required: required.contains(&name.as_str()),
            })
            .collect()
    }

    /// `oneOf` whose variants are objects told apart by one required single-value enum property.
    fn union(&mut self, variants: &[Value], at: &str) -> Node {
        let mut tagged = Vec::new();
        for variant in variants {
            let fields = self.fields(variant, at);
            let tags: Vec<(String, String)> = fields
                .iter()
                .filter_map(|f| match &self.nodes[f.node] {
                    Node::Enum(values) if values.len() == 1 && f.required => {
                        Some((f.name.clone(), values[0].clone()))
                    }
                    _ => None,
                })
                .collect();
            tagged.push((tags, self.intern(Node::Object(fields))));
        }
        let names = tagged[0].0.iter().map(|(n, _)| n.clone());
        let common: Vec<String> = names
            .filter(|n| {
                tagged
                    .iter()
                    .all(|(tags, _)| tags.iter().any(|(m, _)| m == n))
            })
            .collect();
        let [tag] = &common[..] else {
            panic!("{at}: a oneOf needs exactly one tag property, found {common:?}")
        };
        let variants = tagged
            .into_iter()
            .map(|(tags, node)| (tags.into_iter().find(|(n, _)| n == tag).unwrap().1, node))
            .collect();
        Node::Union {
            tag: tag.clone(),
            variants,
        }
    }
}
