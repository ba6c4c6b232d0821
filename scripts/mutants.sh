#!/usr/bin/env bash
# Mutation testing of the security-critical code: does a test fail when the code is broken?
#
#   scripts/mutants.sh core     cargo-mutants over mfa-core's TOTP, HMAC and code validation
#   scripts/mutants.sh server   cargo-mutants over the server's verify, store, crypto, security
#                               and routes modules (the routes enforce sessions)
#   scripts/mutants.sh all      both (default)
#   scripts/mutants.sh hand     the hand-written mutants in scripts/mutants/*.patch (what
#                               cargo-mutants cannot write: read-then-write races, SQL guards,
#                               PRAGMAs, deleted checks); each must make its named test fail,
#                               on PostgreSQL for a patch with the line `engine: postgres`
#
# Extra arguments go to cargo-mutants (e.g. `--shard 1/4`, `--iterate`, `-F verify`).
# Results: target/mutants/<part>/mutants.out (caught.txt, missed.txt, timeout.txt,
# unviable.txt). The run fails when a mutant survives or times out that scripts/mutants/kept.txt
# does not list (with its reason), or when nothing was tested at all.
#
# Time on 2 cores (debug builds without debug info, 2 jobs): core about 40 min, hand about
# 7 min. Server: about 700 mutants since issue 9 (the async store facade and the SQL engine),
# several hours; split it with `--shard k/n` or aim it with `-F REGEX` (docs/testing.md has the
# aimed runs). Not part of scripts/test.sh; docs/testing.md records the results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

CARGO_MUTANTS_VERSION=27.1.0
say() { printf '\033[1m[mutants]\033[0m %s\n' "$*"; }
die() {
  say "FAILED: $*"
  exit 1
}

# --- cargo-mutants, pinned, installed only when missing or another version ---------------------
have=$(cargo mutants --version 2>/dev/null || true)
if [ "$have" != "cargo-mutants $CARGO_MUTANTS_VERSION" ]; then
  say "installing cargo-mutants $CARGO_MUTANTS_VERSION (found: ${have:-none})"
  cargo install cargo-mutants --version "$CARGO_MUTANTS_VERSION" --locked
fi

# Debug info off: links take a fraction of the time, and what the code computes is unchanged.
export CARGO_PROFILE_DEV_DEBUG=0
jobs=${MUTANTS_JOBS:-2}
part=${1:-all}
[ $# -gt 0 ] && shift

# Survivors accepted with a reason: one "file: mutation" line each (line and column left out, so
# the list survives edits elsewhere in the file; a mutation that occurs twice in a function is
# listed twice), comments with #.
kept() { grep -vE '^\s*(#|$)' scripts/mutants/kept.txt 2>/dev/null || true; }
strip_position() { sed -E 's/^([^:]+):[0-9]+:[0-9]+: /\1: /'; }
# The survivors in $1 (missed.txt) that kept.txt does not account for, counting repeats.
unexplained() {
  local allowed
  allowed=$(kept | sort | uniq -c)
  strip_position <"$1" | sort | uniq -c | while read -r count name; do
    local ok
    ok=$(printf '%s\n' "$allowed" | awk -v n="$name" '{ c = $1; $1 = ""; sub(/^ /, ""); if ($0 == n) print c }')
    [ "${ok:-0}" -ge "$count" ] || printf '%s x%s (kept: %s)\n' "$name" "$count" "${ok:-0}"
  done
}

# Runs cargo-mutants into target/mutants/$name and checks its outcome.
run_mutants() {
  local name=$1
  shift
  local out="$root/target/mutants/$name"
  mkdir -p "$out"
  say "$name: cargo mutants $*"
  local status=0
  cargo mutants --jobs "$jobs" --timeout-multiplier 3 --minimum-test-timeout 60 \
    --output "$out" --colors never "$@" || status=$?
  local dir="$out/mutants.out" n
  [ -f "$dir/outcomes.json" ] || die "$name: cargo-mutants wrote no outcomes (exit $status)"
  for n in caught missed timeout unviable; do
    touch "$dir/$n.txt"
  done
  local caught missed timeout unviable
  caught=$(wc -l <"$dir/caught.txt")
  missed=$(wc -l <"$dir/missed.txt")
  timeout=$(wc -l <"$dir/timeout.txt")
  unviable=$(wc -l <"$dir/unviable.txt")
  say "$name: $((caught + missed + timeout + unviable)) mutants: $caught caught, $missed missed, $timeout timed out, $unviable unviable"
  [ $((caught + missed + timeout)) -gt 0 ] || die "$name: no mutant was tested"
  # Exit codes of cargo-mutants: 0 all caught, 2 some missed, 3 some timed out; others are errors.
  case $status in 0 | 2 | 3) ;; *) die "$name: cargo-mutants failed (exit $status)" ;; esac
  local unexplained
  unexplained=$(unexplained "$dir/missed.txt")
  if [ -n "$unexplained" ]; then
    printf '%s\n' "$unexplained"
    die "$name: surviving mutants not listed in scripts/mutants/kept.txt"
  fi
  # A timeout is a test that did not end: caught only if the mutant is known to loop or to make
  # the work explode (listed with its reason in kept.txt), else a failure to look into.
  unexplained=$(unexplained "$dir/timeout.txt")
  if [ -n "$unexplained" ]; then
    printf '%s\n' "$unexplained"
    die "$name: mutants timed out that scripts/mutants/kept.txt does not explain"
  fi
}

