#!/usr/bin/env bash
# scripts/test.sh — build everything and run every test; the README's test command and CI's.
#
#   1. scripts/bootstrap.sh (installs only what is missing)
#   2. native-debug (ASan + UBSan): configure, build, ctest
#        unit_tests, corpus, corpus-budget1, corpus-gcstress, viz-native
#   3. wasm-release: configure, build, ctest
#        browser (Playwright + Debian's Chromium against the served page)
#   4. the fuzzers: scripts/fuzz.sh (preset fuzz, FUZZ_SECONDS per target, default 20; one test per
#      target; TRICOLOR_FUZZ=0 skips it)
#   5. a summary: each test's counts (doctest cases, corpus files, browser tests), and last a line
#      "total: N passed, M failed". Exits non-zero when anything failed.
#
# Environment: TRICOLOR_JOBS (parallel build jobs, default 2); TRICOLOR_PRESETS (default
# "native-debug wasm-release"). Build trees are build/<preset>.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$(date +%s)
JOBS="${TRICOLOR_JOBS:-2}"
PRESETS="${TRICOLOR_PRESETS:-native-debug wasm-release}"

# ccache (when installed) shares compiled objects between clones: hash paths relative to the clone.
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
export NODE_PATH=/usr/share/nodejs  # Emscripten's JS tools need Debian's node modules
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

elapsed() {
  local s=$(($(date +%s) - START))
  printf '%dm%02ds' $((s / 60)) $((s % 60))
}

step() {
  echo
  echo "==> $* [$(elapsed)]"
}

failed_steps=()
summary_rows=()
total_passed=0
total_failed=0
total_known=0

# Adds one CTest test's counts to the summary. Uses the counts file the test wrote
# (build/<preset>/test-results/<name>.txt); a test that failed without counting a failure (it
# crashed, or a sanitizer reported at exit) counts one failure.
count_test() {
  local preset="$1" name="$2" ctest_ok="$3" file passed=0 failed=0 known=0 note=""
  file="build/$preset/test-results/$name.txt"
  if [[ -f "$file" ]]; then
    read -r passed failed known < <(sed -E 's/passed=([0-9]+) failed=([0-9]+) known=([0-9]+)/\1 \2 \3/' "$file")
  elif [[ "$ctest_ok" == 1 ]]; then
    passed=1
  fi
  if [[ "$ctest_ok" == 0 && "$failed" == 0 ]]; then
    failed=1
    note=" (the test process failed: see its output above)"
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_known=$((total_known + known))
  local known_text=""
  [[ "$known" != 0 ]] && known_text=", $known known failure(s)"
  summary_rows+=("$(printf '  %-18s %-15s %4d passed, %d failed%s%s' "$name" "$preset" "$passed" "$failed" "$known_text" "$note")")
}

# Configures, builds and tests one preset.
run_preset() {
  local preset="$1" log="build/$preset-ctest.log"
  step "configure $preset"
  if ! cmake --preset "$preset" --log-level=WARNING; then
    failed_steps+=("configure $preset")
    return
  fi
  step "build $preset (-j$JOBS)"
  if ! cmake --build --preset "$preset" -j "$JOBS"; then
    failed_steps+=("build $preset")
    return
  fi
  step "test $preset"
  rm -f "build/$preset/test-results/"*.txt
  ctest --preset "$preset" 2>&1 | tee "$log"
  local ctest_status=${PIPESTATUS[0]}
  # Lines like " 3/5 Test #3: corpus-budget1 ........   Passed    0.41 sec" or "***Failed".
  local line name ok counted=0
  while IFS= read -r line; do
    name="$(sed -E 's/.*Test +#[0-9]+: ([^ ]+) .*/\1/' <<<"$line")"
    ok=0
    [[ "$line" =~ [[:space:]]Passed[[:space:]] ]] && ok=1
    count_test "$preset" "$name" "$ok"
    counted=$((counted + 1))
  done < <(grep -E '^ *[0-9]+/[0-9]+ Test +#[0-9]+: ' "$log")
  if [[ $ctest_status -ne 0 && $counted -eq 0 ]]; then
    failed_steps+=("ctest $preset")
  fi
}

step "bootstrap"
if ! scripts/bootstrap.sh; then
  echo "test.sh: bootstrap failed" >&2
  echo "total: 0 passed, 1 failed"
  exit 1
fi

for preset in $PRESETS; do
  run_preset "$preset"
done

# The fuzzers (scripts/fuzz.sh: the `fuzz` preset, after replaying fuzz/regressions/): a fixed seed
# and number of runs per target, or FUZZ_SECONDS per target when set. Each target counts as one
# test: it passes with zero crashes.
# TRICOLOR_FUZZ=0 skips this step.
if [[ "${TRICOLOR_FUZZ:-1}" != 0 ]]; then
  step "fuzz (${FUZZ_SECONDS:+${FUZZ_SECONDS} s per target}${FUZZ_SECONDS:+ }fixed seed and runs unless FUZZ_SECONDS is set)"
  rm -f build/fuzz/test-results/fuzz.txt
  # Deterministic unless FUZZ_SECONDS is given: CI must not fail by chance.
  if [[ -n "${FUZZ_SECONDS:-}" ]]; then
    FUZZ_JOBS="$JOBS" scripts/fuzz.sh
  else
    FUZZ_DETERMINISTIC=1 FUZZ_JOBS="$JOBS" scripts/fuzz.sh
  fi
  fuzz_ok=$?
  if [[ -f build/fuzz/test-results/fuzz.txt ]]; then
    count_test fuzz fuzz $((fuzz_ok == 0 ? 1 : 0))
  else
    failed_steps+=("fuzz")
  fi
fi

step "summary"
for row in "${summary_rows[@]}"; do echo "$row"; done
for failed_step in "${failed_steps[@]}"; do
  echo "  FAILED STEP: $failed_step"
  total_failed=$((total_failed + 1))
done
[[ $total_known -gt 0 ]] && echo "  ($total_known known failure(s) listed in tests/known-failures.txt or tests/browser/known-failures.txt, not counted)"
echo "test.sh: finished in $(elapsed)"
echo "total: $total_passed passed, $total_failed failed"
[[ $total_failed -eq 0 && $total_passed -gt 0 ]]
