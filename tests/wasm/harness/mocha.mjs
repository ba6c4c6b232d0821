// Runs case modules with Mocha, in Node and in the test page alike. Mocha is the runner because
// one well-kept package gives the same BDD API and per-test events (pass, fail with the error,
// pending) in both; results are collected as plain records the runner prints and counts.

/** Per-test timeout; a flow against the reference server takes a few seconds. */
export const TIMEOUT_MS = 60_000;

/** A Mocha reporter that appends one record per test (and per failing hook) to `results`. */
export function collector(results) {
  const record = (test, state, err) => ({
    title: test.fullTitle(),
    state,
    ms: test.duration ?? 0,
    ...(err ? { error: describeError(err) } : {}),
  });
  return function Collector(runner) {
    runner.on("pass", (test) => results.push(record(test, "passed")));
    runner.on("fail", (test, err) => results.push(record(test, "failed", err)));
    runner.on("pending", (test) => results.push(record(test, "skipped")));
  };
}

/** The message and the first frames of the stack of `err`, as text. */
export function describeError(err) {
  if (!(err instanceof Error)) return `non-Error thrown: ${String(err)}`;
  const stack = String(err.stack ?? "").split("\n").slice(0, 8).join("\n");
  return stack.includes(err.message) ? stack : `${err.name}: ${err.message}\n${stack}`;
}

/**
 * Defines the cases: `describe("<suite> [<entry>] <module>")` around each module's `define`
 * for each loaded entry point. `globalThis.describe` is Mocha's after its "pre-require".
 */
export function defineCases({ suite, modules, entries, env, host }) {
  for (const { name: entry, mfa } of entries) {
    for (const { path, define } of modules) {
      const label = path.split("/").pop().replace(/\.mjs$/, "");
      globalThis.describe(`${suite} [${entry}] ${label}:`, () => define({ mfa, entry, env, host }));
    }
  }
}

/** Runs a Mocha instance whose cases are defined; resolves with the collected records. */
export function run(mocha, results) {
  return new Promise((resolve) => mocha.run(() => resolve(results)));
}
