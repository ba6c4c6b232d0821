// EnrollmentFlow: a headless state machine for enrolling a second factor, which any UI framework
// can bind to (`state`, `subscribe`). It calls the client, checks every answer, checks a TOTP code
// locally at the server's time before sending it (a mistyped code costs no attempt), and holds
// the recovery codes only until they are acknowledged. Every rule is Rust's (the key's
// consistency, src/flow.rs; codes and phone numbers, src/validate.rs; the self-check in constant
// time, src/totp.rs).
import { selfCheck } from "../clock.js";
import { fail, optFn, optStr, opts, str, type MfaError } from "../errors.js";
import { render } from "../qr.js";
import type { TotpAlgorithm } from "../totp.js";
import { keyOf } from "../uri.js";
import { validatePhoneNumber, validateSmsCode, validateTotpCode } from "../validate.js";
import * as w from "../wasm.js";
import type { MfaClient } from "../client/client.js";
import type { EnrollmentConfirmed } from "../wasm.js";
import { attempts, checkClient, type CodeAttempts, type FlowStatus, count, lockout, Machine, protocol, serverClock, text } from "./machine.js";

/**
 * The second factor being enrolled.
 * @example await flow.chooseMethod("totp" satisfies EnrollmentMethod);
 */
export type EnrollmentMethod = "totp" | "sms" | "webauthn";

/**
 * The passkey step of an enrolment: registers a passkey or security key and confirms it
 * (`passkeyEnrollment(client)` of `mfa-wasm/webauthn`, or anything shaped like it).
 * @example new EnrollmentFlow(client, { passkey: passkeyEnrollment(client) });
 */
export type PasskeyEnrollment = (options: { signal: AbortSignal }) => Promise<EnrollmentConfirmed>;

/**
 * What `EnrollmentFlow` needs from the client: an `MfaClient`, or anything shaped like one.
 * @example const client: EnrollmentClient = new MfaClient({ baseUrl: "/" });
 */
export type EnrollmentClient = Pick<MfaClient, "startTotpEnrollment" | "confirmTotpEnrollment" | "startSmsEnrollment" | "resendSms" | "confirmSmsEnrollment" | "serverTime"> & {
  readonly clockSkewSeconds?: number | null;
};

/** Options of `new EnrollmentFlow`. */
export interface EnrollmentOptions {
  /** The service, for the QR code's state and the recovery codes' (default: the Key URI's issuer). */
  issuer?: string;
  /** The account, e.g. an email address (default: the Key URI's account). */
  account?: string;
  /**
   * The methods offered, preferred first (e.g. the `methods` of `login`'s `enrollment_required`);
   * default TOTP and SMS, and WebAuthn with `passkey`. "webauthn" is offered only with `passkey`
   * (without it the flow cannot register one, and leaves it out).
   */
  methods?: readonly EnrollmentMethod[];
  /** `passkeyEnrollment(client)` of `mfa-wasm/webauthn`: enables the "webauthn" method (a passkey or security key). */
  passkey?: PasskeyEnrollment;
  /** Whether the person must enrol (the organisation's policy); when not, `skip()` is allowed. Default true. */
  required?: boolean;
  /** Disposes of the flow when it aborts, as `dispose()` does. */
  signal?: AbortSignal;
}

/**
 * The states an `EnrollmentFlow` can be in, told apart by `state`. Each is an immutable snapshot;
 * `error` is the last action's failure (it clears on the next change) and `pending` the server
 * call in flight.
 * @example
 * flow.subscribe((s: EnrollmentState) => {
 *   if (s.state === "showing_qr") mountQr(qrBox, s.otpauthUri);
 *   if (s.error) announce(s.error.code);
 * });
 */
