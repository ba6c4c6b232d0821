//! The TypeScript declarations of the wire types the client's methods take and return, from the
//! shared `mfa-wire` crate (tsify). They are emitted here because the client links none of the
//! wire crate's code, and wasm-ld drops the custom sections of code units nothing reaches.

use mfa_wire::*;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

macro_rules! declare {
    ($($ty:ident),* $(,)?) => {
        $(
            #[allow(non_upper_case_globals)]
            #[wasm_bindgen(typescript_custom_section)]
            const $ty: &str = <$ty as Tsify>::DECL;
        )*
    };
}

declare!(
    MfaMethod,
    Role,
    SessionState,
    UserInfo,
    OrgPolicy,
    Factor,
    LoginRequest,
    LoginResponse,
    Authenticated,
    MfaRequired,
    EnrollmentRequired,
    SsoRequired,
    StatusResponse,
    SetOrgPolicyRequest,
    ResetMemberMfaRequest,
    MemberMfaReset,
    StartChallengeRequest,
    ChallengeStarted,
    VerifyChallengeRequest,
    StartTotpEnrollmentRequest,
    TotpEnrollmentStarted,
    ConfirmTotpEnrollmentRequest,
    StartSmsEnrollmentRequest,
    SmsSent,
    ConfirmSmsEnrollmentRequest,
    ResendSmsRequest,
    EnrollmentConfirmed,
    RecoverRequest,
    Recovered,
    SecondFactorProof,
    ReverificationProof,
    RegenerateRecoveryCodesRequest,
    RecoveryCodes,
    ChangeMethodRequest,
    MethodReset,
);
