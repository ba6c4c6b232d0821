// QR codes as inline SVG: compact, accessible, CSP-safe, options checked. (Ported from
// tests/common/mod.rs; the decode by ZBar is in ui/shipped-fields.mjs and the native suite.)
import { assert, codeOf, fieldOf } from "../support/assert.mjs";

export const QR_TEXT =
  "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";

/** The side of the `viewBox` in modules: 17 + 4 × version, plus the margin on both sides. */
export function viewBoxSide(svg, margin = 4) {
  const match = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  assert.isNotNull(match, `no numeric square viewBox in ${svg.slice(0, 120)}`);
  assert.equal(match[1], match[2], "square");
  const modules = Number(match[1]) - 2 * margin;
  assert.isTrue(modules >= 21 && modules <= 177 && (modules - 17) % 4 === 0, `${modules} modules is no QR version`);
  return Number(match[1]);
}

export default function define({ mfa }) {
  it("qr_svg_is_compact_accessible_and_csp_safe", () => {
    const svg = mfa.qrSvg(QR_TEXT, { title: 'Scan <me> & "go"' });
    assert.isTrue(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '), svg.slice(0, 80));
    assert.notInclude(svg, "\0", "no NUL characters");
    assert.isFalse(svg.startsWith("<?xml"));
    assert.include(svg, 'role="img"');
    assert.include(svg, "<title>Scan &lt;me&gt; &amp; &quot;go&quot;</title>");
    assert.notInclude(svg, "<rect");
    assert.notInclude(svg, "data:");
    assert.lengthOf(svg.match(/<path/g), 2, "background + one path of runs");
    // The default margin is the 4 modules of ISO/IEC 18004's quiet zone.
    assert.equal(viewBoxSide(mfa.qrSvg(QR_TEXT, { margin: 0 }), 0), viewBoxSide(svg) - 8);
    const uri = mfa.qrDataUri(QR_TEXT);
    assert.isTrue(uri.startsWith("data:image/svg+xml,%3Csvg"), uri.slice(0, 40));
  });

  it("qr_options_are_checked", () => {
    assert.equal(codeOf(mfa, () => mfa.qrSvg("x", { ecc: "X" })), "invalid_input");
    assert.equal(fieldOf(() => mfa.qrSvg("x", { dark: 'red" onload="alert(1)' })), "dark");
    assert.equal(fieldOf(() => mfa.qrSvg("x", { margin: -1 })), "margin");
    assert.equal(codeOf(mfa, () => mfa.qrSvg("A".repeat(5000))), "data_too_long");
    assert.equal(codeOf(mfa, () => mfa.qrSvg(1)), "invalid_input");
    assert.equal(codeOf(mfa, () => mfa.qrSvg("x", 1)), "invalid_input");
    assert.equal(fieldOf(() => mfa.qrSvg("x", { size: 4097 })), "size");
    assert.equal(fieldOf(() => mfa.qrSvg("x", { size: -1 })), "size");
  });

  it("qr_svg_has_a_rendered_size_and_keeps_its_view_box", () => {
    // Issue 15: without width/height an SVG with a viewBox fills the page's width.
    const side = viewBoxSide(mfa.qrSvg(QR_TEXT));
    const head = (svg) => svg.slice(0, svg.indexOf(">") + 1);
    assert.equal(head(mfa.qrSvg(QR_TEXT)), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="200" height="200" role="img" shape-rendering="crispEdges">`);
    assert.include(head(mfa.qrSvg(QR_TEXT, { size: 144 })), `viewBox="0 0 ${side} ${side}" width="144" height="144"`);
    assert.notInclude(head(mfa.qrSvg(QR_TEXT, { size: 0 })), "width=", "0 leaves the size to CSS");
  });
}
