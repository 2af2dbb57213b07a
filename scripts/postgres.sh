#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on loopback only, with its data in a folder of its
# own (fsync off: it is thrown away).
#   scripts/postgres.sh start DIR   initialises DIR, starts the server, prints its connection string
#   scripts/postgres.sh stop DIR    stops it (DIR can then be removed)
# initdb refuses to run as root, so as root the server runs as the 'postgres' user that the Debian
# package creates (scripts/install-deps.sh installs it).
set -euo pipefail

cmd=${1:?start or stop}
dir=${2:?folder for the server}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "postgres.sh: PostgreSQL is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
    # The first free port from 55432 on: parallel runs on one machine each get their own.
    for port in $(seq 55432 55531); do
      if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
           start >/dev/null 2>&1; then
        echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
        exit 0
      fi
    done
    echo "postgres.sh: could not start a server (see $dir/server.log)" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "postgres.sh: unknown command '$cmd' (start or stop)" >&2
    exit 2
    ;;
esac