export type EnrollmentState =
  /** Choose a method (`chooseMethod`), or `skip()` when not `required`. */
  | ({ readonly state: "choosing_method"; readonly methods: readonly EnrollmentMethod[]; readonly required: boolean } & FlowStatus<"start_totp" | "create_passkey">)
  /** Show the QR code and the secret, then ask for the first code (`submitCode`). */
  | ({
      readonly state: "showing_qr";
      readonly method: "totp";
      /** The Key URI the QR code holds. */
      readonly otpauthUri: string;
      /** Canonical base32, for copying. */
      readonly secret: string;
      /** The secret in groups of four, for typing (`GEZD GNBV ...`). */
      readonly formattedSecret: string;
      /** The QR code as inline SVG (see `qrSvg`; or call `mountQr` with `otpauthUri`). */
      readonly qrSvg: string;
      /** When the pending enrolment expires (RFC 3339). */
      readonly expiresAt: string;
      readonly algorithm: TotpAlgorithm;
      readonly digits: 6 | 7 | 8;
      /** Seconds per code: pass it to `startCountdown`. */
      readonly period: number;
      readonly issuer?: string;
      readonly account?: string;
    } & CodeAttempts & FlowStatus<"confirm">)
  /** Ask for the phone number (`submitPhone`). */
  | ({ readonly state: "entering_phone"; readonly method: "sms" } & FlowStatus<"send_sms">)
  /** The code was sent: ask for it (`submitCode`); `resend()` once `canResend`. */
  | ({
      readonly state: "code_sent";
      readonly method: "sms";
      /** The number with all but the last digits masked. */
      readonly phoneHint: string;
      readonly expiresAt: string;
      /** What the server said: seconds before a new code may be sent. */
      readonly resendAfterSeconds: number;
      /** The server time (Unix seconds, as `client.serverTime()`) from which `resend()` is allowed. */
      readonly resendAvailableAt: number;
      /** `resend()` is allowed now; it turns true by itself at `resendAvailableAt`. */
      readonly canResend: boolean;
    } & CodeAttempts & FlowStatus<"confirm" | "resend">)
  /**
   * The pending enrolment expired (or was replaced): `restart()`, or `back()`. `sameSecret`: a
   * TOTP restart registers the secret already shown again, so the entry the person scanned keeps
   * working (nothing to scan again).
   */
  | ({ readonly state: "expired"; readonly method: EnrollmentMethod; readonly sameSecret: boolean } & FlowStatus<"start_totp" | "create_passkey">)
  /** Too many wrong codes: the account is locked until `until` (`retryAt` in server time). Disable the input. */
  | ({ readonly state: "locked_out"; readonly method: EnrollmentMethod; readonly until?: string; readonly retryAt?: number } & FlowStatus<never>)
  /** Enrolled. Show the recovery codes (once), then call `acknowledgeRecoveryCodes()`. */
  | ({
      readonly state: "confirmed";
      readonly method: EnrollmentMethod;
      readonly recoveryCodes: readonly string[];
      readonly factor: EnrollmentConfirmed["factor"];
      readonly issuer?: string;
      readonly account?: string;
    } & FlowStatus<never>)
  /** Finished; the recovery codes are no longer held. */
  | ({ readonly state: "done"; readonly method: EnrollmentMethod; readonly factor: EnrollmentConfirmed["factor"] } & FlowStatus<never>)
  /** The person chose not to enrol now (allowed when not `required`). */
  | ({ readonly state: "skipped" } & FlowStatus<never>);

/**
 * Every value of `EnrollmentState["state"]`.
 * @example const step: EnrollmentStateName = flow.state.state;
 */
export type EnrollmentStateName = EnrollmentState["state"];

type Of<N extends EnrollmentStateName> = Extract<EnrollmentState, { state: N }>;

const METHODS: readonly EnrollmentMethod[] = ["totp", "sms", "webauthn"];

/** The client's methods, checked at construction and looked up at each call (so stand-ins work). */
const NEEDS = ["startTotpEnrollment", "confirmTotpEnrollment", "startSmsEnrollment", "resendSms", "confirmSmsEnrollment", "serverTime"];

/** The accessible name of the QR code in `showing_qr`. */
const QR_TITLE = "QR code to scan with your authenticator app";

