//! Recovery codes, step-up proofs, and changing the method.

use crate::{AuthenticationResponseJson, MfaMethod, UserInfo};
use serde::{Deserialize, Serialize};

/// `recover` request: sign in with a recovery code instead of the second factor.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecoverRequest {
    /// A recovery code, `XXXX-XXXX-XXXX-XXXX`; case, spaces and dashes are tolerated.
    #[cfg_attr(feature = "openapi", schema(format = "recovery-code"))]
    pub code: String,
}
redacted_debug!(RecoverRequest {} hides { code });

/// `recover` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Recovered {
    /// The user; the session is now fully signed in.
    pub user: UserInfo,
    /// Unused recovery codes left.
    pub recovery_codes_remaining: u32,
    /// No code is left: the factors were removed and the user must enrol again (now, or at
    /// the next login).
    pub enrollment_required: bool,
}

/// A fresh second-factor verification, tagged by `method`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum SecondFactorProof {
    /// The current TOTP code.
    Totp {
        /// Exactly 6 ASCII digits.
        #[cfg_attr(
            feature = "openapi",
            schema(
                format = "otp-code",
                pattern = "^[0-9]{6}$",
                min_length = 6,
                max_length = 6
            )
        )]
        code: String,
    },
    /// An SMS code, from a challenge started with `startChallenge` in this session.
    Sms {
        /// The challenge.
        #[serde(rename = "challengeId")]
        challenge_id: String,
        /// Exactly 6 ASCII digits.
        #[cfg_attr(
            feature = "openapi",
            schema(
                format = "otp-code",
                pattern = "^[0-9]{6}$",
                min_length = 6,
                max_length = 6
            )
        )]
        code: String,
    },
    /// A passkey or security key: the assertion for a challenge started with `startChallenge`
    /// (`method: "webauthn"`) in this session.
    Webauthn {
        /// The challenge.
        #[serde(rename = "challengeId")]
        challenge_id: String,
        /// The assertion (`getPasskey`'s result).
        credential: AuthenticationResponseJson,
    },
}

impl core::fmt::Debug for SecondFactorProof {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Totp { .. } => f.debug_struct("Totp").field("code", &"<redacted>").finish(),
            Self::Sms { challenge_id, .. } => f
                .debug_struct("Sms")
                .field("challenge_id", challenge_id)
                .field("code", &"<redacted>")
                .finish(),
            Self::Webauthn { challenge_id, .. } => f
                .debug_struct("Webauthn")
                .field("challenge_id", challenge_id)
                .finish(),
        }
    }
}

/// A fresh verification with the current factor or a recovery code, tagged by `method` (a new
/// kind of factor adds a variant).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum ReverificationProof {
    /// The current TOTP code.
    Totp {
        /// Exactly 6 ASCII digits.
        #[cfg_attr(
            feature = "openapi",
            schema(
                format = "otp-code",
                pattern = "^[0-9]{6}$",
                min_length = 6,
                max_length = 6
            )
        )]
        code: String,
    },
    /// An SMS code, from a challenge started with `startChallenge` in this session.
    Sms {
        /// The challenge.
        #[serde(rename = "challengeId")]
        challenge_id: String,
        /// Exactly 6 ASCII digits.
        #[cfg_attr(
            feature = "openapi",
            schema(
                format = "otp-code",
                pattern = "^[0-9]{6}$",
                min_length = 6,
                max_length = 6
            )
        )]
        code: String,
    },
    /// A passkey or security key: the assertion for a challenge started with `startChallenge`
    /// (`method: "webauthn"`) in this session.
    Webauthn {
        /// The challenge.
        #[serde(rename = "challengeId")]
        challenge_id: String,
        /// The assertion (`getPasskey`'s result).
        credential: AuthenticationResponseJson,
    },
    /// An unused recovery code (it is consumed).
    RecoveryCode {
        /// `XXXX-XXXX-XXXX-XXXX`; case, spaces and dashes are tolerated.
        #[cfg_attr(feature = "openapi", schema(format = "recovery-code"))]
        code: String,
    },
}

impl core::fmt::Debug for ReverificationProof {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Totp { .. } => f.debug_struct("Totp").field("code", &"<redacted>").finish(),
            Self::Sms { challenge_id, .. } => f
                .debug_struct("Sms")
                .field("challenge_id", challenge_id)
                .field("code", &"<redacted>")
                .finish(),
            Self::RecoveryCode { .. } => f
                .debug_struct("RecoveryCode")
                .field("code", &"<redacted>")
                .finish(),
            Self::Webauthn { challenge_id, .. } => f
                .debug_struct("Webauthn")
                .field("challenge_id", challenge_id)
                .finish(),
        }
    }
}

/// `regenerateRecoveryCodes` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegenerateRecoveryCodesRequest {
    /// A fresh second-factor verification.
    pub proof: SecondFactorProof,
}

/// New recovery codes. Sent with `Cache-Control: no-store`; shown once. The old set no longer
/// works.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodes {
    /// 10 single-use codes, `XXXX-XXXX-XXXX-XXXX` (80 bits each).
    pub recovery_codes: Vec<String>,
}
redacted_debug!(RecoveryCodes {} hides { recovery_codes });

/// `changeMethod` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeMethodRequest {
    /// A fresh verification with the current factor or a recovery code.
    pub proof: ReverificationProof,
}

/// `changeMethod` answer: a change is pending. Enrol the new method in this session before
/// `expiresAt` (`startTotpEnrollment` or `startSmsEnrollment`, then its confirmation, which
/// replaces the current factor and issues new recovery codes in one step). Until then the
/// current factor and recovery codes keep working; `cancelMethodChange` or the expiry keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MethodChangeStarted {
    /// The methods that may be enrolled now, preferred first.
    pub methods: Vec<MfaMethod>,
    /// When the pending change ends (RFC 3339, UTC).
    pub expires_at: String,
}
