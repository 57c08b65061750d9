#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) in build-fuzz/ and runs each for SECONDS (default 30),
# starting from the committed seed corpus. Crashes are written to build-fuzz/artifacts/ and make this fail.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
if [[ ! -f build-fuzz/build.ninja ]]; then
  CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHANCERY_FUZZ=ON \
    -DCHANCERY_TESTS=OFF >/dev/null
fi
ninja -C build-fuzz fuzz_http_request fuzz_query_parser fuzz_feed_parser
mkdir -p build-fuzz/artifacts build-fuzz/corpus/http build-fuzz/corpus/query build-fuzz/corpus/feed
# New inputs go to build-fuzz/corpus (not committed); the seed corpus is read-only input.
build-fuzz/fuzz/fuzz_http_request -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/artifacts/ build-fuzz/corpus/http fuzz/corpus/http
build-fuzz/fuzz/fuzz_query_parser -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/artifacts/ build-fuzz/corpus/query fuzz/corpus/query
build-fuzz/fuzz/fuzz_feed_parser -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/artifacts/ build-fuzz/corpus/feed fuzz/corpus/feed
