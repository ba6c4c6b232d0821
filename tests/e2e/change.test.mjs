// Changing method without a gap, through the demo as a person does it (issue 15): carol, whose
// factor is SMS, proves it is her with a text message (no recovery code), sees a wrong code
// under the field (aria-invalid, aria-describedby, focus back on the field; at 390×844 the
// message overlaps no control), abandons the change ("Keep my current method": visible
// confirmation, SMS still her method), then changes to an authenticator app for good, with a
// reload in the middle that resumes the change.
// Screenshots and axe results of every new screen go to test-results/e2e/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertNoOverlap, authenticator, phone, scanQr, stage } from "./harness.mjs";

const PASSWORD = "correct-horse-battery";
const CAROL_PHONE = "+15555550100";
let server, page;
const { step } = stage("change-", (opened) => ({ server, page } = opened));
const carol = () => phone(server.url, CAROL_PHONE);

async function signInCarol() {
  await page.goto(server.url);
  await page.fill("#email", "carol@acme.test");
  await page.fill("#password", PASSWORD);
  const before = await carol().count();
  await page.click("form button[type=submit]");
  await page.waitForSelector("#challenge-code");
  await page.fill("#challenge-code", await carol().nextCode(before));
  await page.waitForSelector("#change-method");
}

/** Starts the change with an SMS proof; `wrong` first submits a wrong code. */
async function proveWithSms({ wrong = false } = {}) {
  await page.click("#change-method");
  await page.waitForSelector("#proof-send-sms");
  assert.equal(await page.isVisible("#proof-code"), false, "the code field waits for the text message");
  const before = await carol().count();
  await page.click("#proof-send-sms");
  await page.waitForSelector("#proof-code", { state: "visible" });
  assert.match(await page.textContent("#proof-sent"), /We sent a code to/);
  const code = await carol().nextCode(before);
  if (wrong) {
    await page.fill("#proof-code", code === "000000" ? "111111" : "000000");
    await page.click("#proof-submit");
    await page.waitForSelector("#proof-code-error");
    assert.equal(await page.getAttribute("#proof-code", "aria-invalid"), "true");
    assert.equal(await page.getAttribute("#proof-code", "aria-describedby"), "proof-code-error");
    assert.match(await page.textContent("#proof-code-error"), /That code did not work/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "proof-code", "focus back on the field");
    await page.setViewportSize({ width: 390, height: 844 });
    await assertNoOverlap(page, "#proof-code-error");
    await step("proof-wrong-code-390");
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  await page.fill("#proof-code", code);
  await page.click("#proof-submit");
  await page.waitForSelector("#keep-method");
  assert.match(await page.textContent("#enroll-intro"), /keep working until the new method is confirmed/);
  assert.equal(await page.textContent("h1"), "Set up your new method");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "choose-totp");
}

test("an SMS user abandons a change: the old setup stays", async () => {
  await signInCarol();
  await proveWithSms({ wrong: true });
  await step("new-method");
  await page.click("#keep-method");
  await page.waitForSelector("#notice");
  assert.match(await page.textContent("#notice"), /Nothing changed/);
  assert.match(await page.textContent("#factors"), /Text message/);
  assert.equal(await page.textContent("#recovery-remaining"), "Recovery codes left: 10");
  await step("kept");
});

test("an SMS user changes to an authenticator app without a recovery code", async () => {
  await proveWithSms();
  // A reload in the middle resumes the change (getStatus's methodChangeUntil) instead of
  // dropping the person on the account page with a change still pending.
  await page.reload();
  await page.waitForSelector("#keep-method");
  assert.equal(await page.textContent("h1"), "Set up your new method");
  assert.match(await page.textContent("#enroll-intro"), /keep working until the new method is confirmed/);
  await page.click("#choose-totp");
  await page.waitForSelector("#qr svg");
  const uri = await scanQr(page.locator("#qr svg"));
  await page.fill("#enroll-code", authenticator(uri).code());
  await page.waitForSelector("#recovery-codes li");
  assert.equal(await page.isVisible("#keep-method"), false, "nothing left to keep once confirmed");
  assert.equal((await page.$$("#recovery-codes li")).length, 10);
  await page.check("#saved-codes");
  await page.click("#acknowledge");
  await page.click("#continue");
  await page.waitForSelector("#factors");
  assert.match(await page.textContent("#factors"), /Authenticator app/);
  assert.equal(await page.textContent("#recovery-remaining"), "Recovery codes left: 10");
  await step("changed");
});