core() {
  # The tests that pin TOTP: unit tests (FIPS/RFC HMAC vectors, RustCrypto proptest), the RFC
  # 4226/6238 tables, pyotp, no key in Debug, and the edges. Doc tests and the QR decoding suite
  # add minutes, not TOTP checks.
  run_mutants core --package mfa-core \
    --file 'crates/mfa-core/src/totp/*.rs' --file crates/mfa-core/src/validate.rs \
    "$@" -- --lib --test rfc_vectors --test pyotp_oracle --test no_secrets_in_debug --test edges
}

server() {
  # `AppResult` is an alias of `Result`, which cargo-mutants does not see through: the
  # "replace with AppResult::new(..)" mutants it generates for it never compile.
  # Every server test but the doc tests and the two that start the binary (restart after
  # SIGKILL, fsync under strace): they check durability, which no generated mutant touches,
  # and take half of the suite's time. The hand-written mutants cover them.
  run_mutants server --package mfa-server \
    --file server/src/verify.rs --file 'server/src/store/*.rs' \
    --file 'server/src/store/sqlite/*.rs' \
    --file 'server/src/crypto/*.rs' --file 'server/src/security/*.rs' \
    --file 'server/src/routes/*.rs' \
    --exclude-re 'with AppResult::' "$@" \
    -- --tests -- --skip sigkill_with_requests_in_flight --skip synced_to_disk_first
}

# The hand-written mutants, in a copy of the tree (tracked and untracked files) built in its own
# target directory: the working tree is never modified.
hand() {
  local patches=(scripts/mutants/*.patch)
  [ -e "${patches[0]}" ] || die "no patches in scripts/mutants/"
  command -v patch >/dev/null || die "needs patch (Debian package patch)"
  local base="$root/target/mutants/hand"
  local tree="$base/tree" log="$base/last.log"
  rm -rf "$tree"
  mkdir -p "$tree"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xmf - -C "$tree"
  # -m: the copies get the time of extraction. With the files' own (older) times, cargo would
  # take the binaries of the previous run's last mutant, built later, as up to date.
  export CARGO_TARGET_DIR="$base/target"
  local patch args failed=0
  test_args() { sed -n 's/^test: //p' "$1" | head -n 1; }
  # `cargo test ARGS` in the copy; on a private PostgreSQL cluster (scripts/test/postgres.sh)
  # when the patch has the line `engine: postgres`, as the PostgreSQL engine's mutants need.
  run_test() {
    local patch=$1
    shift
    if grep -q '^engine: postgres$' "$patch"; then
      (cd "$tree" && "$root/scripts/test/postgres.sh" run cargo test --quiet "$@")
    else
      (cd "$tree" && cargo test --quiet "$@")
    fi
  }
  # First the unmutated tree must pass every named test, or a failure would prove nothing.
  for patch in "${patches[@]}"; do
    args=$(test_args "$patch")
    [ -n "$args" ] || die "$patch has no 'test:' line"
    # shellcheck disable=SC2086 # the test line is a list of cargo arguments
    run_test "$patch" $args >"$log" 2>&1 ||
      {
        tail -n 30 "$log"
        die "the unmutated tree fails: cargo test $args"
      }
  done
  for patch in "${patches[@]}"; do
    args=$(test_args "$patch")
    patch -d "$tree" -p1 -s <"$patch" || die "$patch does not apply"
    # shellcheck disable=SC2086
    if ! (cd "$tree" && cargo test --quiet --no-run $args >"$log" 2>&1); then
      tail -n 20 "$log"
      say "UNVIABLE $patch (does not build)"
      failed=1
    elif run_test "$patch" $args >"$log" 2>&1; then
      say "SURVIVED $patch: cargo test $args passed"
      failed=1
    elif grep -q "test result: FAILED" "$log"; then
      say "caught   $patch"
    else
      tail -n 20 "$log"
      say "ERROR    $patch: cargo test failed without a failing test"
      failed=1
    fi
    patch -d "$tree" -R -p1 -s <"$patch" || die "cannot revert $patch"
  done
  [ "$failed" -eq 0 ] || die "a hand-written mutant was not caught"
  say "hand: ${#patches[@]} mutants, each caught by its test; the unmutated tree passes them"
}

case $part in
  core) core "$@" ;;
  server) server "$@" ;;
  all)
    core "$@"
    server "$@"
    ;;
  hand) hand ;;
  *) die "unknown part '$part' (core, server, all or hand)" ;;
esac
