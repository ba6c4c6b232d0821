// The test page's first script (classic, so it runs before any module can fail): the state the
// runner polls through WebDriver, and the errors raised outside the tests.
window.__suite = { status: "loading", results: [], requests: [], errors: [], loadError: null };
window.addEventListener("error", (e) => {
  if (window.__suite.status !== "running") window.__suite.errors.push(String(e.error?.stack ?? e.message));
});
window.addEventListener("unhandledrejection", (e) => {
  if (window.__suite.status !== "running") window.__suite.errors.push(String(e.reason?.stack ?? e.reason));
});
/** What the runner reads each poll: the state, the new requests, the records once done. */
window.__suite.poll = () => {
  const s = window.__suite;
  const done = s.status === "done";
  return { status: s.status, requests: s.requests.splice(0), results: done ? s.results : null, loadError: s.loadError, errors: s.errors };
};
