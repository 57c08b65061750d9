#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL 15 server for tests.
#
#   scripts/pg-temp.sh start DIR PORT   initialise DIR (if needed), start the server, print its conninfo
#   scripts/pg-temp.sh stop DIR         stop the server started in DIR (the data stays until DIR is removed)
#
# The server trusts every local connection (unix socket in DIR, TCP on 127.0.0.1 only) and runs with fsync off:
# it is for tests and must never hold data anyone cares about. PostgreSQL refuses to run as root, so when run as
# root the data directory belongs to the `postgres` system user and the server binaries run through runuser.
# Typical use:
#   export CHANCERY_TEST_POSTGRES="$(scripts/pg-temp.sh start /tmp/chancery-pg 55432)"
#   build/storage_dbtest; scripts/pg-temp.sh stop /tmp/chancery-pg
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-30}"

fail() {
  echo "pg-temp.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

# Runs a PostgreSQL binary as the owner of the data: the postgres user when we are root, ourselves otherwise.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local dir="$1" port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || fail "PORT must be a number, got '$port'"
  [[ -x "$PG_BIN/initdb" ]] || fail "PostgreSQL server binaries not found in $PG_BIN (install postgresql-15 or set PG_BIN)"
  dir="$(realpath -m "$dir")"
  # The unix socket path (DIR/.s.PGSQL.PORT) must fit in sockaddr_un (107 bytes).
  (( ${#dir} + 20 < 107 )) || fail "DIR '$dir' is too long for a unix socket path; use a shorter one"
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 2>/dev/null; then
    fail "something already answers on 127.0.0.1:$port; stop it or choose another PORT"
  fi

  mkdir -p "$dir"
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || fail "the 'postgres' system user does not exist (install the postgresql package)"
    chown postgres:postgres "$dir"
    runuser -u postgres -- test -w "$dir" ||
      fail "user postgres cannot write to $dir (is a parent directory closed to other users?)"
  fi
  chmod 700 "$dir"

  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust \
      >"$dir/initdb.log" 2>&1 || fail "initdb failed; see $dir/initdb.log:
$(tail -n 20 "$dir/initdb.log")"
  fi

  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t "$READY_TIMEOUT_SECONDS" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200" start >/dev/null ||
    fail "the server did not start; see $dir/server.log:
$(tail -n 20 "$dir/server.log" 2>/dev/null)"

  local waited=0
  until "$PG_BIN/pg_isready" -q -h "$dir" -p "$port" -t 1; do
    (( waited++ < READY_TIMEOUT_SECONDS )) || fail "the server is not ready after ${READY_TIMEOUT_SECONDS}s; see $dir/server.log"
    sleep 1
  done
  echo "host=$dir port=$port dbname=postgres user=postgres"
}

stop() {
  local dir
  dir="$(realpath -m "$1")"
  [[ -f "$dir/data/PG_VERSION" ]] || fail "no PostgreSQL data directory in $dir"
  if [[ ! -f "$dir/data/postmaster.pid" ]]; then
    echo "pg-temp.sh: no server running in $dir" >&2
    return 0
  fi
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || fail "pg_ctl stop failed; see $dir/server.log"
}

case "${1:-}" in
  start) [[ $# == 3 ]] || usage; start "$2" "$3" ;;
  stop) [[ $# == 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
