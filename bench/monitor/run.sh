#!/usr/bin/env bash
# bench/monitor: the monitor's matching over the shared corpus at 1,000 / 10,000 / 100,000 standing queries, then,
# in the same run, the Lucene peer (Lucene 4.10 MemoryIndex with a term presearcher, bench/monitor/LucenePeer.java)
# over the same documents and queries, checking that both find the same matches. Results: docs/benchmarks.md.
#   bench/monitor/run.sh [CORPUS_DIR] [PEER_QUERY_COUNTS...]     default: ../shared/corpus, 1000 10000
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:-../shared/corpus}
shift || true
peer_counts=("$@")
((${#peer_counts[@]})) || peer_counts=(1000 10000)
ninja -C build monitor_bench >/dev/null
work=$(mktemp -d /tmp/chancery-monitor-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bench/monitor/build-peer.sh "$work/classes"
echo "== Chancery, one core"
build/monitor_bench "$corpus" 1000 10000 100000
for count in "${peer_counts[@]}"; do
  echo "== Chancery and Lucene, $count queries (the features both have), one core each"
  build/monitor_bench "$corpus" --peer "$work" "$count"
  java -XX:ActiveProcessorCount=1 -cp "$(bench/monitor/build-peer.sh --classpath):$work/classes" LucenePeer \
    "$work/queries.tsv" "$work/documents.tsv" "$work/lucene-matches.txt"
  if diff -q <(sort "$work/chancery-matches.txt") <(sort "$work/lucene-matches.txt") >/dev/null; then
    echo "same matches: $(wc -l <"$work/chancery-matches.txt")"
  else
    echo "DIFFERENT matches: $(diff <(sort "$work/chancery-matches.txt") <(sort "$work/lucene-matches.txt") | grep -c '^[<>]')"
  fi
done
