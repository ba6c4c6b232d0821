//! Second-factor challenges at sign-in (and for step-up proofs).

use crate::{AuthenticationResponseJson, MfaMethod, PublicKeyCredentialRequestOptionsJson};
use serde::{Deserialize, Serialize};

/// `startChallenge` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartChallengeRequest {
    /// Which enrolled factor to use. For SMS a code is sent.
    pub method: MfaMethod,
}

/// `startChallenge` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChallengeStarted {
    /// Pass it to `verifyChallenge` (or in an SMS proof).
    pub challenge_id: String,
    /// The method.
    pub method: MfaMethod,
    /// When the challenge expires (RFC 3339, UTC).
    pub expires_at: String,
    /// For SMS, the masked number the code went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub phone_hint: Option<String>,
    /// For SMS, seconds before `resendSms` is allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub resend_after_seconds: Option<u64>,
    /// For WebAuthn, the request options: pass them to `getPasskey` (or
    /// `PublicKeyCredential.parseRequestOptionsFromJSON`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub public_key: Option<PublicKeyCredentialRequestOptionsJson>,
}

/// `verifyChallenge` request: a `code` (TOTP, SMS) or, for WebAuthn, a `credential`; exactly
/// one of the two.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyChallengeRequest {
    /// From `startChallenge`.
    pub challenge_id: String,
    /// The code: exactly 6 ASCII digits.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            nullable = false,
            format = "otp-code",
            pattern = "^[0-9]{6}$",
            min_length = 6,
            max_length = 6,
            example = "123456"
        )
    )]
    pub code: Option<String>,
    /// For WebAuthn: the assertion (`getPasskey`'s result, or `credential.toJSON()`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub credential: Option<AuthenticationResponseJson>,
}
redacted_debug!(VerifyChallengeRequest { challenge_id, credential } hides { code });

/// An optional field that may be absent but never `null` (a `null` is a wrong type, as the
/// contract says: no field of it is nullable).
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}
