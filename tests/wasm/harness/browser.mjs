// Runs one suite's test page in a browser session: polls `window.__suite` through WebDriver
// and serves the page's requests for what only the runner can do (harness/page.mjs `host`).
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { promisify } from "node:util";

const require = createRequire(import.meta.url);
const { By, Key } = require("selenium-webdriver");
const run = promisify(execFile);

const POLL_MS = 50;
/** How long a page may take to define `window.__suite` (its first, classic script). */
const START_MS = 30_000;

/**
 * What the runner does for the page. `keys`: real key presses into an element (WebDriver
 * Element Send Keys). `copyPaste`: the browser's own copy and paste by keyboard, from one
 * element to another. `screenshotQr`: a whole-page screenshot (element screenshots are black
 * in WebKitGTK under Xvfb) read by ZBar; answers the bytes of each symbol found.
 */
function requestHandlers(driver, { engine, shots }) {
  const modifier = Key.CONTROL; // every engine here runs on Linux
  return {
    keys: async ({ selector, text }) => {
      await driver.findElement(By.css(selector)).sendKeys(text);
      return null;
    },
    copyPaste: async ({ from, to }) => {
      const source = await driver.findElement(By.css(from));
      await source.click();
      await driver.actions().keyDown(modifier).sendKeys("a").sendKeys("c").keyUp(modifier).perform();
      await driver.findElement(By.css(to)).click();
      await driver.actions().keyDown(modifier).sendKeys("v").keyUp(modifier).perform();
      return null;
    },
    screenshotQr: async ({ name }) => {
      mkdirSync(shots, { recursive: true });
      const file = `${shots}/${engine}-${name}.png`;
      writeFileSync(file, Buffer.from(await driver.takeScreenshot(), "base64"));
      // -Sbinary: the symbol's bytes as encoded, no character set conversion; --raw: no
      // "QR-Code:" prefix. zbarimg exits 4 when it finds nothing.
      const { stdout } = await run("zbarimg", ["--quiet", "--raw", "-Sbinary", file], { encoding: "buffer" }).catch((err) => {
        throw new Error(`ZBar read no QR code from ${file} (exit ${err.code})`);
      });
      return { file, bytes: [...stdout] };
    },
  };
}

/** Loads `url` in `driver` and returns the page's final `window.__suite.poll()` state. */
export async function runPage(driver, url, { engine, shots, timeoutMs }) {
  const handlers = requestHandlers(driver, { engine, shots });
  await driver.get(url);
  const started = Date.now();
  for (;;) {
    const state = await driver.executeScript("return window.__suite ? window.__suite.poll() : null");
    if (!state && Date.now() - started > START_MS) {
      return { status: "done", results: [], loadError: "the test page did not start (no window.__suite)", errors: [] };
    }
    for (const request of state?.requests ?? []) {
      let error = null;
      let value = null;
      try {
        const handle = handlers[request.kind];
        if (!handle) throw new Error(`unknown request ${request.kind}`);
        value = await handle(request.args);
      } catch (err) {
        error = err.message;
      }
      await driver.executeScript("window.__suite.answer(arguments[0], arguments[1], arguments[2])", request.id, error, value);
    }
    if (state?.status === "done") return state;
    if (Date.now() - started > timeoutMs) {
      return { ...state, loadError: `the suite did not finish in ${timeoutMs / 1000} s` };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
