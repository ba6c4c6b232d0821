//! The JSON shapes the contract promises.

use mfa_wire::*;
use serde_json::{json, Value};

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn error_body_is_camel_case_and_omits_absent_details() {
    let mut err = ApiError::new(ErrorCode::LockedOut, "locked");
    assert_eq!(
        to_json(&err),
        json!({ "code": "locked_out", "message": "locked" })
    );
    err.attempts_remaining = Some(0);
    err.retry_after_seconds = Some(900);
    err.locked_until = Some("2030-01-01T00:00:00Z".into());
    err.field = Some("code".into());
    err.reason = Some("too_short".into());
    assert_eq!(
        to_json(&err),
        json!({ "code": "locked_out", "message": "locked", "attemptsRemaining": 0, "retryAfterSeconds": 900,
                "lockedUntil": "2030-01-01T00:00:00Z", "field": "code", "reason": "too_short" })
    );
}

#[test]
fn error_codes_are_snake_case_literals() {
    for (code, text) in [
        (ErrorCode::InvalidCode, "invalid_code"),
        (ErrorCode::RateLimited, "rate_limited"),
        (ErrorCode::LockedOut, "locked_out"),
        (ErrorCode::ChallengeExpired, "challenge_expired"),
        (ErrorCode::EnrollmentRequired, "enrollment_required"),
        (ErrorCode::MfaRequired, "mfa_required"),
        (ErrorCode::SsoManaged, "sso_managed"),
        (ErrorCode::NotEnrolled, "not_enrolled"),
        (ErrorCode::Unauthorized, "unauthorized"),
        (ErrorCode::Forbidden, "forbidden"),
        (ErrorCode::InvalidInput, "invalid_input"),
        (ErrorCode::NotFound, "not_found"),
        (ErrorCode::Conflict, "conflict"),
        (ErrorCode::Internal, "internal"),
        (ErrorCode::Unavailable, "unavailable"),
        (ErrorCode::RecoveryRequired, "recovery_required"),
        (
            ErrorCode::ReauthenticationRequired,
            "reauthentication_required",
        ),
    ] {
        assert_eq!(to_json(&code), json!(text));
    }
}

#[test]
fn login_response_is_tagged_by_status() {
    let user = UserInfo {
        id: "u1".into(),
        email: "a@b.c".into(),
        role: Role::Member,
    };
    assert_eq!(
        to_json(&LoginResponse::Authenticated(Authenticated {
            user: user.clone()
        })),
        json!({ "status": "authenticated", "user": { "id": "u1", "email": "a@b.c", "role": "member" } })
    );
    assert_eq!(
        to_json(&LoginResponse::MfaRequired(MfaRequired {
            methods: vec![MfaMethod::Totp, MfaMethod::Sms]
        })),
        json!({ "status": "mfa_required", "methods": ["totp", "sms"] })
    );
    assert_eq!(
        to_json(&LoginResponse::SsoRequired(SsoRequired {
            organization: "Globex".into(),
            sign_in_url: None,
        })),
        json!({ "status": "sso_required", "organization": "Globex" })
    );
    assert_eq!(
        to_json(&LoginResponse::SsoRequired(SsoRequired {
            organization: "Globex".into(),
            sign_in_url: Some("https://idp.example/sso".into()),
        })),
        json!({ "status": "sso_required", "organization": "Globex", "signInUrl": "https://idp.example/sso" })
    );
    let back: LoginResponse =
        serde_json::from_value(json!({ "status": "enrollment_required", "methods": ["totp"] }))
            .unwrap();
    assert_eq!(
        back,
        LoginResponse::EnrollmentRequired(EnrollmentRequired {
            methods: vec![MfaMethod::Totp]
        })
    );
}

#[test]
fn proofs_are_tagged_by_method_and_refuse_unknown_fields() {
    let proof: ReverificationProof =
        serde_json::from_value(json!({ "method": "recovery_code", "code": "ABCD-EFGH-IJKL-MNOP" }))
            .unwrap();
    assert!(matches!(proof, ReverificationProof::RecoveryCode { .. }));
    let proof: SecondFactorProof =
        serde_json::from_value(json!({ "method": "sms", "challengeId": "c1", "code": "123456" }))
            .unwrap();
    assert_eq!(
        proof,
        SecondFactorProof::Sms {
            challenge_id: "c1".into(),
            code: "123456".into()
        }
    );
    assert!(serde_json::from_value::<SecondFactorProof>(
        json!({ "method": "totp", "code": "123456", "extra": 1 })
    )
    .is_err());
    assert!(serde_json::from_value::<SecondFactorProof>(
        json!({ "method": "recovery_code", "code": "x" })
    )
    .is_err());
    assert!(serde_json::from_value::<RegenerateRecoveryCodesRequest>(
        json!({ "proof": { "method": "totp", "code": "1" }, "x": 1 })
    )
    .is_err());
}

#[test]
fn requests_refuse_unknown_fields_and_wrong_types() {
    assert!(serde_json::from_value::<LoginRequest>(
        json!({ "email": "a", "password": "b", "admin": true })
    )
    .is_err());
    assert!(serde_json::from_value::<VerifyChallengeRequest>(
        json!({ "challengeId": "c", "code": 123456 })
    )
    .is_err());
    assert!(serde_json::from_value::<VerifyChallengeRequest>(
        json!({ "challengeId": "c", "code": null })
    )
    .is_err());
    let empty: StartTotpEnrollmentRequest = serde_json::from_value(json!({})).unwrap();
    assert_eq!(empty.secret, None);
}

#[test]
fn debug_never_prints_secrets() {
    let login = LoginRequest {
        email: "a@b.c".into(),
        password: "hunter2".into(),
    };
    let started = TotpEnrollmentStarted {
        enrollment_id: "e".into(),
        secret: "JBSWY3DPEHPK3PXP".into(),
        otpauth_uri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP".into(),
        algorithm: "SHA1".into(),
        digits: 6,
        period: 30,
        expires_at: "t".into(),
    };
    let codes = RecoveryCodes {
        recovery_codes: vec!["ABCD-EFGH-IJKL-MNOP".into()],
    };
    let proof = SecondFactorProof::Totp {
        code: "123456".into(),
    };
    let printed = format!("{login:?} {started:?} {codes:?} {proof:?}");
    for secret in ["hunter2", "JBSWY3DPEHPK3PXP", "ABCD-EFGH", "123456"] {
        assert!(!printed.contains(secret), "{printed}");
    }
    assert!(printed.contains("a@b.c"));
}
