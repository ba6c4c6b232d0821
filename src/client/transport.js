// One HTTP exchange of MfaClient (src/client/transport.rs), in JS because it is only calls of
// the platform (fetch, AbortController, timers, headers), which are smaller written here than
// bound from Rust (bench/NOTES.md). It decides nothing the contract governs: the Rust side
// checks the request before and the answer after. Nothing is logged, stored or retried.
//
// Resolves with { status, body, json, skew, retryAfter }: `body` is the parsed JSON (`json`
// false when the body was not JSON, `undefined` when empty), `skew` this device's clock minus
// the server's from the `Date` header (its mid-second, against the middle of the exchange),
// `retryAfter` the `Retry-After` header in seconds (delta-seconds or an HTTP-date, RFC 9110
// 10.2.3). Rejects with "network", "timeout" or "aborted".
export function exchange(fetchFn, url, method, body, headers, csrf, csrfValue, credentials, timeoutMs, signal) {
  if (signal && signal.aborted) return Promise.reject("aborted");
  const controller = new AbortController();
  let failure = "network";
  const stop = (why) => () => {
    failure = why;
    controller.abort();
  };
  const onAbort = stop("aborted");
  const timer = setTimeout(stop("timeout"), timeoutMs);
  if (signal) signal.addEventListener("abort", onAbort);
  const all = { Accept: "application/json", ...headers };
  // CSRF defence: a custom header forces a CORS preflight (OWASP CSRF Prevention Cheat Sheet).
  if (method !== "GET") all[csrf] = csrfValue;
  if (body !== undefined) all["Content-Type"] = "application/json";
  // Answers that carry secrets must not be cached (OWASP ASVS 5.0 14.3.2).
  const init = { method, headers: all, body, credentials, signal: controller.signal, cache: "no-store" };
  const started = Date.now();
  return (async () => {
    try {
      const response = await (fetchFn ? fetchFn(url, init) : fetch(url, init));
      const date = Date.parse(response.headers.get("date") || "");
      const skew = isNaN(date) ? undefined : Math.round(((started + Date.now()) / 2 - (date + 500)) / 1000);
      const text = await response.text();
      let parsed, json = true;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        json = false;
      }
      const after = (response.headers.get("retry-after") || "").trim();
      const at = Date.parse(after);
      const retryAfter = /^[0-9]+$/.test(after) ? Number(after) : isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
      return { status: response.status, body: parsed, json, skew, retryAfter };
    } catch {
      throw failure;
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
    }
  })();
}
