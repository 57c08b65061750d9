#!/usr/bin/env bash
# C++ lint: clang-tidy (checks in .clang-tidy) over the translation units of the layers below the modules, using
# the build's compile_commands.json. Exit non-zero on any finding.
#   scripts/lint.sh [BUILD_DIR]
# The Beast server and the modules are not yet included: clang-tidy takes ~7 s per file here, and the whole tree
# would add ~10 minutes to `make test` on 2 cores (see DEVELOPERS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
git ls-files 'src/core/*.cpp' 'src/storage/*.cpp' 'src/bus/*.cpp' | grep -vE '_(test|dbtest)\.cpp$' |
  xargs -P "$(nproc)" -n 4 clang-tidy-14 -p "$build" --quiet
