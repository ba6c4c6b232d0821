//! What the browser answers: WebAuthn L3 `RegistrationResponseJSON` and
//! `AuthenticationResponseJSON`. Every field `toJSON()` gives in Chromium, Firefox and Safari is
//! known here (requests refuse unknown fields).

use serde::{Deserialize, Serialize};

wire!(request
    /// `RegistrationResponseJSON`.
    RegistrationResponseJson {
        /// The credential id, base64url.
        pub id: String,
        /// The same, base64url.
        pub raw_id: String,
        /// `public-key`.
        #[serde(rename = "type")]
        pub kind: String,
        /// The authenticator's answer.
        pub response: AttestationResponseJson,
        /// `platform` or `cross-platform`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub authenticator_attachment: Option<String>,
        /// Extension outputs.
        pub client_extension_results: ClientExtensionResultsJson,
    }
);

wire!(request
    /// `AuthenticatorAttestationResponseJSON`.
    AttestationResponseJson {
        /// base64url.
        #[serde(rename = "clientDataJSON")]
        pub client_data_json: String,
        /// base64url (CBOR; attestation `none`).
        pub attestation_object: String,
        /// base64url (also inside `attestationObject`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub authenticator_data: Option<String>,
        /// Transports the authenticator supports.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub transports: Option<Vec<String>>,
        /// base64url SubjectPublicKeyInfo (also inside `attestationObject`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub public_key: Option<String>,
        /// The COSE algorithm of the key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub public_key_algorithm: Option<i64>,
    }
);

wire!(request
    /// `AuthenticationResponseJSON`.
    AuthenticationResponseJson {
        /// The credential id, base64url.
        pub id: String,
        /// The same, base64url.
        pub raw_id: String,
        /// `public-key`.
        #[serde(rename = "type")]
        pub kind: String,
        /// The authenticator's answer.
        pub response: AssertionResponseJson,
        /// `platform` or `cross-platform`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub authenticator_attachment: Option<String>,
        /// Extension outputs.
        pub client_extension_results: ClientExtensionResultsJson,
    }
);

wire!(request
    /// `AuthenticatorAssertionResponseJSON`.
    AssertionResponseJson {
        /// base64url.
        #[serde(rename = "clientDataJSON")]
        pub client_data_json: String,
        /// base64url.
        pub authenticator_data: String,
        /// base64url.
        pub signature: String,
        /// The user handle the authenticator holds, base64url.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub user_handle: Option<String>,
    }
);

wire!(request
    /// `AuthenticationExtensionsClientOutputsJSON`: the outputs of the extensions the server
    /// asks for.
    ClientExtensionResultsJson {
        /// `credProps`: whether the credential is discoverable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub cred_props: Option<CredPropsJson>,
    }
);

wire!(request
    /// `CredentialPropertiesOutput`.
    CredPropsJson {
        /// Discoverable (resident) credential.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub rk: Option<bool>,
    }
);