/**
 * A headless enrolment state machine: `choosing_method` → `showing_qr` (TOTP) or
 * `entering_phone` → `code_sent` (SMS) → `confirmed` (recovery codes, shown once) →
 * `acknowledgeRecoveryCodes()` → `done`; `expired` and `locked_out` on the way. A TOTP code is
 * checked locally at the server's time before it is sent. Actions resolve once the next state is
 * set; their failures are the state's `error`, and only a call the current state does not allow
 * (`invalid_state`) or a wrong argument type rejects.
 * @example
 * const flow = new EnrollmentFlow(client, { issuer: "ACME Co" });
 * flow.subscribe((s) => render(s));
 * await flow.chooseMethod("totp");   // state: "showing_qr"
 * await flow.submitCode("123456");   // state: "confirmed", s.recoveryCodes
 * flow.acknowledgeRecoveryCodes();   // state: "done"
 */
export class EnrollmentFlow {
  readonly #m: Machine<EnrollmentState>;
  readonly #client: Record<string, (...args: unknown[]) => unknown>;
  readonly #issuer: string | undefined;
  readonly #account: string | undefined;
  readonly #methods: readonly EnrollmentMethod[];
  readonly #required: boolean;
  readonly #passkey: PasskeyEnrollment | undefined;
  /** The id of the pending enrolment or SMS challenge (never shown). */
  #id = "";
  /** The TOTP secret shown in this flow, registered again by `restart()` (never sent elsewhere). */
  #secret: string | undefined;

