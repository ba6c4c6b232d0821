// The demo as a person meets it (issue 15): errors under their field (aria-invalid,
// aria-describedby, focus back on the field) that clear on success; the SMS resend button
// disabled with its countdown; at 390×844 no message overlaps a control; new recovery codes
// (proved by SMS) with visible confirmations and focus on the heading; the admin's reset that
// names the member, refuses the admin's own account and says so for an unknown email, and a
// policy downgrade that warns first. axe and a screenshot on every screen (test-results/e2e/).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as OTPAuth from "otpauth";
import { assertNoOverlap, phone, stage } from "./harness.mjs";

const PASSWORD = "correct-horse-battery";
const ADMIN_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const CAROL_PHONE = "+15555550100";
let server, page;
const { step } = stage("people-", (opened) => ({ server, page } = opened));
const carol = () => phone(server.url, CAROL_PHONE);
const focused = () => page.evaluate(() => document.activeElement?.id);

test("a wrong password is shown under its field, keeps the focus there, and clears on success", async () => {
  await page.goto(server.url);
  // A specific message under the field at fault, not "check what you typed".
  await page.click("form button[type=submit]");
  await page.waitForSelector("#email-error");
  assert.equal(await page.textContent("#email-error"), "Enter your email address.");
  assert.equal(await page.getAttribute("#email", "aria-invalid"), "true");
  assert.equal(await focused(), "email");
  await page.fill("#email", "carol@acme.test");
  await page.fill("#password", "not-her-password");
  await page.click("form button[type=submit]");
  await page.waitForSelector("#password-error");
  assert.equal(await page.textContent("#password-error"), "The email or password is wrong.");
  assert.equal(await page.$("#email-error"), null, "the earlier error cleared");
  assert.equal(await page.getAttribute("#password", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#password", "aria-describedby"), "password-error");
  assert.equal(await focused(), "password");
  assert.equal(await page.textContent("#alert"), "The email or password is wrong.", "announced too");
  await step("login-error");
  const before = await carol().count();
  await page.fill("#password", PASSWORD);
  await page.click("form button[type=submit]");
  await page.waitForSelector("#challenge-code");
  assert.equal(await page.$("#password-error"), null);
  assert.equal(await page.textContent("#alert"), "", "the error cleared on the next state");
  // SMS: resend disabled, with the server's cool-down counting down in its label.
  assert.ok(await page.isDisabled("#resend"));
  const first = Number((await page.textContent("#resend")).match(/^Send a new code \(in (\d+) s\)$/)?.[1]);
  assert.ok(first > 0 && first <= 30, `the server's 30 s cool-down: ${first}`);
  await page.waitForFunction((n) => Number(document.querySelector("#resend")?.textContent?.match(/\(in (\d+) s\)/)?.[1] ?? n) < n, first);
  const code = await carol().nextCode(before);
  // A complete code submits itself (bindCodeInput's onComplete): no click.
  await page.fill("#challenge-code", code === "000000" ? "111111" : "000000");
  await page.waitForSelector("#challenge-code-error");
  assert.match(await page.textContent("#challenge-code-error"), /^That code did not work\. 4 attempts left\.$/);
  assert.equal(await page.getAttribute("#challenge-code", "aria-invalid"), "true");
  assert.equal(await focused(), "challenge-code");
  await page.setViewportSize({ width: 390, height: 844 });
  await assertNoOverlap(page, "#challenge-code-error");
  await step("sms-wrong-code-390");
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.fill("#challenge-code", code);
  await page.waitForSelector("#regenerate");
  assert.equal(await page.textContent("#alert"), "");
});

test("new recovery codes, proved with a text message", async () => {
  await page.click("#regenerate");
  await page.waitForSelector("#proof-send-sms");
  assert.equal(await page.$("#proof-use-recovery"), null, "a lost set is replaced with the device, not a code");
  await step("regenerate-proof");
  const before = await carol().count();
  await page.click("#proof-send-sms");
  await page.waitForSelector("#proof-code", { state: "visible" });
  await page.fill("#proof-code", await carol().nextCode(before));
  await page.click("#proof-submit");
  await page.waitForSelector("#recovery-codes li");
  assert.equal(await page.textContent("h1"), "Your new recovery codes");
  assert.equal(await focused(), "codes-title");
  assert.equal((await page.$$("#recovery-codes li")).length, 10);
  await step("regenerated-codes");
  await page.check("#saved-codes");
  await page.click("#acknowledge");
  await page.waitForSelector("#notice");
  assert.match(await page.textContent("#notice"), /new recovery codes are ready\. The old ones no longer work/);
  assert.equal(await page.textContent("#recovery-remaining"), "Recovery codes left: 10");
  await step("regenerated-home");
  await page.click("#sign-out");
  await page.waitForSelector("#email");
});

test("the admin: a reset names the member, refuses oneself and unknown emails; a downgrade warns first", async () => {
  await page.fill("#email", "admin@acme.test");
  await page.fill("#password", PASSWORD);
  await page.click("form button[type=submit]");
  await page.waitForSelector("#challenge-code");
  await page.fill("#challenge-code", new OTPAuth.TOTP({ secret: ADMIN_SECRET }).generate());
  await page.click("#open-admin");
  await page.waitForSelector("#member-email");
  await page.fill("#member-email", "admin@acme.test");
  await page.click("#reset-member");
  assert.match(await page.textContent("#member-email-error"), /cannot reset your own/);
  assert.equal(await page.getAttribute("#member-email", "aria-invalid"), "true");
  await page.fill("#member-email", "nobody@acme.test");
  await page.fill("#reset-password", PASSWORD);
  await page.click("#reset-member");
  assert.match(await page.textContent("#reset-confirm"), /^Reset two-factor authentication for nobody@acme\.test\?/);
  await page.click("#reset-member");
  await page.waitForFunction(() => document.querySelector("#member-email-error")?.textContent === "No member of your organisation has that email.");
  await page.fill("#member-email", "bob@acme.test");
  await page.click("#reset-member");
  assert.match(await page.textContent("#reset-confirm"), /for bob@acme\.test\?/);
  assert.equal(await page.textContent("#reset-member"), "Reset bob@acme.test");
  assert.equal(await page.isVisible("#reset-done"), false, "nothing happens before the confirmation");
  await step("admin-reset-confirm");
  await page.click("#reset-member");
  await page.waitForSelector("#reset-done", { state: "visible" });
  assert.equal(await page.textContent("#reset-done"), "Two-factor authentication was reset for bob@acme.test (1 factor removed).");
  // Turning 2FA off warns first; only "Save anyway" saves.
  assert.ok(await page.isChecked("#require-mfa"));
  await page.uncheck("#require-mfa");
  await page.fill("#admin-password", PASSWORD);
  await page.click("#save-policy");
  await page.waitForSelector("#policy-warning", { state: "visible" });
  assert.match(await page.textContent("#policy-warning"), /no longer be asked for a second factor/);
  assert.equal(await page.isVisible("#policy-saved"), false);
  await step("admin-downgrade-warning");
  await page.click("#save-policy");
  await page.waitForSelector("#policy-saved", { state: "visible" });
  assert.match(await page.textContent("#policy-saved"), /optional/);
  await step("admin-saved");
});

test("an optional organisation says so and offers Not now", async () => {
  await page.click("#sign-out");
  await page.waitForSelector("#email");
  await page.fill("#email", "erin@initech.test");
  await page.fill("#password", PASSWORD);
  await page.click("form button[type=submit]");
  await page.waitForSelector("#factors");
  assert.equal(await page.textContent("#factors"), "Not set up (optional in your organisation).");
  await page.click("#set-up");
  await page.waitForSelector("#skip");
  assert.match(await page.textContent("#enroll-intro"), /optional in your organisation/);
  await step("optional-enrolment");
  await page.click("#skip");
  await page.waitForSelector("#enroll-done");
  assert.match(await page.textContent("#enroll-done"), /set it up later/);
  await page.click("#sign-out");
  await page.waitForSelector("#email");
});

test("the last attempt is announced before the lock, and the locked screen says what to do", async () => {
  await page.fill("#email", "admin@acme.test");
  await page.fill("#password", PASSWORD);
  await page.click("form button[type=submit]");
  await page.waitForSelector("#challenge-code");
  const totp = new OTPAuth.TOTP({ secret: ADMIN_SECRET });
  const near = new Set([-60, -30, 0, 30, 60].map((d) => totp.generate({ timestamp: Date.now() + d * 1000 })));
  const wrong = ["000000", "111111", "222222", "333333", "444444", "555555", "666666"].filter((c) => !near.has(c));
  for (let i = 0; i < 4; i++) {
    await page.fill("#challenge-code", wrong[i]);
    await page.waitForFunction((n) => document.querySelector("#challenge-code-error")?.textContent?.includes(n), i < 3 ? `${4 - i} attempts left` : "last attempt");
  }
  assert.ok(await page.isVisible("#attempts"), "the warning before the last attempt");
  assert.match(await page.textContent("#attempts"), /One more wrong code locks your account/);
  await step("last-attempt");
  await page.fill("#challenge-code", wrong[4]);
  await page.waitForSelector("#locked");
  assert.match(await page.textContent("#locked"), /locked until/);
  assert.match(await page.textContent("#locked-help"), /recovery codes/);
  assert.equal(await page.$("#challenge-code"), null, "no field to type into while locked");
  assert.ok(await page.isDisabled("#retry"));
  await step("locked-out");
  // A reload remembers the lock (getStatus's codesLockedUntil): still no field to type into.
  await page.reload();
  await page.waitForSelector("#locked");
  assert.equal(await page.$("#challenge-code"), null);
  assert.ok(await page.isDisabled("#retry"));
});
