// MfaClient: a typed client for the server's API. Everything about the operations comes from the
// contract, api/openapi.json, through build.rs: their names, methods and paths
// (`client_operations`), the checks and normalisation of requests (`client_request`), the checks
// of answers (`client_answer`) and the typed errors of error answers (`client_error`), all in
// Rust (src/client/); their TypeScript signatures are `MfaClientOperations`, generated from the
// same contract. This class adds the HTTP exchange (./transport.ts) and the clock.
import { clockSkewSuspected, selfCheck, type TotpSelfCheck } from "../clock.js";
import { fail, optNum, optSignal, optStr, opts, str, wrongType, type MfaError } from "../errors.js";
import type { TotpParams } from "../totp.js";
import * as w from "../wasm.js";
import type { CallOptions, MfaClientOperations } from "../wasm.js";
import { exchange, type Transport } from "./transport.js";

export type { CallOptions, MfaClientOperations, TotpSelfCheck };

/** Options of `new MfaClient`. */
export interface MfaClientOptions {
  /** `https://...`, `http://` on a loopback host only, or a same-origin path such as `/`. */
  baseUrl: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** The CSRF header sent with every state-changing request; default `X-MFA-CSRF: 1`. */
  csrfHeader?: { name: string; value: string };
  /** Per-request timeout in milliseconds, 1 to 600000; default 10000. */
  timeoutMs?: number;
  /** fetch's `credentials`; default "same-origin". */
  credentials?: "same-origin" | "include" | "omit";
  /** A fetch to use instead of the global one. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** An operation of the contract: its number in src/client's tables, name, method and path. */
interface Operation {
  index: number;
  name: string;
  method: string;
  path: string;
  body: boolean;
}

let operations: Operation[] | undefined;

/** The contract's operations, read once from the wasm module (which must be initialised). */
function contractOperations(): Operation[] {
  operations ??= w.client_operations().split("\n").map((line, index) => {
    const [name = "", method = "", path = "", body] = line.split(" ");
    return { index, name, method, path, body: body === "1" };
  });
  return operations;
}

/** The TOTP period the server's codes use (the contract's 30 s), for clock-skew warnings. */
const PERIOD = 30;

// The operations are methods of the class's prototype, installed from the contract at the first
// construction (after `init()`, as everything of this package): `MfaClientOperations` declares
// them, generated from the same contract.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface MfaClient extends MfaClientOperations {}

/**
 * A typed client for the MFA server: one method per operation of its API contract, named after
 * its `operationId`. Every method rejects with an `MfaError`. Nothing is logged or stored;
 * nothing is retried.
 * @example
 * const client = new MfaClient({ baseUrl: "https://example.com" });
 * const login = await client.login({ email, password });
 * if (login.status === "mfa_required") { const c = await client.startChallenge({ method: "totp" }); ... }
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MfaClient {
  readonly #transport: Transport;
  #skew: number | null = null;

  constructor(options: MfaClientOptions) {
    const o = opts(options, "options", ["baseUrl", "headers", "csrfHeader", "timeoutMs", "credentials", "fetch"]);
    const baseUrl = str(o.baseUrl, "baseUrl");
    w.client_base_url(baseUrl);
    const credentials = optStr(o.credentials, "credentials") ?? "same-origin";
    if (credentials !== "same-origin" && credentials !== "include" && credentials !== "omit") {
      throw fail("invalid_input", "credentials must be same-origin, include or omit", "credentials", "invalid_value");
    }
    let csrf = w.client_csrf_header();
    if (o.csrfHeader !== undefined) {
      const c = opts(o.csrfHeader, "csrfHeader", ["name", "value"]);
      csrf = [str(c.name, "csrfHeader.name"), str(c.value, "csrfHeader.value")];
    }
    if (o.fetch !== undefined && typeof o.fetch !== "function") throw wrongType("fetch", "expected a function");
    const timeoutMs = optNum(o.timeoutMs, "timeoutMs") ?? 10_000;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
      throw fail("invalid_input", "timeoutMs must be a whole number from 1 to 600000", "timeoutMs", "out_of_range");
    }
    this.#transport = { baseUrl, headers: headers(o.headers), csrf, timeoutMs, credentials, fetch: o.fetch as Transport["fetch"] };
    MfaClient.#install();
  }

  /** This device's clock minus the server's, in seconds, from the latest `Date` header; `null` until the first answer. */
  get clockSkewSeconds(): number | null {
    return this.#skew;
  }

  /** The server's Unix time in seconds, estimated from this device's clock and the skew. */
  serverTime(): number {
    return Date.now() / 1000 - (this.#skew ?? 0);
  }

  /**
   * Checks a TOTP code locally at the server's time (for the enrolment self-check), in constant
   * time, with the one clock-skew notion (`clockSkewSuspected`).
   * @example client.selfCheckTotp({ secret }, "123456").offset // 0 | -1 | 1 | null
   */
  selfCheckTotp(params: TotpParams, code: string, options?: { window?: number }): TotpSelfCheck {
    const window = optNum(opts(options, "options", ["window"]).window, "window");
    return selfCheck(params, str(code, "code"), Math.floor(this.serverTime()), window, this.#skew);
  }

  /** Sends `op`: the request checked and normalised first (a refusal rejects before anything is sent). */
  async #call(op: Operation, request: unknown, options: unknown): Promise<unknown> {
    const body = w.client_request(op.index, request) ?? undefined;
    const signal = optSignal(opts(options, "options", ["signal"]).signal);
    const answer = await exchange(this.#transport, op.method, op.path, body, signal);
    if (answer.skew !== undefined) this.#skew = answer.skew;
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.json && w.client_answer(op.index, answer.body)) return answer.body;
      throw protocol(answer.status);
    }
    const error = w.client_error(answer.status, answer.json ? answer.body : undefined, answer.retryAfter);
    if (error.code === "invalid_code" && this.#skew !== null) {
      // A wrong code from a device whose clock is off is most likely a clock problem (./clock.ts).
      Object.assign(error, { clockSkewSeconds: this.#skew, clockSkewSuspected: clockSkewSuspected(this.#skew, PERIOD, false) });
    }
    throw error;
  }

  /** The call of operation `op` with the arguments of its method. */
  static #method(op: Operation): (this: MfaClient, ...args: unknown[]) => Promise<unknown> {
    return op.body
      ? function (this: MfaClient, request?: unknown, options?: unknown) {
          return this.#call(op, request, options);
        }
      : function (this: MfaClient, options?: unknown) {
          return this.#call(op, undefined, options);
        };
  }

  /** Puts one method per operation on the prototype (once). */
  static #install(): void {
    const proto = MfaClient.prototype as unknown as Record<string, unknown>;
    for (const op of contractOperations()) {
      if (!Object.hasOwn(proto, op.name)) {
        Object.defineProperty(proto, op.name, { value: MfaClient.#method(op), writable: true, configurable: true });
      }
    }
  }
}

/** A 2xx answer outside the contract. */
const protocol = (status: number): MfaError =>
  Object.assign(fail("protocol", "the server's answer does not match the API contract"), { status }) as MfaError;

/** Extra headers: a copy of an object whose values are all strings. */
function headers(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null) throw wrongType("headers", "expected an object of strings");
  const copy: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== "string") throw wrongType("headers", "expected an object of strings");
    copy[name] = v;
  }
  return copy;
}
