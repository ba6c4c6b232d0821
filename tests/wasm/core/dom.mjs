// The QR SVG in a real document (browser engines only: harness/plan.mjs). (Ported from
// tests/common/mod.rs, where it returned early in Node and counted as passed.)
import { assert } from "../support/assert.mjs";

export default function define({ mfa }) {
  it("qr_svg_renders_into_the_dom", () => {
    // The SVG parses as SVG (not as broken markup) and keeps its accessible name.
    const svg = mfa.qrSvg("hello", { title: "Scan me" });
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    assert.lengthOf(doc.getElementsByTagName("parsererror"), 0);
    assert.equal(doc.documentElement.namespaceURI, "http://www.w3.org/2000/svg");
    assert.equal(doc.getElementsByTagName("title")[0].textContent, "Scan me");
    const [, , w, h] = doc.documentElement.getAttribute("viewBox").split(" ").map(Number);
    assert.isTrue(Number.isInteger(w) && w === h && w >= 29, `viewBox ${w} ${h}`);
  });
}
