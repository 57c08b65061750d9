#!/usr/bin/env bash
# bench/http: requests per second of an authenticated JSON endpoint of chancery (GET /api/v1/me with a session
# cookie: session lookup, principal, JSON) against a tuned nginx serving a static file of the same size, both on
# 127.0.0.1, measured with wrk in the same run. Prints a Markdown table row for docs/benchmarks.md.
#   [ROUNDS=3] bench/http/run.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
connections=${2:-64}
threads=2
binary=${CHANCERY_BIN:-build/chancery}
work=$(mktemp -d /tmp/chancery-bench.XXXXXX)
chancery_pid=""
nginx_pid=""
cleanup() {
  [[ -n $chancery_pid ]] && kill "$chancery_pid" 2>/dev/null && wait "$chancery_pid" 2>/dev/null
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx-light" >&2; exit 1; }

export CHANCERY_DATA_DIR="$work/data" CHANCERY_LOG_LEVEL=warn
"$binary" seed --demo >/dev/null
password="bench-password-$RANDOM$RANDOM"
echo "$password" | "$binary" admin create-user --username bench.viewer --unit EMB-FR --role viewer \
  --password-stdin >/dev/null
chancery_port=18480
"$binary" serve --listen 127.0.0.1:$chancery_port >"$work/chancery.log" 2>&1 &
chancery_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$chancery_port/healthz" >/dev/null && break; sleep 0.1; done

cookie=$(curl -fs -D - -o /dev/null -H 'content-type: application/json' \
  -d "{\"username\":\"bench.viewer\",\"password\":\"$password\"}" "http://127.0.0.1:$chancery_port/api/v1/auth/login" |
  grep -i '^set-cookie: chancery_session=' | sed -E 's/^[Ss]et-[Cc]ookie: (chancery_session=[^;]*).*/\1/')
[[ -n $cookie ]] || { echo "login failed" >&2; exit 1; }
curl -fs -H "cookie: $cookie" "http://127.0.0.1:$chancery_port/api/v1/me" >"$work/me.json"
body_size=$(wc -c <"$work/me.json")

# nginx: the same number of worker processes as cores, no access log, sendfile, long keep-alive.
nginx_port=18481
mkdir -p "$work/nginx/html" "$work/nginx/logs"
cp "$work/me.json" "$work/nginx/html/me.json"
# nginx workers run as an unprivileged user: let them read the file (mktemp -d makes a private folder).
chmod 755 "$work" "$work/nginx" "$work/nginx/html"
chmod 644 "$work/nginx/html/me.json"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes $(nproc);
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65; keepalive_requests 1000000;
  open_file_cache max=100 inactive=60s;
  default_type application/json;
  server { listen 127.0.0.1:$nginx_port; root $work/nginx/html; }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nginx_port/me.json" >/dev/null && break; sleep 0.1; done

rps() { awk '/Requests\/sec/ {print $2}'; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# Warm both, then measure them in turn, ROUNDS times (default 3), so that both see the same noise of a shared
# machine; the medians are compared.
rounds=${ROUNDS:-3}
wrk -t$threads -c$connections -d2s -H "cookie: $cookie" "http://127.0.0.1:$chancery_port/api/v1/me" >/dev/null
wrk -t$threads -c$connections -d2s "http://127.0.0.1:$nginx_port/me.json" >/dev/null
chancery_all="" nginx_all="" chancery_p99s="" nginx_p99s="" non2xx=0
for round in $(seq "$rounds"); do
  chancery_out=$(wrk -t$threads -c$connections -d${duration}s --latency -H "cookie: $cookie" \
    "http://127.0.0.1:$chancery_port/api/v1/me")
  nginx_out=$(wrk -t$threads -c$connections -d${duration}s --latency "http://127.0.0.1:$nginx_port/me.json")
  if grep -q 'Non-2xx' <<<"$nginx_out"; then echo "nginx answered with errors: the comparison is void" >&2; exit 1; fi
  non2xx=$((non2xx + $(awk '/Non-2xx/ {print $5}' <<<"$chancery_out" | grep . || echo 0)))
  chancery_all+="$(rps <<<"$chancery_out")"$'\n'
  nginx_all+="$(rps <<<"$nginx_out")"$'\n'
  chancery_p99s+="$(awk '/ 99%/ {print $2}' <<<"$chancery_out")"$'\n'
  nginx_p99s+="$(awk '/ 99%/ {print $2}' <<<"$nginx_out")"$'\n'
  echo "round $round: chancery $(rps <<<"$chancery_out") req/s, nginx $(rps <<<"$nginx_out") req/s" >&2
done
chancery_rps=$(median <<<"${chancery_all%$'\n'}")
nginx_rps=$(median <<<"${nginx_all%$'\n'}")
# p99 of the round with the median throughput.
p99_of() { paste <(printf '%s' "$1") <(printf '%s' "$2") | awk -v m="$3" '$1 == m {print $2; exit}'; }
chancery_p99=$(p99_of "$chancery_all" "$chancery_p99s" "$chancery_rps")
nginx_p99=$(p99_of "$nginx_all" "$nginx_p99s" "$nginx_rps")
[[ $non2xx -gt 0 ]] || non2xx=""
ratio=$(awk -v a="$chancery_rps" -v b="$nginx_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')
echo "| $(date -u +%Y-%m-%d) | $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) | ${body_size} B | wrk -t$threads -c$connections -d${duration}s ×${rounds} | ${chancery_rps} (p99 ${chancery_p99}${non2xx:+, non-2xx $non2xx}) | ${nginx_rps} (p99 ${nginx_p99}) | ${ratio} |"
