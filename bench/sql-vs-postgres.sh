#!/usr/bin/env bash
# ShoalDB's SQL engine against PostgreSQL 15 on this machine (issue 5 benchmarks; docs/benchmarks-sql.md).
# Starts a throwaway PostgreSQL 15 (installed with apt-get if missing) under /tmp, listening on 127.0.0.1
# only, on a free port; runs io.shoaldb.bench.sql.SqlVsPostgres against it; prints the side-by-side table;
# stops PostgreSQL and deletes its data directory, also on failure or Ctrl-C. Never part of the test suite.
#   bench/sql-vs-postgres.sh [--rows N] [--small N] [--runs N]      (defaults: 1000000, 100000, 5)
# Environment: BENCH_JAVA_OPTS (e.g. -Xmx8g) is passed to the JVM; PG_BIN overrides /usr/lib/postgresql/15/bin.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x "$pg_bin/postgres" ]; then
  echo "installing postgresql-15 ..." >&2
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >&2
fi
[ -x "$pg_bin/postgres" ] || { echo "no PostgreSQL 15 server in $pg_bin" >&2; exit 69; }

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
port=""
for p in $(seq 55432 55532); do
  if port_free "$p"; then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free port in 55432..55532" >&2; exit 69; }

work=$(mktemp -d /tmp/shoal-pg15.XXXXXX)
chmod 755 "$work"
[ "$pg_user" = postgres ] && chown postgres: "$work"
data="$work/data"
started=0
cleanup() {
  if [ "$started" = 1 ]; then
    run_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run_pg "$pg_bin/initdb" -D "$data" -U "$pg_user" -A trust -E UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 70; }
# fsync off: ShoalDB's engine here keeps everything in memory without a log, so PostgreSQL's load is not
# made to pay for disk flushes either. Queries read only cached pages either way (shared_buffers holds both tables).
run_pg "$pg_bin/pg_ctl" -D "$data" -l "$work/postgres.log" -w -t 120 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c synchronous_commit=off -c shared_buffers=512MB" \
  start >/dev/null || { cat "$work/postgres.log" >&2; exit 70; }
started=1
echo "postgresql 15 on 127.0.0.1:$port (data $data); uptime: $(uptime)"

"$root/bench/run" io.shoaldb.bench.sql.SqlVsPostgres --pg "jdbc:postgresql://127.0.0.1:$port/postgres?user=$pg_user" "$@"
echo "uptime at the end: $(uptime)"
