#!/usr/bin/env bash
# QIDO-RS latency benchmark (docs/benchmarks.md): a throwaway PostgreSQL cluster on a loopback port, seeded with
# 100,000 studies / 1,000,000 instances, the API in Release against it, typical searches timed over HTTP.
#   scripts/bench/qido.sh            seed (first run only; the cluster in .data/bench-postgres is kept) and measure
#   scripts/bench/qido.sh stop       stop the benchmark cluster
#   QIDO_BENCH_PG_PORT (55433), QIDO_BENCH_API_PORT (58080)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
cd "$REPO_ROOT"

PG_PORT="${QIDO_BENCH_PG_PORT:-55433}"
API_PORT="${QIDO_BENCH_API_PORT:-58080}"
PG_DATA="$REPO_ROOT/.data/bench-postgres"
PG_RUN="$REPO_ROOT/.data/bench-postgres-run"
BIN="$(pg_bin_dir)"
pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-}" = stop ]; then
  pg "$BIN/pg_ctl" -D "$PG_DATA" -w stop
  exit 0
fi

if [ ! -s "$PG_DATA/PG_VERSION" ]; then
  mkdir -p "$PG_DATA" "$PG_RUN"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$PG_DATA" "$PG_RUN"
  chmod 700 "$PG_DATA"
  pg "$BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! pg "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_RUN -c shared_buffers=2GB -c work_mem=32MB -c maintenance_work_mem=1GB -c max_wal_size=8GB -c synchronous_commit=off" start >/dev/null
fi
pg "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='qido_bench'" postgres | grep -q 1 \
  || pg "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres qido_bench
export ConnectionStrings__ClinicalImaging="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=qido_bench;Maximum Pool Size=20"

say "seeding (first run only)"
dotnet run -c Release tools/ClinicalImaging.Benchmarks/QidoBenchmark.cs -- seed "$ConnectionStrings__ClinicalImaging"

say "starting the API (Release) on 127.0.0.1:$API_PORT"
dotnet build src/ClinicalImaging.Api -c Release -v quiet -nologo >/dev/null
# The per-caller rate limit (600/min) would refuse a benchmark; logs at Warning keep the API's own cost out of the timings.
export ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Security__RateLimitPermits=1000000 Storage__RootPath="$REPO_ROOT/.data/bench-objects"
(cd src/ClinicalImaging.Api && exec dotnet bin/Release/net10.0/ClinicalImaging.Api.dll --urls "http://127.0.0.1:$API_PORT" >"$REPO_ROOT/.data/bench-api.log" 2>&1) &
api_pid=$!
trap 'kill "$api_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$API_PORT/ready" >/dev/null && break
  sleep 1
done

say "measuring"
dotnet run -c Release tools/ClinicalImaging.Benchmarks/QidoBenchmark.cs -- measure "$ConnectionStrings__ClinicalImaging" "http://127.0.0.1:$API_PORT"
