// The Chromium run: a loopback static server (no caching, so every cold load fetches and compiles
// everything again; gzip -9 content encoding, as a web server sends these files) and headless
// Debian Chromium through playwright-core. Prints JSON: the benchmark suite in one page, then
// cold start (page load -> first QR code in the DOM) of ours and of the peers' esbuild bundle,
// alternating, each in a fresh page; then the same on a throttled mobile link (Chromium's
// network emulation: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency) from page load to the
// first QR code on screen, for `mfa-wasm/core`, `mfa-wasm` and the peers, each page starting
// the wasm download early as the README says (modulepreload + preload;
// bench/pages/first-qr-ours.template.html, first-qr-peers.html).
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
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
  const headers = { "content-type": types[extname(file)] || "application/octet-stream", "cache-control": "no-store" };
  let body = readFileSync(file);
  if (/\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
    body = gzipSync(body, { level: 9 });
    headers["content-encoding"] = "gzip";
  }
  res.writeHead(200, headers);
  res.end(body);
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

  // First QR on screen over a throttled mobile link, the three pages alternating.
  const link = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };
  const throttledLoads = Number(process.env.BENCH_THROTTLED_LOADS || 7);
  const throttled = { core: [], full: [], peers: [] };
  const order = Object.keys(throttled);
  for (let i = 0; i < throttledLoads + 1; i++) {
    for (const which of i % 2 ? order : [...order].reverse()) {
      const p = await context.newPage();
      const cdp = await context.newCDPSession(p);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Network.emulateNetworkConditions", link);
      await p.goto(`${base}/bench/${which === "peers" ? "pages" : "dist"}/first-qr-${which}.html`);
      await p.waitForFunction(() => typeof window.firstQr === "number" && document.querySelector("#qr svg"), null, { timeout: 60_000 });
      const ms = await p.evaluate(() => window.firstQr);
      await p.close();
      if (i > 0) throttled[which].push(ms);
    }
  }
  process.stdout.write(JSON.stringify({
    chromium: version,
    ...suite,
    cold_start_ms: { ours: median(cold.ours), peers: median(cold.peers), samples: cold },
    throttled_first_qr_ms: { link, core: median(throttled.core), full: median(throttled.full), peers: median(throttled.peers), samples: throttled },
  }) + "\n");
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
