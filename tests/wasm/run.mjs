#!/usr/bin/env node
// The artefact suites: one list of cases run against the files `scripts/build.sh` put in pkg/,
// in Node 20, headless Chromium, headless Firefox and WebKit (WebKitGTK under Xvfb).
//
//   node tests/wasm/run.mjs --engine node|chromium|firefox|webkit|all [--engine ...]
//       [--pkg DIR] [--suite core,client,flow,ui] [--grep TEXT] [--server PATH] [--verbose]
//
// Each suite gets fresh servers (harness/plan.mjs) and, in a browser, its own session. Ends
// with "# wasm suites [ENGINE]: pass N fail M skip S" per engine; exits non-zero on
// any failure or skip, when no test ran, or when a suite could not load.
import { execFileSync, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startEngine } from "./harness/engines.mjs";
import { runPage } from "./harness/browser.mjs";
import { ENGINES, exclusion, PENDING_TTL_SECONDS, SUITES } from "./harness/plan.mjs";
import { stop, stopAll } from "./harness/processes.mjs";
import { printExcluded, printSuite, summarize } from "./harness/report.mjs";
import { misbehavingServer, referenceServer, staticServer } from "./harness/servers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const { values: opts } = parseArgs({
  options: {
    engine: { type: "string", multiple: true, default: ["all"] },
    pkg: { type: "string", default: join(root, "pkg") },
    suite: { type: "string", default: SUITES.map((s) => s.name).join(",") },
    grep: { type: "string" },
    server: { type: "string", default: join(root, "target/debug/mfa-server") },
    verbose: { type: "boolean", default: false },
  },
});
const engines = opts.engine.flatMap((e) => e.split(",")).flatMap((e) => (e === "all" ? ENGINES : [e]));
for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e}; one of ${ENGINES.join(", ")}`);
const suites = SUITES.filter((s) => opts.suite.split(",").includes(s.name));
const pkgDir = resolve(opts.pkg);
const SUITE_TIMEOUT_MS = 300_000;

/** The files of a package name, from pkg/package.json `exports` as Node and bundlers read it. */
function entryFiles(name) {
  const { exports } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const sub = name === "mfa-wasm" ? "." : `.${name.slice("mfa-wasm".length)}`;
  const js = exports[sub]?.default;
  const wasm = exports[`${sub}/mfa_wasm_bg.wasm`];
  // `mfa-wasm/webauthn` is JavaScript only: no wasm, no init().
  if (!js || (!wasm && name !== "mfa-wasm/webauthn")) throw new Error(`${pkgDir}/package.json exports no ${name} (or its wasm)`);
  return { js: join(pkgDir, js), wasm: wasm && join(pkgDir, wasm), url: `/pkg/${js.replace(/^\.\//, "")}` };
}

/** The servers `suite` needs, started now; `env` is what its cases see. */
async function startServers(suite) {
  const want = (name) => suite.servers.includes(name);
  const [main, expiry, fixture] = await Promise.all([
    want("main") ? referenceServer(opts.server) : null,
    want("expiry") ? referenceServer(opts.server, { pendingTtlSeconds: PENDING_TTL_SECONDS }) : null,
    want("fixture") ? misbehavingServer(root) : null,
  ]);
  const env = { server: main?.url, expiryServer: expiry?.url, pendingTtlSeconds: PENDING_TTL_SECONDS, fixture: fixture?.url, ...contractFacts() };
  return { env, children: [main, expiry, fixture].filter(Boolean).map((s) => s.child) };
}

/**
 * What the cases check the package against, read here from the repository (independent of the
 * package): the contract's error codes and operation ids (api/openapi.json), the licences, and where pkg/ is.
 */
function contractFacts() {
  const contract = JSON.parse(readFileSync(join(root, "api/openapi.json"), "utf8"));
  const licences = Object.fromEntries(["LICENSE-MIT", "LICENSE-APACHE"].map((f) => [f, readFileSync(join(root, f), "utf8")]));
  const operations = Object.values(contract.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  return { errorCodes: contract.components.schemas.ErrorCode.enum, operations, licences };
}

/** The titles `modules` would define, without running them (for the list of exclusions). */
async function titles(suite, modules) {
  const found = [];
  const saved = { describe: globalThis.describe, it: globalThis.it };
  const path = [];
  globalThis.describe = (name, body) => (path.push(name), body(), path.pop());
  globalThis.it = (name) => found.push([...path, name].join(" "));
  try {
    for (const entry of suite.entries) {
      for (const m of modules) {
        path.push(`${suite.name} [${entry}] ${m.split("/").pop().replace(/\.mjs$/, "")}:`);
        (await import(join(here, m))).default({ mfa: null, entry, env: {}, host: null });
        path.pop();
      }
    }
  } finally {
    Object.assign(globalThis, saved);
  }
  return found;
}

/** Runs `suite` in Node, in a child process (harness/node-child.mjs). */
function runInNode(suite, modules, env) {
  const entries = suite.entries.map((name) => ({ name, ...entryFiles(name) }));
  const config = { suite: suite.name, entries, modules, env: { ...env, engine: "node", pkgUrl: pathToFileURL(`${pkgDir}/`).href }, grep: opts.grep };
  const child = fork(join(here, "harness/node-child.mjs"), [JSON.stringify(config)], { stdio: "inherit" });
  return new Promise((resolvePromise) => {
    let outcome = null;
    const timer = setTimeout(() => child.kill("SIGKILL"), SUITE_TIMEOUT_MS);
    child.on("message", (message) => (outcome = message));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolvePromise(outcome ?? { results: [], loadError: `the Node suite exited (${signal ?? code}) without results` });
    });
  });
}

