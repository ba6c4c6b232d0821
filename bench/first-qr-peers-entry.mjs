// First QR on screen, the peers: otpauth builds the Key URI, node-qrcode renders its SVG.
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

const uri = new TOTP({ issuer: "ACME Co", label: "alice@example.com", secret: Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") }).toString();
QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M" }, (err, svg) => {
  if (err) throw err;
  document.getElementById("qr").innerHTML = svg;
  requestAnimationFrame(() => (window.firstQr = performance.now()));
});
