// Child processes of the runner (servers, drivers, Xvfb): started with their output kept for
// the report, awaited until they are ready, and all stopped when the runner ends.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

const children = new Set();

/** Starts `cmd args`; `.log()` is what it wrote to stdout and stderr (the last 8 KB). */
export function start(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk).slice(-8192);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.log = () => log;
  child.exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve(signal ?? code));
    // A program that cannot start (not installed) emits "error" and never "exit".
    child.on("error", (err) => {
      keep(`\n${cmd}: ${err.message}`);
      resolve(err.code);
    });
  });
  children.add(child);
  child.exited.then(() => children.delete(child));
  return child;
}

/** Resolves with the first match of `pattern` in the child's stdout; rejects if it exits first. */
export function waitForLine(child, pattern, what, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs} ms:\n${child.log()}`)), timeoutMs);
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready:\n${child.log()}`));
    });
  });
}

/** Polls `url` until it answers 200; rejects after `timeoutMs` or when `child` exits. */
export async function waitForHttp(url, child, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child?.exited.then(() => (exited = true));
  while (!exited && Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} is not answering at ${url}:\n${child?.log() ?? ""}`);
}

/** A TCP port that is free on loopback now (for programs that cannot be told to pick one). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Stops `child` (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
export async function stop(child) {
  if (!children.has(child)) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await child.exited;
  clearTimeout(timer);
}

/** Stops every child still running. */
export const stopAll = () => Promise.all([...children].map(stop));
