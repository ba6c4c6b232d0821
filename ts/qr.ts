// QR codes as inline SVG (rules and encoder: mfa_core::qr).
import { optNum, optStr, opts, str } from "./errors.js";
import * as w from "./wasm.js";

/** Options of `qrSvg`, `qrDataUri` and `mountQr`. */
export interface QrOptions {
  /** Error correction: "L", "M" (default), "Q" or "H". */
  ecc?: "L" | "M" | "Q" | "H";
  /** Quiet zone in modules, 0 to 64; default 4. */
  margin?: number;
  /** Colour of the dark modules; default "#000". */
  dark?: string;
  /** Background; default "#fff"; "none" leaves it out. */
  light?: string;
  /** Accessible name (an escaped `<title>`); default "QR code". */
  title?: string;
  /** Rendered width and height in CSS pixels, 0 to 4096; default 200; 0 fills the container. The `viewBox` stays, so CSS can scale it. */
  size?: number;
}

/** The SVG or data URI of `text`. */
export function render(text: unknown, options: unknown, dataUri: boolean): string {
  const o = opts(options, "options", ["ecc", "margin", "dark", "light", "title", "size"]);
  return w.qr_svg(str(text, "text"), optStr(o.ecc, "ecc"), optNum(o.margin, "margin"), optStr(o.dark, "dark"), optStr(o.light, "light"), optStr(o.title, "title"), optNum(o.size, "size"), dataUri);
}

/**
 * A QR code as an inline SVG string: one path, `viewBox` in modules, `width`/`height` of
 * `size` CSS pixels (200 by default), `role="img"` with a title.
 * Needs no `data:` URI, so it works under a strict Content-Security-Policy.
 * @example element.innerHTML = qrSvg(buildOtpauthUri(key), { title: "Scan with your authenticator app" });
 */
export function qrSvg(text: string, options?: QrOptions): string {
  return render(text, options, false);
}

/**
 * The same SVG as a `data:image/svg+xml` URI, for `<img src>`.
 * @example img.src = qrDataUri(uri);
 */
export function qrDataUri(text: string, options?: QrOptions): string {
  return render(text, options, true);
}
