//! The API contract at run time: `api/openapi.json` compiled by build.rs into operations and
//! schemas (an OpenAPI 3.1 subset: `$ref`, `allOf`, `oneOf`, `enum`, `type` with `null`,
//! `properties`, `required`, `additionalProperties`, `items`, `minimum`). Requests are checked
//! strictly (unknown fields refused) and rebuilt from the known fields; answers are checked for
//! the fields and types the client relies on (extra fields are allowed, for forward compatibility).
//!
//! Reading the contract instead of deriving serde code for every wire type keeps the client
//! small: serde's monomorphised code was the largest part of the client (~35 KB gzip measured).

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static CONTRACT: JsValue = JSON::parse(include_str!(concat!(env!("OUT_DIR"), "/contract.json"))).unwrap_or(JsValue::NULL);
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// An operation of the contract.
pub(crate) struct Operation {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) request: JsValue,
    pub(crate) answer: JsValue,
}

/// The operation named by its `operationId`.
pub(crate) fn operation(id: &str) -> Option<Operation> {
    let op = CONTRACT.with(|c| get(&get(c, "operations"), id));
    let part = |i: u32| Reflect::get_u32(&op, i).unwrap_or(JsValue::UNDEFINED);
    Some(Operation {
        method: part(0).as_string()?,
        path: part(1).as_string()?,
        request: part(2),
        answer: part(3),
    })
}

/// A named schema, e.g. `ApiError`.
pub(crate) fn schema(name: &str) -> JsValue {
    CONTRACT.with(|c| get(&get(c, "schemas"), name))
}

/// Why a request does not match: the JSON path of the field and a stable reason.
pub(crate) struct Problem {
    pub(crate) field: String,
    pub(crate) reason: &'static str,
}

/// Normalises a string property of a request: `(schema, property, enclosing object, value)`.
pub(crate) type Normalize<'a> =
    &'a dyn Fn(&str, &str, &JsValue, String) -> Result<String, &'static str>;

/// How strictly to check.
#[derive(Clone, Copy)]
pub(crate) enum Mode<'a> {
    /// A request: unknown fields refused, strings normalised, a clean copy built.
    Request(Normalize<'a>),
    /// An answer: required fields and types only.
    Answer,
}

/// Checks `value` against `schema`; returns the (for requests, rebuilt and normalised) value.
pub(crate) fn check(schema: &JsValue, value: &JsValue, mode: Mode<'_>) -> Result<JsValue, Problem> {
    walk(schema, value, mode, "", "")
}

fn problem(path: &str, key: &str, reason: &'static str) -> Problem {
    let field = if path.is_empty() {
        key.to_owned()
    } else if key.is_empty() {
        path.to_owned()
    } else {
        format_path(path, key)
    };
    Problem {
        field: if field.is_empty() {
            "request".into()
        } else {
            field
        },
        reason,
    }
}

fn format_path(path: &str, key: &str) -> String {
    let mut out = String::with_capacity(path.len() + key.len() + 1);
    out.push_str(path);
    out.push('.');
    out.push_str(key);
    out
}

