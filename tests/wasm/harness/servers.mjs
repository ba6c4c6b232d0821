// The servers a suite talks to, each started fresh for it: the reference server (in-memory
// database, the demo accounts), the server that misbehaves on purpose, and the static server
// of the browser engines' test page.
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import sirv from "sirv";
import { start, waitForHttp, waitForLine } from "./processes.mjs";

/**
 * `mfa-server --dev --test-clock` on an ephemeral loopback port (its first line of output names
 * it), with a fresh in-memory database: the lifetime cases move its clock (support/clock.mjs)
 * instead of waiting. `pendingTtlSeconds` sets the lifetime of pending enrolments and challenges
 * (a policy number, never a wait); the IP failure limit is raised so the lockout cases lock the
 * account, not the test machine's address.
 */
export async function referenceServer(binary, { pendingTtlSeconds } = {}) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`cargo build -p mfa-server\``);
  const args = ["--dev", "--test-clock", "--listen", "127.0.0.1:0", "--db", ":memory:", "--ip-failure-limit", "1000"];
  if (pendingTtlSeconds) args.push("--pending-ttl-seconds", String(pendingTtlSeconds));
  const child = start(binary, args);
  const [, url] = await waitForLine(child, /^mfa-server listening on (http:\/\/\S+)$/m, "mfa-server");
  await waitForHttp(`${url}/api/health`, child, "mfa-server");
  return { url, child };
}

/** tests/fixtures/misbehaving_server.py on an ephemeral port (it prints the port). */
export async function misbehavingServer(root) {
  const child = start("python3", [`${root}/tests/fixtures/misbehaving_server.py`, "0"]);
  const [, url] = await waitForLine(child, /^listening on (http:\/\/\S+)$/m, "misbehaving_server.py");
  return { url, child };
}

/**
 * Serves the test page and only what it loads: `routes` maps URL prefixes to directories
 * (sirv: a small, well-kept static handler with correct MIME types, `application/wasm`
 * included, which `init()`'s streaming compile needs); `pages` maps paths to generated HTML.
 */
export async function staticServer(routes, pages) {
  const handlers = Object.entries(routes).map(([prefix, dir]) => [prefix, sirv(dir, { dev: true, dotfiles: false })]);
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (pages.has(path)) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(pages.get(path));
    }
    const match = handlers.find(([prefix]) => path.startsWith(prefix));
    if (!match) return res.writeHead(404).end();
    req.url = req.url.slice(match[0].length - 1);
    return match[1](req, res, () => res.writeHead(404).end());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
