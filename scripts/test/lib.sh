# Sourced by scripts/test.sh: `step KIND NAME CMD...` runs one step, keeps its output in
# $logs/NN-name.log, and reads the runner's own counts. KIND says how to count:
#   check   one check, passed when the command succeeds
#   cargo   cargo test / wasm-bindgen-test: "test result: ... N passed; M failed; K ignored"
#   tap     node --test --test-reporter=tap: "# pass N", "# fail N", "# skipped N", "# todo N"
#   suite   the artefact suites (tests/wasm): "# wasm suites [ENGINE]: pass N fail M skip K"
#   fuzz    scripts/fuzz.sh: one "fuzz: TARGET: N runs, no failure" line per target run
# A runner step that reports zero tests fails: no step can pass by running nothing.

step_no=0 total_pass=0 total_fail=0 total_skip=0
failed_steps=() step_lines=()

# Free space where the builds go and in the temporary directory, in GB.
free_gb() { df -P -BG "$1" 2>/dev/null | awk 'NR == 2 { sub("G", "", $4); print $4 + 0 }'; }
disk_line() { printf 'disk: %s GB free for target/, %s GB free in %s\n' "$(free_gb "$root")" "$(free_gb "${TMPDIR:-/tmp}")" "${TMPDIR:-/tmp}"; }

sum_of() { grep -hoE "$1" "$2" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'; }

step() {
  local kind=$1 name=$2
  shift 2
  step_no=$((step_no + 1))
  local slug log status pass=0 fail=0 skip=0
  slug=$(printf '%02d-%s' "$step_no" "$(tr -cs 'a-zA-Z0-9' '-' <<<"$name" | sed 's/-*$//' | cut -c1-60)")
  log="$logs/$slug.log"
  printf '\n\033[1m== %s\033[0m\n' "$name"
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  case $kind in
    check) if [ "$status" -eq 0 ]; then pass=1; else fail=1; fi ;;
    cargo)
      pass=$(sum_of 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log")
      fail=$(sum_of '[0-9]+ failed;' "$log")
      skip=$(sum_of '[0-9]+ ignored;' "$log") ;;
    tap)
      pass=$(sum_of '^# pass [0-9]+' "$log")
      fail=$(sum_of '^# fail [0-9]+' "$log")
      skip=$(($(sum_of '^# skipped [0-9]+' "$log") + $(sum_of '^# todo [0-9]+' "$log"))) ;;
    suite)
      pass=$(sum_of '^# wasm suites \[[a-z]+\]: pass [0-9]+' "$log")
      fail=$(grep -hoE '^# wasm suites \[[a-z]+\]: pass [0-9]+ fail [0-9]+' "$log" | awk '{ s += $NF } END { print s + 0 }')
      skip=$(grep -hoE 'skip [0-9]+$' "$log" | awk '{ s += $NF } END { print s + 0 }') ;;
    # scripts/fuzz.sh prints `fuzz: TARGET: N runs, no failure` for each target that ran inputs.
    fuzz) pass=$(grep -cE '^fuzz: [a-z_0-9]+: [1-9][0-9]* runs, no failure' "$log") ;;
    *) echo "unknown step kind $kind" >&2; exit 2 ;;
  esac
  local verdict=ok
  if [ "$status" -ne 0 ] || [ "$fail" -gt 0 ]; then
    verdict=FAILED
  elif [ "$pass" -eq 0 ]; then
    verdict="FAILED (ran nothing)"
  fi
  if [ "$verdict" != ok ]; then
    [ "$fail" -gt 0 ] || fail=1
    # A full disk fails steps in misleading ways (SQLite's "database or disk is full" is a 500,
    # a build stops half way): say so next to the step.
    if grep -qiE 'no space left on device|database or disk is full' "$log"; then
      verdict="$verdict (disk full)"
    fi
    failed_steps+=("$name: $log")
  fi
  total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail)) total_skip=$((total_skip + skip))
  step_lines+=("$(printf '%-8s %5d passed %3d failed %3d skipped  %s' "$verdict" "$pass" "$fail" "$skip" "$name")")
  printf '\033[1m-- %s: %s (%d passed, %d failed, %d skipped)\033[0m\n' "$name" "$verdict" "$pass" "$fail" "$skip"
}

summary() {
  printf '\n\033[1m== summary\033[0m\n'
  printf '%s\n' "${step_lines[@]}"
  if [ ${#failed_steps[@]} -gt 0 ]; then
    printf '\nfailed steps (logs kept):\n'
    printf '  %s\n' "${failed_steps[@]}"
  fi
  disk_line
  echo
  echo "$total_pass passed, $total_fail failed, $total_skip skipped"
  [ ${#failed_steps[@]} -eq 0 ]
}
