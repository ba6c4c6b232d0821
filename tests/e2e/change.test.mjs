// Changing method without a gap, through the demo as a person does it (issue 15): carol, whose
// factor is SMS, proves it is her with a text message (no recovery code), sees a wrong code
// under the field (aria-invalid, aria-describedby, focus back on the field; at 390×844 the
// message overlaps no control), abandons the change ("Keep my current method": visible
// confirmation, SMS still her method), then changes to an authenticator app for good, with a
// reload in the middle that resumes the change.
// Screenshots and axe results of every new screen go to test-results/e2e/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { authenticator, checkpoint, launch, scanQr, startServer } from "./harness.mjs";

const PASSWORD = "correct-horse-battery";
const CAROL_PHONE = "+15555550100";
let server, context, page;
const axe = {};

before(async () => {
  server = await startServer();
  context = await launch();
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  server?.stop();
});

async function step(name) {
  const serious = await checkpoint(page, `change-${name}`, axe);
  assert.deepEqual(serious, [], `axe: serious or critical violations on ${name}`);
}

/** The phone: the code of the latest text message to carol, from the development outbox. */
async function latestSms(after = 0) {
  for (let i = 0; i < 50; i++) {
    const { messages } = await (await fetch(`${server.url}/api/dev/sms-outbox`)).json();
    const mine = messages.filter((m) => m.to === CAROL_PHONE);
    if (mine.length > after) return { count: mine.length, code: mine.at(-1).body.match(/#(\d{6})$/)[1] };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no text message");
}

async function smsCount() {
  const { messages } = await (await fetch(`${server.url}/api/dev/sms-outbox`)).json();
  return messages.filter((m) => m.to === CAROL_PHONE).length;
}

async function signInCarol() {
  await page.goto(server.url);
  await page.fill("#email", "carol@acme.test");
  await page.fill("#password", PASSWORD);
  const before = await smsCount();
  await page.click("form button[type=submit]");
  await page.waitForSelector("#challenge-code");
  await page.fill("#challenge-code", (await latestSms(before)).code);
  await page.waitForSelector("#change-method");
}

/** Starts the change with an SMS proof; `wrong` first submits a wrong code. */
async function proveWithSms({ wrong = false } = {}) {
  await page.click("#change-method");
  await page.waitForSelector("#proof-send-sms");
  assert.equal(await page.isVisible("#proof-code"), false, "the code field waits for the text message");
  const before = await smsCount();
  await page.click("#proof-send-sms");
  await page.waitForSelector("#proof-code", { state: "visible" });
  assert.match(await page.textContent("#proof-sent"), /We sent a code to/);
  const { code } = await latestSms(before);
  if (wrong) {
    await page.fill("#proof-code", code === "000000" ? "111111" : "000000");
    await page.click("#proof-submit");
    await page.waitForSelector("#proof-code-error");
    assert.equal(await page.getAttribute("#proof-code", "aria-invalid"), "true");
    assert.equal(await page.getAttribute("#proof-code", "aria-describedby"), "proof-code-error");
    assert.match(await page.textContent("#proof-code-error"), /That code did not work/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "proof-code", "focus back on the field");
    await page.setViewportSize({ width: 390, height: 844 });
    const boxes = await page.$$eval("#proof-code-error, #alert, button, input", (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.id || e.tagName, r: [r.left, r.top, r.right, r.bottom], visible: r.width > 1 && r.height > 1 };
    }));
    const messages = boxes.filter((b) => (b.id === "proof-code-error" || b.id === "alert") && b.visible);
    const controls = boxes.filter((b) => b.id !== "proof-code-error" && b.id !== "alert" && b.visible);
    const overlap = (a, b) => a.r[0] < b.r[2] && b.r[0] < a.r[2] && a.r[1] < b.r[3] && b.r[1] < a.r[3];
    for (const m of messages) for (const c of controls) assert.ok(!overlap(m, c), `${m.id} overlaps ${c.id} at 390×844`);
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
