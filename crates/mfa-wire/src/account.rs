//! Login, logout and status: who the user is, what the session may do, which factors exist.

use serde::{Deserialize, Serialize};

/// A second-factor method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MfaMethod {
    /// An authenticator app (RFC 6238, SHA1, 6 digits, 30 s).
    Totp,
    /// A code sent by SMS (a NIST SP 800-63B "restricted" authenticator).
    Sms,
    /// A passkey or security key (WebAuthn Level 3), with user verification: phishing-resistant
    /// (NIST SP 800-63B 5.2.5).
    Webauthn,
}

/// The user's role in the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// May change the organisation's policy and reset members' 2FA.
    Admin,
    /// A regular member.
    Member,
}

/// What a session may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Fully signed in.
    Authenticated,
    /// Password verified; a second-factor challenge must follow.
    MfaRequired,
    /// Password verified; the user must enrol a second factor now.
    EnrollmentRequired,
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    /// Opaque user id.
    pub id: String,
    /// Email address (the login name).
    pub email: String,
    /// Role in the organisation.
    pub role: Role,
}

/// The organisation's authentication policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrgPolicy {
    /// Opaque organisation id.
    pub id: String,
    /// Display name, also the issuer in Key URIs.
    pub name: String,
    /// Every member must have a second factor.
    pub require_mfa: bool,
    /// Sign-in goes through the organisation's identity provider, which handles MFA.
    pub sso: bool,
}

/// An enrolled (confirmed) second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Factor {
    /// Opaque factor id.
    pub id: String,
    /// The method.
    pub method: MfaMethod,
    /// When it was confirmed (RFC 3339, UTC).
    pub created_at: String,
    /// For SMS, the number with all but the last digits masked (e.g. `+1•••••••0123`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub phone_hint: Option<String>,
}

/// `listFactors` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FactorList {
    /// The signed-in user's confirmed factors, TOTP first.
    pub factors: Vec<Factor>,
}

/// `login` request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
}
redacted_debug!(LoginRequest { email } hides { password });

/// `reauthenticate` request: the signed-in user's password again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReauthenticateRequest {
    /// Password.
    pub password: String,
}
redacted_debug!(ReauthenticateRequest {} hides { password });

/// `reauthenticate` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Reauthenticated {
    /// Until when the session may bind a first factor (RFC 3339, UTC).
    pub fresh_until: String,
}

/// `login` answer: which of four situations holds, tagged by `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LoginResponse {
    /// Signed in; no second factor needed.
    Authenticated(Authenticated),
    /// The user has factors: call `startChallenge`, then `verifyChallenge` (or `recover`).
    MfaRequired(MfaRequired),
    /// The organisation requires 2FA and the user has none: enrol now.
    EnrollmentRequired(EnrollmentRequired),
    /// The organisation uses SSO; no session was created.
    SsoRequired(SsoRequired),
}

/// A fully signed-in session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Authenticated {
    /// The user.
    pub user: UserInfo,
}

/// A second factor must follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MfaRequired {
    /// The user's enrolled methods, preferred first.
    pub methods: Vec<MfaMethod>,
}

/// A second factor must be enrolled now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentRequired {
    /// The methods that may be enrolled, preferred first.
    pub methods: Vec<MfaMethod>,
}

/// The identity provider handles sign-in and MFA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SsoRequired {
    /// The organisation's name.
    pub organization: String,
    /// Where to continue: the identity provider's sign-in address (absent when the server was
    /// not told one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub sign_in_url: Option<String>,
}

/// `getStatus` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatusResponse {
    /// The user.
    pub user: UserInfo,
    /// What this session may do.
    pub session: SessionState,
    /// Confirmed factors.
    pub factors: Vec<Factor>,
    /// Unused recovery codes.
    pub recovery_codes_remaining: u32,
    /// The user will be asked to enrol at the next login (no factor, and the organisation
    /// requires one or the last recovery code was used or an admin reset the user's 2FA).
    pub enrollment_required: bool,
    /// The organisation's policy.
    pub org: OrgPolicy,
    /// Second-factor codes are refused until then after too many wrong ones (RFC 3339); absent
    /// when they are not. A page that reloads shows the lock instead of a code field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub codes_locked_until: Option<String>,
    /// A change of method started in this session (`changeMethod`) is pending until then (RFC
    /// 3339); absent when there is none. A page that reloads resumes the new enrolment instead
    /// of forgetting it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub method_change_until: Option<String>,
}
