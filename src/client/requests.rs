//! Requests are checked against the contract and normalised locally before anything is sent:
//! a malformed code never reaches the server and never costs the person an attempt.

use super::errors::invalid_input;
use js_sys::{Array, Object, Reflect, JSON};
use mfa_core::validate::{self, RecoveryFormat, Validation};
use mfa_wire::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// A request body: deserialised from the caller's object (types checked, unknown fields
/// refused), normalised by [`Request::check`], and serialised as JSON.
pub(crate) trait Request: DeserializeOwned + Serialize {
    /// Validates and normalises what people type. The default accepts the request as it is.
    fn check(&mut self) -> Result<(), JsValue> {
        Ok(())
    }
}

/// The JSON body for `value`, or an `invalid_input` error naming the field.
pub(crate) fn body<R: Request>(value: JsValue) -> Result<String, JsValue> {
    let mut request: R = serde_wasm_bindgen::from_value(value.clone())
        .map_err(|e| contract_error(&e.to_string()))?;
    request.check()?;
    let js = request
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| invalid_input("request", "invalid_type"))?;
    // serde-wasm-bindgen reads only the fields a struct names, so `deny_unknown_fields` never
    // fires: compare the keys the caller sent with the keys the contract kept.
    if let Some(field) = unknown_field(&value, &js) {
        return Err(invalid_input(&field, "unknown_field"));
    }
    JSON::stringify(&js)
        .map(String::from)
        .map_err(|_| invalid_input("request", "invalid_type"))
}

/// The first key of `sent` (recursively, `undefined` values aside) that `kept` does not have.
fn unknown_field(sent: &JsValue, kept: &JsValue) -> Option<String> {
    let sent_obj = sent
        .dyn_ref::<Object>()
        .filter(|_| !Array::is_array(sent))?;
    for key in Object::keys(sent_obj).iter() {
        let name = key.as_string().unwrap_or_default();
        let value = Reflect::get(sent, &key).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() {
            continue;
        }
        if !Reflect::has(kept, &key).unwrap_or(false) {
            return Some(name);
        }
        let inner = Reflect::get(kept, &key).unwrap_or(JsValue::UNDEFINED);
        if let Some(nested) = unknown_field(&value, &inner) {
            return Some(name + "." + &nested);
        }
    }
    None
}

/// serde's messages can quote the value; only the field name is taken from them.
fn contract_error(message: &str) -> JsValue {
    for (prefix, reason) in [
        ("missing field `", "missing"),
        ("unknown field `", "unknown_field"),
    ] {
        if let Some(rest) = message.split(prefix).nth(1) {
            return invalid_input(rest.split('`').next().unwrap_or("request"), reason);
        }
    }
    invalid_input("request", "invalid_type")
}

fn apply(
    target: &mut String,
    field: &str,
    validate: impl Fn(&str) -> Validation,
) -> Result<(), JsValue> {
    match validate(target) {
        Ok(value) => {
            *target = value;
            Ok(())
        }
        Err(reason) => Err(invalid_input(field, reason.as_str())),
    }
}

/// Codes of the contract: 6 digits for TOTP and SMS (RFC 4226 R4), recovery codes in the
/// server's `XXXX-XXXX-XXXX-XXXX` format.
fn six_digits(code: &mut String, field: &str) -> Result<(), JsValue> {
    apply(code, field, |c| validate::totp_code(c, 6))
}

fn recovery(code: &mut String, field: &str) -> Result<(), JsValue> {
    apply(code, field, |c| {
        validate::recovery_code(c, RecoveryFormat::default())
    })
}

/// Operations without a body.
impl Request for () {}
impl Request for LoginRequest {}
impl Request for StartChallengeRequest {}
impl Request for ResendSmsRequest {}
impl Request for SetOrgPolicyRequest {}
impl Request for ResetMemberMfaRequest {}

impl Request for StartTotpEnrollmentRequest {
    fn check(&mut self) -> Result<(), JsValue> {
        if let Some(secret) = &mut self.secret {
            // The server requires 160 bits (RFC 4226 R6 recommendation); say so before sending.
            match mfa_core::secret::decode(secret) {
                Ok(bytes) if bytes.len() >= 20 => *secret = mfa_core::base32::encode(&bytes),
                Ok(_) => return Err(invalid_input("secret", "too_short")),
                Err(_) => return Err(invalid_input("secret", "invalid_character")),
            }
        }
        Ok(())
    }
}

impl Request for ConfirmTotpEnrollmentRequest {
    fn check(&mut self) -> Result<(), JsValue> {
        six_digits(&mut self.code, "code")
    }
}

impl Request for StartSmsEnrollmentRequest {
    fn check(&mut self) -> Result<(), JsValue> {
        apply(
            &mut self.phone_number,
            "phoneNumber",
            validate::phone_number,
        )
    }
}

impl Request for ConfirmSmsEnrollmentRequest {
    fn check(&mut self) -> Result<(), JsValue> {
        six_digits(&mut self.code, "code")
    }
}

impl Request for VerifyChallengeRequest {
    fn check(&mut self) -> Result<(), JsValue> {
        six_digits(&mut self.code, "code")
    }
}

impl Request for RecoverRequest {
    fn check(&mut self) -> Result<(), JsValue> {
        recovery(&mut self.code, "code")
    }
}

impl Request for RegenerateRecoveryCodesRequest {
    fn check(&mut self) -> Result<(), JsValue> {
        match &mut self.proof {
            SecondFactorProof::Totp { code } => six_digits(code, "proof.code"),
            SecondFactorProof::Sms { code, .. } => six_digits(code, "proof.code"),
        }
    }
}

impl Request for ChangeMethodRequest {
    fn check(&mut self) -> Result<(), JsValue> {
        match &mut self.proof {
            ReverificationProof::Totp { code } => six_digits(code, "proof.code"),
            ReverificationProof::Sms { code, .. } => six_digits(code, "proof.code"),
            ReverificationProof::RecoveryCode { code } => recovery(code, "proof.code"),
        }
    }
}
