// What the runner prints: each failure with its message, one line per suite, the exclusions
// with their rules, and one machine-readable summary line per engine:
//   # wasm suites [ENGINE]: pass N fail M skip S
// (S: cases that skipped themselves, each a failure here; the cases an engine leaves out by a
// rule of harness/plan.mjs are listed and counted on the line before.)

const indent = (text) => String(text).replace(/^/gm, "      ");

/** Counts of a suite's records; a suite that did not load counts as one failure. */
export function count(outcome) {
  const by = (state) => outcome.results.filter((r) => r.state === state).length;
  return { pass: by("passed"), fail: by("failed") + (outcome.loadError ? 1 : 0), skip: by("skipped") };
}

/** Prints one suite's outcome; with `verbose`, every test. */
export function printSuite(engine, suite, outcome, { verbose }) {
  const { pass, fail, skip } = count(outcome);
  for (const r of outcome.results) {
    if (r.state === "failed") console.log(`  not ok [${engine}] ${r.title}\n${indent(r.error)}`);
    else if (r.state === "skipped") console.log(`  SKIPPED [${engine}] ${r.title} (a skip is a failure here)`);
    else if (verbose) console.log(`  ok [${engine}] ${r.title} (${r.ms} ms)`);
  }
  if (outcome.loadError) console.log(`  not ok [${engine}] suite ${suite} could not run\n${indent(outcome.loadError)}`);
  for (const e of outcome.errors ?? []) console.log(`  error outside the tests [${engine}] ${suite}:\n${indent(e)}`);
  const seconds = (outcome.ms / 1000).toFixed(1);
  console.log(`  ${suite} [${engine}]: ${pass} passed, ${fail} failed, ${skip} skipped (${seconds} s)`);
}

/** Prints the cases an engine leaves out, grouped by rule. */
export function printExcluded(engine, excluded) {
  const rules = new Map();
  for (const { rule, title } of excluded) rules.set(rule, [...(rules.get(rule) ?? []), title]);
  for (const [rule, titles] of rules) {
    console.log(`  excluded [${engine}] ${titles.length} cases: ${rule}`);
    for (const t of titles) console.log(`      ${t}`);
  }
}

/** Sums the counts of an engine's suites, prints its summary line; whether the engine passed. */
export function summarize(engine, outcomes, excluded, ms) {
  const total = { pass: 0, fail: 0, skip: 0 };
  const parts = [];
  for (const [suite, outcome] of outcomes) {
    const c = count(outcome);
    for (const k of Object.keys(total)) total[k] += c[k];
    const perEntry = new Map();
    for (const r of outcome.results) {
      const entry = /\[([^\]]+)\]/.exec(r.title)?.[1] ?? "?";
      perEntry.set(entry, (perEntry.get(entry) ?? 0) + 1);
    }
    for (const [entry, n] of perEntry) parts.push(`${suite} ${entry} ${n}`);
  }
  const ok = total.fail === 0 && total.skip === 0 && total.pass > 0;
  console.log(`#   [${engine}] tests by suite and entry point: ${parts.join(", ") || "none"}; ${(ms / 1000).toFixed(1)} s`);
  console.log(`#   [${engine}] excluded by rule: ${excluded.length} (listed above)`);
  if (total.pass === 0) console.log(`#   [${engine}] no test ran: that is a failure`);
  // The last line, parsed by scripts/test/lib.sh (step kind "suite"): keep "skip N" at its end.
  console.log(`# wasm suites [${engine}]: pass ${total.pass} fail ${total.fail} skip ${total.skip}`);
  return ok;
}
