#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests and prints the DSN to
# use as PARLEY_TEST_POSTGRES. Usage:
#   export PARLEY_TEST_POSTGRES=$(scripts/test-postgres.sh start)
#   go test ./...
#   scripts/test-postgres.sh stop
# It needs Debian's postgresql package (apt-get install -y postgresql).
# fsync is off: the server holds test data only.
set -euo pipefail
dir=${PARLEY_PG_DIR:-/tmp/parley-pgtest}
port=${PARLEY_PG_PORT:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
  exit 2
fi
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi
}
case "${1:-}" in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      install -d -m 700 "$dir"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
      as_postgres "$bin/initdb -D $dir/data -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync" >/dev/null
    fi
    if ! as_postgres "$bin/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
      as_postgres "$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off' start" >/dev/null
    fi
    psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'parley_test'" | grep -q 1 ||
      psql -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE DATABASE parley_test' >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/parley_test?sslmode=disable"
    ;;
  stop)
    as_postgres "$bin/pg_ctl -D $dir/data -m fast -w stop" >/dev/null
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
