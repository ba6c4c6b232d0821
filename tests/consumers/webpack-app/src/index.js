import init, { generateSecret, buildOtpauthUri, qrSvg } from "mfa-wasm";

await init();
const secret = generateSecret();
const uri = buildOtpauthUri({ secret, issuer: "ACME", account: "alice@example.com" });
document.querySelector("#qr").innerHTML = qrSvg(uri, { title: "Scan me" });
