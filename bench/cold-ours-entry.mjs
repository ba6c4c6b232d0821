// Cold start, ours: load the package, build the Key URI and put its QR code in the DOM.
import init, { buildOtpauthUri, qrSvg } from "../pkg/core/mfa_wasm.js";

await init({ module_or_path: "/pkg/core/mfa_wasm_bg.wasm" });
const uri = buildOtpauthUri({ secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", issuer: "ACME Co", account: "alice@example.com" });
document.getElementById("qr").innerHTML = qrSvg(uri, { ecc: "M" });
window.firstQr = performance.now();
