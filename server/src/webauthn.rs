//! Passkeys and security keys (WebAuthn Level 3) through webauthn-rs's passkey flow: user
//! verification required (the passkey is itself multi-factor, so U2F-only keys without a PIN or
//! biometric cannot register: the trade-off docs/security.md "WebAuthn" writes down), attestation
//! `none`, the user's credentials excluded at registration. The ceremony state is stored in the
//! database with the challenge (single use, expiring), never in one process's memory.
//!
//! ```
//! let rp = mfa_server::webauthn::RelyingParty::new("localhost", "http://localhost:8080", "ACME", 300).unwrap();
//! assert_eq!(rp.rp_id(), "localhost");
//! ```

use crate::error::{AppError, AppResult};
use crate::store::NewCredential;
use mfa_wire::{
    AuthenticationResponseJson, PublicKeyCredentialCreationOptionsJson,
    PublicKeyCredentialRequestOptionsJson, RegistrationResponseJson,
};
use serde::{de::DeserializeOwned, Serialize};
use sha2::{Digest, Sha256};
use webauthn_rs::prelude::{
    Credential, Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder, WebauthnError,
};

/// The relying party: RP ID and origin from the configuration (`--rp-id`, `--origin`).
pub struct RelyingParty {
    webauthn: Webauthn,
    rp_id: String,
}

impl RelyingParty {
    /// Refuses an origin whose host is not the RP ID or a subdomain of it (WebAuthn L3 §5.1.3
    /// step 8: the RP ID is a registrable domain suffix of the origin's effective domain).
    pub fn new(rp_id: &str, origin: &str, name: &str, ttl_seconds: u64) -> Result<Self, String> {
        let url = Url::parse(origin).map_err(|e| format!("--origin {origin:?}: {e}"))?;
        let webauthn = WebauthnBuilder::new(rp_id, &url)
            .map_err(|_| format!("--rp-id {rp_id:?} is not the host of --origin {origin:?} or a suffix of it (an IP address is never a valid RP ID: use http://localhost:PORT)"))?
            .rp_name(name)
            .timeout(std::time::Duration::from_secs(ttl_seconds))
            .build()
            .map_err(|e| format!("WebAuthn configuration: {e}"))?;
        Ok(Self {
            webauthn,
            rp_id: rp_id.to_owned(),
        })
    }

    /// The RP ID.
    pub fn rp_id(&self) -> &str {
        &self.rp_id
    }

    /// Starts a registration, excluding the user's credentials (WebAuthn L3 §5.4
    /// `excludeCredentials`). Returns the options and the state to store.
    pub fn start_registration(
        &self,
        user_id: &str,
        email: &str,
        exclude: Vec<Vec<u8>>,
    ) -> AppResult<(PublicKeyCredentialCreationOptionsJson, String)> {
        let (ccr, state) = self
            .webauthn
            .start_passkey_registration(user_handle(user_id), email, email, Some(exclude))
            .map_err(internal)?;
        Ok((convert(&ccr.public_key)?, to_json(&state)?))
    }

    /// Verifies a new credential against the stored state (WebAuthn L3 §7.1: challenge, origin,
    /// RP ID hash, UP and UV flags, algorithm, attestation `none`).
    pub fn finish_registration(
        &self,
        credential: &RegistrationResponseJson,
        state: &str,
    ) -> AppResult<Option<NewCredential>> {
        let state: PasskeyRegistration = from_json(state)?;
        let credential: RegisterPublicKeyCredential = input(credential)?;
        match self
            .webauthn
            .finish_passkey_registration(&credential, &state)
        {
            // WebAuthn L3 §6.5.1: credentialIdLength "MUST be <= 1023" (webauthn-rs allows up
            // to 4096 for future key-wrapped keys; PostgreSQL's btree index on the id cannot
            // hold much more than 2.7 KB, so a longer id answered 500 there).
            Ok(passkey) if passkey.cred_id().len() > MAX_CREDENTIAL_ID_BYTES => {
                tracing::warn!(
                    bytes = passkey.cred_id().len(),
                    "WebAuthn registration refused: credential id longer than 1023 bytes"
                );
                Ok(None)
            }
            Ok(passkey) => Ok(Some(registered(&passkey)?)),
            Err(e) => {
                tracing::warn!(error = %e, "WebAuthn registration refused");
                Ok(None)
            }
        }
    }

    /// Starts an authentication with the user's passkeys (`allowCredentials`, UV required).
    pub fn start_authentication(
        &self,
        passkeys: &[String],
    ) -> AppResult<(PublicKeyCredentialRequestOptionsJson, String)> {
        let passkeys = passkeys
            .iter()
            .map(|p| from_json::<Passkey>(p))
            .collect::<AppResult<Vec<_>>>()?;
        let (rcr, state) = self
            .webauthn
            .start_passkey_authentication(&passkeys)
            .map_err(internal)?;
        Ok((convert(&rcr.public_key)?, to_json(&state)?))
    }

