#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster for tests, on loopback only.
#   scripts/pg-throwaway.sh start [DIR] [PORT]   prints the DATABASE_URL to use
#   scripts/pg-throwaway.sh stop  [DIR] [MODE]   MODE: fast (default) or immediate
#                                                (a crash-like stop: clients are cut off)
# Needs Debian's postgresql package. PostgreSQL refuses to run as root, so when
# run as root the cluster belongs to the `postgres` user.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:-/tmp/association-monitor-pg}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" -l "$dir/log" -w start >/dev/null
    fi
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='monitor_test'" | grep -q 1 \
      || as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres monitor_test
    echo "postgresql://postgres@127.0.0.1:$port/monitor_test"
    ;;
  stop)
    mode=${3:-fast}
    case "$mode" in fast|immediate|smart) ;; *) echo "stop mode must be fast, immediate or smart" >&2; exit 2 ;; esac
    as_owner "$bin/pg_ctl" -D "$dir" -m "$mode" stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start [DIR] [PORT] | stop [DIR] [MODE]" >&2; exit 2 ;;
esac
