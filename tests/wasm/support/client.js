// Helpers of the client suites: an MfaClient as a page or a Node program makes it, stand-in
// fetches, and the reference server's development outbox.
// (`.js`, not `.mjs`: tests/client and tests/ui import this file too, and wasm-bindgen-test's
// server serves only `.js` as JavaScript.)

const isNode = typeof window === "undefined" && typeof process !== "undefined";

/** Node's fetch keeps no cookies: a minimal jar, so sessions work there as in a browser. */
export function cookieFetch() {
  const jar = new Map();
  return async (url, init) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(";")[0];
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === "" || /max-age=0/i.test(cookie)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
}

/**
 * A client for `baseUrl`: cookies through the browser (`credentials: "include"`, the test page
 * being another loopback origin), or a jar in Node.
 */
export function clientFor(mfa, baseUrl, timeoutMs = 10_000) {
  const options = { baseUrl, timeoutMs, credentials: "include" };
  if (isNode) options.fetch = cookieFetch();
  return new mfa.MfaClient(options);
}

/** A fetch that records that it was called and never answers. */
export function countingFetch() {
  const f = () => {
    f.calls += 1;
    return new Promise(() => {});
  };
  f.calls = 0;
  return f;
}

/** The code in the WebOTP line ("@host #123456") of the latest development SMS to `to`. */
export async function outboxCode(base, to) {
  const { messages } = await (await fetch(`${base}/api/dev/sms-outbox`)).json();
  const last = messages.filter((m) => m.to === to).pop();
  const match = last && /^@\S+ #(\d{6})$/.exec(last.body.split("\n").pop());
  if (!match) throw new Error(`no SMS code for ${to} in the outbox`);
  return match[1];
}

/** `message`, `field`, `reason` and `until` of an error never contain `secret`. */
export function leaks(err, secret) {
  return ["message", "field", "reason", "until"].filter((k) => String(err?.[k] ?? "").includes(secret));
}
