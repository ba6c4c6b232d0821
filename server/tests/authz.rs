//! Authorization and CSRF, table-driven from the contract: every state-changing operation of
//! `api/openapi.json` must be classified in [`TABLE`] (the test fails on one it does not know),
//! and each is then refused with the right status and code without the CSRF header, from a
//! foreign origin, without a session, from a password-only session where it needs a full one,
//! by a member where it needs an admin, and with another user's ids (`authz/foreign.rs`).
//! ASVS 5.0 3.5.1-3.5.3 (CSRF), 7.2 (sessions), 8.2 (authorization); docs/security.md K10 (no
//! step-2 bypass); WSTG-ATHN-11 (IDOR).

mod authz {
    pub mod contract;
    pub mod foreign;
}
mod common;

use authz::contract::{call, state_changing};
use common::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

/// How an operation treats sessions.
pub struct Rule {
    pub op: &'static str,
    /// It needs a session (`unauthorized` without one).
    pub session: bool,
    /// The refusal of a session that passed the password but still needs its second factor
    /// (`mfa_required`), or `None` where such a session may call it.
    pub mfa_pending: Option<&'static str>,
    /// The same for a session that must enrol first (`enrollment_required`).
    pub enrol_pending: Option<&'static str>,
    /// Only admins (`forbidden` for members).
    pub admin: bool,
    /// The request fields naming another user's resources (checked in `authz/foreign.rs`).
    pub ids: &'static [&'static str],
}

const fn rule(op: &'static str, session: bool, pending: [Option<&'static str>; 2]) -> Rule {
    Rule {
        op,
        session,
        mfa_pending: pending[0],
        enrol_pending: pending[1],
        admin: false,
        ids: &[],
    }
}

const ALLOWED: Option<&str> = None;
const MFA: Option<&str> = Some("mfa_required");
const ENROL: Option<&str> = Some("enrollment_required");

pub const TABLE: &[Rule] = &[
    rule("login", false, [ALLOWED, ALLOWED]),
    rule("logout", false, [ALLOWED, ALLOWED]),
    // Any session may prove its password again (an enrolling one needs it to bind a factor).
    rule("reauthenticate", true, [ALLOWED, ALLOWED]),
    rule("advanceDevClock", false, [ALLOWED, ALLOWED]),
    rule("startTotpEnrollment", true, [MFA, ALLOWED]),
    Rule {
        ids: &["enrollmentId"],
        ..rule("confirmTotpEnrollment", true, [MFA, ALLOWED])
    },
    rule("startSmsEnrollment", true, [MFA, ALLOWED]),
    rule("startWebAuthnEnrollment", true, [MFA, ALLOWED]),
    Rule {
        ids: &["enrollmentId"],
        ..rule("confirmWebAuthnEnrollment", true, [MFA, ALLOWED])
    },
    Rule {
        ids: &["challengeId"],
        ..rule("confirmSmsEnrollment", true, [MFA, ALLOWED])
    },
    Rule {
        ids: &["challengeId"],
        ..rule("resendSms", true, [ALLOWED, ALLOWED])
    },
    rule("startChallenge", true, [ALLOWED, ENROL]),
    Rule {
        ids: &["challengeId"],
        ..rule("verifyChallenge", true, [ALLOWED, ENROL])
    },
    rule("recover", true, [ALLOWED, ENROL]),
    Rule {
        ids: &["challengeId"],
        ..rule("regenerateRecoveryCodes", true, [MFA, ENROL])
    },
    Rule {
        ids: &["challengeId"],
        ..rule("changeMethod", true, [MFA, ENROL])
    },
    rule("cancelMethodChange", true, [MFA, ENROL]),
    Rule {
        admin: true,
        ..rule("setOrgPolicy", true, [MFA, ENROL])
    },
    Rule {
        admin: true,
        ids: &["memberEmail"],
        ..rule("resetMemberMfa", true, [MFA, ENROL])
    },
];

pub fn rule_of(op: &str) -> &'static Rule {
    TABLE.iter().find(|r| r.op == op).unwrap()
}

/// A server whose limits never answer in place of the rule under test.
async fn server() -> TestServer {
    start(|c| c.policy.ip_failure_limit = 100_000).await
}

#[test]
fn every_state_changing_operation_is_classified() {
    let ops = state_changing();
    let known: BTreeSet<&str> = TABLE.iter().map(|r| r.op).collect();
    let found: BTreeSet<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        found, known,
        "classify every state-changing operation in TABLE"
    );
    for op in &ops {
        let rule = rule_of(&op.id);
        assert!(op.security.contains("csrf"), "{} must declare csrf", op.id);
        // The contract says which operations take a session; logout also works without one.
        let declared = op.security.contains("session");
        assert_eq!(declared, rule.session || op.id == "logout", "{}", op.id);
        // Every `...Id` the request can carry has a foreign-id check.
        for field in op.fields.iter().filter(|f| f.ends_with("Id")) {
            if field == "rawId" {
                // A WebAuthn credential's id (inside `credential` or a passkey proof): another
                // user's credential is refused by `webauthn_refusals.rs`
                // (`a_credential_of_another_user_is_refused`, WebAuthn L3 §7.2 steps 5-6), and
                // one already registered by the same test (§7.1 step 26).
                continue;
            }
            assert!(rule.ids.contains(&field.as_str()), "{}.{field}", op.id);
        }
        for id in rule.ids {
            assert!(
                op.fields.contains(*id),
                "{}.{id} is not in the contract",
                op.id
            );
        }
        assert_eq!(rule.admin, op.path.starts_with("/api/admin/"), "{}", op.id);
    }
}

