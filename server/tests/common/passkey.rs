//! A software WebAuthn authenticator for the tests: ES256 (P-256) credentials, attestation
//! `none`, and the browser's part (clientDataJSON). Every field a rule checks can be set wrong
//! on purpose: the origin, the RP ID, the UV/BE/BS flags, the signature counter.
#![allow(dead_code)]

use p256::ecdsa::{signature::Signer, DerSignature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// One credential on a software authenticator.
pub struct SoftPasskey {
    key: SigningKey,
    pub cred_id: Vec<u8>,
    /// The next assertion's signature counter (0 stays 0, as for synced passkeys).
    pub counter: u32,
    /// The origin the "browser" writes into clientDataJSON.
    pub origin: String,
    /// The RP ID whose hash the authenticator writes into authenticatorData.
    pub rp_id: String,
    /// Flags: user verified, backup eligible, backed up.
    pub uv: bool,
    pub be: bool,
    pub bs: bool,
}

impl SoftPasskey {
    /// A credential with a key and id derived from `seed`, for `origin` and RP ID `localhost`.
    pub fn new(seed: u8, origin: &str) -> Self {
        let secret = Sha256::digest([b"soft passkey key".as_slice(), &[seed]].concat());
        Self {
            key: SigningKey::from_slice(&secret).expect("a valid P-256 scalar"),
            cred_id: Sha256::digest([b"soft passkey id".as_slice(), &[seed]].concat()).to_vec(),
            counter: 1,
            origin: origin.to_owned(),
            rp_id: "localhost".to_owned(),
            uv: true,
            be: true,
            bs: false,
        }
    }

    fn client_data(&self, kind: &str, options: &Value) -> Vec<u8> {
        let challenge = options["challenge"].as_str().expect("options.challenge");
        serde_json::to_vec(&json!({
            "type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": false
        }))
        .unwrap()
    }

    fn auth_data(&self, attested: Option<Vec<u8>>) -> Vec<u8> {
        let mut flags = 0x01; // UP
        flags |= if self.uv { 0x04 } else { 0 };
        flags |= if self.be { 0x08 } else { 0 };
        flags |= if self.bs { 0x10 } else { 0 };
        flags |= if attested.is_some() { 0x40 } else { 0 };
        let mut data = Sha256::digest(self.rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend_from_slice(&self.counter.to_be_bytes());
        data.extend(attested.unwrap_or_default());
        data
    }

    /// `navigator.credentials.create()` with these creation options: a
    /// `RegistrationResponseJSON`.
    pub fn register(&self, options: &Value) -> Value {
        let point = self.key.verifying_key().to_sec1_point(false);
        let xy = point.as_bytes();
        let cose = cbor_map(&[
            (int(1), int(2)),  // kty: EC2
            (int(3), int(-7)), // alg: ES256
            (int(-1), int(1)), // crv: P-256
            (int(-2), bytes(&xy[1..33])),
            (int(-3), bytes(&xy[33..65])),
        ]);
        let mut attested = vec![0u8; 16]; // AAGUID
        attested.extend_from_slice(&(self.cred_id.len() as u16).to_be_bytes());
        attested.extend_from_slice(&self.cred_id);
        attested.extend(cose);
        let auth_data = self.auth_data(Some(attested));
        let attestation = cbor_map(&[
            (text("fmt"), text("none")),
            (text("attStmt"), cbor_map(&[])),
            (text("authData"), bytes(&auth_data)),
        ]);
        let id = b64(&self.cred_id);
        json!({
            "id": id, "rawId": id, "type": "public-key",
            "response": {
                "clientDataJSON": b64(&self.client_data("webauthn.create", options)),
                "attestationObject": b64(&attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        })
    }

    /// `navigator.credentials.get()` with these request options: an
    /// `AuthenticationResponseJSON`.
    pub fn assert(&self, options: &Value) -> Value {
        let client_data = self.client_data("webauthn.get", options);
        let auth_data = self.auth_data(None);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&Sha256::digest(&client_data));
        let signature: DerSignature = self.key.sign(&signed);
        let id = b64(&self.cred_id);
        json!({
            "id": id, "rawId": id, "type": "public-key",
            "response": {
                "clientDataJSON": b64(&client_data),
                "authenticatorData": b64(&auth_data),
                "signature": b64(signature.as_bytes()),
            },
            "clientExtensionResults": {},
        })
    }
}

/// base64url without padding (RFC 4648 §5).
pub fn b64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

// A minimal CBOR encoder (RFC 8949 §3): what attestation objects and COSE keys need.
fn head(major: u8, n: u64) -> Vec<u8> {
    let m = major << 5;
    match n {
        0..=23 => vec![m | n as u8],
        24..=0xff => vec![m | 24, n as u8],
        0x100..=0xffff => [vec![m | 25], (n as u16).to_be_bytes().to_vec()].concat(),
        _ => [vec![m | 26], (n as u32).to_be_bytes().to_vec()].concat(),
    }
}
fn int(n: i64) -> Vec<u8> {
    if n >= 0 {
        head(0, n as u64)
    } else {
        head(1, (-1 - n) as u64)
    }
}
fn bytes(b: &[u8]) -> Vec<u8> {
    [head(2, b.len() as u64), b.to_vec()].concat()
}
fn text(t: &str) -> Vec<u8> {
    [head(3, t.len() as u64), t.as_bytes().to_vec()].concat()
}
fn cbor_map(pairs: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = head(5, pairs.len() as u64);
    for (k, v) in pairs {
        out.extend_from_slice(k);
        out.extend_from_slice(v);
    }
    out
}
