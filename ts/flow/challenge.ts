// ChallengeFlow: sign-in as a headless state machine: the password, the second factor (a code
// from the authenticator app, or by SMS with the server's resend cool-down), a recovery code,
// lockout with its end, the SSO hand-off and forced (re-)enrolment. Codes are checked locally
// (Rust, src/validate.rs) before they are sent, so a malformed one costs no attempt.
import { fail, optFn, opts, str, type MfaError } from "../errors.js";
import { validateRecoveryCode, validateSmsCode, validateTotpCode } from "../validate.js";
import type { MfaClient } from "../client/client.js";
import type { Authenticated, MfaMethod, UserInfo } from "../wasm.js";
import { attempts, checkClient, type CodeAttempts, type FlowStatus, count, lockout, Machine, protocol, serverClock, text } from "./machine.js";

/**
 * What `ChallengeFlow` needs from the client: an `MfaClient`, or anything shaped like one.
 * @example const client: ChallengeClient = new MfaClient({ baseUrl: "/" });
 */
export type ChallengeClient = Pick<MfaClient, "login" | "getStatus" | "startChallenge" | "verifyChallenge" | "resendSms" | "recover" | "serverTime">;

/** Options of `new ChallengeFlow`. */
export interface ChallengeOptions {
  /** Disposes of the flow when it aborts, as `dispose()` does. */
  signal?: AbortSignal;
  /** `passkeySignIn(client)` of `mfa-wasm/webauthn`: signs in with a passkey when the person chooses "webauthn". */
  passkey?: PasskeySignIn;
}

/**
 * The passkey step of a sign-in: a WebAuthn challenge, the ceremony and its verification
 * (`passkeySignIn(client)` of `mfa-wasm/webauthn`, or anything shaped like it).
 * @example new ChallengeFlow(client, { passkey: passkeySignIn(client) });
 */
export type PasskeySignIn = (options: { signal: AbortSignal }) => Promise<Authenticated>;

/**
 * The second factors the person has, preferred first; a recovery code is always possible too.
 * @example const offer = (s: SecondFactors) => s.methods.includes("sms");
 */
export interface SecondFactors {
  readonly methods: readonly MfaMethod[];
}

/**
 * The states of a `ChallengeFlow`, told apart by `state`. Each is an immutable snapshot; `error`
 * is the last action's failure (it clears on the next change) and `pending` the server call in
 * flight.
 * @example
 * flow.subscribe((s: ChallengeState) => {
 *   if (s.state === "entering_code" && s.lastAttempt) warn("This is your last attempt.");
 * });
 */
