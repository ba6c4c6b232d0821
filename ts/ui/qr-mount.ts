// mountQr: the QR code of a Key URI as inline SVG inside an element. The SVG is this package's
// own output (one <path>, an escaped <title>), so it is the only markup ever assigned with
// innerHTML here; nothing the caller passes is parsed as HTML.
import { fail, str } from "../errors.js";
import { render, type QrOptions } from "../qr.js";

/**
 * Renders `qrSvg(uri, options)` into `element`, replacing its children. Works under a strict
 * Content-Security-Policy (no `data:` URI, no inline style). Clear the element
 * (`element.replaceChildren()`) once enrolment is over: the QR code holds the secret.
 * @example
 * mountQr(document.querySelector("#qr")!, started.otpauthUri, { title: "Scan with your authenticator app" });
 */
export function mountQr(element: Element, uri: string, options?: QrOptions): void {
  if (typeof Element === "undefined" || !(element instanceof Element)) {
    throw fail("invalid_input", "expected an Element", "element", "invalid_type");
  }
  const svg = render(str(uri, "uri"), options, false);
  element.innerHTML = svg;
}
