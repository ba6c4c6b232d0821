// `mfa-wasm`: everything. The core (as `mfa-wasm/core`), the typed client `MfaClient`, the
// headless flows `EnrollmentFlow` and `ChallengeFlow`, and the DOM helpers.
export * from "./core.js";
export { default } from "./core.js";
export { MfaClient, type CallOptions, type MfaClientOperations, type MfaClientOptions, type TotpSelfCheck } from "./client/client.js";
export { EnrollmentFlow, type PasskeyEnrollment, type EnrollmentClient, type EnrollmentMethod, type EnrollmentOptions, type EnrollmentState, type EnrollmentStateName } from "./flow/enrollment.js";
export { ChallengeFlow, type PasskeySignIn, type ChallengeClient, type ChallengeOptions, type ChallengeState, type ChallengeStateName, type SecondFactors } from "./flow/challenge.js";
export type { CodeAttempts, FlowStatus } from "./flow/machine.js";
export { bindCodeInput, type CodeInputOptions, type CodeKind } from "./ui/code-input.js";
export { startCountdown, type CountdownOptions, type CountdownTick } from "./ui/countdown.js";
export { copyText, webOtp, type WebOtpOptions } from "./ui/browser.js";
export { downloadRecoveryCodes, printRecoveryCodes, recoveryCodesText, type RecoveryCodesOptions } from "./ui/recovery-codes.js";
export { mountQr } from "./ui/qr-mount.js";
