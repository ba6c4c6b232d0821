// The browser engines, driven through WebDriver by selenium-webdriver (the W3C protocol's
// reference client, well kept, no native parts). The runner starts each driver itself from
// PATH and hands selenium only its URL (`usingServer`): selenium then never looks for, nor
// downloads, a driver or a browser (its Selenium Manager only runs when no server URL is
// given), which this closed network needs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { freePort, start, stop, waitForHttp } from "./processes.mjs";

const require = createRequire(import.meta.url);
const { Builder } = require("selenium-webdriver");

const WEBKIT_MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const WINDOW = { width: 1024, height: 768 };

/** The session capabilities of each engine; Chromium's flags come from webdriver.json. */
function capabilities(engine, root) {
  const config = JSON.parse(readFileSync(`${root}/webdriver.json`, "utf8"));
  if (engine === "chromium") {
    const chrome = config["goog:chromeOptions"];
    // What wasm-pack's runner adds to webdriver.json's flags, plus a fixed window size.
    const args = [...chrome.args, "--headless=new", "--no-sandbox", "--disable-dev-shm-usage"];
    args.push(`--window-size=${WINDOW.width},${WINDOW.height}`);
    return { browserName: "chrome", "goog:chromeOptions": { ...chrome, args } };
  }
  if (engine === "firefox") {
    const firefox = config["moz:firefoxOptions"];
    const args = [...firefox.args, "-headless", `--width=${WINDOW.width}`, `--height=${WINDOW.height}`];
    return { browserName: "firefox", "moz:firefoxOptions": { ...firefox, args } };
  }
  // WebKitGTK's MiniBrowser has no headless mode: it draws on the Xvfb display of its driver.
  const webkit = { binary: WEBKIT_MINIBROWSER, args: ["--automation"] };
  return { browserName: "MiniBrowser", "webkitgtk:browserOptions": webkit };
}

/** Starts Xvfb on a display it picks itself (`-displayfd`), for WebKit. */
async function xvfb() {
  const child = start("Xvfb", ["-displayfd", "3", "-screen", "0", `${WINDOW.width}x${WINDOW.height}x24`, "-nolisten", "tcp"], {
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const display = await new Promise((resolve, reject) => {
    child.stdio[3].on("data", (chunk) => resolve(`:${String(chunk).trim()}`));
    child.exited.then((code) => reject(new Error(`Xvfb exited (${code}):\n${child.log()}`)));
  });
  return { child, display };
}

/** Starts the engine's WebDriver server; `session()` opens a browser, `close()` stops all. */
export async function startEngine(engine, root) {
  const port = await freePort();
  const helpers = [];
  let driver;
  if (engine === "chromium") driver = start("chromedriver", [`--port=${port}`]);
  else if (engine === "firefox") driver = start("geckodriver", ["--port", String(port)]);
  else if (engine === "webkit") {
    const x = await xvfb();
    helpers.push(x.child);
    driver = start("WebKitWebDriver", [`--port=${port}`], { env: { ...process.env, DISPLAY: x.display } });
  } else throw new Error(`unknown engine ${engine}`);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/status`, driver, `${engine}'s WebDriver server`);
  const caps = capabilities(engine, root);
  return {
    session: () => new Builder().usingServer(url).disableEnvironmentOverrides().withCapabilities(caps).build(),
    close: async () => {
      await stop(driver);
      for (const helper of helpers) await stop(helper);
    },
  };
}
