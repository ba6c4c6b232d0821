// The Chromium run: a loopback static server (no caching, so every cold load fetches and compiles
// everything again) and headless Debian Chromium through playwright-core. Prints JSON:
// the benchmark suite in one page, then cold start (page load -> first QR code in the DOM) of
// ours and of the peers' esbuild bundle, alternating, each in a fresh page.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  const file = join(root, path);
  if (!file.startsWith(root) || !(path.startsWith("/pkg/") || path.startsWith("/bench/")) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream", "cache-control": "no-store" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const profile = mkdtempSync(join(tmpdir(), "mfa-bench-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // docs/toolchain.md: without these, Chromium floods the closed network with refused connections.
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const version = context.browser()?.version() ?? (await (async () => {
    const p = await context.newPage();
    const v = await p.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1]);
    await p.close();
    return v;
  })());

  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e));
  await page.goto(`${base}/bench/pages/bench.html`);
  await page.waitForFunction(() => typeof window.runBench === "function");
  const rounds = Number(process.env.BENCH_ROUNDS || 11);
  const suite = await page.evaluate((r) => window.runBench(r), rounds);
  await page.close();

  const loads = Number(process.env.BENCH_COLD_LOADS || 15);
  const cold = { ours: [], peers: [] };
  for (let i = 0; i < loads + 1; i++) {
    for (const which of i % 2 ? ["ours", "peers"] : ["peers", "ours"]) {
      const p = await context.newPage();
      await p.goto(`${base}/bench/pages/cold-${which}.html`);
      await p.waitForFunction(() => typeof window.firstQr === "number" && document.querySelector("#qr svg"));
      const ms = await p.evaluate(() => window.firstQr);
      await p.close();
      if (i > 0) cold[which].push(ms); // the first pair warms the browser process itself
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  process.stdout.write(JSON.stringify({
    chromium: version,
    ...suite,
    cold_start_ms: { ours: median(cold.ours), peers: median(cold.peers), samples: cold },
  }) + "\n");
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
