// What runs where: the suites, the package entry points each one loads, the servers each one
// needs (started fresh for it), and the rules that keep cases out of an engine. Nothing else
// decides what runs: a case left out of an engine is left out here, listed in the output with
// its rule and counted as "excluded".

export const ENGINES = ["node", "chromium", "firefox", "webkit"];

/**
 * `entries`: package names resolved through pkg/package.json `exports`, as a user's tools do.
 * `servers`: `main` (reference server), `expiry` (reference server whose pending enrolments
 * and challenges live `PENDING_TTL_SECONDS`; every reference server runs with `--test-clock`), `fixture` (tests/fixtures/misbehaving_server.py).
 */
export const SUITES = [
  {
    name: "core",
    entries: ["mfa-wasm", "mfa-wasm/core"],
    modules: ["core/secrets.mjs", "core/totp.mjs", "core/uri.mjs", "core/qr.mjs", "core/validate.mjs", "core/errors.mjs", "core/dom.mjs"],
    servers: [],
  },
  {
    name: "client",
    entries: ["mfa-wasm"],
    modules: ["client/local.mjs", "client/transport.mjs", "client/contract.mjs", "client/lifetimes.mjs", "client/fuzz.mjs"],
    servers: ["main", "expiry", "fixture"],
  },
  {
    name: "flow",
    entries: ["mfa-wasm"],
    modules: ["flow/stand-in.mjs", "flow/keys.mjs", "flow/challenge-stand-in.mjs", "flow/passkey.mjs", "flow/server.mjs"],
    servers: ["main", "expiry"],
  },
  {
    // The passkey helpers (JavaScript only) with a stubbed navigator.credentials, in every engine.
    name: "webauthn",
    entries: ["mfa-wasm/webauthn"],
    modules: ["webauthn/helpers.mjs", "webauthn/ceremonies.mjs", "webauthn/steps.mjs", "webauthn/real.mjs"],
    servers: [],
  },
  {
    name: "ui",
    entries: ["mfa-wasm"],
    modules: ["ui/code-input.mjs", "ui/shipped-fields.mjs", "ui/qr-and-countdown.mjs", "ui/recovery-codes.mjs", "ui/clipboard-and-web-otp.mjs"],
    servers: [],
  },
];

/**
 * Seconds a pending enrolment or challenge lives on the `expiry` server (client/lifetimes.mjs,
 * flow/server.mjs), whose clock those cases move past it (support/clock.mjs): no wait. A policy
 * number, not a wait: the default (10 min) is also the lifetime of a session still waiting for
 * its second factor, so at the default a sign-in challenge and its session would end in the
 * same second and the answer would be the session's `unauthorized`; half of it keeps the session
 * alive, so the challenge's own `challenge_expired` answers (as server/tests/lifetimes.rs).
 */
export const PENDING_TTL_SECONDS = 300;

export const EXCLUSIONS = [
  { engines: ["node"], modules: /^ui\//, rule: "the DOM helpers need a document: browser engines only" },
  { engines: ["node"], modules: /^webauthn\/real\.mjs$/, rule: "the browser's own navigator.credentials: browser engines only" },
  { engines: ["node"], modules: /^core\/dom\.mjs$/, rule: "parses the SVG with DOMParser: browser engines only" },
];

/** The rule that keeps `module` out of `engine`, if any. */
export const exclusion = (engine, module) => EXCLUSIONS.find((r) => r.engines.includes(engine) && r.modules.test(module));
