#!/usr/bin/env bash
# scripts/fuzz.sh — build the `fuzz` preset and run every libFuzzer target for a bounded time.
#
#   FUZZ_SECONDS=20 scripts/fuzz.sh              every target, 20 s each (the test command's setting)
#   FUZZ_SECONDS=600 scripts/fuzz.sh fuzz_gc     one target, longer (by hand)
#
# For each target it first replays fuzz/regressions/<target>/* (inputs that once crashed it; each
# must now pass), then fuzzes from the committed seeds fuzz/corpus/<target>/ plus the working
# corpus build/fuzz/corpus/<target>/ (new inputs go there, never into the repository). Crashing
# inputs are saved as build/fuzz/artifacts/<target>/crash-* (or leak-*, timeout-*, oom-*): copy
# one to fuzz/regressions/<target>/ once it is fixed.
#
# Prints one line per target: executions, crashes, regressions replayed; writes
# build/fuzz/test-results/fuzz.txt ("passed=N failed=M known=0": a target passes with zero
# crashes and every regression passing) for scripts/test.sh. Exits non-zero when any target failed.
#
# Environment: FUZZ_SECONDS (default 20), FUZZ_JOBS (build jobs, default 2), FUZZ_NO_BUILD=1 to
# skip the build, FUZZ_BUILD_DIR (default build/fuzz: the preset's directory; another directory is
# configured with the preset's settings, for a helper's private build), FUZZ_DETERMINISTIC=1 for the test command's mode: a fixed seed, a fixed number
# of runs per target (sized to each target's speed, about 5-10 s each) and a fresh working corpus,
# so that every machine runs exactly the same inputs and CI cannot fail by chance.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-20}"
JOBS="${FUZZ_JOBS:-2}"
BUILD="${FUZZ_BUILD_DIR:-build/fuzz}"
ALL_TARGETS=(fuzz_compile fuzz_load_run fuzz_wire fuzz_spawn fuzz_undump fuzz_gc)
if [[ $# -gt 0 ]]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
# Leaks are bugs too; abort on the first UBSan report (the preset also makes UB fatal).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

if [[ "${FUZZ_NO_BUILD:-0}" != 1 ]]; then
  cmake --preset fuzz -B "$BUILD" --log-level=WARNING >/dev/null ||
    { echo "fuzz.sh: configure failed" >&2; exit 1; }
  cmake --build "$BUILD" -j "$JOBS" --target "${TARGETS[@]}" >"$BUILD-build.log" 2>&1 ||
    { tail -40 "$BUILD-build.log"; echo "fuzz.sh: build failed (log: $BUILD-build.log)" >&2; exit 1; }
fi

mkdir -p "$BUILD/test-results"
passed=0
failed=0
rows=()
for target in "${TARGETS[@]}"; do
  bin="$BUILD/fuzz/$target"
  seeds="fuzz/corpus/$target"
  # The Lua corpus doubles as seeds for the targets that take Lua source (read-only: libFuzzer
  # writes new inputs only into the first directory, the working corpus).
  extra_seeds=()
  [[ "$target" == fuzz_compile || "$target" == fuzz_load_run ]] && extra_seeds=(tests/lua)
  work="$BUILD/corpus/$target"
  artifacts="$BUILD/artifacts/$target"
  log="$BUILD/logs/$target.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")" "$seeds"
  if [[ ! -x "$bin" ]]; then
    rows+=("$(printf '  %-14s NOT BUILT' "$target")")
    failed=$((failed + 1))
    continue
  fi

  # 1. Regressions: each committed input runs once and must pass.
  reg_total=0
  reg_failed=0
  if [[ -d "fuzz/regressions/$target" ]]; then
    for input in "fuzz/regressions/$target"/*; do
      [[ -f "$input" ]] || continue
      reg_total=$((reg_total + 1))
      if ! "$bin" -timeout=60 "$input" >"$log.regression" 2>&1; then
        reg_failed=$((reg_failed + 1))
        echo "fuzz.sh: $target: regression $input FAILS:" >&2
        grep -E 'ERROR|SUMMARY|fuzz_|Assertion|runtime error' "$log.regression" | head -8 >&2
      fi
    done
  fi

  # 2. Fuzzing for a bounded time (or, deterministic, a fixed number of runs from a fixed seed).
  # Artifacts written before this run are not counted.
  before=$(ls "$artifacts" | wc -l)
  extra=()
  [[ "$target" == fuzz_gc ]] && extra=(-max_len=1024) # each byte is a Lua call or GC units
  bound=(-max_total_time="$SECONDS_PER_TARGET")
  if [[ "${FUZZ_DETERMINISTIC:-0}" == 1 ]]; then
    case "$target" in
      fuzz_compile) runs=20000 ;; fuzz_load_run) runs=2000 ;; fuzz_wire) runs=50000 ;;
      fuzz_spawn) runs=300000 ;;
      fuzz_undump) runs=5000 ;; fuzz_gc) runs=300 ;; *) runs=1000 ;;
    esac
    rm -rf "$work" && mkdir -p "$work"
    bound=(-seed=1 -runs="$runs" -max_total_time=120)
  fi
  "$bin" "${bound[@]}" -timeout=30 -rss_limit_mb=2048 "${extra[@]}" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$seeds" "${extra_seeds[@]}" >"$log" 2>&1
  status=$?
  after=$(ls "$artifacts" | wc -l)
  crashes=$((after - before))
  [[ $status -ne 0 && $crashes -eq 0 ]] && crashes=1 # died without an artifact
  execs=$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  [[ -z "$execs" ]] && execs=$(grep -Eo '^#[0-9]+' "$log" | tr -d '#' | sort -n | tail -1)
  [[ -z "$execs" ]] && execs=0
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')
  if [[ $crashes -eq 0 && $reg_failed -eq 0 ]]; then
    passed=$((passed + 1))
    verdict=ok
  else
    failed=$((failed + 1))
    verdict=FAILED
    if [[ $crashes -ne 0 ]]; then
      echo "fuzz.sh: $target crashed; log: $log; inputs: $artifacts/" >&2
      grep -E 'ERROR|SUMMARY|fuzz_[a-z_]+:|runtime error|deadly signal' "$log" | head -10 >&2
    fi
  fi
  budget_label="${SECONDS_PER_TARGET}s"
  [[ "${FUZZ_DETERMINISTIC:-0}" == 1 ]] && budget_label="seed 1"
  rows+=("$(printf '  %-14s %6s  executions %9s  coverage %5s  crashes %d  regressions %d/%d  %s' \
    "$target" "$budget_label" "$execs" "${cov:-?}" "$crashes" \
    $((reg_total - reg_failed)) "$reg_total" "$verdict")")
  echo "${rows[-1]}"
done

echo "fuzz summary:"
for row in "${rows[@]}"; do echo "$row"; done
echo "passed=$passed failed=$failed known=0" >"$BUILD/test-results/fuzz.txt"
echo "fuzz: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
