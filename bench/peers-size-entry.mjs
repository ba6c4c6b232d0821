// What an app ships for the same job with the peers: otpauth (TOTP, Key URIs) + node-qrcode (SVG).
export { HOTP, Secret, TOTP, URI } from "otpauth";
export { toString as qrToString } from "qrcode";
