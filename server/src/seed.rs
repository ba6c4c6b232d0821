//! The development seed: three organisations and their demo accounts, created once on an empty
//! database and printed at start. Development mode only: the secrets are well known.

use crate::clock::rfc3339;
use crate::crypto::password;
use crate::state::AppState;
use crate::store::{FactorRow, Org, User};
use crate::verify;
use mfa_wire::{MfaMethod, Role};

/// The demo accounts' password.
pub const PASSWORD: &str = "correct-horse-battery";
/// Bob's TOTP secret (160 bits), for the demo and the client's tests.
pub const BOB_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// The admin's TOTP secret (160 bits).
pub const ADMIN_TOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// Carol's SMS number (fictional range).
pub const CAROL_PHONE: &str = "+15555550100";

/// Seeds an empty database and returns the lines to print.
pub async fn run(state: &AppState) -> std::io::Result<Vec<String>> {
    let io = std::io::Error::other::<crate::store::StoreError>;
    if state.store.has_orgs().await.map_err(io)? {
        return Ok(vec![
            "development accounts already seeded (password: correct-horse-battery)".into(),
        ]);
    }
    let now = state.clock.now();
    let p = &state.policy;
    let hash = tokio::task::spawn_blocking({
        let (m, t) = (p.password_memory_kib, p.password_iterations);
        move || password::hash(PASSWORD, m, t)
    })
    .await
    .map_err(std::io::Error::other)?
    .map_err(std::io::Error::other)?;
    let orgs = [
        Org {
            id: "org_acme".into(),
            name: "Acme".into(),
            require_mfa: true,
            sso: false,
        },
        Org {
            id: "org_globex".into(),
            name: "Globex".into(),
            require_mfa: false,
            sso: true,
        },
        Org {
            id: "org_initech".into(),
            name: "Initech".into(),
            require_mfa: false,
            sso: false,
        },
    ];
    for org in &orgs {
        state.store.create_org(org).await.map_err(io)?;
    }
    let users = [
        ("usr_admin", "org_acme", "admin@acme.test", Role::Admin),
        ("usr_alice", "org_acme", "alice@acme.test", Role::Member),
        ("usr_bob", "org_acme", "bob@acme.test", Role::Member),
        ("usr_carol", "org_acme", "carol@acme.test", Role::Member),
        ("usr_dave", "org_globex", "dave@globex.test", Role::Member),
        ("usr_erin", "org_initech", "erin@initech.test", Role::Member),
    ];
    for (id, org, email, role) in users {
        let user = User {
            id: id.into(),
            org_id: org.into(),
            email: email.into(),
            password_hash: hash.clone(),
            role,
            must_enroll: false,
        };
        state.store.create_user(&user, now).await.map_err(io)?;
    }
    let crypto_err = |_| std::io::Error::other("cryptographic failure");
    for (user, secret) in [
        ("usr_admin", ADMIN_TOTP_SECRET),
        ("usr_bob", BOB_TOTP_SECRET),
    ] {
        let id = format!("fac_{}_totp", &user[4..]);
        let key = mfa_core::secret::decode(secret)
            .map_err(|_| std::io::Error::other("bad seed secret"))?;
        let sealed = state.key.seal(&id, &key).map_err(crypto_err)?;
        let factor = FactorRow {
            id,
            user_id: user.into(),
            method: MfaMethod::Totp,
            active: true,
            secret_ct: Some(sealed),
            phone: None,
            created_at: now,
            expires_at: None,
        };
        state
            .store
            .create_active_factor(&factor)
            .await
            .map_err(io)?;
    }
    let carol = FactorRow {
        id: "fac_carol_sms".into(),
        user_id: "usr_carol".into(),
        method: MfaMethod::Sms,
        active: true,
        secret_ct: None,
        phone: Some(CAROL_PHONE.into()),
        created_at: now,
        expires_at: None,
    };
    state.store.create_active_factor(&carol).await.map_err(io)?;
    let mut lines = vec![format!(
        "development accounts (password for all: {PASSWORD}), seeded {}:",
        rfc3339(now)
    )];
    lines.push(format!(
        "  admin@acme.test    Acme admin, TOTP secret {ADMIN_TOTP_SECRET}"
    ));
    lines.push(
        "  alice@acme.test    Acme requires 2FA and Alice has none: enrolment at login".into(),
    );
    lines.push(format!(
        "  bob@acme.test      TOTP secret {BOB_TOTP_SECRET}"
    ));
    lines.push(format!(
        "  carol@acme.test    SMS to {CAROL_PHONE} (read GET /api/dev/sms-outbox)"
    ));
    lines.push("  dave@globex.test   Globex uses SSO: sso_required".into());
    lines.push("  erin@initech.test  Initech does not require 2FA: signed in by password".into());
    for user in ["usr_admin", "usr_bob", "usr_carol"] {
        let (codes, stored) = verify::new_recovery_codes(state)
            .await
            .map_err(|_| std::io::Error::other("recovery code generation failed"))?;
        state
            .store
            .regenerate_recovery_codes(user, stored)
            .await
            .map_err(io)?;
        lines.push(format!(
            "  recovery codes of {}: {}",
            &user[4..],
            codes.join(" ")
        ));
    }
    Ok(lines)
}
