// Saving recovery codes: as text, as a `.txt` file (a Blob), and on paper (a hidden iframe
// holding only the codes). Nothing is stored, logged or put in a URL other than a `blob:` URL
// revoked right after use.
import { fail, optStr, opts, wrongType } from "../errors.js";

/**
 * Options of `recoveryCodesText`, `downloadRecoveryCodes` and `printRecoveryCodes`.
 * @example const options: RecoveryCodesOptions = { issuer: "ACME Co", account: "alice@example.com" };
 */
export interface RecoveryCodesOptions {
  /** The service, shown in the title and used in the file name. */
  issuer?: string;
  /** The account, e.g. an email address, shown in the title. */
  account?: string;
}

const HOW_TO = [
  "Each code signs you in once if you lose access to your second factor.",
  "Keep them somewhere safe, such as a password manager: anyone with them can sign in as you.",
];

/**
 * The sheet of `codes` from any server: 1 to 100 codes of 1 to 64 printable ASCII characters
 * (no line break that could forge lines of the file), labels of at most 256 characters without
 * control characters. Answers the title, the file's text (CRLF lines), its name, and a copy of
 * the codes (so the caller's array cannot change before a print).
 */
function sheet(codes: unknown, options: unknown): { title: string; text: string; fileName: string; codes: string[] } {
  const o = opts(options, "options", ["issuer", "account"]);
  if (!Array.isArray(codes)) throw wrongType("codes", "expected an array of strings");
  if (codes.length === 0 || codes.length > 100) throw fail("invalid_input", "expected 1 to 100 codes", "codes", "invalid_length");
  const copy = codes.map((code: unknown) => {
    if (typeof code !== "string") throw wrongType("codes", "expected an array of strings");
    if (!/^[\x21-\x7e]{1,64}$/.test(code)) throw fail("invalid_input", "a code is empty, too long or not printable ASCII", "codes", "invalid_character");
    return code;
  });
  const label = (field: "issuer" | "account"): string | undefined => {
    const value = optStr(o[field], field);
    if (value !== undefined && ([...value].length > 256 || /\p{Cc}/u.test(value))) {
      throw fail("invalid_input", "at most 256 characters, no control characters", field, "invalid_character");
    }
    return value;
  };
  const issuer = label("issuer");
  const account = label("account");
  const title = `${issuer === undefined ? "Recovery codes" : `${issuer} recovery codes`}${account === undefined ? "" : ` for ${account}`}`;
  const text = [title, "", ...HOW_TO, "", ...copy, ""].join("\r\n");
  // `acme-co-recovery-codes.txt`: the issuer in lower-case ASCII letters, digits and dashes.
  const slug = [...(issuer ?? "")].map((c) => (/[A-Za-z0-9]/.test(c) ? c.toLowerCase() : " ")).join("").split(" ").filter(Boolean).join("-").slice(0, 40);
  return { title, text, fileName: slug ? `${slug}-recovery-codes.txt` : "recovery-codes.txt", codes: copy };
}

function page(): Document {
  if (typeof document === "undefined") throw fail("unsupported", "there is no document: call this in a browser page");
  return document;
}

/**
 * The text of the recovery codes file: a title, how to use the codes, one code per line (CRLF).
 * @example copyText(recoveryCodesText(state.recoveryCodes, { issuer: "ACME Co" }));
 */
export function recoveryCodesText(codes: readonly string[], options?: RecoveryCodesOptions): string {
  return sheet(codes, options).text;
}

/**
 * Saves the codes as a `.txt` file (`acme-co-recovery-codes.txt`) through a Blob and an object
 * URL that is revoked right after the click. Call it from a click.
 * @example downloadButton.onclick = () => downloadRecoveryCodes(state.recoveryCodes, { issuer: "ACME Co", account: email });
 */
export function downloadRecoveryCodes(codes: readonly string[], options?: RecoveryCodesOptions): void {
  const { text, fileName } = sheet(codes, options);
  const doc = page();
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = fileName;
  // The link is in the document for the click (older Firefox needs it), then gone.
  doc.body?.appendChild(link);
  link.click();
  link.remove();
  // The download holds its own reference to the Blob: the URL can go now.
  URL.revokeObjectURL(url);
}

/**
 * Prints only the codes: they go into a hidden iframe, which is printed and then removed. The
 * Promise settles once the print dialog has closed and the iframe is gone.
 * @example printButton.onclick = () => printRecoveryCodes(state.recoveryCodes, { issuer: "ACME Co" });
 */
export async function printRecoveryCodes(codes: readonly string[], options?: RecoveryCodesOptions): Promise<void> {
  const { title, codes: copy } = sheet(codes, options);
  const doc = page();
  if (!doc.body) throw fail("unsupported", "the page has no body");
  // Off-screen, out of the accessibility tree; CSSOM styles (allowed by a strict CSP); text
  // nodes only, never HTML.
  const frame = doc.createElement("iframe");
  for (const [name, value] of [["position", "fixed"], ["right", "0"], ["bottom", "0"], ["width", "0"], ["height", "0"], ["border", "0"]] as const) {
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
    const element = (tag: string, text: string) => {
      const e = inner.createElement(tag);
      e.textContent = text;
      return e;
    };
    inner.body.appendChild(element("h1", title));
    for (const line of HOW_TO) inner.body.appendChild(element("p", line));
    const list = inner.createElement("ol");
    list.style.setProperty("font-family", "monospace");
    list.style.setProperty("font-size", "14pt");
    for (const code of copy) list.appendChild(element("li", code));
    inner.body.appendChild(list);
    try {
      view.print();
    } catch {
      throw fail("unsupported", "this browser cannot print from the page");
    }
  } finally {
    // print() returns once the dialog has closed (Chrome, Firefox and Safari run it
    // synchronously, and print preview keeps its own copy), so the iframe, and the codes with
    // it, leave the page right after it, whether printing worked or not.
    frame.remove();
  }
}
