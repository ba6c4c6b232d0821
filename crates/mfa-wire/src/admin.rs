//! Organisation administration.

use serde::{Deserialize, Serialize};

/// `setOrgPolicy` request. Omitted settings are unchanged.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetOrgPolicyRequest {
    /// The admin's password, re-entered (ASVS 5.0 7.5.1).
    pub password: String,
    /// Require 2FA for every member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub require_mfa: Option<bool>,
    /// Turn SSO on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub sso: Option<bool>,
}
redacted_debug!(SetOrgPolicyRequest { require_mfa, sso } hides { password });

/// `resetMemberMfa` request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetMemberMfaRequest {
    /// The member's email address (same organisation).
    pub member_email: String,
    /// The admin's password, re-entered (ASVS 5.0 7.5.1).
    pub password: String,
}
redacted_debug!(ResetMemberMfaRequest { member_email } hides { password });

/// `resetMemberMfa` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MemberMfaReset {
    /// The member's user id.
    pub user_id: String,
    /// How many factors were removed. The member's sessions were ended and the member enrols
    /// again at the next login.
    pub factors_removed: u32,
}
