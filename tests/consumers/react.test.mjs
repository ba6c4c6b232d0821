// The React example (examples/react: Vite 7 + React 19 driving EnrollmentFlow and ChallengeFlow
// through useSyncExternalStore) as a team would start from it: copied into a fresh directory,
// its locked dependencies installed, the package from `npm pack` of pkg/, built (tsc --strict +
// vite build); then a smoke test in Chromium against the reference server serving the build:
// bob signs in with a TOTP code, alice (enrolment required) enrols an authenticator app through
// the QR code's key and saves her recovery codes. Run by scripts/test.sh with `node --test`
// (tests/consumers/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as OTPAuth from "otpauth";
import { launch, startServer } from "../e2e/harness.mjs";

const root = join(new URL(".", import.meta.url).pathname, "../..");
const work = mkdtempSync(join(tmpdir(), "mfa-react-"));
const run = (cwd, cmd, ...args) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const PASSWORD = "correct-horse-battery";
const BOB_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
let app, server, context, page;

before(() => {
  // The reference server the smoke test signs in against (idempotent when it is built).
  run(root, "cargo", "build", "-p", "mfa-server", "--quiet");
  const tarball = join(work, run(join(root, "pkg"), "npm", "pack", "--pack-destination", work).trim().split("\n").pop());
  app = join(work, "react");
  cpSync(join(root, "examples/react"), app, { recursive: true, filter: (src) => !/node_modules|dist/.test(src.slice(root.length)) });
  run(app, "npm", "ci", "--no-audit", "--no-fund");
  run(app, "npm", "install", "--no-save", "--no-audit", "--no-fund", tarball);
});

after(async () => {
  await context?.close();
  server?.stop();
  rmSync(work, { recursive: true, force: true });
});

test("the React example builds (tsc --strict, Vite 7) with the packed package", () => {
  run(app, "npm", "run", "build");
  const assets = readdirSync(join(app, "dist/assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `no .wasm in ${assets}`);
});

test("smoke: sign in (ChallengeFlow) and enrol (EnrollmentFlow) through the React example in Chromium", async () => {
  server = await startServer(join(app, "dist"));
  context = await launch();
  page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const signIn = async (email) => {
    await page.goto(server.url);
    await page.waitForSelector("#email");
    await page.fill("#email", email);
    await page.fill("#password", PASSWORD);
    await page.click("#sign-in");
  };

  // bob: the password, then a code from his authenticator app (otpauth plays the app).
  await signIn("bob@acme.test");
  await page.waitForSelector("#code");
  const totp = new OTPAuth.TOTP({ secret: BOB_SECRET });
  const near = new Set([-30, 0, 30].map((d) => totp.generate({ timestamp: Date.now() + d * 1000 })));
  await page.fill("#code", ["000000", "111111", "222222", "333333"].find((c) => !near.has(c)));
  await page.click("#code-submit");
  await page.waitForSelector("#error");
  await page.fill("#code", totp.generate());
  await page.click("#code-submit");
  await page.waitForSelector("#signed-in");
  assert.match(await page.textContent("#signed-in"), /bob@acme\.test/);
  await page.click("text=Sign out");
  await page.waitForSelector("#email");

  // alice: her organisation requires 2FA and she has none: the enrolment takes over.
  await signIn("alice@acme.test");
  await page.click("#choose-totp");
  await page.waitForSelector("#qr svg");
  const secret = (await page.textContent("#secret")).replaceAll(" ", "");
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.fill("#enrol-code", new OTPAuth.TOTP({ secret }).generate());
  await page.click("#enrol-code-submit");
  await page.waitForSelector("#recovery-codes li");
  assert.equal((await page.$$("#recovery-codes li")).length, 10);
  assert.ok(await page.isDisabled("#acknowledge"), "the codes must be saved first");
  await page.check("#saved");
  await page.click("#acknowledge");
  await page.click("#done");
  await page.waitForSelector("#signed-in");
  assert.deepEqual(errors, [], "no error on the page");
});
