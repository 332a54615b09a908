#!/usr/bin/env bash
# A project-local PostgreSQL cluster for development: data under .data/postgres, loopback only.
#   scripts/lib/local-postgres.sh start    start it (creating it the first time); prints the connection string
#   scripts/lib/local-postgres.sh stop     stop it (the data stays for next time)
#   scripts/lib/local-postgres.sh status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_PORT="${CLINIMG_PG_PORT:-55432}"
PG_DATA="$REPO_ROOT/.data/postgres"
PG_SOCKETS="$REPO_ROOT/.data/postgres-run"
PG_LOG="$REPO_ROOT/.data/postgres.log"
PG_DATABASE="clinicalimaging"
BIN="$(pg_bin_dir)"

# PostgreSQL refuses to run as root; the Debian package creates the unprivileged 'postgres' account.
pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

connection_string() {
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$PG_DATABASE"
}

start() {
  mkdir -p "$REPO_ROOT/.data"
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    say "creating the local PostgreSQL cluster in .data/postgres"
    mkdir -p "$PG_DATA" "$PG_SOCKETS"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$PG_DATA" "$PG_SOCKETS"
    chmod 700 "$PG_DATA"
    pg "$BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  mkdir -p "$PG_SOCKETS"; [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_SOCKETS"
  touch "$PG_LOG"; [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_LOG"
  if ! pg "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_SOCKETS" start >/dev/null
  elif [ "$(sed -n 4p "$PG_DATA/postmaster.pid")" != "$PG_PORT" ]; then
    # The benchmarks start this cluster on their own port; restarting it here would cut off whoever uses it.
    die "the local PostgreSQL cluster already runs on port $(sed -n 4p "$PG_DATA/postmaster.pid"), not $PG_PORT (a benchmark's?): stop it with scripts/lib/local-postgres.sh stop, or set CLINIMG_PG_PORT to that port"
  fi
  if ! pg "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DATABASE'" postgres | grep -q 1; then
    pg "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DATABASE"
  fi
  connection_string
}

stop() {
  if [ -s "$PG_DATA/PG_VERSION" ] && pg "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    pg "$BIN/pg_ctl" -D "$PG_DATA" -w stop >/dev/null && say "PostgreSQL stopped (data kept in .data/postgres)"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) pg "$BIN/pg_ctl" -D "$PG_DATA" status ;;
  *) die "usage: $0 start|stop|status" ;;
esac