/// ASVS 5.0 3.5.2/3.5.1/3.5.3: no custom header, a foreign Origin or a cross-site fetch are
/// refused before anything else, with a signed-in admin's cookie. The same request with the
/// header and no session passes the guard (so the guard, not something else, refused).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csrf_is_enforced_on_every_state_changing_operation() {
    let t = server().await;
    let admin = t.signed_in("admin@acme.test", ADMIN_SECRET).await;
    let forbidden = |reason: &str| (StatusCode::FORBIDDEN, Some(reason.to_owned()));
    let reason = |(s, b): (StatusCode, Value)| (s, b["reason"].as_str().map(str::to_owned));
    for op in state_changing() {
        let no_header = call(&admin, &op, false, &[]).await;
        assert_eq!(reason(no_header), forbidden("csrf_header"), "{}", op.id);
        let evil = [("Origin", "https://evil.example")];
        assert_eq!(
            reason(call(&admin, &op, true, &evil).await),
            forbidden("origin"),
            "{}",
            op.id
        );
        let cross = [("Sec-Fetch-Site", "cross-site")];
        assert_eq!(
            reason(call(&admin, &op, true, &cross).await),
            forbidden("origin"),
            "{}",
            op.id
        );
        let (status, body) = call(&t.client(), &op, true, &[("Origin", &t.url())]).await;
        assert!(
            !(status == StatusCode::FORBIDDEN && code_of(&body) == "forbidden"),
            "{}: the guard refused a same-origin request: {body}",
            op.id
        );
    }
    assert_eq!(
        admin.status().await["session"],
        "authenticated",
        "nothing ran"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_that_need_a_session_refuse_none() {
    let t = server().await;
    for op in state_changing().iter().filter(|o| rule_of(&o.id).session) {
        let (status, body) = call(&t.client(), op, true, &[]).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{}",
            op.id
        );
    }
    let (status, body, _) = t.client().get("/api/status").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
}

/// docs/security.md K10: a session that has only passed the password (or must still enrol) cannot do
/// what needs a full sign-in. Admin operations are tried with the admin's own password-only
/// session and the right password, so only the session state can refuse them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_only_sessions_are_refused_where_a_full_one_is_needed() {
    let t = server().await;
    let (admin, _) = t.login("admin@acme.test").await;
    let (bob, _) = t.login("bob@acme.test").await;
    let (alice, _) = t.login("alice@acme.test").await;
    let mut tried = 0;
    for op in state_changing() {
        let rule = rule_of(&op.id);
        let mfa_pending = if rule.admin { &admin } else { &bob };
        for (client, refusal) in [
            (mfa_pending, rule.mfa_pending),
            (&alice, rule.enrol_pending),
        ] {
            let Some(code) = refusal else { continue };
            let (status, body) = call(client, &op, true, &[]).await;
            assert_eq!(
                (status, code_of(&body)),
                (StatusCode::FORBIDDEN, code),
                "{}",
                op.id
            );
            tried += 1;
        }
    }
    let refusals = TABLE
        .iter()
        .map(|r| usize::from(r.mfa_pending.is_some()) + usize::from(r.enrol_pending.is_some()));
    assert_eq!(
        tried,
        refusals.sum::<usize>(),
        "every refusal of the table was tried"
    );
    assert_eq!(admin.status().await["session"], "mfa_required");
    assert_eq!(alice.status().await["session"], "enrollment_required");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_are_forbidden_admin_operations() {
    let t = server().await;
    let bob = t.signed_in("bob@acme.test", BOB_SECRET).await;
    let mut tried = 0;
    for op in state_changing().iter().filter(|o| rule_of(&o.id).admin) {
        let (status, body) = call(&bob, op, true, &[]).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "forbidden"),
            "{}",
            op.id
        );
        tried += 1;
    }
    assert_eq!(tried, 2);
    let status = bob.status().await;
    assert_eq!(
        status["org"]["requireMfa"], true,
        "the policy did not change"
    );
    assert_eq!(status["factors"].as_array().unwrap().len(), 1);
}

/// Every id-taking operation refuses another user's ids (`not_found`, as if they did not exist),
/// and the owner can still use them afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_users_ids_are_not_found() {
    let mut covered = BTreeSet::new();
    for rule in TABLE {
        for field in rule.ids {
            authz::foreign::check(rule.op, field).await;
            covered.insert((rule.op, *field));
        }
    }
    assert_eq!(covered.len(), 8);
}

/// Outside development mode (no loopback allowance), a request whose Origin is the server's own
/// passes the guard, as does a configured origin; the same host on another scheme or port does
/// not (ASVS 5.0 3.5.1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_own_origin_passes_without_dev_mode() {
    let t = start(|c| {
        c.dev = false;
        c.cors_origins = vec!["https://app.example".into()];
    })
    .await;
    let login = state_changing()
        .into_iter()
        .find(|o| o.id == "login")
        .unwrap();
    let own = t.url();
    let other_port = format!("{}1", t.url());
    let other_scheme = t.url().replacen("http://", "https://", 1);
    for (origin, passes) in [
        (own.as_str(), true),
        ("https://app.example", true),
        (other_port.as_str(), false),
        (other_scheme.as_str(), false),
    ] {
        let (status, body) = call(&t.client(), &login, true, &[("Origin", origin)]).await;
        let refused = (status, body["reason"].as_str()) == (StatusCode::FORBIDDEN, Some("origin"));
        assert_eq!(!refused, passes, "{origin}: {status} {body}");
    }
}