  constructor(client: EnrollmentClient, options?: EnrollmentOptions) {
    this.#client = checkClient(client, NEEDS);
    const o = opts(options, "options", ["issuer", "account", "methods", "required", "signal", "passkey"]);
    this.#issuer = optStr(o.issuer, "issuer");
    this.#account = optStr(o.account, "account");
    const passkey = (this.#passkey = optFn<PasskeyEnrollment>(o.passkey, "passkey"));
    const methods = ((o.methods ?? METHODS) as unknown[]).filter?.((m) => m !== "webauthn" || passkey);
    if (!methods?.length || !methods.every((m) => METHODS.includes(m as EnrollmentMethod))) {
      throw fail("invalid_input", "methods must be a non-empty list of totp, sms, webauthn", "methods", "invalid_value");
    }
    this.#methods = Object.freeze(methods as EnrollmentMethod[]);
    if (o.required !== undefined && typeof o.required !== "boolean") throw fail("invalid_input", "expected a boolean", "required", "invalid_type");
    this.#required = o.required ?? true;
    const resendAt = (s: EnrollmentState): [number, (s: EnrollmentState) => EnrollmentState] | undefined =>
      s.state === "code_sent" && !s.canResend ? [s.resendAvailableAt, (x) => ({ ...x, canResend: true }) as EnrollmentState] : undefined;
    this.#m = new Machine<EnrollmentState>(this.#choosing(), o.signal, serverClock(client), resendAt);
  }

  /** The current state; the same object until the next transition. */
  get state(): EnrollmentState {
    return this.#m.state;
  }

  /** Calls `listener` after every transition. Returns the function that unsubscribes it. */
  subscribe(listener: (state: EnrollmentState) => void): () => void {
    return this.#m.subscribe(listener);
  }

  /** Aborts the pending call, stops the timers and drops the listeners; idempotent. */
  dispose(): void {
    this.#m.dispose();
  }

  /**
   * From `choosing_method`: "totp" starts the enrolment, "sms" asks for the number, "webauthn"
   * registers a passkey (the server's options, `createPasskey`, the confirmation) and goes to
   * `confirmed`; a ceremony that fails (`cancelled`, `already_registered`, ...) is the error on
   * `choosing_method`. Call it from a click: browsers want a user gesture for a ceremony.
   */
  async chooseMethod(method: EnrollmentMethod): Promise<void> {
    this.#m.guard("choosing_method");
    if (!this.#methods.includes(str(method, "method") as EnrollmentMethod)) {
      throw fail("invalid_input", "method must be one of the flow's methods", "method", "invalid_value");
    }
    if (method === "sms") return this.#m.set({ state: "entering_phone", method: "sms" });
    this.#secret = undefined;
    return method === "webauthn" ? this.#enrolPasskey() : this.#startTotp();
  }

  /** From `choosing_method` when the enrolment is not `required`: the person enrols later. */
  skip(): void {
    this.#m.guard("choosing_method");
    if (this.#required) throw fail("invalid_state", "enrolment is required: it cannot be skipped");
    this.#m.set({ state: "skipped" });
  }

  /** From `entering_phone`: checks the number (E.164) and sends the code. */
  async submitPhone(phoneNumber: string): Promise<void> {
    this.#m.guard("entering_phone");
    const checked = validatePhoneNumber(str(phoneNumber, "phoneNumber"));
    if (!checked.ok) return this.#m.fail(fail("invalid_input", "the phone number is not valid", "phoneNumber", checked.reason));
    return this.#sendSms("send_sms", "startSmsEnrollment", { phoneNumber: checked.value });
  }

  /** From `showing_qr` or `code_sent`: checks the code (a TOTP code locally at the server's time), then sends it. */
  async submitCode(code: string): Promise<void> {
    const s = this.#m.guard("showing_qr", "code_sent");
    const typed = str(code, "code");
    const checked = s.state === "showing_qr" ? validateTotpCode(typed, { digits: s.digits }) : validateSmsCode(typed);
    if (!checked.ok) return this.#m.fail(fail("invalid_input", "the code is not complete or not digits", "code", checked.reason));
    if (s.state === "showing_qr") {
      const skew = (this.#client as { clockSkewSeconds?: unknown }).clockSkewSeconds;
      const check = selfCheck(s, checked.value, Math.floor(this.#m.now()), 1, typeof skew === "number" ? skew : null);
      if (check.offset === null) {
        const error = fail("invalid_code", "the code does not match (checked on this device; nothing was sent)");
        return this.#m.fail(Object.assign(error, { clockSkewSuspected: check.clockSkewSuspected }));
      }
    }
    const [name, id] = s.state === "showing_qr" ? ["confirmTotpEnrollment", "enrollmentId"] : ["confirmSmsEnrollment", "challengeId"];
    const method = s.method;
    return this.#m.call("confirm", (signal) => this.#client[name]!({ [id]: this.#id, code: checked.value }, { signal }), (r) => {
      if (r.ok) return this.#m.set(this.#confirmed(r.value, method));
      this.#failed(r.error, method);
    });
  }

  /** From `code_sent` once `canResend`: sends a new code. */
  async resend(): Promise<void> {
    const s = this.#m.guard("code_sent");
    if (!s.canResend) throw fail("invalid_state", "a new code cannot be sent yet: wait for canResend");
    return this.#sendSms("resend", "resendSms", { challengeId: this.#id });
  }

  /** From `confirmed`: the person saved the codes; they are dropped. */
  acknowledgeRecoveryCodes(): void {
    const s = this.#m.guard("confirmed");
    this.#m.set({ state: "done", method: s.method, factor: s.factor });
  }

  /**
   * From `expired`: starts again. TOTP: a new pending enrolment with the secret already shown
   * (the scanned entry keeps working); SMS: the number again.
   */
  async restart(): Promise<void> {
    const s = this.#m.guard("expired");
    if (s.method === "sms") return this.#m.set({ state: "entering_phone", method: "sms" });
    return s.method === "webauthn" ? this.#enrolPasskey() : this.#startTotp(this.#secret);
  }

  /** From `showing_qr`, `entering_phone`, `code_sent`, `expired` or `locked_out`: back to `choosing_method`. */
  back(): void {
    this.#m.guard("showing_qr", "entering_phone", "code_sent", "expired", "locked_out");
    this.#m.set(this.#choosing());
  }

  #choosing(): Of<"choosing_method"> {
    return { state: "choosing_method", methods: this.#methods, required: this.#required };
  }

  #enrolPasskey(): Promise<void> {
    return this.#m.call("create_passkey", (signal) => this.#passkey!({ signal }), (r) => {
      if (r.ok) return this.#m.set(this.#confirmed(r.value, "webauthn"));
      this.#failed(r.error, "webauthn");
    });
  }

