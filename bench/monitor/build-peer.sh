#!/usr/bin/env bash
# Compiles the Lucene peer (LucenePeer.java) against Debian's Lucene 4.10 and ICU4J jars.
#   bench/monitor/build-peer.sh OUT_DIR     compile into OUT_DIR
#   bench/monitor/build-peer.sh --classpath print the class path of the jars
set -euo pipefail
cd "$(dirname "$0")"
jars=/usr/share/java
classpath="$jars/lucene-core-4.10.4.jar:$jars/lucene-memory-4.10.4.jar:$jars/lucene-queryparser-4.10.4.jar"
classpath+=":$jars/lucene-analyzers-common-4.10.4.jar:$jars/lucene-analyzers-icu-4.10.4.jar"
classpath+=":$jars/lucene-queries-4.10.4.jar:$jars/icu4j.jar"
if [[ "${1:-}" == "--classpath" ]]; then
  echo "$classpath"
  exit 0
fi
mkdir -p "$1"
rm -f "$1"/LucenePeer*.class  # a failed compile must not leave an older peer behind
javac -nowarn -encoding UTF-8 -cp "$classpath" -d "$1" LucenePeer.java 2>&1 | grep -v '^Note:' || true
test -f "$1/LucenePeer.class"
