#!/usr/bin/env bash
# Chancery's monitor and the Lucene peer (bench/monitor/LucenePeer.java, Lucene 4.10 from Debian) find exactly the
# same (document, query) matches: 2,000 standing queries generated from tests/monitor/sample.jsonl's own words
# (words, phrases, prefixes, AND/OR/NOT, title:), over its 28 documents.
#   tests/monitor/lucene-agreement.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
work=$(mktemp -d /tmp/chancery-lucene.XXXXXX)
trap 'rm -rf "$work"' EXIT
bench/monitor/build-peer.sh "$work/classes"
"$build/monitor_bench" tests/monitor/sample.jsonl --peer "$work" 2000 >"$work/chancery.log"
java -cp "$(bench/monitor/build-peer.sh --classpath):$work/classes" LucenePeer \
  "$work/queries.tsv" "$work/documents.tsv" "$work/lucene-matches.txt" >"$work/lucene.log"
sort "$work/chancery-matches.txt" >"$work/chancery.sorted"
sort "$work/lucene-matches.txt" >"$work/lucene.sorted"
matches=$(wc -l <"$work/chancery.sorted")
if ! diff -q "$work/chancery.sorted" "$work/lucene.sorted" >/dev/null; then
  echo "Chancery and Lucene disagree (document query pairs; < only Chancery, > only Lucene):"
  diff "$work/chancery.sorted" "$work/lucene.sorted" | head -n 20
  while read -r _ query; do grep -P "^$query\t" "$work/queries.tsv"; done < <(diff "$work/chancery.sorted" "$work/lucene.sorted" | grep -E '^[<>]' | head -n 5 | cut -c3-)
  exit 1
fi
if ((matches < 200)); then
  echo "only $matches matches: too few to compare anything"
  exit 1
fi
echo "Chancery and Lucene agree on all $matches matches of 2,000 queries over the sample."
