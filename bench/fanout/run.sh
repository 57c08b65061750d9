#!/usr/bin/env bash
# bench/fanout: one message to a channel of N members, each holding a WebSocket to one Chancery node, timed per
# delivery from its scheduled send; and, in the same run, NATS core fan-out of the same messages to N subscribers
# on the same machine. Prints the JSON report and a Markdown row for docs/benchmarks.md.
#   bench/fanout/run.sh [MEMBERS=10000] [MESSAGES=20] [INTERVAL_MS=500]
set -euo pipefail
cd "$(dirname "$0")/../.."
members=${1:-10000}
messages=${2:-20}
interval=${3:-500}
binary=${CHANCERY_BIN:-build/chancery}
bench=${FANOUT_BENCH:-build/fanout_bench}
work=$(mktemp -d /tmp/chancery-fanout.XXXXXX)
chancery_pid="" nats_pid=""
cleanup() {
  [[ -n $chancery_pid ]] && kill "$chancery_pid" 2>/dev/null && wait "$chancery_pid" 2>/dev/null
  [[ -n $nats_pid ]] && kill "$nats_pid" 2>/dev/null && wait "$nats_pid" 2>/dev/null
  [[ -n ${FANOUT_KEEP:-} ]] && cp "$work"/*.log /tmp/ 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT
command -v nats-server >/dev/null || { echo "nats-server is missing: apt-get install nats-server" >&2; exit 1; }
# Both ends hold one descriptor per connection.
ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) > members + 1000 )) || { echo "raise the open-files limit above $((members + 1000))" >&2; exit 1; }

export CHANCERY_DATA_DIR="$work/data" CHANCERY_LOG_LEVEL=warn
"$binary" seed --demo >/dev/null
password="fanout-poster-$RANDOM$RANDOM"
echo "$password" | "$binary" admin create-user --username fanout.poster --unit EMB-FR --role consular_officer \
  --password-stdin >/dev/null
"$bench" prepare --data-dir "$work/data" --members "$members" --tokens "$work/tokens.txt"

port=18490
"$binary" serve --listen 127.0.0.1:$port >"$work/chancery.log" 2>&1 &
chancery_pid=$!
nats_port=18491
nats-server -a 127.0.0.1 -p $nats_port >"$work/nats.log" 2>&1 &
nats_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# FANOUT_PERF=file records a profile of the server (FANOUT_PERF_ALL=1: of the whole machine) after
# FANOUT_PERF_DELAY seconds, for FANOUT_PERF_SECONDS.
perf_target=(-p "$chancery_pid")
[[ -n ${FANOUT_PERF_ALL:-} ]] && perf_target=(-a)
[[ -n ${FANOUT_PERF:-} ]] && (sleep "${FANOUT_PERF_DELAY:-0}"; perf record -F 999 -g "${perf_target[@]}" -o "$FANOUT_PERF" \
  -- sleep "${FANOUT_PERF_SECONDS:-25}" >/dev/null 2>&1 &)
report=$("$bench" run --url "http://127.0.0.1:$port" --tokens "$work/tokens.txt" --poster "fanout.poster:$password" \
  --server-pid "$chancery_pid" --messages "$messages" --interval-ms "$interval" \
  --nats "nats://127.0.0.1:$nats_port")
echo "$report"
python3 - "$report" "$members" "$messages" <<'PY'
import json, sys, datetime, os
r = json.loads(sys.argv[1]); c = r["chancery"]; n = r["nats"]
mem = os.popen("awk '/MemTotal/ {printf \"%.0f GiB\", $2/1048576}' /proc/meminfo").read()
print(f"| {datetime.date.today()} | {os.cpu_count()} cores, {mem} | {c['connections']} WS × {sys.argv[3]} msgs "
      f"| {c['p50_ms']:.0f} / {c['p99_ms']:.0f} / {c['max_ms']:.0f} ms | {c['deliveries_per_second']:.0f}/s "
      f"| {c['kb_per_connection']:.1f} KB | {n['p50_ms']:.0f} / {n['p99_ms']:.0f} / {n['max_ms']:.0f} ms "
      f"| {n['deliveries_per_second']:.0f}/s | {c['deliveries']}/{c['expected']} |")
PY
