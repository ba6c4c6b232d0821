// The browser engines' test page: loads the package's entry points as a page does (bare names
// resolved by the import map, then `init()`), runs the cases with Mocha's browser build and
// leaves the records in `window.__suite`, which the runner polls through WebDriver. `host()`
// asks the runner for what only it can do (real key presses, screenshots, ZBar).
import { collector, defineCases, describeError, run, TIMEOUT_MS } from "./mocha.mjs";

const state = window.__suite;
const config = JSON.parse(document.getElementById("config").textContent);
const waiting = new Map();
let next = 0;

/** Asks the runner to do `kind` with `args`; resolves with its answer. */
function host(kind, args = {}) {
  return new Promise((resolve, reject) => {
    next += 1;
    waiting.set(next, { resolve, reject });
    state.requests.push({ id: next, kind, args });
  });
}

state.answer = (id, error, value) => {
  const { resolve, reject } = waiting.get(id);
  waiting.delete(id);
  if (error) reject(new Error(error));
  else resolve(value);
};

try {
  const entries = [];
  for (const name of config.entries) {
    const mfa = await import(name);
    if (typeof mfa.default === "function") await mfa.default(); // mfa-wasm/webauthn has no wasm
    entries.push({ name, mfa });
  }
  const modules = [];
  for (const path of config.modules) {
    modules.push({ path, define: (await import(`../${path}`)).default });
  }
  const { mocha } = window;
  mocha.setup({ ui: "bdd", reporter: collector(state.results), timeout: TIMEOUT_MS });
  if (config.grep) mocha.grep(config.grep);
  state.status = "running";
  defineCases({ suite: config.suite, modules, entries, env: config.env, host });
  await run(mocha, state.results);
} catch (err) {
  state.loadError = describeError(err);
}
state.status = "done";
