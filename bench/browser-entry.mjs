// The Chromium run (bundled by esbuild into dist/bench-browser.js): ours and the peers in one page.
import * as otpauth from "otpauth";
import * as otplib from "otplib";
import QRCode from "qrcode";
import init, * as ours from "../pkg/core/mfa_wasm.js";
import { runSuite } from "./common.mjs";

window.runBench = async (rounds) => {
  await init({ module_or_path: "/pkg/core/mfa_wasm_bg.wasm" });
  return runSuite({ ours, otpauth, otplib, QRCode }, { rounds });
};
