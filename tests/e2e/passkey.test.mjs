// Passkeys end to end, through the demo in headless Chromium with a CTAP2 virtual authenticator
// (the DevTools protocol's WebAuthn domain: resident keys, user verification): a member enrols a
// passkey at login, signs out, signs in with it, loses it (the authenticator is removed) and
// signs in with a recovery code. On the way, the passkey proves a change of method (a step-up
// assertion) to a passkey on a new device. The page is opened at http://localhost:PORT: WebAuthn needs a
// domain as its RP ID (never an IP address), and the server's default origin is that address.
// axe-core on every new screen; nothing stored on the device.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { checkpoint, contains, launch, record, startServer, storage } from "./harness.mjs";

const PASSWORD = "correct-horse-battery";
const AUTHENTICATOR = { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true };
let server, context, page, cdp, authenticatorId, url, seen;
const axe = {};
const secrets = new Set([PASSWORD]);
let codes = [];

before(async () => {
  server = await startServer();
  url = server.url.replace("127.0.0.1", "localhost");
  context = await launch();
  page = context.pages()[0] ?? (await context.newPage());
  seen = record(page);
  cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", { options: AUTHENTICATOR }));
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function step(name) {
  const serious = await checkpoint(page, name, axe);
  assert.deepEqual(serious, [], `axe: serious or critical violations on ${name}`);
  const stored = await storage(page);
  assert.deepEqual(stored, { local: [], session: [], indexedDb: [], caches: [] }, `the page stored something on ${name}`);
}

async function signIn(email) {
  await page.goto(url);
  await page.waitForSelector("#email");
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await page.click("form button[type=submit]");
}

async function signOut() {
  await page.click("#sign-out");
  await page.waitForSelector("#email");
}

const credentials = async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;

test("p1. a member enrols a passkey at login and saves the recovery codes", async () => {
  await signIn("alice@acme.test");
  await page.waitForSelector("#choose-webauthn");
  assert.equal((await page.textContent("#choose-webauthn")).trim(), "Use a passkey or security key");
  await step("p1-enrol-choice-with-passkey");
  await page.click("#choose-webauthn");
  await page.waitForSelector("#recovery-codes li");
  codes = await page.$$eval("#recovery-codes li", (items) => items.map((li) => li.textContent));
  codes.forEach((c) => secrets.add(c));
  assert.equal(codes.length, 10);
  await step("p2-passkey-recovery-codes");
  const [credential] = await credentials();
  assert.ok(credential, "the virtual authenticator holds the new passkey");
  assert.equal(credential.rpId, "localhost");
  // webauthn-rs's passkey flow asks `residentKey: "discouraged"`: the password names the account
  // first, so the credential need not be discoverable.
  assert.equal(credential.isResidentCredential, false);
  await page.check("#saved-codes");
  await page.click("#acknowledge");
  await page.click("#continue");
  await page.waitForSelector("#recovery-remaining");
  await step("p3-signed-in-after-passkey-enrolment");
  await signOut();
});

test("p2. signing in with the passkey", async () => {
  const before = (await credentials())[0].signCount;
  await signIn("alice@acme.test");
  // The passkey is the person's method: the ceremony waits for their click (a user gesture).
  await page.waitForSelector("#choose-webauthn");
  await step("p4-sign-in-choice-with-passkey");
  await page.click("#choose-webauthn");
  await page.waitForSelector("#recovery-remaining");
  assert.equal(await page.textContent("#recovery-remaining"), "Recovery codes left: 10");
  assert.ok((await credentials())[0].signCount > before, "the signature counter grew");
  await signOut();
});

test("p2b. the passkey proves a change of method to a passkey on a new device", async () => {
  await signIn("alice@acme.test");
  await page.waitForSelector("#choose-webauthn");
  await page.click("#choose-webauthn");
  await page.waitForSelector("#change-method");
  await page.click("#change-method");
  await page.waitForSelector("#proof-passkey");
  await step("p4b-change-method-with-passkey");
  await page.click("#proof-passkey");
  await page.waitForSelector("#choose-webauthn");
  // The new passkey goes on a new device: the current passkey still works until the new one is
  // confirmed, and the server excludes it (excludeCredentials), so its own authenticator would
  // refuse a second registration.
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
  ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", { options: AUTHENTICATOR }));
  await page.click("#choose-webauthn");
  await page.waitForSelector("#recovery-codes li");
  codes = await page.$$eval("#recovery-codes li", (items) => items.map((li) => li.textContent));
  codes.forEach((c) => secrets.add(c));
  assert.equal((await credentials()).length, 1, "the new passkey on the new device");
  await page.check("#saved-codes");
  await page.click("#acknowledge");
  await page.click("#continue");
  await page.waitForSelector("#recovery-remaining");
  assert.equal(await page.textContent("#recovery-remaining"), "Recovery codes left: 10");
  assert.match(await page.textContent("#factors"), /Passkey or security key/);
  await signOut();
});

test("p3. the passkey is lost: a recovery code signs in", async () => {
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
  await signIn("alice@acme.test");
  await page.waitForSelector("#use-recovery-code");
  await page.click("#use-recovery-code");
  await page.waitForSelector("#recovery-code");
  await step("p5-recovery-code-after-losing-the-passkey");
  await page.fill("#recovery-code", codes[0]);
  await page.click("#recover");
  await page.waitForSelector("#recovery-remaining");
  assert.equal(await page.textContent("#recovery-remaining"), "Recovery codes left: 9");
  await step("p6-signed-in-by-recovery-code");
});

test("p4. no secret in the console, the URLs or the server's log", async () => {
  const log = server.log();
  for (const secret of secrets) {
    for (const line of seen.console) assert.ok(!contains(line, secret), "a secret in the console");
    for (const u of seen.urls) assert.ok(!contains(u, secret), "a secret in a URL");
    assert.ok(!contains(log, secret), "a secret in the server's log");
  }
  assert.match(log, /second factor verified/);
});
