#!/usr/bin/env bash
# bench/alerts: a crisis alert over CITIZENS synthetic citizens (registry, recipient index, selections, delivery
# plans, dispatch to fake connectors) on SQLite and then on PostgreSQL, each run with the PostGIS peer's selections
# over the same points, in the same run. Results: docs/benchmarks.md, "Crisis alerts".
#   bench/alerts/run.sh [CITIZENS=1000000] [alerts_bench flags...]      e.g. bench/alerts/run.sh 1000000 --runs 21
# ALERTS_ENGINES="sqlite postgres" chooses the engines; ALERTS_BENCH=path skips the build; ALERTS_PG_PORT (55492).
set -euo pipefail
cd "$(dirname "$0")/../.."
citizens=${1:-1000000}
shift || true
build=${BUILD_DIR:-build}
bench=${ALERTS_BENCH:-$build/alerts_bench}
[[ -n ${ALERTS_BENCH:-} ]] || ninja -C "$build" alerts_bench >/dev/null
[[ "$(dpkg-query -W -f='${Status}' postgresql-15-postgis-3 2>/dev/null || true)" == "install ok installed" ]] ||
  { echo "PostGIS is missing: scripts/install-deps.sh --test (postgresql-15-postgis-3)" >&2; exit 1; }

work=$(mktemp -d /tmp/chancery-alerts.XXXXXX)
chmod 755 "$work"  # the server runs as postgres when we are root
pg_dir=$work/pg
port=${ALERTS_PG_PORT:-55492}
cleanup() { scripts/pg-temp.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
conninfo=$(scripts/pg-temp.sh start "$pg_dir" "$port")
# pg-temp.sh runs the server with fsync off, which suits tests; a plan "durably stored" needs PostgreSQL's durable
# defaults (fsync, synchronous_commit, full_page_writes on), so the server is restarted with them, and with
# 2 GB of shared buffers so that the peer's table and indexes stay in its cache.
as_owner() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_owner "${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -m fast \
  -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=2GB" \
  restart >/dev/null

echo "== $(date -u +%FT%TZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
for engine in ${ALERTS_ENGINES:-sqlite postgres}; do
  echo "== $engine"
  "$bench" --citizens "$citizens" --engine "$engine" --postgres "$conninfo" --postgis "$conninfo" \
    --data-dir "$work/data" "$@"
done
