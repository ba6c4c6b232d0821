#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests (issue 10): a temporary directory, a free loopback
# port, trust authentication for the `postgres` role on 127.0.0.1 only. Facts: docs/postgres.md.
#
#   scripts/test/postgres.sh run CMD...   start a cluster, run CMD with MFA_TEST_DB set to its
#                                         admin URL, stop it and remove it (also on failure)
#   source scripts/test/postgres.sh       then pg_start (sets MFA_TEST_DB, PG_DIR, PG_PORT),
#                                         pg_down, pg_up (a restart), pg_stop
#
# initdb refuses to run as root, so the cluster runs as the `postgres` user (runuser).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# As `postgres` when we are root; as ourselves otherwise.
pg_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "postgres.sh: no PostgreSQL in $PG_BIN (run scripts/setup.sh test)" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/mfa-pg.XXXXXX)
  [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DIR"
  PG_PORT=$(pg_free_port)
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_ctl_start
  export MFA_TEST_DB="postgres://postgres@127.0.0.1:$PG_PORT/postgres" PG_DIR PG_PORT PG_BIN
  echo "postgres.sh: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

# Many test servers each hold a pool of connections: room for them.
pg_ctl_start() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null
}

# Stops the cluster (fast: open sessions are cut), and starts it again on the same port.
pg_down() { pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null; }
pg_up() { pg_ctl_start; }

pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  [ "${1:-}" = run ] && [ $# -ge 2 ] || { echo "usage: $0 run CMD..." >&2; exit 2; }
  shift
  trap pg_stop EXIT INT TERM
  pg_start
  "$@"
fi
