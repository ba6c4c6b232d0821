// The Node run: ours (pkg/, the built package) and the peers in one process. Prints JSON.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as otpauth from "otpauth";
import * as otplib from "otplib";
import QRCode from "qrcode";
import { runSuite } from "./common.mjs";

const pkg = new URL("../pkg/core/", import.meta.url);
const ours = await import(new URL("mfa_wasm.js", pkg));
ours.initSync({ module: readFileSync(fileURLToPath(new URL("mfa_wasm_bg.wasm", pkg))) });

const rounds = Number(process.env.BENCH_ROUNDS || 11);
const result = runSuite({ ours, otpauth, otplib, QRCode }, { rounds });
process.stdout.write(JSON.stringify({ node: process.version, ...result }) + "\n");