  #startTotp(secret?: string): Promise<void> {
    const request = secret === undefined ? {} : { secret };
    return this.#m.call("start_totp", (signal) => this.#client.startTotpEnrollment!(request, { signal }), (r) => {
      if (!r.ok) return this.#m.fail(r.error);
      this.#m.set(this.#showingQr(r.value));
    });
  }

  #sendSms(action: "send_sms" | "resend", name: string, request: Record<string, string>): Promise<void> {
    return this.#m.call(action, (signal) => this.#client[name]!(request, { signal }), (r) => {
      if (!r.ok) {
        if (r.error.code === "rate_limited" && this.#m.state.state === "code_sent") {
          // The server's cool-down: no resend before it says.
          const after = r.error.retryAfterSeconds;
          const s = this.#m.strip() as Of<"code_sent">;
          if (typeof after === "number") return this.#m.fail(r.error, { ...s, resendAvailableAt: this.#m.now() + after, canResend: false });
        }
        return this.#failed(r.error, "sms");
      }
      const a = r.value;
      this.#id = text(a, "challengeId");
      const resendAfterSeconds = count(a, "resendAfterSeconds");
      this.#m.set({
        state: "code_sent",
        method: "sms",
        phoneHint: text(a, "phoneHint"),
        expiresAt: text(a, "expiresAt"),
        resendAfterSeconds,
        resendAvailableAt: this.#m.now() + resendAfterSeconds,
        canResend: resendAfterSeconds === 0,
        lastAttempt: false,
      });
    });
  }

  /** `startTotpEnrollment`'s answer as `showing_qr`, once src/flow.rs finds it consistent. */
  #showingQr(a: unknown): Of<"showing_qr"> {
    const uri = text(a, "otpauthUri");
    const key = w.flow_totp_key(text(a, "secret"), uri, count(a, "digits"), count(a, "period"));
    const { secret, issuer, account, algorithm, digits, period } = keyOf(key);
    this.#id = text(a, "enrollmentId");
    this.#secret = secret;
    const label = { issuer: this.#issuer ?? issuer, account: this.#account ?? account };
    return {
      state: "showing_qr",
      method: "totp",
      otpauthUri: uri,
      secret,
      formattedSecret: key[6],
      qrSvg: render(uri, { title: QR_TITLE }, false),
      expiresAt: text(a, "expiresAt"),
      algorithm,
      digits,
      period,
      ...(label.issuer === undefined ? {} : { issuer: label.issuer }),
      account: label.account,
      lastAttempt: false,
    };
  }

  /** `confirm*Enrollment`'s answer as `confirmed`, holding a frozen copy of the recovery codes. */
  #confirmed(a: unknown, method: EnrollmentMethod): Of<"confirmed"> {
    const answer = a as { recoveryCodes?: unknown; factor?: unknown } | null;
    const codes = answer?.recoveryCodes;
    const factor = answer?.factor;
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === "string") || typeof factor !== "object" || factor === null) throw protocol();
    const before = this.#m.state as { issuer?: string; account?: string };
    const issuer = before.issuer ?? this.#issuer;
    const account = before.account ?? this.#account;
    return {
      state: "confirmed",
      method,
      recoveryCodes: Object.freeze([...codes]),
      factor: factor as EnrollmentConfirmed["factor"],
      ...(issuer === undefined ? {} : { issuer }),
      ...(account === undefined ? {} : { account }),
    };
  }

  /** A failed confirmation or sending: `expired`, `locked_out`, or the error on the current state. */
  #failed(error: MfaError, method: EnrollmentMethod): void {
    if (error.code === "challenge_expired" || error.code === "not_found") {
      return this.#m.set({ state: "expired", method, sameSecret: method === "totp" && this.#secret !== undefined, error });
    }
    if (error.code === "locked_out") return this.#m.set({ state: "locked_out", method, ...lockout(error, this.#m.now()), error });
    const s = this.#m.strip();
    this.#m.fail(error, "lastAttempt" in s ? ({ ...s, ...attempts(error, s) } as typeof s) : s);
  }
}
