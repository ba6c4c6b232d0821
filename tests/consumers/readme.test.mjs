// The README's quick start followed literally by a newcomer (issue 15): its `index.html` and
// `main.js` snippets, cut from README.md as they are, in a fresh Vite 7 app with the package
// from `npm pack` of pkg/; built, served by the reference server under its strict
// Content-Security-Policy, opened in Chromium at 1280×720. The QR code must be fully visible
// in the viewport, and ZBar must read, from a screenshot of the page, the Key URI of the secret
// the page shows. Run by scripts/test.sh with `node --test` (tests/consumers/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, startServer } from "../e2e/harness.mjs";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "../..");
const work = mkdtempSync(join(tmpdir(), "mfa-readme-"));
const run = (cwd, cmd, ...args) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
let app, server, context;

/** The fenced blocks of `lang` in the README's "Quick start" section, in order. */
function quickStart(lang) {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
  return [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

before(() => {
  run(root, "cargo", "build", "-p", "mfa-server", "--quiet");
  const tarball = join(work, run(join(root, "pkg"), "npm", "pack", "--pack-destination", work).trim().split("\n").pop());
  app = join(work, "app");
  mkdirSync(app);
  // A fresh app: Vite 7 alone (the locked version of tests/consumers/vite-app), then the package.
  for (const f of ["package.json", "package-lock.json"]) copyFileSync(join(here, "vite-app", f), join(app, f));
  run(app, "npm", "ci", "--no-audit", "--no-fund");
  run(app, "npm", "install", "--no-save", "--no-audit", "--no-fund", tarball);
  const [html] = quickStart("html");
  const [js] = quickStart("js");
  assert.ok(html && js, "the quick start has an index.html and a main.js snippet");
  assert.match(js, /from "mfa-wasm\/core"/, "a QR-only page imports the core entry point");
  writeFileSync(join(app, "index.html"), html);
  writeFileSync(join(app, "main.js"), js);
});

after(async () => {
  await context?.close();
  server?.stop();
  rmSync(work, { recursive: true, force: true });
});

test("the README's quick start builds with Vite 7 and ships the core's wasm only", () => {
  run(app, "npx", "vite", "build");
  const assets = readdirSync(join(app, "dist/assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `${assets}`);
  const core = readFileSync(join(root, "pkg/core/mfa_wasm_bg.wasm"));
  assert.equal(readFileSync(join(app, "dist/assets", wasm[0])).length, core.length, "the core's wasm, not the full one");
});

test("its QR code is fully visible at 1280×720 and ZBar reads the page's key from a screenshot", async () => {
  server = await startServer(join(app, "dist"));
  context = await launch();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  // Console errors (a CSP refusal is one); failed loads are judged by URL (the browser's own
  // /favicon.ico request is not the snippet's).
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && problems.push(m.text()));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && problems.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url);
  await page.waitForSelector("#qr svg");
  const box = await page.locator("#qr svg").boundingBox();
  console.log(`# QR code box at 1280×720: ${JSON.stringify(box)}`);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 720, `not fully visible: ${JSON.stringify(box)}`);
  assert.deepEqual([box.width, box.height], [200, 200], "the default size");
  const file = join(work, "readme-quick-start.png");
  await page.screenshot({ path: file });
  mkdirSync(join(root, "test-results/consumers"), { recursive: true });
  copyFileSync(file, join(root, "test-results/consumers/readme-quick-start.png"));
  const decoded = execFileSync("zbarimg", ["--quiet", "--raw", "-Sbinary", file]).toString("utf8");
  const shown = (await page.textContent("#secret")).replaceAll(" ", "");
  assert.match(shown, /^[A-Z2-7]{32}$/);
  const key = new URL(decoded);
  assert.equal(`${key.protocol}//${key.host}${decodeURIComponent(key.pathname)}`, "otpauth://totp/ACME Co:alice@example.com");
  assert.equal(key.searchParams.get("secret"), shown, "the QR code holds the secret the page shows");
  assert.equal(key.searchParams.get("issuer"), "ACME Co");
  assert.deepEqual(problems, [], "no error and no CSP violation on the page");
});
