// Helpers of the UI suites: recorders, synthetic events, and stand-ins for the browser APIs a
// test browser cannot use for real (clipboard, WebOTP, printing, downloads).
// (`.js`, not `.mjs`: tests/ui imports this file too, and wasm-bindgen-test's server serves
// only `.js` as JavaScript.)

export const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
export const URI =
  "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";
export const CODES = ["AAAA-BBBB-CCCC-DDDD", "EEEE-FFFF-GGGG-HHHH"];

/** A function that records its first argument on each call (`f.calls`). */
export function recorder() {
  const f = (value) => {
    f.calls.push(value);
  };
  f.calls = [];
  return f;
}

/** A new `<input>` with `attributes`, in the document. */
export function input(attributes = {}) {
  const el = document.createElement("input");
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

/** Sets the value and fires `input`, as a script or an autofill does. */
export function typeIn(el, value) {
  el.value = value;
  el.dispatchEvent(new Event("input"));
}

/** A synthetic paste of `text`; whether the binding took it (prevented the default). */
export function paste(el, text) {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  // Firefox ignores `clipboardData` here and takes its own `dataType`/`data` instead.
  const init = { clipboardData: data, dataType: "text/plain", data: text, bubbles: true, cancelable: true };
  const e = new ClipboardEvent("paste", init);
  el.dispatchEvent(e);
  return e.defaultPrevented;
}

/** An `input` event sent while an IME is still composing. */
export const composing = (el) => el.dispatchEvent(new InputEvent("input", { isComposing: true }));

/** Runs `run()` with `target[key]` replaced by `value`, then restores it. */
export async function replaced(target, key, value, run) {
  const own = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  try {
    return await run();
  } finally {
    if (own) Object.defineProperty(target, key, own);
    else delete target[key];
  }
}

/** A function returning a Promise rejected with a DOMException named `name`. */
export const rejecting = (name) => () => Promise.reject(new DOMException("refused", name));

export function clipboardSpy() {
  const spy = { written: [], writeText: (t) => (spy.written.push(t), Promise.resolve()) };
  return spy;
}

/** Spies on URL.createObjectURL/revokeObjectURL and catches the download click. */
export function downloadSpy() {
  const spy = { created: [], revoked: [], clicked: [] };
  const create = URL.createObjectURL;
  const revoke = URL.revokeObjectURL;
  URL.createObjectURL = (blob) => {
    const url = create(blob);
    spy.created.push([url, blob]);
    return url;
  };
  URL.revokeObjectURL = (url) => {
    spy.revoked.push(url);
    revoke(url);
  };
  const onClick = (e) => {
    const a = e.target;
    spy.clicked.push({ href: a.href, download: a.download, connected: a.isConnected });
    e.preventDefault();
  };
  window.addEventListener("click", onClick, true);
  spy.restore = () => {
    URL.createObjectURL = create;
    URL.revokeObjectURL = revoke;
    window.removeEventListener("click", onClick, true);
  };
  return spy;
}

/** Catches the print iframe: when it loads, its print() records the text instead. */
export function printSpy() {
  const spy = { printed: [], frames: [] };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.tagName !== "IFRAME") continue;
        spy.frames.push(node);
        const take = () => {
          node.contentWindow.print = () => spy.printed.push(node.contentDocument.body.innerText);
        };
        node.addEventListener("load", take, { capture: true });
      }
    }
  });
  observer.observe(document.body, { childList: true });
  spy.restore = () => observer.disconnect();
  return spy;
}
