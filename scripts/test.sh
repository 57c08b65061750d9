#!/usr/bin/env bash
# `make test`: installs what is missing, builds everything, runs every suite and ends with one line
# "N passed, N failed". Suites: format and lint, C++ unit tests, database tests on SQLite and PostgreSQL, console
# checks and unit tests, black-box API tests against the built binary on both engines, browser tests, a short fuzz
# run. PostgreSQL is a throwaway server started here on a port of its own and stopped on exit.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/.test-output"
rm -rf "$out" && mkdir -p "$out"
results="$out/results.tsv"
: >"$results"
export CHANCERY_TEST_OUTPUT="$out"

scripts/install-deps.sh --test || { echo "installing dependencies failed"; echo "0 passed, 1 failed"; exit 1; }

record() {  # record SUITE PASSED FAILED
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results"
  printf '== %-28s %4s passed, %3s failed\n' "$1" "$2" "$3"
}
# A step that counts as one test: run "name" command...
step() {
  local name=$1; shift
  if "$@" >"$out/$name.log" 2>&1; then record "$name" 1 0; else record "$name" 0 1; tail -n 40 "$out/$name.log"; fi
}

# 1. Build (Release with tests), the console, and the fuzz target.
BUILD_DIR=${BUILD_DIR:-build}
if [[ ! -f $BUILD_DIR/build.ninja ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$out/cmake.log" 2>&1 || { cat "$out/cmake.log"; }
fi
if ! ninja -C "$BUILD_DIR" -j "$(nproc)" >"$out/build.log" 2>&1; then
  grep -E "error|Error" "$out/build.log" | head -n 40
  record build 0 1
  echo "0 passed, 1 failed"
  exit 1
fi
record build 1 0
step console-build bash -c "cd web && npm run --silent build"

# 2. Static checks.
step format bash -c "git ls-files 'src/*.cpp' 'src/*.hpp' 'fuzz/*.cpp' 'bench/*.cpp' | xargs clang-format-14 --dry-run -Werror"
step lint scripts/lint.sh "$BUILD_DIR"
step console-lint bash -c "cd web && npm run --silent lint"
step console-unit bash -c "cd web && npm test --silent"
step console-openapi bash -c "cd web && node scripts/check-openapi.mjs ../src/server/openapi.json"

# 3. PostgreSQL for the database and functional suites.
pg_dir=$(mktemp -d /tmp/chancery-pg.XXXXXX)
pg_port=${CHANCERY_TEST_PG_PORT:-55433}
cleanup() { scripts/pg-temp.sh stop "$pg_dir" >/dev/null 2>&1; rm -rf "$pg_dir"; }
trap cleanup EXIT
if conninfo=$(scripts/pg-temp.sh start "$pg_dir" "$pg_port" 2>"$out/pg.log"); then
  export CHANCERY_TEST_POSTGRES="$conninfo"
  record postgres-start 1 0
else
  cat "$out/pg.log"
  record postgres-start 0 1
fi

# 4. C++ unit and database tests (ctest runs every gtest case on its own; database cases on both engines).
ctest --test-dir "$BUILD_DIR" -j "$(nproc)" --output-junit "$out/ctest.xml" >"$out/ctest.log" 2>&1
ctest_passed=$(grep -c '<testcase[^>]*status="run"' "$out/ctest.xml" 2>/dev/null || true)
ctest_failed=$(grep -c '<failure' "$out/ctest.xml" 2>/dev/null || true)
ctest_passed=${ctest_passed:-0}; ctest_failed=${ctest_failed:-0}
# A test binary that crashes or a suite that finds no tests shows up in the log, not always in the XML.
if ! grep -q "100% tests passed" "$out/ctest.log" && ((ctest_failed == 0)); then ctest_failed=1; fi
ctest_passed=$((ctest_passed - ctest_failed))
if ((ctest_failed > 0)); then grep -E "\*\*\*Failed|Failed  " "$out/ctest.log" | head -n 30; fi
record ctest "$ctest_passed" "$ctest_failed"

# 5. Black-box API tests, browser tests (node's test runner; counts read from its summary).
node_suite() {  # node_suite NAME ENV... -- PATHS...
  local name=$1; shift
  local log="$out/$name.log"
  local environment=()
  while [[ $# -gt 0 && $1 != -- ]]; do environment+=("$1"); shift; done
  shift
  env "${environment[@]}" node --test --test-reporter=tap "$@" >"$log" 2>&1
  local pass fail
  pass=$(grep -E '^# pass ' "$log" | tail -n1 | awk '{print $3}')
  fail=$(grep -E '^# fail ' "$log" | tail -n1 | awk '{print $3}')
  pass=${pass:-0}; fail=${fail:-1}
  if ((fail > 0)); then grep -B2 -A20 '^not ok' "$log" | head -n 80; fi
  record "$name" "$pass" "$fail"
}
export CHANCERY_BIN="$root/$BUILD_DIR/chancery"
export CHANCERY_CONSOLE_DIR="$root/web/dist"
# The monitor's matches against the Lucene peer's, on the tests' sample (bench/monitor has the full comparison).
step monitor-lucene tests/monitor/lucene-agreement.sh "$BUILD_DIR"
node_suite functional-sqlite CHANCERY_ENGINE=sqlite -- tests/functional/
node_suite functional-postgres CHANCERY_ENGINE=postgres -- tests/functional/
node_suite scaleout -- tests/scaleout/
node_suite e2e -- tests/e2e/

# 6. A short fuzz run over request parsing, routing and JSON validation.
step fuzz scripts/fuzz.sh 30

awk -F'\t' '{p+=$2; f+=$3} END {printf "%d passed, %d failed\n", p, f; exit (f>0)}' "$results"
