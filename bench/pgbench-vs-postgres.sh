#!/usr/bin/env bash
# pgbench against ShoalDB (`./shoal run`) and PostgreSQL 15 on this machine, side by side (issue 6, item 5).
# Starts a throwaway PostgreSQL 15 (initdb under /tmp, 127.0.0.1 only, fsync on) and a throwaway ShoalDB
# (`./shoal run` with a temp data directory and config file), loads pgbench's tables at scale S into both,
# then runs pgbench in prepared mode with C clients for T seconds each: select-only (-S) and TPC-B-like
# (the built-in default). Prints tps, average latency and p99 latency (from pgbench's per-transaction log,
# --log) and the ShoalDB/PostgreSQL ratios. Stops both servers and deletes their data, also on failure or
# Ctrl-C. Prints only what it measured. Never part of the test suite.
#   bench/pgbench-vs-postgres.sh [--seconds T] [--scale S] [--clients C] [--select-only]   (defaults: 10, 10, 8)
# Environment: PG_BIN overrides /usr/lib/postgresql/15/bin; SHOAL_JAVA_OPTS is passed to ShoalDB's JVM
# (default -Xss4m -Xmx6g).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
seconds=10
scale=10
clients=8
select_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --select-only) select_only=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "pgbench-vs-postgres: unknown argument '$1' (try --help)" >&2; exit 64 ;;
  esac
done
for n in "$seconds" "$scale" "$clients"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "pgbench-vs-postgres: '$n' is not a positive integer" >&2; exit 64; }
done
[ -x "$pg_bin/postgres" ] || { echo "no PostgreSQL 15 server in $pg_bin (apt-get install postgresql-15)" >&2; exit 69; }
command -v pgbench >/dev/null && command -v psql >/dev/null \
  || { echo "pgbench and psql are needed (apt-get install postgresql-client-15 postgresql-15)" >&2; exit 69; }
threads=$(( clients < 2 ? clients : 2 ))

# PostgreSQL refuses to run as root: run it as the postgres user when we are root, else as ourselves.
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres
  run_pg() { runuser -u postgres -- "$@"; }
else
  pg_user=$(id -un)
  run_pg() { "$@"; }
fi

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
free_port() {
  local p
  for p in $(seq "$1" $(( $1 + 100 ))); do
    if port_free "$p"; then echo "$p"; return; fi
  done
  echo "no free port in $1..$(( $1 + 100 ))" >&2
  exit 69
}

work=$(mktemp -d /tmp/shoal-pgbench.XXXXXX)
chmod 755 "$work"
pg_data="$work/pg"
pg_started=0
shoal_pid=""
cleanup() {
  if [ -n "$shoal_pid" ]; then
    kill "$shoal_pid" 2>/dev/null || true
    wait "$shoal_pid" 2>/dev/null || true
  fi
  if [ "$pg_started" = 1 ]; then
    run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "${KEEP_WORK:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- PostgreSQL 15: fsync on (the default), synchronous_commit on (the default), loopback only.
pg_port=$(free_port 55432)
mkdir "$pg_data"
[ "$pg_user" = postgres ] && chown postgres: "$work" "$pg_data"
run_pg "$pg_bin/initdb" -D "$pg_data" -U "$pg_user" -A trust -E UTF8 --locale=C >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 70; }
run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/postgres.log" -w -t 120 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work -c fsync=on -c synchronous_commit=on -c shared_buffers=512MB" \
  start >/dev/null || { cat "$work/postgres.log" >&2; exit 70; }
pg_started=1

# ---- ShoalDB: `./shoal run` with a temp data directory and a config file.
shoal_port=$(free_port 54327)
shoal_password=bench-$RANDOM-$RANDOM
cat >"$work/shoal.yaml" <<EOF
pg-listen: 127.0.0.1:$shoal_port
data-dir: $work/shoal-data
auth-method: scram-sha-256
max-connections: 64
admin-password: "$shoal_password"
EOF
SHOAL_JAVA_OPTS=${SHOAL_JAVA_OPTS:--Xss4m -Xmx6g} "$root/shoal" run --config "$work/shoal.yaml" >"$work/shoal.log" 2>&1 &
shoal_pid=$!
for _ in $(seq 1 600); do
  grep -q "serving PostgreSQL clients" "$work/shoal.log" 2>/dev/null && break
  kill -0 "$shoal_pid" 2>/dev/null || { echo "shoal run exited:" >&2; cat "$work/shoal.log" >&2; exit 70; }
  sleep 0.5
done
grep -q "serving PostgreSQL clients" "$work/shoal.log" || { echo "shoal run did not start:" >&2; cat "$work/shoal.log" >&2; exit 70; }
shoal_durable="yes (Raft group of one on the WAL, fsync on)"
grep -q "keeps SQL data in memory only" "$work/shoal.log" && shoal_durable="no (in-memory engine; commits are not written to disk)"

pg_env=(env PGHOST=127.0.0.1 PGPORT="$pg_port" PGUSER="$pg_user" PGDATABASE=postgres)
shoal_env=(env PGHOST=127.0.0.1 PGPORT="$shoal_port" PGUSER=admin PGPASSWORD="$shoal_password" PGDATABASE=shoal PGSSLMODE=disable)

echo "pgbench $(pgbench --version | awk '{print $3}'): scale $scale, $clients clients, $threads threads, -M prepared, ${seconds}s per test"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "postgresql 15 on 127.0.0.1:$pg_port (fsync on, synchronous_commit on)"
echo "shoaldb on 127.0.0.1:$shoal_port (durable commits: $shoal_durable)"

