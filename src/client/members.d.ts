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

/** Options of every call. */
export interface CallOptions {
  /** Aborts the call; it then rejects with `code: "aborted"`. */
  signal?: AbortSignal;
}

/** What `selfCheckTotp` found. */
export interface TotpSelfCheck {
  /** The matched step offset at the server's time, or `null`. */
  offset: number | null;
  /** This device's clock minus the server's, in seconds, when known. */
  clockSkewSeconds: number | null;
  /** The device clock is off by more than one period: tell the person to fix it. */
  clockSkewed: boolean;
}

/**
 * A typed client for the MFA server: one method per operation of its API contract, named after
 * its `operationId`. Every method rejects with an `MfaError`. Nothing is logged or stored;
 * nothing that is not idempotent is retried (nothing is).
 * @example
 * const client = new MfaClient({ baseUrl: "https://example.com" });
 * const login = await client.login({ email, password });
 * if (login.status === "mfa_required") { const c = await client.startChallenge({ method: "totp" }); ... }
 */
export class MfaClient {
  constructor(options: MfaClientOptions);
  free(): void;
  /** This device's clock minus the server's, from the latest `Date` header, or `null`. */
  readonly clockSkewSeconds: number | null;
  /** The server's Unix time in seconds, estimated from this device's clock and the skew. */
  serverTime(): number;
  /** Checks a TOTP code locally at the server's time (for the enrolment self-check). */
  selfCheckTotp(params: TotpParams, code: string, options?: { window?: number }): TotpSelfCheck;
  // operations: generated from api/openapi.json
}