export type ChallengeState =
  /** Ask for the email and password (`signIn`), or `resume()` a session after a reload. */
  | ({ readonly state: "entering_password" } & FlowStatus<"sign_in" | "resume">)
  /** Choose a second factor (`chooseMethod`) or `useRecoveryCode()`. */
  | ({ readonly state: "choosing_method" } & SecondFactors & FlowStatus<"start_challenge" | "passkey">)
  /** Ask for the code (`submitCode`); for SMS, `resend()` once `canResend`. */
  | ({
      readonly state: "entering_code";
      readonly method: MfaMethod;
      /** Digits in the code. */
      readonly digits: number;
      /** When the challenge expires (RFC 3339). */
      readonly expiresAt: string;
      /** SMS: the number the code went to, all but the last digits masked. */
      readonly phoneHint?: string;
      /** SMS: what the server said, seconds before a new code may be sent. */
      readonly resendAfterSeconds?: number;
      /** SMS: the server time (Unix seconds) from which `resend()` is allowed. */
      readonly resendAvailableAt?: number;
      /** SMS: `resend()` is allowed now; it turns true by itself at `resendAvailableAt`. */
      readonly canResend: boolean;
    } & CodeAttempts & SecondFactors & FlowStatus<"verify" | "resend">)
  /** Ask for a recovery code (`submitRecoveryCode`), or `useAnotherMethod()`. */
  | ({ readonly state: "entering_recovery_code" } & CodeAttempts & SecondFactors & FlowStatus<"recover">)
  /** The challenge expired or was replaced: `restart()` sends a new one, or `useAnotherMethod()`. */
  | ({ readonly state: "expired"; readonly method: MfaMethod } & SecondFactors & FlowStatus<"start_challenge" | "passkey">)
  /** Too many wrong codes: locked until `until` (`retryAt` in server time). Disable the input; `canRetry` turns true at `retryAt`. */
  | ({ readonly state: "locked_out"; readonly until?: string; readonly retryAt?: number; readonly canRetry: boolean } & SecondFactors & FlowStatus<never>)
  /**
   * Signed in. `method` says how; after a recovery code, `recoveryCodesRemaining` says how many
   * are left and `offerRegeneration` is true: offer `regenerateRecoveryCodes` (a device may be
   * lost), and say so plainly when few are left.
   */
  | ({ readonly state: "signed_in"; readonly user: UserInfo; readonly method?: MfaMethod | "password" | "recovery_code"; readonly recoveryCodesRemaining?: number; readonly offerRegeneration?: boolean } & FlowStatus<never>)
  /**
   * A second factor must be enrolled now (an `EnrollmentFlow` takes over): the organisation
   * requires one (`reason: "policy"`), or the last recovery code was used (`"recovery_codes_used"`).
   */
  | ({ readonly state: "enrollment_required"; readonly reason: "policy" | "recovery_codes_used"; readonly methods?: readonly MfaMethod[] } & FlowStatus<never>)
  /**
   * The organisation signs in through its identity provider, which handles 2FA: hand over to it,
   * at `signInUrl` when the server names one (an `https:`/`http:` URL or a path of the site).
   */
  | ({ readonly state: "sso_required"; readonly organization: string; readonly signInUrl?: string } & FlowStatus<never>);

/**
 * Every value of `ChallengeState["state"]`.
 * @example const step: ChallengeStateName = flow.state.state;
 */
export type ChallengeStateName = ChallengeState["state"];

type Of<N extends ChallengeStateName> = Extract<ChallengeState, { state: N }>;

const NEEDS = ["login", "getStatus", "startChallenge", "verifyChallenge", "resendSms", "recover", "serverTime"];

/** The digits of a sign-in code (the contract's `otp-code` of `verifyChallenge`: 6). */
const DIGITS = 6;

/**
 * A headless sign-in state machine: `entering_password` → (`signIn`) → `entering_code` for the
 * preferred second factor (or `choosing_method`, `entering_recovery_code`) → `signed_in`; or
 * `enrollment_required`, `sso_required`, `locked_out`, `expired` on the way. Actions resolve once
 * the next state is set; their failures are the state's `error`, and only a call the current
 * state does not allow (`invalid_state`) or a wrong argument type rejects.
 * @example
 * const flow = new ChallengeFlow(client);
 * flow.subscribe(render);
 * await flow.signIn(email, password);   // "entering_code", "signed_in", "enrollment_required", ...
 * await flow.submitCode("123456");      // "signed_in"
 */
export class ChallengeFlow {
  readonly #m: Machine<ChallengeState>;
  readonly #client: Record<string, (...args: unknown[]) => unknown>;
  #methods: readonly MfaMethod[] = [];
  readonly #passkey: PasskeySignIn | undefined;
  /** The pending challenge's id (never shown). */
  #id = "";

  constructor(client: ChallengeClient, options?: ChallengeOptions) {
    this.#client = checkClient(client, NEEDS);
    const deadline = (s: ChallengeState): [number, (s: ChallengeState) => ChallengeState] | undefined => {
      if (s.state === "entering_code" && !s.canResend && s.resendAvailableAt !== undefined) return [s.resendAvailableAt, (x) => ({ ...x, canResend: true }) as ChallengeState];
      if (s.state === "locked_out" && !s.canRetry && s.retryAt !== undefined) return [s.retryAt, (x) => ({ ...x, canRetry: true }) as ChallengeState];
      return undefined;
    };
    const o = opts(options, "options", ["signal", "passkey"]);
    this.#passkey = optFn<PasskeySignIn>(o.passkey, "passkey");
    this.#m = new Machine<ChallengeState>({ state: "entering_password" }, o.signal, serverClock(client), deadline);
  }