# ---- Load: pgbench -i with its default steps on both (drop, create, client-side COPY in one transaction,
# vacuum, primary keys).
t0=$(date +%s.%N)
"${pg_env[@]}" pgbench -i -q -s "$scale" >"$work/pg-init.log" 2>&1 || { cat "$work/pg-init.log" >&2; exit 70; }
echo "postgresql: pgbench -i -s $scale took $(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f') s"

t0=$(date +%s.%N)
"${shoal_env[@]}" pgbench -i -q -s "$scale" >"$work/shoal-init.log" 2>&1 || { cat "$work/shoal-init.log" >&2; exit 70; }
echo "shoaldb: pgbench -i -s $scale took $(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f') s"

# ---- Run. -n: no vacuum before the run (pgbench -i already vacuumed PostgreSQL's tables).
# --max-tries retries serialization failures (40001), which a serializable engine reports under contention.
# Prints: tps avg_ms p99_ms failed retried, or "error" with the reason in the log.
run_one() { # system test
  local system=$1 test=$2 envv prefix mode_args=()
  if [ "$system" = pg ]; then envv=("${pg_env[@]}"); else envv=("${shoal_env[@]}"); fi
  [ "$test" = select-only ] && mode_args=(-S)
  [ "$test" = tpcb-no-mtime ] && mode_args=(-f "$work/tpcb-no-mtime.sql")
  prefix="$work/log-$system-$test"
  mkdir -p "$prefix"
  if ! (cd "$prefix" && "${envv[@]}" pgbench -n -M prepared "${mode_args[@]}" -c "$clients" -j "$threads" -T "$seconds" \
        --max-tries=100 -l --log-prefix="$prefix/tx" >"$prefix/out.log" 2>&1); then
    echo "error"
    return
  fi
  local tps avg p99 failed retried
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$prefix/out.log" | head -1)
  avg=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$prefix/out.log" | head -1)
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$prefix/out.log" | head -1)
  retried=$(sed -n 's/^number of transactions retried: \([0-9]*\).*/\1/p' "$prefix/out.log" | head -1)
  # Per-transaction log: "client tx latency_us script epoch epoch_us ..." (failed ones have "failed").
  p99=$(cat "$prefix"/tx.* | awk '$3 ~ /^[0-9]+$/ {print $3}' | sort -n \
        | awk '{v[NR]=$1} END {if (NR == 0) {print "-"} else {i = int(NR * 0.99); if (i < 1) i = 1; printf "%.3f", v[i] / 1000}}')
  echo "${tps:--} ${avg:--} ${p99:--} ${failed:-0} ${retried:-0}"
}

ratio() { # a b -> a/b with two decimals, or - when either is missing
  if [[ "$1" =~ ^[0-9.]+$ && "$2" =~ ^[0-9.]+$ ]] && [ "$(echo "$2 > 0" | bc)" = 1 ]; then
    printf '%.2fx' "$(echo "scale=4; $1 / $2" | bc)"
  else
    echo "-"
  fi
}

# The built-in TPC-B-like script without CURRENT_TIMESTAMP (history.mtime stays NULL) and with COMMIT for its
# END: run on both systems, and shown, only when ShoalDB cannot run the built-in script.
cat >"$work/tpcb-no-mtime.sql" <<'EOF'
\set aid random(1, 100000 * :scale)
\set bid random(1, 1 * :scale)
\set tid random(1, 10 * :scale)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta) VALUES (:tid, :bid, :aid, :delta);
COMMIT;
EOF

declare -A result
tests=(select-only tpcb-like)
for test in select-only tpcb-like tpcb-no-mtime; do
  if [ "$select_only" = 1 ] && [ "$test" != select-only ]; then
    tests=(select-only)
    break
  fi
  if [ "$test" = tpcb-no-mtime ]; then
    [ "${result[shoal,tpcb-like]}" = error ] || continue
    reason=$(grep -m1 'ERROR' "$work/log-shoal-tpcb-like/out.log" | sed 's/.*ERROR: *//')
    echo "shoaldb cannot run the built-in TPC-B-like script ($reason);"
    echo "  also running it without CURRENT_TIMESTAMP (history.mtime left NULL) and with COMMIT for END, on both"
    echo "  systems: tpcb-no-mtime"
    tests+=(tpcb-no-mtime)
  fi
  for system in pg shoal; do
    result[$system,$test]=$(run_one "$system" "$test")
    if [ "${result[$system,$test]}" = error ]; then
      echo "$system $test: pgbench failed:" >&2
      tail -5 "$work/log-$system-$test/out.log" | sed 's/^/    /' >&2
    fi
  done
done

echo
printf '%-13s %-11s %12s %10s %10s %8s %8s\n' test system tps "avg ms" "p99 ms" failed retried
for test in "${tests[@]}"; do
  for system in pg shoal; do
    read -r tps avg p99 failed retried <<<"${result[$system,$test]}"
    if [ "$tps" = error ]; then
      printf '%-13s %-11s %12s\n' "$test" "$([ $system = pg ] && echo postgresql || echo shoaldb)" "(pgbench failed; see above)"
    else
      printf '%-13s %-11s %12s %10s %10s %8s %8s\n' "$test" "$([ $system = pg ] && echo postgresql || echo shoaldb)" \
        "$tps" "$avg" "$p99" "$failed" "$retried"
    fi
  done
  read -r ptps pavg pp99 _ _ <<<"${result[pg,$test]}"
  read -r stps savg sp99 _ _ <<<"${result[shoal,$test]}"
  printf '%-13s %-11s %12s %10s %10s\n' "$test" "shoal/pg" "$(ratio "$stps" "$ptps")" "$(ratio "$savg" "$pavg")" "$(ratio "$sp99" "$pp99")"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
