// The Node engine, in a child process of the runner: loads the package's entry points as a Node
// program does (import the entry point, then `initSync({ module })` with the wasm bytes), runs
// the cases with Mocha and sends the records to the runner over IPC.
//   node harness/node-child.mjs '<config JSON>'   (the runner starts it; see run.mjs)
import Mocha from "mocha";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { collector, defineCases, describeError, run, TIMEOUT_MS } from "./mocha.mjs";

const config = JSON.parse(process.argv[2]);
const out = { status: "done", results: [], loadError: null, errors: [] };
try {
  const entries = [];
  for (const entry of config.entries) {
    const mfa = await import(pathToFileURL(entry.js).href);
    if (entry.wasm) mfa.initSync({ module: await readFile(entry.wasm) }); // mfa-wasm/webauthn has none
    entries.push({ name: entry.name, mfa });
  }
  const modules = [];
  for (const path of config.modules) {
    modules.push({ path, define: (await import(new URL(`../${path}`, import.meta.url))).default });
  }
  const mocha = new Mocha({ ui: "bdd", reporter: collector(out.results), timeout: TIMEOUT_MS });
  if (config.grep) mocha.grep(config.grep);
  mocha.suite.emit("pre-require", globalThis, "", mocha);
  defineCases({ suite: config.suite, modules, entries, env: config.env, host: null });
  await run(mocha, out.results);
} catch (err) {
  out.loadError = describeError(err);
}
process.send(out, () => process.exit(0));
