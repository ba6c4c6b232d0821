// The platform calls of the UI helpers (src/ui/clipboard.rs, web_otp.rs, recovery_file.rs), in
// JS because they are only calls of browser APIs, which are smaller written here than bound
// from Rust (bench/NOTES.md). The Rust side checks every argument before and builds every text;
// nothing here decides what is valid except the strict shape of a WebOTP code. Errors are
// MfaErrors with codes of mfa_core::ErrorCode (tests/js_vocabulary.rs checks every code used).

function fail(code, message, field, reason) {
  const error = new Error(message);
  error.name = "MfaError";
  error.code = code;
  if (field) {
    error.field = field;
    error.reason = reason;
  }
  return error;
}

// The Async Clipboard API only (docs/security.md, "Clipboard"): no execCommand fallback that
// would put the text in the DOM. writeText is called at once, inside the click that asked for it
// (Safari checks that the user gesture is still on the stack). Every refusal is the browser's
// rule: one code for all, no browser message passed on.
export function copyText(text) {
  const clipboard = typeof navigator === "undefined" ? undefined : navigator.clipboard;
  if (!clipboard || typeof clipboard.writeText !== "function") {
    return Promise.reject(fail("unsupported", "the Clipboard API is not available (it needs a secure context)"));
  }
  const refused = () => {
    throw fail("not_allowed", "the browser refused to write to the clipboard");
  };
  try {
    return Promise.resolve(clipboard.writeText(text)).then(() => undefined, refused);
  } catch {
    return Promise.reject(fail("not_allowed", "the browser refused to write to the clipboard"));
  }
}

// WebOTP (docs/security.md, "WebOTP"): the specification warns that the code handed back can be
// tampered with, so it must be exactly `length` ASCII digits, with nothing cleaned.
export async function webOtp(signal, length) {
  const aborted = () => fail("aborted", "the one-time code request was aborted");
  const credentials = typeof navigator === "undefined" ? undefined : navigator.credentials;
  if (typeof window === "undefined" || window.OTPCredential === undefined || !credentials || typeof credentials.get !== "function") {
    throw fail("unsupported", "this browser has no WebOTP (OTPCredential)");
  }
  if (signal && signal.aborted) throw aborted();
  const request = { otp: { transport: ["sms"] } };
  if (signal) request.signal = signal;
  let credential;
  try {
    credential = await credentials.get(request);
  } catch (e) {
    if ((signal && signal.aborted) || (e && e.name === "AbortError")) throw aborted();
    throw fail("not_allowed", "the browser did not hand over a one-time code");
  }
  const code = credential == null ? undefined : credential.code;
  if (typeof code !== "string") throw fail("not_allowed", "the browser did not hand over a one-time code");
  const reason = !/^[0-9]*$/.test(code) ? "invalid_character" : code.length < length ? "too_short" : code.length > length ? "too_long" : null;
  if (reason) throw fail("invalid_input", "the SMS did not carry a well-formed one-time code", "code", reason);
  return code;
}

function page() {
  if (typeof document === "undefined") throw fail("unsupported", "there is no document: call this in a browser page");
  return document;
}

// A `.txt` file from a Blob, through an object URL revoked right after the click. The link is
// in the document for the click (older Firefox needs it), then gone.
export function downloadText(text, fileName) {
  const doc = page();
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = fileName;
  if (doc.body) doc.body.appendChild(link);
  link.click();
  link.remove();
  // The download holds its own reference to the Blob: the URL can go now.
  URL.revokeObjectURL(url);
}

// Prints only the codes from a hidden iframe (off-screen, out of the accessibility tree; CSSOM
// styles, allowed by a strict CSP), written as text nodes, never as HTML.
export async function printSheet(title, lines, codes) {
  const doc = page();
  if (!doc.body) throw fail("unsupported", "the page has no body");
  const frame = doc.createElement("iframe");
  for (const [name, value] of [["position", "fixed"], ["right", "0"], ["bottom", "0"], ["width", "0"], ["height", "0"], ["border", "0"]]) {
    frame.style.setProperty(name, value);
  }
  frame.setAttribute("aria-hidden", "true");
  frame.setAttribute("tabindex", "-1");
  frame.srcdoc = '<!doctype html><meta charset="utf-8"><title>Recovery codes</title>';
  const loaded = new Promise((resolve) => (frame.onload = resolve));
  doc.body.appendChild(frame);
  try {
    await loaded;
    const inner = frame.contentDocument;
    const view = frame.contentWindow;
    if (!inner || !view || !inner.body) throw fail("unsupported", "the print frame has no document");
    const element = (tag, text) => {
      const e = inner.createElement(tag);
      e.textContent = text;
      return e;
    };
    inner.body.appendChild(element("h1", title));
    for (const line of lines) inner.body.appendChild(element("p", line));
    const list = inner.createElement("ol");
    list.style.setProperty("font-family", "monospace");
    list.style.setProperty("font-size", "14pt");
    for (const code of codes) list.appendChild(element("li", code));
    inner.body.appendChild(list);
    try {
      view.print();
    } catch {
      throw fail("unsupported", "this browser cannot print from the page");
    }
  } finally {
    // Removal rule: print() returns once the dialog has closed (Chrome, Firefox and Safari run
    // it synchronously, and print preview keeps its own copy), so the iframe, and the codes
    // with it, leave the page right after it, whether printing worked or not.
    frame.remove();
  }
}

// The countdown's loop (src/ui/countdown.rs checks the arguments): reads the page's clock,
// schedules the next tick just past the next whole second (timers fire at or after their delay),
// then reports the second if it is new, so that stop() from onTick cancels the next one.
// Returns stop().
export function countdown(onTick, period, now) {
  if (typeof window === "undefined") throw fail("unsupported", "there is no window: call this in a browser page");
  let last, timer;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const read = () => {
    if (!now) return Date.now() / 1000;
    const t = now();
    if (typeof t === "number" && isFinite(t) && t >= 0) return t;
    stop();
    throw fail("invalid_input", "now() must return Unix seconds", "now", "invalid_type");
  };
  const tick = () => {
    const t = read();
    const second = Math.floor(t);
    if (!stopped) timer = setTimeout(tick, Math.ceil((second + 1 - t) * 1000 + 10));
    if (last === second) return;
    last = second;
    // As mfa_core::totp::seconds_remaining: from `period` down to 1.
    onTick({ secondsRemaining: period - (second % period), period, step: Math.floor(second / period) });
  };
  tick();
  return stop;
}
