#!/usr/bin/env bash
# A bounded load on the reference server's verify operation (POST /api/challenge/verify), on
# loopback only, with wrk (Debian). Writes bench/LOAD.md, which bench/run.sh puts in RESULTS.md.
#
#   bench/load.sh              (LOAD_SECONDS=10 per scenario, 3 scenarios, LOAD_CONNECTIONS=32,
#                              2 wrk threads: 30 s of load in all)
#
# The server is `mfa-server --dev` built with the `server` profile (opt-level 3; the `release`
# profile is tuned for the wasm download size), on a fresh SQLite file in a temporary directory.
# Bob (TOTP) signs in once; wrk then posts his challenge's verification with a wrong code,
# as fast as it can. Three scenarios:
# 1. every request evaluated: `--lock-seconds 0` and a per-IP limit out of reach, so no request
#    is answered early: each one reserves an attempt (SQLite UPDATE, synchronous=FULL), decrypts
#    the TOTP secret (ChaCha20-Poly1305), checks the code against steps -1, 0, +1 and answers
#    401 invalid_code (or 429 on every fifth failure, which engages the zero-second lock);
# 2. the same with the database on tmpfs (/dev/shm), where fsync costs nothing: what the
#    server's code costs without the disk;
# 3. the default policy: after 5 failures the account is locked and every request is answered
#    429 locked_out, which is what a guessing flood meets.
# 4. PostgreSQL, two instances (issue 10): a private cluster (scripts/test/postgres.sh, on the
#    same 2 cores), two `mfa-server` processes on one database and one key file, scenario 1's
#    policy; wrk's first thread talks to instance A, its second to B (`thread.addr`), with the
#    same session (the session lives in the database);
# 5. the same two instances, default policy (429 locked_out, scenario 3).
# Since the second-factor cap (100 consecutive failures, then `recovery_required`), scenarios 1,
# 2 and 4 evaluate the first 100 requests and answer the rest 403 recovery_required: the
# attempt's reservation is then refused in the database (a conditional UPDATE that changes
# nothing, and a read), no code is checked.
# Each scenario runs LOAD_SECONDS (at most 10 s each). "Errors" are wrk's socket errors (connect,
# read, write, timeout) and 5xx answers; 4xx answers are the operation's expected outcome here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${LOAD_SECONDS:-10}
connections=${LOAD_CONNECTIONS:-32}
[ "$seconds" -le 10 ] || { echo "LOAD_SECONDS is at most 10 (5 scenarios, 50 s in all)" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
export PATH="$HOME/.cargo/bin:$PATH"
echo "[load] building mfa-server (profile server)"
cargo build -q --profile server -p mfa-server
server_bin="$root/target/server/mfa-server"

tmp=$(mktemp -d)
shm=$(mktemp -d /dev/shm/mfa-load.XXXXXX)
pid=
pid_b=
# shellcheck source=../scripts/test/postgres.sh
source "$root/scripts/test/postgres.sh"
cleanup() {
  for p in $pid $pid_b; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pg_stop
  rm -rf "$tmp" "$shm"
}
trap cleanup EXIT

start_server() { # args: database directory, extra server flags
  local dir=$1
  shift
  if [ -n "$pid" ]; then kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; fi
  rm -f "$dir"/load.db*
  "$server_bin" --dev --listen 127.0.0.1:0 --db "$dir/load.db" "$@" >"$tmp/stdout" 2>"$tmp/stderr" &
  pid=$!
  wait_url "$tmp/stdout" "$tmp/stderr"
}

wait_url() { # args: the server's stdout and stderr files; sets $url to its loopback address
  url=
  for _ in $(seq 100); do
    url=$(sed -nE 's/^mfa-server listening on (http:\/\/[^ ]+).*/\1/p' "$1" | head -1)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "the server did not start:" >&2; cat "$2" >&2; exit 1; }
  case "$url" in http://127.*) ;; *) echo "refusing a non-loopback address: $url" >&2; exit 1 ;; esac
}

start_pair() { # args: extra server flags. Two instances on the cluster's database `load`.
  for p in $pid $pid_b; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pid= pid_b=
  local db=${MFA_TEST_DB%/*}/load_$RANDOM
  psql -q "$MFA_TEST_DB" -c "CREATE DATABASE ${db##*/}"
  openssl rand -hex 32 >"$tmp/pg.key"
  local i out urls=()
  for i in a b; do
    out="$tmp/stdout-$i"
    "$server_bin" --dev --listen 127.0.0.1:0 --db "$db" --key-file "$tmp/pg.key" "$@" >"$out" 2>"$tmp/stderr-$i" &
    if [ "$i" = a ]; then pid=$!; else pid_b=$!; fi
    wait_url "$out" "$tmp/stderr-$i"
    urls+=("$url")
  done
  url=${urls[0]} url_b=${urls[1]}
}

sign_in() { # prints "cookie challengeId"
  local jar="$tmp/jar" body
  rm -f "$jar"
  curl -sf -c "$jar" -H 'content-type: application/json' -H 'x-mfa-csrf: 1' \
    -d '{"email":"bob@acme.test","password":"correct-horse-battery"}' "$url/api/login" >/dev/null
  body=$(curl -sf -b "$jar" -c "$jar" -H 'content-type: application/json' -H 'x-mfa-csrf: 1' \
    -d '{"method":"totp"}' "$url/api/challenge")
  local challenge cookie
  challenge=$(sed -nE 's/.*"challengeId":"([^"]+)".*/\1/p' <<<"$body")
  cookie=$(awk '$6 == "mfa_session" { print $7 }' "$jar")
  [ -n "$challenge" ] && [ -n "$cookie" ] || { echo "sign-in failed: $body" >&2; exit 1; }
  echo "$cookie $challenge"
}