    /// Verifies an assertion against the stored state (WebAuthn L3 §7.2: an allowed credential,
    /// challenge, origin, RP ID hash, UP and UV, signature, and the signature counter, which
    /// must grow unless both it and the stored one are 0, step 22). Returns the credential id and
    /// its new counter and backup state, or `None` when refused.
    pub fn finish_authentication(
        &self,
        credential: &AuthenticationResponseJson,
        state: &str,
    ) -> AppResult<Option<Asserted>> {
        let state: PasskeyAuthentication = from_json(state)?;
        let credential: PublicKeyCredential = input(credential)?;
        match self
            .webauthn
            .finish_passkey_authentication(&credential, &state)
        {
            Ok(result) => Ok(Some(Asserted {
                cred_id: result.cred_id().clone(),
                counter: result.counter(),
                backup_state: result.backup_state(),
                result,
            })),
            Err(WebauthnError::CredentialPossibleCompromise) => {
                // WebAuthn L3 §7.2 step 22: a counter that did not grow signals a cloned
                // authenticator.
                tracing::warn!(
                    credential = %credential.id,
                    "WebAuthn signature counter went backwards: possible cloned authenticator; refused"
                );
                Ok(None)
            }
            Err(e) => {
                tracing::warn!(error = %e, "WebAuthn assertion refused");
                Ok(None)
            }
        }
    }
}

/// A verified assertion.
pub struct Asserted {
    /// Which credential.
    pub cred_id: Vec<u8>,
    /// Its signature counter now.
    pub counter: u32,
    /// BS now.
    pub backup_state: bool,
    result: webauthn_rs::prelude::AuthenticationResult,
}

impl Asserted {
    /// The stored passkey updated with this assertion (counter, backup flags), as JSON.
    pub fn updated(&self, passkey: &str) -> AppResult<String> {
        let mut passkey: Passkey = from_json(passkey)?;
        passkey.update_credential(&self.result);
        to_json(&passkey)
    }
}

/// The longest credential id a registration may bring (WebAuthn L3 §6.5.1).
pub const MAX_CREDENTIAL_ID_BYTES: usize = 1023;

/// The user handle: 16 bytes derived from the opaque user id, with no personal data (WebAuthn
/// L3 §14.6.1 "user handle contents").
pub fn user_handle(user_id: &str) -> Uuid {
    let digest = Sha256::digest(format!("mfa-server webauthn user handle\0{user_id}"));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

/// The record of a new credential: webauthn-rs's `Passkey` and the flags it verified (WebAuthn
/// L3 §6.1: UV, always set here; BE, a syncable passkey; BS, backed up now).
fn registered(passkey: &Passkey) -> AppResult<NewCredential> {
    // `danger-credential-internals` only reads the flags webauthn-rs verified.
    let cred: Credential = passkey.clone().into();
    Ok(NewCredential {
        cred_id: passkey.cred_id().clone(),
        passkey: to_json(passkey)?,
        sign_count: cred.counter,
        user_verified: cred.user_verified,
        backup_eligible: cred.backup_eligible,
        backup_state: cred.backup_state,
    })
}

/// One serde shape into another (webauthn-rs's JSON and the wire's are the same L3 forms).
fn convert<A: Serialize, B: DeserializeOwned>(value: &A) -> AppResult<B> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(internal)
}

/// The client's credential in webauthn-rs's types: malformed base64url is `invalid_input`.
fn input<A: Serialize, B: DeserializeOwned>(value: &A) -> AppResult<B> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|_| {
            AppError::input(
                "credential",
                "invalid_value",
                "the credential is not a WebAuthn L3 JSON credential (base64url fields)",
            )
        })
}

fn to_json<T: Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(internal)
}

fn from_json<T: DeserializeOwned>(text: &str) -> AppResult<T> {
    serde_json::from_str(text).map_err(internal)
}

fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "WebAuthn");
    AppError::internal()
}

/// Checks a WebAuthn assertion for a sign-in or step-up challenge: verified against the stored
/// ceremony state, a credential of this user, the challenge used up atomically (single use,
/// WebAuthn L3 §13.4.3: a replayed assertion finds it used), then the counter recorded only if
/// it grew (§7.2 step 22, atomic). `None` when refused.
pub async fn check_assertion(
    state: &crate::state::AppState,
    user_id: &str,
    challenge: &crate::store::Challenge,
    credential: &AuthenticationResponseJson,
) -> AppResult<Option<()>> {
    let Some(ceremony) = challenge.ceremony.as_deref() else {
        return Ok(None);
    };
    let Some(asserted) = state.webauthn.finish_authentication(credential, ceremony)? else {
        return Ok(None);
    };
    // A credential of another user can never pass: the ceremony allows only this user's
    // credentials, and the row must belong to this user too.
    let Some(stored) = state
        .store
        .webauthn_credentials(user_id)
        .await?
        .into_iter()
        .find(|c| c.cred_id == asserted.cred_id)
    else {
        tracing::warn!("WebAuthn assertion by a credential of another user refused");
        return Ok(None);
    };
    let passkey = asserted.updated(&stored.passkey)?;
    let now = state.clock.now();
    if !state.store.consume_challenge(&challenge.id, now).await? {
        return Ok(None);
    }
    if !state
        .store
        .record_assertion(
            user_id,
            &asserted.cred_id,
            asserted.counter,
            passkey,
            asserted.backup_state,
            now,
        )
        .await?
    {
        tracing::warn!(
            "WebAuthn signature counter did not grow: possible cloned authenticator; refused"
        );
        return Ok(None);
    }
    Ok(Some(()))
}