  /** The current state; the same object until the next transition. */
  get state(): ChallengeState {
    return this.#m.state;
  }

  /** Calls `listener` after every transition. Returns the function that unsubscribes it. */
  subscribe(listener: (state: ChallengeState) => void): () => void {
    return this.#m.subscribe(listener);
  }

  /** Aborts the pending call, stops the timers and drops the listeners; idempotent. */
  dispose(): void {
    this.#m.dispose();
  }

  /** From `entering_password`: signs in with the password; the answer says what follows. */
  async signIn(email: string, password: string): Promise<void> {
    this.#m.guard("entering_password");
    const request = { email: str(email, "email"), password: str(password, "password") };
    return this.#m.call("sign_in", (signal) => this.#client.login!(request, { signal }), (r) => {
      if (!r.ok) return this.#failed(r.error);
      const a = r.value as { status?: unknown; user?: unknown; methods?: unknown; organization?: unknown; signInUrl?: unknown };
      switch (a?.status) {
        case "authenticated":
          return this.#m.set({ state: "signed_in", user: a.user as UserInfo, method: "password" });
        case "mfa_required":
          return this.#secondFactor(methodsOf(a.methods));
        case "enrollment_required":
          return this.#m.set({ state: "enrollment_required", reason: "policy", methods: methodsOf(a.methods) });
        case "sso_required":
          return this.#m.set({ state: "sso_required", organization: text(a, "organization"), ...(a.signInUrl === undefined ? {} : { signInUrl: handOff(text(a, "signInUrl")) }) });
        default:
          throw protocol();
      }
    });
  }

  /** From `entering_password`: continues the session this page already has (after a reload). */
  async resume(): Promise<void> {
    this.#m.guard("entering_password");
    return this.#m.call("resume", (signal) => this.#client.getStatus!({ signal }), (r) => {
      if (!r.ok) return r.error.code === "unauthorized" ? this.#m.set({ state: "entering_password" }) : this.#failed(r.error);
      const s = r.value as { session?: unknown; user?: unknown; factors?: unknown; enrollmentRequired?: unknown; codesLockedUntil?: unknown };
      if (s?.session === "mfa_required" && Array.isArray(s.factors)) {
        const methods = methodsOf(s.factors.map((f: { method?: unknown } | null) => f?.method));
        const until = s.codesLockedUntil;
        if (typeof until === "string" && !isNaN(Date.parse(until))) {
          // A reload during a lock shows the lock, not a code field (issue 15).
          this.#methods = methods;
          return this.#m.set({ state: "locked_out", methods, until, retryAt: Date.parse(until) / 1000, canRetry: false });
        }
        return this.#secondFactor(methods);
      }
      if (s?.session === "enrollment_required" || s?.enrollmentRequired === true) return this.#m.set({ state: "enrollment_required", reason: "policy" });
      if (s?.session === "authenticated") return this.#m.set({ state: "signed_in", user: s.user as UserInfo });
      throw protocol();
    });
  }

  /**
   * From `choosing_method`, `entering_code`, `expired` or `locked_out` (once it may have ended):
   * starts a challenge for `method`. For "webauthn" (with the `getPasskey` option) it is the whole
   * sign-in: the server's options, the ceremony, the verification, then `signed_in`; a ceremony
   * that fails (`cancelled`, ...) is the error on `choosing_method`. Call it from a click.
   */
  async chooseMethod(method: MfaMethod): Promise<void> {
    this.#m.guard("choosing_method", "entering_code", "expired", "locked_out");
    if (!this.#methods.includes(str(method, "method") as MfaMethod)) {
      throw fail("invalid_input", "method must be one of the person's methods", "method", "invalid_value");
    }
    this.#m.set({ state: "choosing_method", methods: this.#methods });
    return this.#start(method);
  }

  /** From `entering_code`, `entering_recovery_code`, `expired` or `locked_out`: back to `choosing_method`. */
  useAnotherMethod(): void {
    this.#m.guard("entering_code", "entering_recovery_code", "expired", "locked_out");
    this.#m.set({ state: "choosing_method", methods: this.#methods });
  }

  /** From `choosing_method` (also while its challenge is being started), `entering_code`, `expired` or `locked_out`: sign in with a recovery code instead. */
  useRecoveryCode(): void {
    // A person may choose the recovery code while the first challenge is still being started.
    this.#m.interrupt("start_challenge");
    this.#m.guard("choosing_method", "entering_code", "expired", "locked_out");
    this.#m.set({ state: "entering_recovery_code", methods: this.#methods, lastAttempt: false });
  }

  /** From `entering_code`: checks the code locally, then verifies it. */
  async submitCode(code: string): Promise<void> {
    const s = this.#m.guard("entering_code");
    const typed = str(code, "code");
    const checked = s.method === "sms" ? validateSmsCode(typed, { digits: s.digits }) : validateTotpCode(typed, { digits: s.digits as 6 });
    if (!checked.ok) return this.#m.fail(fail("invalid_input", "the code is not complete or not digits", "code", checked.reason));
    const method = s.method;
    return this.#m.call("verify", (signal) => this.#client.verifyChallenge!({ challengeId: this.#id, code: checked.value }, { signal }), (r) => {
      if (r.ok) return this.#m.set({ state: "signed_in", user: userOf(r.value), method });
      this.#failed(r.error);
    });
  }

  /** From `entering_code` (SMS) once `canResend`: sends a new code. */
  async resend(): Promise<void> {
    const s = this.#m.guard("entering_code");
    if (s.method !== "sms" || !s.canResend) throw fail("invalid_state", "a new code cannot be sent now: an SMS challenge must allow it (canResend)");
    return this.#m.call("resend", (signal) => this.#client.resendSms!({ challengeId: this.#id }, { signal }), (r) => {
      const now = this.#m.now();
      if (!r.ok) {
        const after = r.error.code === "rate_limited" ? r.error.retryAfterSeconds : undefined;
        if (typeof after === "number") {
          // The server's cool-down: no resend before it says.
          return this.#m.fail(r.error, { ...(this.#m.strip() as Of<"entering_code">), resendAvailableAt: now + after, canResend: false });
        }
        return this.#failed(r.error);
      }
      this.#id = text(r.value, "challengeId");
      const resendAfterSeconds = count(r.value, "resendAfterSeconds");
      this.#m.set({
        ...(this.#m.strip() as Of<"entering_code">),
        phoneHint: text(r.value, "phoneHint"),
        expiresAt: text(r.value, "expiresAt"),
        resendAfterSeconds,
        resendAvailableAt: now + resendAfterSeconds,
        canResend: resendAfterSeconds === 0,
      });
    });
  }

  /** From `entering_recovery_code`: checks the recovery code locally, then signs in with it. */
  async submitRecoveryCode(code: string): Promise<void> {
    this.#m.guard("entering_recovery_code");
    const checked = validateRecoveryCode(str(code, "code"));
    if (!checked.ok) return this.#m.fail(fail("invalid_input", "the recovery code is not complete or has a wrong character", "code", checked.reason));
    return this.#m.call("recover", (signal) => this.#client.recover!({ code: checked.value }, { signal }), (r) => {
      if (!r.ok) return this.#failed(r.error);
      const a = r.value as { enrollmentRequired?: unknown } | null;
      const left = count(a, "recoveryCodesRemaining");
      if (a?.enrollmentRequired === true) return this.#m.set({ state: "enrollment_required", reason: "recovery_codes_used" });
      this.#m.set({ state: "signed_in", user: userOf(a), method: "recovery_code", recoveryCodesRemaining: left, offerRegeneration: true });
    });
  }

  /** From `expired`: a new challenge for the same method. */
  async restart(): Promise<void> {
    const s = this.#m.guard("expired");
    return this.#start(s.method);
  }

  /** After `mfa_required`: the preferred method's challenge starts at once. */
  #secondFactor(methods: readonly MfaMethod[]): Promise<void> | void {
    this.#methods = methods;
    const [first] = methods;
    if (first === undefined) return this.#m.set({ state: "entering_recovery_code", methods, lastAttempt: false });
    this.#m.set({ state: "choosing_method", methods });
    // A passkey ceremony waits for the person's click (browsers want a user gesture).
    if (first === "webauthn") return;
    return this.#start(first);
  }

  /** Starts a challenge from the current state (`choosing_method` or `expired`). */
  #start(method: MfaMethod): Promise<void> | void {
    if (method === "webauthn") {
      const passkey = this.#passkey;
      if (!passkey) return this.#m.fail(fail("unsupported", "no passkey"));
      return this.#m.call("passkey", (signal) => passkey({ signal }), (r) => {
        if (r.ok) return this.#m.set({ state: "signed_in", user: userOf(r.value), method });
        this.#failed(r.error, method);
      });
    }
    return this.#m.call("start_challenge", (signal) => this.#client.startChallenge!({ method }, { signal }), (r) => {
      if (!r.ok) return this.#failed(r.error);
      const a = r.value as { phoneHint?: unknown; resendAfterSeconds?: unknown };
      this.#id = text(a, "challengeId");
      const base = { state: "entering_code", method, methods: this.#methods, digits: DIGITS, expiresAt: text(a, "expiresAt"), lastAttempt: false } as const;
      if (method !== "sms") return this.#m.set({ ...base, canResend: false });
      const resendAfterSeconds = count(a, "resendAfterSeconds");
      this.#m.set({
        ...base,
        phoneHint: text(a, "phoneHint"),
        resendAfterSeconds,
        resendAvailableAt: this.#m.now() + resendAfterSeconds,
        canResend: resendAfterSeconds === 0,
      });
    });
  }

  /** A failure: `locked_out`, `recovery_required` (to the recovery code), `expired`, back to the password when the session ended, or the error on the current state. */
  #failed(error: MfaError, passkey?: "webauthn"): void {
    const s = this.#m.strip();
    if (error.code === "locked_out") {
      const lock = lockout(error, this.#m.now());
      return this.#m.set({ state: "locked_out", methods: this.#methods, ...lock, canRetry: lock.retryAt === undefined, error });
    }
    // The account's consecutive-failure cap (NIST SP 800-63B 5.2.2) was reached: only a recovery
    // code signs in now, so the flow offers exactly that, with the server's reason shown.
    if (error.code === "recovery_required") {
      return this.#m.set({ state: "entering_recovery_code", methods: this.#methods, lastAttempt: false, error });
    }
    const method = s.state === "entering_code" ? s.method : passkey;
    if ((error.code === "challenge_expired" || error.code === "not_found") && method) {
      return this.#m.set({ state: "expired", method, methods: this.#methods, error });
    }
    if (error.code === "unauthorized" && s.state !== "entering_password") return this.#m.set({ state: "entering_password", error });
    this.#m.fail(error, "lastAttempt" in s ? ({ ...s, ...attempts(error, s) } as typeof s) : s);
  }
}

/**
 * The identity provider's address as a page may navigate to it: `https:`/`http:` or a path of
 * the site, never `javascript:` or `//host` (OWASP ASVS 5.0 1.2.2); else `protocol`.
 */
function handOff(url: string): string {
  if (!/^(https?:\/\/[^\s\\@]|\/(?![\/\\]))[^\s]*$/i.test(url)) throw protocol();
  return url;
}

/** The methods of a `login` or `getStatus` answer (the contract's `MfaMethod`s). */
function methodsOf(value: unknown): readonly MfaMethod[] {
  if (!Array.isArray(value) || !value.every((m) => typeof m === "string")) throw protocol();
  return Object.freeze([...new Set(value as MfaMethod[])]);
}

/** The `user` of an answer. */
function userOf(answer: unknown): UserInfo {
  const user = (answer as { user?: unknown } | null)?.user;
  if (typeof user !== "object" || user === null) throw protocol();
  text(user, "email");
  return user as UserInfo;
}