run_wrk() { # args: label [second instance URL]; prints the wrk summary, writes $tmp/result-label.json
  local label=$1 second=${2:-} cookie challenge
  read -r cookie challenge < <(sign_in)
  local split=
  if [ -n "$second" ]; then
    # wrk's threads take turns between the two instances' addresses.
    split="addrs = { wrk.lookup(\"127.0.0.1\", \"${url##*:}\")[1], wrk.lookup(\"127.0.0.1\", \"${second##*:}\")[1] }"
  fi
  cat >"$tmp/verify.lua" <<LUA
wrk.method = "POST"
wrk.path = "/api/challenge/verify"
wrk.headers["content-type"] = "application/json"
wrk.headers["x-mfa-csrf"] = "1"
wrk.headers["cookie"] = "mfa_session=$cookie"
wrk.body = '{"challengeId":"$challenge","code":"000000"}'
counts = {}
response = function(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
$split
setup = function(thread)
  table.insert(threads, thread)
  if addrs then thread.addr = addrs[#threads] end
end
threads = {}
done = function(summary, latency, requests)
  local statuses = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for s, n in pairs(c) do statuses[s] = (statuses[s] or 0) + n end
  end
  local parts = {}
  for s, n in pairs(statuses) do table.insert(parts, string.format('"%d":%d', s, n)) end
  local e = summary.errors
  io.write(string.format('RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"socket_errors":%d,"non_2xx_3xx":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, table.concat(parts, ",")))
end
LUA
  echo "[load] $label: wrk -t2 -c$connections -d${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 5s --latency -s "$tmp/verify.lua" "$url" | tee "$tmp/wrk.txt"
  sed -nE 's/^RESULT (.*)/\1/p' "$tmp/wrk.txt" >"$tmp/result-$label.json"
}

start_server "$tmp" --lock-seconds 0 --ip-failure-limit 4000000000
run_wrk evaluated
start_server "$shm" --lock-seconds 0 --ip-failure-limit 4000000000
run_wrk tmpfs
start_server "$tmp"
run_wrk locked
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

pg_start
start_pair --lock-seconds 0 --ip-failure-limit 4000000000
run_wrk pg-evaluated "$url_b"
start_pair
run_wrk pg-locked "$url_b"

node --input-type=module - "$tmp" "$seconds" "$connections" <<'JS'
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
const [tmp, seconds, connections] = process.argv.slice(2);
const r = (l) => JSON.parse(readFileSync(`${tmp}/result-${l}.json`, "utf8"));
const fives = (x) => Object.entries(x.statuses).filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
const row = (label, x) => {
  const errors = x.socket_errors + fives(x);
  const statuses = Object.entries(x.statuses).map(([s, n]) => `${s}: ${n.toLocaleString("en-US")}`).join(", ");
  return `| ${label} | ${Math.round(x.rps).toLocaleString("en-US")} | ${x.p50_ms.toFixed(2)} ms | ${x.p99_ms.toFixed(2)} ms | ${x.max_ms.toFixed(1)} ms | ${errors} | ${statuses} |`;
};
const ev = r("evaluated"), tm = r("tmpfs"), lk = r("locked"), pe = r("pg-evaluated"), pl = r("pg-locked");
const goal = (x) => x.rps >= 1000 && x.p99_ms <= 50 && x.socket_errors + fives(x) === 0;
const md = `Measured by \`bench/load.sh\` on ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}: \`mfa-server --dev\` (profile \`server\`, opt-level 3) on a
SQLite file, loopback only, wrk 4.1 with 2 threads and ${connections} connections for ${seconds} s per
scenario, on ${cpus().length} cores (${cpus()[0].model}) shared with the server and with wrk itself
(load average over the last minute at the end: ${loadavg()[0].toFixed(1)}; other work on the machine counts in it). Every
request is \`POST /api/challenge/verify\` with Bob's session and challenge and a wrong code.
Errors: socket errors and 5xx (4xx are the expected answers to wrong codes).

| scenario | req/s | p50 | p99 | max | errors | answers |
| --- | --- | --- | --- | --- | --- | --- |
${row("1. lock 0 s, per-IP limit out of reach: the first 100 attempts reserved in SQLite on disk and checked, then 403 at the cap (a refused reservation: update + read)", ev)}
${row("2. the same, database on tmpfs (no fsync cost)", tm)}
${row("3. default policy: account locked after 5 failures, 429 locked_out (disk)", lk)}
${row("4. PostgreSQL 15, two instances (wrk thread 1 → A, thread 2 → B, one session), scenario 1's policy", pe)}
${row("5. PostgreSQL 15, two instances, default policy (429 locked_out)", pl)}

Scenarios 4 and 5: a private PostgreSQL cluster (\`scripts/test/postgres.sh\`, default settings,
fsync on) on the same 2 cores as both instances and wrk.

Goal (≥ 1,000 req/s, p99 ≤ 50 ms, no errors): ${["1", "2", "3", "4", "5"].map((n, i) => `scenario ${n} ${goal([ev, tm, lk, pe, pl][i]) ? "met" : "**missed**"}`).join(", ")}.
`;
writeFileSync(`${process.cwd()}/bench/LOAD.md`, md);
console.log(md);
JS
