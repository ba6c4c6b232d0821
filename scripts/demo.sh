#!/usr/bin/env bash
# The main job: builds the npm package (pkg/) and the demo (www/dist), then starts the reference
# server in development mode on http://localhost:8080 serving the demo, with the demo accounts
# printed; Globex (single sign-on) hands off to the stand-in identity provider www/public/idp.html.
# Open it by that name: WebAuthn (passkeys) needs a domain as its RP ID, never an IP address, and
# browsers treat http://localhost as a secure context. Stop it with Ctrl-C. The database is in
# memory: every start is a fresh organisation.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
scripts/build-www.sh
# The server profile: opt-level 3 (the release profile is tuned for the wasm download size).
cargo build --profile server -p mfa-server
LISTEN="${LISTEN:-127.0.0.1:8080}"
PORT="${LISTEN##*:}"
echo
echo "Open http://localhost:$PORT (passkeys need this name, not 127.0.0.1; SMS messages appear in the page's development outbox)."
exec target/server/mfa-server --dev --listen "$LISTEN" --db :memory: --static-dir www/dist --sso-url /idp.html \
    --rp-id localhost --origin "http://localhost:$PORT"