fn walk(
    schema: &JsValue,
    value: &JsValue,
    mode: Mode<'_>,
    path: &str,
    name: &str,
) -> Result<JsValue, Problem> {
    if let Some(target) = get(schema, "$ref").as_string() {
        return walk(&self::schema(&target), value, mode, path, &target);
    }
    if let Some(parts) = get(schema, "allOf").dyn_ref::<Array>() {
        let merged = Object::new();
        for part in parts.iter() {
            let checked = walk(&part, value, mode, path, name)?;
            if checked.is_object() {
                Object::assign(&merged, checked.unchecked_ref());
            }
        }
        return Ok(merged.into());
    }
    if let Some(variants) = get(schema, "oneOf").dyn_ref::<Array>() {
        return one_of(variants, value, mode, path, name);
    }
    let types = get(schema, "type");
    if value.is_null()
        && (Array::is_array(&types) && Array::from(&types).includes(&"null".into(), 0))
    {
        return Ok(JsValue::NULL);
    }
    let kind = if Array::is_array(&types) {
        Array::from(&types).get(0).as_string()
    } else {
        types.as_string()
    };
    if let Some(allowed) = get(schema, "enum").dyn_ref::<Array>() {
        return if allowed.includes(value, 0) {
            Ok(value.clone())
        } else {
            Err(problem(path, "", "invalid_value"))
        };
    }
    match kind.as_deref() {
        Some("object") | None if get(schema, "properties").is_object() => {
            object(schema, value, mode, path, name)
        }
        Some("string") => value
            .as_string()
            .map(JsValue::from)
            .ok_or_else(|| problem(path, "", "invalid_type")),
        Some("boolean") => value
            .as_bool()
            .map(JsValue::from)
            .ok_or_else(|| problem(path, "", "invalid_type")),
        Some("integer") => match value.as_f64() {
            Some(n)
                if n.fract() == 0.0
                    && get(schema, "minimum").as_f64().is_none_or(|min| n >= min) =>
            {
                Ok(value.clone())
            }
            _ => Err(problem(path, "", "invalid_type")),
        },
        Some("array") => {
            let items = value
                .dyn_ref::<Array>()
                .filter(|_| Array::is_array(value))
                .ok_or_else(|| problem(path, "", "invalid_type"))?;
            let item_schema = get(schema, "items");
            let out = Array::new();
            for item in items.iter() {
                out.push(&walk(&item_schema, &item, mode, path, name)?);
            }
            Ok(out.into())
        }
        _ => Ok(value.clone()),
    }
}

fn object(
    schema: &JsValue,
    value: &JsValue,
    mode: Mode<'_>,
    path: &str,
    name: &str,
) -> Result<JsValue, Problem> {
    if !value.is_object() || Array::is_array(value) || value.is_function() {
        return Err(problem(path, "", "invalid_type"));
    }
    let properties = get(schema, "properties");
    let required = get(schema, "required");
    let required: &Array = required.unchecked_ref();
    let out = Object::new();
    for key in Object::keys(properties.unchecked_ref::<Object>()).iter() {
        let key_name = key.as_string().unwrap_or_default();
        let field = get(value, &key_name);
        if field.is_undefined() {
            if Array::is_array(required.as_ref()) && required.includes(&key, 0) {
                return Err(problem(path, &key_name, "missing"));
            }
            continue;
        }
        let here = if path.is_empty() {
            key_name.clone()
        } else {
            format_path(path, &key_name)
        };
        let mut checked = walk(&get(&properties, &key_name), &field, mode, &here, name)?;
        if let (Mode::Request(normalize), Some(text)) = (mode, checked.as_string()) {
            checked = normalize(name, &key_name, value, text)
                .map_err(|reason| problem(&here, "", reason))?
                .into();
        }
        let _ = Reflect::set(&out, &key, &checked);
    }
    if let Mode::Request(_) = mode {
        // Unknown fields (`additionalProperties: false`); `undefined` values count as absent.
        for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
            let key_name = key.as_string().unwrap_or_default();
            if !Reflect::has(&properties, &key).unwrap_or(false)
                && !get(value, &key_name).is_undefined()
            {
                return Err(problem(path, &key_name, "unknown_field"));
            }
        }
    }
    Ok(out.into())
}

/// `oneOf` with a discriminator: the variant whose single-value `enum` properties (e.g.
/// `method: "totp"`) match the value. For answers, any variant that matches.
fn one_of(
    variants: &Array,
    value: &JsValue,
    mode: Mode<'_>,
    path: &str,
    name: &str,
) -> Result<JsValue, Problem> {
    if let Mode::Answer = mode {
        return variants
            .iter()
            .find_map(|v| walk(&v, value, mode, path, name).ok())
            .ok_or_else(|| problem(path, "", "invalid_value"));
    }
    let mut tag = String::new();
    for variant in variants.iter() {
        let properties = get(&variant, "properties");
        let discriminates = Object::keys(properties.unchecked_ref::<Object>())
            .iter()
            .all(|key| {
                let key_name = key.as_string().unwrap_or_default();
                let allowed = get(&get(&properties, &key_name), "enum");
                if Array::is_array(&allowed) && Array::from(&allowed).length() == 1 {
                    tag = key_name.clone();
                    return Array::from(&allowed).includes(&get(value, &key_name), 0);
                }
                true
            });
        if discriminates {
            return walk(&variant, value, mode, path, name);
        }
    }
    Err(problem(path, &tag, "invalid_value"))
}
