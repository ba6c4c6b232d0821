//! The API contract at run time: `api/openapi.json` compiled by build.rs (build/model.rs) into
//! static tables of nodes and operations, so nothing is parsed when the module starts. Requests
//! are checked strictly (unknown fields refused) and rebuilt from the known fields, each string
//! normalised by its `format`; answers are checked for the fields and types the client relies on
//! (extra fields are allowed, for forward compatibility).
//!
//! Reading the contract instead of deriving serde code for every wire type keeps the client
//! small: serde's monomorphised code was the largest part of the client (~35 KB gzip measured).

use super::requests::normalize;
use alloc::string::String;
use js_sys::{Array, Object, Reflect};
use mfa_core::Reason;
use wasm_bindgen::{JsCast, JsValue};

/// How a string of a request is normalised, from its `format` in the contract.
#[derive(Clone, Copy)]
pub(crate) enum Format {
    /// Taken as it is.
    Plain,
    /// `otp-code`: a one-time code of exactly this many digits.
    OtpCode(u8),
    /// `recovery-code`: `XXXX-XXXX-XXXX-XXXX`.
    RecoveryCode,
    /// `e164`: a phone number.
    E164,
    /// `totp-secret`: base32 of at least 160 bits.
    TotpSecret,
}

/// A schema of the contract.
pub(crate) enum Node {
    Str(Format),
    Bool,
    /// A whole number, at least the minimum when there is one.
    Int(Option<i64>),
    Enum(&'static [&'static str]),
    Array(u16),
    Object(&'static [Field]),
    /// The variant whose `tag` property has the given value.
    Union {
        tag: &'static str,
        variants: &'static [(&'static str, u16)],
    },
    /// Any object, passed on unchecked: the WebAuthn options in answers and credentials in
    /// requests (build/model.rs `UNCHECKED`, `UNCHECKED_IN_REQUESTS`).
    Any,
}

/// A property of an object schema.
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) node: u16,
    pub(crate) required: bool,
}

/// An operation: the nodes of its request and answer bodies (its name, method and path are in
/// `OPERATION_LINES`, at the same index).
pub(crate) struct Operation {
    pub(crate) request: Option<u16>,
    pub(crate) answer: Option<u16>,
}

include!(concat!(env!("OUT_DIR"), "/contract.rs"));

/// Why a request does not match: the JSON path of the field and the reason.
pub(crate) struct Problem {
    pub(crate) field: String,
    pub(crate) reason: Reason,
}

/// A request checked and rebuilt (strings normalised), or the first problem found.
pub(crate) fn request(node: u16, value: &JsValue) -> Result<JsValue, Problem> {
    Walk {
        strict: true,
        path: String::new(),
    }
    .node(node, value)
}

/// Whether an answer has the fields and types the client relies on.
pub(crate) fn answer_ok(node: u16, value: &JsValue) -> bool {
    Walk {
        strict: false,
        path: String::new(),
    }
    .node(node, value)
    .is_ok()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// One walk over a value: `strict` for requests. `path` is where it is (`proof.code`).
struct Walk {
    strict: bool,
    path: String,
}

impl Walk {
    fn problem(&self, reason: Reason) -> Problem {
        let field = if self.path.is_empty() {
            "request"
        } else {
            &self.path
        };
        Problem {
            field: field.into(),
            reason,
        }
    }

    /// `f` with `key` appended to the path.
    fn at<T>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        let out = f(self);
        self.path.truncate(len);
        out
    }

    fn node(&mut self, node: u16, value: &JsValue) -> Result<JsValue, Problem> {
        let wrong = |w: &Self| Err(w.problem(Reason::InvalidType));
        match &NODES[usize::from(node)] {
            Node::Str(format) => match value.as_string() {
                Some(text) if self.strict => normalize(*format, text)
                    .map(JsValue::from)
                    .map_err(|r| self.problem(r)),
                Some(_) => Ok(value.clone()),
                None => wrong(self),
            },
            Node::Bool if value.as_bool().is_some() => Ok(value.clone()),
            Node::Int(min) => match value.as_f64() {
                Some(n) if crate::num::is_whole(n) && min.is_none_or(|m| n >= m as f64) => {
                    Ok(value.clone())
                }
                Some(_) => Err(self.problem(Reason::OutOfRange)),
                None => wrong(self),
            },
            Node::Enum(values) => match value.as_string() {
                Some(text) if values.contains(&text.as_str()) => Ok(value.clone()),
                _ => Err(self.problem(Reason::InvalidValue)),
            },
            Node::Array(item) if Array::is_array(value) => {
                let out = Array::new();
                for (i, element) in Array::from(value).iter().enumerate() {
                    let checked =
                        self.at(&crate::num::decimal(i as u64), |w| w.node(*item, &element))?;
                    if self.strict {
                        out.push(&checked);
                    }
                }
                Ok(if self.strict {
                    out.into()
                } else {
                    value.clone()
                })
            }
            Node::Object(fields) => self.object(fields, value),
            Node::Union { tag, variants } => {
                let chosen = get(value, tag).as_string();
                match variants.iter().find(|(v, _)| Some(*v) == chosen.as_deref()) {
                    Some((_, variant)) if value.is_object() => self.node(*variant, value),
                    Some(_) => wrong(self),
                    None => self.at(tag, |w| Err(w.problem(Reason::InvalidValue))),
                }
            }
            Node::Any if value.is_object() => Ok(value.clone()),
            Node::Bool | Node::Array(_) | Node::Any => wrong(self),
        }
    }

    fn object(&mut self, fields: &[Field], value: &JsValue) -> Result<JsValue, Problem> {
        if !value.is_object() || Array::is_array(value) || value.is_function() {
            return Err(self.problem(Reason::InvalidType));
        }
        let out = Object::new();
        for field in fields {
            let v = get(value, field.name);
            if v.is_undefined() {
                if field.required {
                    return self.at(field.name, |w| Err(w.problem(Reason::MissingField)));
                }
                continue;
            }
            let checked = self.at(field.name, |w| w.node(field.node, &v))?;
            if self.strict {
                let _ = Reflect::set(&out, &field.name.into(), &checked);
            }
        }
        if !self.strict {
            return Ok(value.clone());
        }
        // Unknown fields are refused (`undefined` values count as absent).
        for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
            let name = key.as_string().unwrap_or_default();
            if !fields.iter().any(|f| f.name == name) && !get(value, &name).is_undefined() {
                return self.at(&name, |w| Err(w.problem(Reason::UnknownField)));
            }
        }
        Ok(out.into())
    }
}
