// What the end-to-end scenario needs around the browser: the reference server serving the demo,
// Debian Chromium through playwright-core, an independent TOTP implementation (otpauth) and a
// real QR decoder (ZBar) for the "phone", axe-core on every page, screenshots, and a record of
// everything a secret must never reach (console, URLs, web storage).
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import * as OTPAuth from "otpauth";

export const root = new URL("../..", import.meta.url).pathname;
export const artifacts = join(root, "test-results/e2e");
mkdirSync(artifacts, { recursive: true });

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * The reference server in development mode, serving `staticDir` (the demo's www/dist by default),
 * on a fresh database, logging at debug level into a file the leak check reads (`log()`).
 */
export async function startServer(staticDir = join(root, "www/dist")) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "mfa-e2e-"));
  const logFile = join(dir, "server.log");
  const out = openSync(logFile, "w");
  const proc = spawn(join(root, "target/debug/mfa-server"), ["--dev", "--listen", `127.0.0.1:${port}`, "--db", join(dir, "e2e.db"), "--static-dir", staticDir, "--sso-url", "/idp.html"], {
    stdio: ["ignore", "ignore", out], // stderr: the log (stdout prints the demo accounts, by design)
    env: { ...process.env, MFA_SERVER_LOG: "debug" },
  });
  const url = `http://127.0.0.1:${port}`;
  const log = () => readFileSync(logFile, "utf8");
  // The database and log go with the server once it has exited (a run used to leave them in
  // /tmp); the test's own result never depends on this clean-up.
  const stop = () => {
    proc.once("exit", () => removeQuietly(dir));
    proc.kill();
  };
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, log, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error("the reference server did not start");
}

/** Debian Chromium, headless, with the flags this closed network needs. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "mfa-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    args: ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  // The profile goes once the browser has exited (closing a persistent context ends it).
  const close = context.close.bind(context);
  context.close = async (options) => {
    await close(options);
    removeQuietly(profile);
  };
  return context;
}

/** Removes a temporary directory, retrying while a process still writes into it; never throws. */
function removeQuietly(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (e) {
    console.error(`could not remove ${dir}: ${e}`);
  }
}

/** Everything the page said or asked for, to search for secrets afterwards. */
export function record(page) {
  const seen = { console: [], urls: [] };
  page.on("console", (m) => seen.console.push(m.text()));
  page.on("pageerror", (e) => seen.console.push(String(e)));
  page.on("request", (r) => seen.urls.push(r.url()));
  page.on("framenavigated", (f) => seen.urls.push(f.url()));
  return seen;
}

/** Everything the page keeps on the device: web storage, IndexedDB databases, Cache Storage. */
export const storage = (page) =>
  page.evaluate(async () => ({
    local: Object.entries(localStorage),
    session: Object.entries(sessionStorage),
    indexedDb: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
  }));

/** Whether `text` contains `secret`, ignoring case (base32 secrets are case-insensitive). */
export const contains = (text, secret) => text.toLowerCase().includes(secret.toLowerCase());

/** A numbered screenshot, and axe-core's serious and critical violations on the page. */
export async function checkpoint(page, name, axeResults) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  // Through the DevTools protocol, not a <script> element: the demo's Content-Security-Policy
  // (no inline script) refuses an injected script tag, and that refusal is what it is for.
  await page.evaluate(readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8"));
  const result = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  axeResults[name] = result;
  writeFileSync(join(artifacts, "axe.json"), JSON.stringify(axeResults, null, 2));
  return [...result.filter((v) => v.impact === "serious" || v.impact === "critical"), ...(await smallTargets(page))];
}

/**
 * Visible controls smaller than the demo promises (www/src/styles.css): buttons, text fields and
 * link buttons at least 44×44 CSS px (WCAG 2.2 SC 2.5.5, Target Size (Enhanced)), checkboxes and radios at
 * least 24×24 (SC 2.5.8, Target Size (Minimum)). Reported like an axe violation.
 */
export async function smallTargets(page) {
  const small = await page.$$eval("button, a.button, input", (els) =>
    els.flatMap((e) => {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || e.type === "hidden") return [];
      const min = e.type === "checkbox" || e.type === "radio" ? 24 : 44;
      return r.width < min || r.height < min ? [`${e.id || e.tagName} ${Math.round(r.width)}×${Math.round(r.height)}`] : [];
    }),
  );
  return small.length ? [{ id: "target-size", impact: "serious", nodes: small }] : [];
}

/** The phone: ZBar reads the QR code from a screenshot of the element. */
export async function scanQr(locator) {
  const file = join(artifacts, "qr-scan.png");
  await locator.screenshot({ path: file });
  return execFileSync("zbarimg", ["--quiet", "--raw", "-Sbinary", file]).toString("utf8");
}

/** The phone's authenticator app: otpauth (an independent implementation) from the Key URI. */
export function authenticator(uri) {
  const totp = OTPAuth.URI.parse(uri);
  return { totp, code: (offsetSteps = 0) => totp.generate({ timestamp: Date.now() + offsetSteps * totp.period * 1000 }) };
}

/**
 * One test file's stage: a server on a fresh database, Chromium and a page, opened before its
 * tests (handed to `opened({ server, context, page })`) and closed after them. The returned
 * `step(name)` takes a checkpoint (`prefix` + name) and fails on its serious findings.
 */
export function stage(prefix, opened) {
  const s = { axe: {} };
  before(async () => {
    s.server = await startServer();
    s.context = await launch();
    s.page = await s.context.newPage();
    opened({ server: s.server, context: s.context, page: s.page });
  });
  after(async () => {
    await s.context?.close();
    s.server?.stop();
  });
  const step = async (name) => {
    const serious = await checkpoint(s.page, `${prefix}${name}`, s.axe);
    assert.deepEqual(serious, [], `axe: serious or critical violations on ${name}`);
  };
  return { step };
}

/** A phone number's text messages in the development outbox of the server at `url`. */
export function phone(url, number) {
  const mine = async () => (await (await fetch(`${url}/api/dev/sms-outbox`)).json()).messages.filter((m) => m.to === number);
  return {
    /** How many messages the number has received. */
    count: async () => (await mine()).length,
    /** The code of the newest message once more than `count` have arrived (waits up to 5 s). */
    async nextCode(count) {
      for (let i = 0; i < 50; i++) {
        const messages = await mine();
        if (messages.length > count) return messages.at(-1).body.match(/#(\d{6})$/)[1];
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no text message to ${number}`);
    },
  };
}

/** Fails when a visible `messageSelector` (or the page's alert) overlaps a visible control. */
export async function assertNoOverlap(page, messageSelector) {
  const boxes = await page.$$eval(`${messageSelector}, #alert, button, input, a`, (els, sel) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { id: e.id || e.tagName, message: e.matches(`${sel}, #alert`), r: [r.left, r.top, r.right, r.bottom], visible: r.width > 1 && r.height > 1 };
  }), messageSelector);
  const overlap = (a, b) => a.r[0] < b.r[2] && b.r[0] < a.r[2] && a.r[1] < b.r[3] && b.r[1] < a.r[3];
  const shown = boxes.filter((b) => b.visible);
  const messages = shown.filter((b) => b.message);
  assert.ok(messages.length > 0, `no visible ${messageSelector}`);
  for (const m of messages) for (const c of shown.filter((b) => !b.message)) assert.ok(!overlap(m, c), `${m.id} overlaps ${c.id}`);
}
