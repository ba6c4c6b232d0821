#!/usr/bin/env bash
# Installs what the build, the demo and the tests need, idempotently: each step checks what is
# there (and its version) and does nothing when it is already right. Safe to run again.
#
# Usage: scripts/setup.sh [build|test]   (build = what the main job needs; test = everything)
# Facts behind each step: docs/toolchain.md (no downloads of prebuilt binaries here; every
# tool comes from crates.io, the npm registry, PyPI or Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-test}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- Rust: the wasm target -------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# --- wasm-bindgen CLI: exactly the version Cargo.lock pins -----------------------------------
# A CLI whose version differs from the crate's is replaced (their schemas must match exactly).
want_bindgen=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_bindgen" != "$want_bindgen" ]; then
  say "installing wasm-bindgen-cli $want_bindgen (found: ${have_bindgen:-none})"
  # no --locked: its lock pins a webpki-roots release the registry lacks (docs/toolchain.md)
  cargo install wasm-bindgen-cli --version "$want_bindgen" --force
fi

# --- wasm-pack --------------------------------------------------------------------------------
want_pack=0.15.1
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$want_pack" ]; then
  say "installing wasm-pack $want_pack"
  cargo install wasm-pack --version "$want_pack" --locked --force
fi

# --- Node tooling (wasm-opt from npm binaryen, TypeScript, ...) --------------------------------
# package-lock.json pins the versions; `npm ci` only when node_modules is missing or stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing Node dev tools (npm ci)"
  npm ci --no-audit --no-fund
fi

[ "$what" = build ] && exit 0

# --- Debian packages: browsers, drivers, QR decoder, SVG rasterizer, X server -----------------
need_apt=()
command -v chromium     >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v firefox      >/dev/null || command -v firefox-esr >/dev/null || need_apt+=(firefox-esr)
command -v zbarimg      >/dev/null || need_apt+=(zbar-tools)
command -v rsvg-convert >/dev/null || need_apt+=(librsvg2-bin)
# WebKit (Safari's engine) for the artefact suites: WebKitGTK's MiniBrowser driven by
# WebKitWebDriver; the MiniBrowser has no headless mode, so it runs under Xvfb.
command -v WebKitWebDriver >/dev/null || need_apt+=(webkit2gtk-driver)
command -v Xvfb         >/dev/null || need_apt+=(xvfb)
# PostgreSQL 15 for the server suites' second engine (scripts/test/postgres.sh, docs/postgres.md):
# the major version is in the path; the package also creates the `postgres` user initdb needs.
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql-15)
# strace: server/tests/durability.rs watches the server's fsyncs (it fails without it);
# patch: scripts/mutants.sh applies the hand-written mutants.
command -v strace       >/dev/null || need_apt+=(strace)
command -v patch        >/dev/null || need_apt+=(patch)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# --- geckodriver (crates.io) ------------------------------------------------------------------
want_gecko=0.37.1
if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1{print $2}')" != "$want_gecko" ]; then
  say "installing geckodriver $want_gecko"
  cargo install geckodriver --version "$want_gecko" --locked --force
fi

# --- Python oracle: pyotp (an independent TOTP implementation) ---------------------------------
# (pyotp has no __version__: the installed distribution's metadata says which version it is)
if ! python3 -c 'import importlib.metadata as m, sys; sys.exit(m.version("pyotp") != "2.12.1")' 2>/dev/null; then
  say "installing pyotp 2.12.1"
  python3 -m pip install -q --disable-pip-version-check 'pyotp==2.12.1'
fi

# --- SMTP sink: aiosmtpd receives the server's notification mail on loopback -------------------
# (server/tests/smtp.rs starts `python3 -m aiosmtpd` and reads what arrives)
if ! python3 -c 'import importlib.metadata as m, sys; sys.exit(m.version("aiosmtpd") != "1.4.6")' 2>/dev/null; then
  say "installing aiosmtpd 1.4.6"
  python3 -m pip install -q --disable-pip-version-check 'aiosmtpd==1.4.6'
fi

# --- cargo-fuzz (nightly is on the machine) -----------------------------------------------------
if ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
say "ok"
