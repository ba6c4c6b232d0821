//! Enrolment of a TOTP app or an SMS number.

use crate::{Factor, UserInfo};
use serde::{Deserialize, Serialize};

/// `startTotpEnrollment` request.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartTotpEnrollmentRequest {
    /// A secret the client generated (base32, at least 160 bits). Omit it to let the server
    /// generate one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false, format = "totp-secret"))]
    pub secret: Option<String>,
}
redacted_debug!(StartTotpEnrollmentRequest {} hides { secret });

/// `startTotpEnrollment` answer. Sent with `Cache-Control: no-store`; the secret is never
/// readable again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TotpEnrollmentStarted {
    /// Pass it to `confirmTotpEnrollment`.
    pub enrollment_id: String,
    /// The shared secret, canonical base32.
    #[cfg_attr(feature = "openapi", schema(format = "totp-secret"))]
    pub secret: String,
    /// The `otpauth://totp/...` Key URI, for a QR code.
    pub otpauth_uri: String,
    /// `SHA1`.
    pub algorithm: String,
    /// 6.
    pub digits: u8,
    /// 30 seconds.
    pub period: u32,
    /// When the pending enrolment expires (RFC 3339, UTC).
    pub expires_at: String,
}
redacted_debug!(TotpEnrollmentStarted { enrollment_id, algorithm, digits, period, expires_at } hides { secret, otpauth_uri });

/// `confirmTotpEnrollment` request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfirmTotpEnrollmentRequest {
    /// From `startTotpEnrollment`.
    pub enrollment_id: String,
    /// The current code from the app: exactly 6 ASCII digits.
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "otp-code",
            pattern = "^[0-9]{6}$",
            min_length = 6,
            max_length = 6,
            example = "123456"
        )
    )]
    pub code: String,
}
redacted_debug!(ConfirmTotpEnrollmentRequest { enrollment_id } hides { code });

/// `startSmsEnrollment` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartSmsEnrollmentRequest {
    /// The number in E.164 form (`+14155550132`); spaces and dashes are tolerated.
    #[cfg_attr(feature = "openapi", schema(format = "e164"))]
    pub phone_number: String,
}

/// A code was sent by SMS (`startSmsEnrollment`, `resendSms`, and `startChallenge` for SMS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SmsSent {
    /// The challenge the code is bound to.
    pub challenge_id: String,
    /// The number with all but the last digits masked.
    pub phone_hint: String,
    /// When the code expires (RFC 3339, UTC; at most 10 minutes).
    pub expires_at: String,
    /// Seconds before `resendSms` is allowed.
    pub resend_after_seconds: u64,
}

/// `confirmSmsEnrollment` request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfirmSmsEnrollmentRequest {
    /// From `startSmsEnrollment`.
    pub challenge_id: String,
    /// The code from the SMS: exactly 6 ASCII digits.
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "otp-code",
            pattern = "^[0-9]{6}$",
            min_length = 6,
            max_length = 6,
            example = "123456"
        )
    )]
    pub code: String,
}
redacted_debug!(ConfirmSmsEnrollmentRequest { challenge_id } hides { code });

/// `resendSms` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResendSmsRequest {
    /// The SMS challenge (enrolment or sign-in) whose code to replace and send again.
    pub challenge_id: String,
}

/// A confirmed enrolment. Sent with `Cache-Control: no-store`: the recovery codes are shown
/// once and can never be fetched again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentConfirmed {
    /// The new factor.
    pub factor: Factor,
    /// 10 single-use recovery codes, `XXXX-XXXX-XXXX-XXXX` (80 bits each).
    pub recovery_codes: Vec<String>,
    /// The user; the session is now fully signed in.
    pub user: UserInfo,
}
redacted_debug!(EnrollmentConfirmed { factor, user } hides { recovery_codes });
