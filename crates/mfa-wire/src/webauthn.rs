//! Passkeys and security keys (WebAuthn): options and credentials in the WebAuthn Level 3 JSON
//! forms (`PublicKeyCredentialCreationOptionsJSON`, `PublicKeyCredentialRequestOptionsJSON`,
//! `RegistrationResponseJSON`, `AuthenticationResponseJSON`: what `PublicKeyCredential.toJSON()`
//! gives and `parseCreationOptionsFromJSON` takes). Binary values are base64url without padding.
//!
//! ```
//! let started: mfa_wire::WebAuthnEnrollmentStarted = serde_json::from_str(r#"{
//!   "enrollmentId": "chl_1", "expiresAt": "2026-01-01T00:00:00Z",
//!   "publicKey": { "rp": { "id": "localhost", "name": "ACME" },
//!     "user": { "id": "AAAA", "name": "a@b.test", "displayName": "a@b.test" },
//!     "challenge": "AAAA", "pubKeyCredParams": [{ "type": "public-key", "alg": -7 }] } }"#).unwrap();
//! assert_eq!(started.public_key.rp.id, "localhost");
//! ```

use serde::{Deserialize, Serialize};

macro_rules! wire {
    ($(#[$m:meta])* $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "camelCase")]
        pub struct $name { $($body)* }
    };
    (request $(#[$m:meta])* $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name { $($body)* }
    };
}

wire!(
    /// `startWebAuthnEnrollment` answer: pass `publicKey` to `createPasskey` (or
    /// `PublicKeyCredential.parseCreationOptionsFromJSON`).
    WebAuthnEnrollmentStarted {
        /// Pass it to `confirmWebAuthnEnrollment`.
        pub enrollment_id: String,
        /// When the ceremony expires (RFC 3339, UTC).
        pub expires_at: String,
        /// The creation options.
        pub public_key: PublicKeyCredentialCreationOptionsJson,
    }
);

wire!(request
    /// `confirmWebAuthnEnrollment` request.
    ConfirmWebAuthnEnrollmentRequest {
        /// From `startWebAuthnEnrollment`.
        pub enrollment_id: String,
        /// The new credential (`createPasskey`'s result, or `credential.toJSON()`).
        pub credential: RegistrationResponseJson,
    }
);

wire!(
    /// WebAuthn L3 `PublicKeyCredentialCreationOptionsJSON`.
    PublicKeyCredentialCreationOptionsJson {
        /// The relying party.
        pub rp: RelyingPartyJson,
        /// The account (its `id` is an opaque user handle, base64url).
        pub user: UserEntityJson,
        /// base64url.
        pub challenge: String,
        /// Accepted algorithms, preferred first.
        pub pub_key_cred_params: Vec<CredentialParameterJson>,
        /// Milliseconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub timeout: Option<u32>,
        /// Credentials the user has already: an authenticator holding one refuses
        /// (`InvalidStateError`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub exclude_credentials: Option<Vec<CredentialDescriptorJson>>,
        /// `userVerification` is `required`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub authenticator_selection: Option<AuthenticatorSelectionJson>,
        /// `none`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub attestation: Option<String>,
        /// Extension inputs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub extensions: Option<RegistrationExtensionsJson>,
    }
);

wire!(
    /// The registration extensions the server asks for (`credProtect`, `credProps`, `uvm`).
    RegistrationExtensionsJson {
        /// `credProtect`: `userVerificationRequired` (CTAP 2.1 §12.1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub credential_protection_policy: Option<String>,
        /// Whether an authenticator without `credProtect` must refuse.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub enforce_credential_protection_policy: Option<bool>,
        /// User verification method.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub uvm: Option<bool>,
        /// Whether the credential is discoverable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub cred_props: Option<bool>,
    }
);

wire!(
    /// WebAuthn L3 `PublicKeyCredentialRequestOptionsJSON`.
    PublicKeyCredentialRequestOptionsJson {
        /// base64url.
        pub challenge: String,
        /// Milliseconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub timeout: Option<u32>,
        /// The relying party's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub rp_id: Option<String>,
        /// The user's credentials.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub allow_credentials: Option<Vec<CredentialDescriptorJson>>,
        /// `required`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub user_verification: Option<String>,
    }
);

wire!(
    /// `PublicKeyCredentialRpEntity`.
    RelyingPartyJson {
        /// The RP ID (a registrable domain suffix of the origin's host).
        pub id: String,
        /// Display name.
        pub name: String,
    }
);

wire!(
    /// `PublicKeyCredentialUserEntityJSON`.
    UserEntityJson {
        /// The user handle, base64url (opaque, no personal data).
        pub id: String,
        /// The account name.
        pub name: String,
        /// The display name.
        pub display_name: String,
    }
);

wire!(
    /// `PublicKeyCredentialParameters`.
    CredentialParameterJson {
        /// `public-key`.
        #[serde(rename = "type")]
        pub kind: String,
        /// A COSE algorithm (-7 ES256, -257 RS256, ...).
        pub alg: i64,
    }
);

wire!(
    /// `PublicKeyCredentialDescriptorJSON`.
    CredentialDescriptorJson {
        /// `public-key`.
        #[serde(rename = "type")]
        pub kind: String,
        /// The credential id, base64url.
        pub id: String,
        /// Transport hints (`usb`, `nfc`, `ble`, `internal`, `hybrid`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub transports: Option<Vec<String>>,
    }
);

wire!(
    /// `AuthenticatorSelectionCriteria`.
    AuthenticatorSelectionJson {
        /// `platform` or `cross-platform`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub authenticator_attachment: Option<String>,
        /// `discouraged`, `preferred` or `required`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub resident_key: Option<String>,
        /// Level 1's form of `residentKey: "required"`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub require_resident_key: Option<bool>,
        /// `required` here.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub user_verification: Option<String>,
    }
);

#[path = "webauthn_responses.rs"]
mod responses;
pub use responses::*;