/** The HTML of `suite`'s test page: the import map, Mocha, the config, harness/page.mjs. */
function pageHtml(suite, modules, env, engine) {
  const imports = { chai: "/node_modules/chai/index.js", otpauth: "/node_modules/otpauth/dist/otpauth.esm.js", "fast-check": "/vendor/fast-check.js" };
  for (const name of suite.entries) imports[name] = entryFiles(name).url;
  const config = { suite: suite.name, entries: suite.entries, modules, env: { ...env, engine, pkgUrl: "/pkg/" }, grep: opts.grep };
  const json = (value) => JSON.stringify(value).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mfa-wasm ${suite.name} suite</title>
<script src="/tests/wasm/harness/page-state.js"></script>
<script type="importmap">${json({ imports })}</script>
<script src="/node_modules/mocha/mocha.js"></script>
<script type="application/json" id="config">${json(config)}</script>
<script type="module" src="/tests/wasm/harness/page.mjs"></script>
</head><body></body></html>`;
}

/** Runs every selected suite in `engine`; whether all passed. */
async function runEngine(engine) {
  const started = Date.now();
  console.log(`\n# wasm suites in ${engine} against ${pkgDir}`);
  const plans = [];
  const excluded = [];
  for (const suite of suites) {
    const modules = suite.modules.filter((m) => !exclusion(engine, m));
    for (const m of suite.modules.filter((x) => exclusion(engine, x))) {
      for (const title of await titles(suite, [m])) excluded.push({ rule: exclusion(engine, m).rule, title });
    }
    if (modules.length) plans.push({ suite, modules, servers: startServers(suite) });
  }
  plans.forEach((p) => p.servers.catch(() => {})); // awaited below, in order
  const outcomes = [];
  let browser = null;
  try {
    browser = engine === "node" ? null : await startEngine(engine, root);
  } catch (err) {
    const outcome = { results: [], loadError: `${engine} could not start: ${err.stack ?? err}`, ms: Date.now() - started };
    printSuite(engine, "(engine)", outcome, opts);
    return summarize(engine, [["(engine)", outcome]], excluded, Date.now() - started);
  }
  const pages = new Map();
  const web = browser ? await staticServer(staticRoutes(), pages) : null;
  try {
    for (const { suite, modules, servers } of plans) {
      const t0 = Date.now();
      let outcome;
      let children = [];
      try {
        const up = await servers;
        children = up.children;
        outcome = browser ? await runInBrowser(browser, web, pages, suite, modules, up.env, engine) : await runInNode(suite, modules, up.env);
      } catch (err) {
        outcome = { results: [], loadError: err.stack ?? String(err) };
      }
      await Promise.all(children.map(stop));
      outcome.ms = Date.now() - t0;
      printSuite(engine, suite.name, outcome, opts);
      outcomes.push([suite.name, outcome]);
    }
  } finally {
    web?.close();
    await browser?.close();
  }
  printExcluded(engine, excluded);
  return summarize(engine, outcomes, excluded, Date.now() - started);
}

function staticRoutes() {
  return {
    "/tests/wasm/": here,
    "/node_modules/mocha/": join(root, "node_modules/mocha"),
    "/node_modules/chai/": join(root, "node_modules/chai"),
    "/node_modules/otpauth/": join(root, "node_modules/otpauth"),
    "/pkg/": pkgDir,
    "/vendor/": vendorDir(),
  };
}

/**
 * fast-check (the property-based fuzzing of client/fuzz.mjs) as one ES module for the browsers:
 * its npm build imports pure-rand by bare subpaths, which an import map cannot list one by one
 * without drift, so esbuild bundles it unchanged (no minification) into target/test-vendor/.
 */
function vendorDir() {
  const out = join(root, "target/test-vendor");
  execFileSync(join(root, "node_modules/.bin/esbuild"), [join(root, "node_modules/fast-check/lib/fast-check.js"), "--bundle", "--format=esm", "--log-level=warning", `--outfile=${join(out, "fast-check.js")}`], { stdio: "inherit" });
  return out;
}

/** Runs `suite` in a fresh session of the engine's browser. */
async function runInBrowser(browser, web, pages, suite, modules, env, engine) {
  pages.set(`/suite/${suite.name}.html`, pageHtml(suite, modules, env, engine));
  const driver = await browser.session();
  try {
    const shots = join(root, "test-results/wasm");
    return await runPage(driver, `${web.url}/suite/${suite.name}.html`, { engine, shots, timeoutMs: SUITE_TIMEOUT_MS });
  } finally {
    await driver.quit().catch(() => {});
  }
}

let ok = true;
try {
  for (const engine of engines) ok = (await runEngine(engine)) && ok;
} finally {
  await stopAll();
}
process.exit(ok ? 0 : 1);
