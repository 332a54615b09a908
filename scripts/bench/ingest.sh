#!/usr/bin/env bash
# Ingest throughput against Orthanc (docs/benchmarks.md): the same corpus (1,600 CT slices of 512 x 512 in 64 studies,
# written by pydicom) sent by N concurrent clients, one file per request (Orthanc's REST POST /instances, our REST
# upload, our STOW-RS) and one study per request (a ZIP to Orthanc's POST /instances, a multipart STOW-RS to ours),
# back to back, each run against a freshly started server with an empty archive, after 6,400 other slices sent the
# same way as a warm-up: a fresh .NET process compiles and recompiles its hot code (tiered compilation with dynamic
# PGO) for its first ~3,000-4,000 objects; the load generator prints how many methods our server still compiled
# while it was timed (a few hundred in steady state, thousands after the former 1,600-object warm-up).
# Server CPU counts Orthanc's process, and our API's plus PostgreSQL's.
#   scripts/bench/ingest.sh                      clients 1, 4 and 8, every target
#   INGEST_BENCH_CLIENTS="4" INGEST_BENCH_TARGETS="orthanc-zip stow-study" scripts/bench/ingest.sh
#   INGEST_BENCH_ROUNDS=3 ...                    every target N times, interleaved, then medians and ratios to Orthanc
#                                                (on a shared machine one run can be 30 % off, Orthanc's included)
#   scripts/bench/ingest.sh memory               peak memory while one ~1 GB multi-frame object is uploaded (STOW-RS,
#                                                REST upload; Orthanc for reference), each to a freshly started server
#   scripts/bench/ingest.sh ab REV [ROUNDS]      our server at REV (built in a temporary worktree) against the working
#                                                tree, alternating, ROUNDS (2) times each: one target
#                                                (INGEST_BENCH_AB_TARGET, stow), INGEST_BENCH_CLIENTS (4) clients, the
#                                                same corpus and warm-up; each row followed by the database
#                                                operations and registration groups the API counted (its /metrics)
#   INGEST_BENCH_PG_PORT (55434), INGEST_BENCH_API_PORT (58081), INGEST_BENCH_ORTHANC_PORT (58042)
#   INGEST_BENCH_PG_EXTRA=";Max Auto Prepare=0"    appended to our connection string (to compare its settings)
# Our API runs in Release (Development keys, logs at Warning, rate limit lifted) on the project-local PostgreSQL
# cluster (scripts/lib/local-postgres.sh, default durability: synchronous_commit on); Orthanc 1.10 (Debian) with its
# defaults (SQLite index, file storage, SyncStorageArea on). Both fsync every object before they answer.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
cd "$REPO_ROOT"

CLIENTS="${INGEST_BENCH_CLIENTS:-1 4 8}"
ROUNDS="${INGEST_BENCH_ROUNDS:-1}"
TARGETS="${INGEST_BENCH_TARGETS:-orthanc rest stow orthanc-zip stow-study}"
export CLINIMG_PG_PORT="${INGEST_BENCH_PG_PORT:-55434}"
API_PORT="${INGEST_BENCH_API_PORT:-58081}"
ORTHANC_PORT="${INGEST_BENCH_ORTHANC_PORT:-58042}"
WORK="$REPO_ROOT/.data/bench-ingest"
CORPUS="$WORK/corpus"
PSQL=("$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$CLINIMG_PG_PORT" -U postgres -q)
# Our server's database; the load generator ANALYZEs it after the warm-up (decision 0817).
DATABASE="Host=127.0.0.1;Port=$CLINIMG_PG_PORT;Username=postgres;Database=ingest_bench"
TOOL=tools/ClinicalImaging.Benchmarks/IngestBenchmark.cs
# Each server stores into its own new folder; the one before is removed as the next server starts (a run leaves ~7,000
# files, 3.6 GB). Deleting files slows the creation of new ones for 30 s (ext4 without a journal, as on the benchmark
# machine, scans past every inode freed in the last 30 s), a cost of the benchmark rather than of either server: the
# start-up and the warm-up, ~25 s or more, come between the removal and the timed requests.
RUNS="$WORK/runs"
run=0
next_run() {
  rm -rf "${RUNS:?}/$run"
  run=$((run + 1))
}
server_pid=""
AB_BASE=""
trap 'if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; rm -rf "$RUNS"; if [ -n "$AB_BASE" ]; then git worktree remove --force "$AB_BASE"; fi' EXIT
if [ -d "$RUNS" ]; then
  rm -rf "$RUNS"
  say "removed an earlier run's objects; waiting 35 s for their inodes to age"
  sleep 35
