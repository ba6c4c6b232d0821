// One HTTP exchange of MfaClient: fetch with a timeout and the caller's AbortSignal, the answer
// read as JSON, this device's clock offset from the `Date` header, and `Retry-After`. It decides
// nothing the contract governs: src/client checks the request before and the answer after.
// Nothing is logged, stored or retried.
import { fail } from "../errors.js";

/** The largest `Retry-After` reported: 2^31 - 1 seconds (68 years), exact and timer-safe. */
const MAX_RETRY_AFTER = 2 ** 31 - 1;

/** What `exchange` answers: the status, the parsed JSON body, and the headers it reads. */
export interface Answer {
  status: number;
  /** The parsed JSON body; `undefined` when empty. */
  body: unknown;
  /** Whether the body was JSON (or empty). */
  json: boolean;
  /** This device's clock minus the server's, in seconds, from the `Date` header. */
  skew: number | undefined;
  /** `Retry-After` in seconds (delta-seconds or an HTTP-date, RFC 9110 10.2.3). */
  retryAfter: number | undefined;
}

/** How the client reaches the server; fixed at construction. */
export interface Transport {
  baseUrl: string;
  headers: Record<string, string>;
  csrf: [string, string];
  timeoutMs: number;
  credentials: RequestCredentials;
  fetch: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
}

/** Sends one request to `path` under the base URL and reads the whole answer. */
export async function exchange(t: Transport, method: string, path: string, body: string | undefined, signal: AbortSignal | undefined): Promise<Answer> {
  if (signal?.aborted) throw fail("aborted", "the request was aborted");
  const controller = new AbortController();
  const failure: { why: "network" | "timeout" | "aborted" } = { why: "network" };
  const stop = (why: "timeout" | "aborted") => () => {
    failure.why = why;
    controller.abort();
  };
  const onAbort = stop("aborted");
  const timer = setTimeout(stop("timeout"), t.timeoutMs);
  signal?.addEventListener("abort", onAbort);
  const headers: Record<string, string> = { Accept: "application/json", ...t.headers };
  // CSRF defence: a custom header forces a CORS preflight (OWASP CSRF Prevention Cheat Sheet).
  if (method !== "GET") headers[t.csrf[0]] = t.csrf[1];
  if (body !== undefined) headers["Content-Type"] = "application/json";
  // Answers that carry secrets must not be cached (OWASP ASVS 5.0 14.3.2).
  const init: RequestInit = { method, headers, body, credentials: t.credentials, signal: controller.signal, cache: "no-store" };
  const url = t.baseUrl.replace(/\/+$/, "") + path;
  const started = Date.now();
  try {
    const response = await (t.fetch ? t.fetch(url, init) : fetch(url, init));
    const date = Date.parse(response.headers.get("date") || "");
    // The server's clock at the middle of the exchange; `Date` is whole seconds, so its middle.
    const skew = isNaN(date) ? undefined : Math.round(((started + Date.now()) / 2 - (date + 500)) / 1000);
    const text = await response.text();
    let parsed: unknown;
    let json = true;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = false;
    }
    const after = (response.headers.get("retry-after") || "").trim();
    const at = Date.parse(after);
    // RFC 9110 10.2.3 sets no upper bound: a whole number of seconds, capped where a number stays
    // exact (found by tests/wasm/client/fuzz.mjs: "9007199254740992" became an inexact float).
    const seconds = /^[0-9]+$/.test(after) ? Number(after) : isNaN(at) ? undefined : Math.ceil((at - Date.now()) / 1000);
    const retryAfter = seconds === undefined ? undefined : Math.min(Math.max(0, seconds), MAX_RETRY_AFTER);
    return { status: response.status, body: parsed, json, skew, retryAfter };
  } catch {
    throw failure.why === "aborted"
      ? fail("aborted", "the request was aborted")
      : failure.why === "timeout"
        ? fail("timeout", "the server did not answer in time")
        : fail("network", "the server could not be reached");
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