fi

if [ ! -f "$CORPUS/s63-024.dcm" ] || [ ! -f "$WORK/warm-up/s255-024.dcm" ]; then
  say "writing the corpora (pydicom) to $WORK"
  rm -rf "$CORPUS" "$WORK/warm-up"
  /usr/bin/python3 scripts/bench/ingest_corpus.py slices "$CORPUS" 64 25
  /usr/bin/python3 scripts/bench/ingest_corpus.py slices "$WORK/warm-up" 256 25
fi
"$REPO_ROOT/scripts/lib/local-postgres.sh" start >/dev/null
say "building the API and the load generator (Release)"
dotnet build src/ClinicalImaging.Api -c Release -v quiet -nologo >/dev/null
dotnet build -c Release "$TOOL" -v quiet -nologo >/dev/null

wait_for() {
  for _ in $(seq 1 180); do
    curl -fs -u bench:bench "$1" >/dev/null && return 0
    sleep 1
  done
  die "$1 did not answer"
}

stop_server() {
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# start_ours [CHECKOUT]: the API built in CHECKOUT (default: this working tree).
start_ours() {
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS ingest_bench" -c "CREATE DATABASE ingest_bench" postgres
  next_run
  # DOTNET_TC_CallCountingDelayMs=0 as scripts/run and the container image set it (decision 0812).
  (cd "${1:-$REPO_ROOT}/src/ClinicalImaging.Api" && ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning DOTNET_TC_CallCountingDelayMs=0 \
    Security__RateLimitPermits=1000000 Storage__RootPath="$RUNS/$run/objects" \
    ConnectionStrings__ClinicalImaging="$DATABASE${INGEST_BENCH_PG_EXTRA:-}" \
    exec dotnet bin/Release/net10.0/ClinicalImaging.Api.dll --urls "http://127.0.0.1:$API_PORT" >"$WORK/api.log" 2>&1) &
  server_pid=$!
  wait_for "http://127.0.0.1:$API_PORT/ready"
}

start_orthanc() {
  next_run
  local home="$RUNS/$run/orthanc"
  mkdir -p "$home"
  cat >"$home/orthanc.json" <<EOF
{ "Name": "INGEST-BENCH", "StorageDirectory": "$home/db", "IndexDirectory": "$home/db",
  "HttpServerEnabled": true, "HttpPort": $ORTHANC_PORT, "RemoteAccessAllowed": false,
  "AuthenticationEnabled": true, "RegisteredUsers": { "bench": "bench" }, "DicomServerEnabled": false, "Plugins": [] }
EOF
  Orthanc "$home/orthanc.json" >"$WORK/orthanc.log" 2>&1 &
  server_pid=$!
  wait_for "http://127.0.0.1:$ORTHANC_PORT/system"
}

if [ "${1:-}" = ab ]; then
  REV="${2:?usage: scripts/bench/ingest.sh ab REV [ROUNDS]}"
  AB_TARGET="${INGEST_BENCH_AB_TARGET:-stow}"
  AB_CLIENTS="${INGEST_BENCH_CLIENTS:-4}"
  AB_BASE="$WORK/ab-base"
  git worktree remove --force "$AB_BASE" 2>/dev/null || true
  git worktree add --detach --force "$AB_BASE" "$REV" >/dev/null
  say "building $REV in $AB_BASE (Release)"
  dotnet build "$AB_BASE/src/ClinicalImaging.Api" -c Release -v quiet -nologo >/dev/null
  say "measuring: $(nproc) CPUs, $(cut -d' ' -f1-3 /proc/loadavg) load average"
  for _ in $(seq 1 "${3:-2}"); do
    for side in "$REV" working-tree; do
      if [ "$side" = working-tree ]; then start_ours; else start_ours "$AB_BASE"; fi
      printf '%s: ' "$side"
      dotnet run -c Release --no-build "$TOOL" -- "$AB_TARGET" "http://127.0.0.1:$API_PORT/" "$WORK/warm-up" "$CORPUS" "$AB_CLIENTS" \
        "$server_pid,$(head -1 "$REPO_ROOT/.data/postgres/postmaster.pid")" "$DATABASE"
      curl -fs "http://127.0.0.1:$API_PORT/metrics" | awk '
        /^db_client_operation_duration_seconds_count/ { ops += $NF }
        /^ingest_registration_group_objects_sum/ { objects = $NF } /^ingest_registration_group_objects_count/ { groups = $NF }
        END { printf "  database operations %d, registration groups %d (%.2f objects each), warm-up included\n", ops, groups, groups ? objects / groups : 0 }'
      stop_server
    done
  done
  exit 0
fi

if [ "${1:-}" = memory ]; then
  MULTIFRAME="$WORK/multiframe-1g.dcm"
  [ -f "$MULTIFRAME" ] || { say "writing a ~1 GB multi-frame object (pydicom)"; /usr/bin/python3 scripts/bench/ingest_corpus.py multiframe "$MULTIFRAME"; }
  say "measuring peak memory: $(cut -d' ' -f1-3 /proc/loadavg) load average"
  echo "| server | object | time | RSS before | peak before | peak after | RSS after | growth (peak after − RSS before) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for target in stow rest; do
    start_ours
    dotnet run -c Release --no-build "$TOOL" -- memory "$target" "http://127.0.0.1:$API_PORT/" "$MULTIFRAME" "$server_pid"
    stop_server
  done
  start_orthanc
  dotnet run -c Release --no-build "$TOOL" -- memory orthanc "http://127.0.0.1:$ORTHANC_PORT/" "$MULTIFRAME" "$server_pid"
  stop_server
  exit 0
fi

say "measuring: $(nproc) CPUs, $(cut -d' ' -f1-3 /proc/loadavg) load average"
echo "| server | clients | files | size | time | instances/s | throughput | server CPU per instance | load average (1 min) before → after |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
ROWS="$WORK/rows.md"
: >"$ROWS"
for round in $(seq 1 "$ROUNDS"); do
  for clients in $CLIENTS; do
    for target in $TARGETS; do
      case "$target" in
        orthanc*)
          start_orthanc
          measured=("http://127.0.0.1:$ORTHANC_PORT/" "$server_pid") ;;
        *)
          start_ours
          measured=("http://127.0.0.1:$API_PORT/" "$server_pid,$(head -1 "$REPO_ROOT/.data/postgres/postmaster.pid")" "$DATABASE") ;;
      esac
      dotnet run -c Release --no-build "$TOOL" -- "$target" "${measured[0]}" "$WORK/warm-up" "$CORPUS" "$clients" "${measured[@]:1}" | tee -a "$ROWS"
      stop_server
    done
  done
done

if [ "$ROUNDS" -gt 1 ]; then
  # Medians over the rounds, each target's rate also as a multiple of Orthanc's (one file per request) median.
  echo
  echo "| server | clients | rounds | median instances/s | × Orthanc | median server CPU per instance |"
  echo "|---|---:|---:|---:|---:|---:|"
  awk -F'|' '{ gsub(/ /, "", $2); gsub(/ /, "", $3); gsub(/ /, "", $7); cpu = $9; gsub(/ ms| /, "", cpu)
               key = $2 "|" $3; rate[key] = rate[key] " " $7; cost[key] = cost[key] " " cpu; if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
       function median(list,   v, m, i, j, t) { m = split(list, v, " "); for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
                                              return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
       END { for (i = 1; i <= n; i++) { split(order[i], k, "|"); r = median(rate[order[i]]); o = median(rate["orthanc|" k[2]])
             printf "| %s | %s | %d | %.1f | %.2f | %.1f ms |\n", k[1], k[2], split(rate[order[i]], x, " "), r, (o > 0 ? r / o : 0), median(cost[order[i]]) } }' "$ROWS"
fi
