#!/usr/bin/env bash
# Starts (start DIR PORT) or stops (stop DIR) a throwaway PostgreSQL 15 for the client-acceptance
# reference run, with the test user and database ClientAcceptanceSuite expects:
#   net/src/test/resources/pgwire/pg-reference.sh start /tmp/pgref 54329
#   ./mvnw -B -o test -pl net -am -Dtest=PostgresReferenceRun -Dsurefire.failIfNoSpecifiedTests=false -Dshoal.reference.port=54329
#   net/src/test/resources/pgwire/pg-reference.sh stop /tmp/pgref
# PostgreSQL refuses to run as root, so as root the server runs as the postgres user.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
cmd=${1:?start|stop}; dir=${2:?data directory}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:?port}
    mkdir -p "$dir"; [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
    as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -X -q -c "CREATE ROLE alice LOGIN SUPERUSER PASSWORD 's3cret-pässword'" \
      -c "CREATE DATABASE test OWNER alice"
    echo "PostgreSQL 15 reference server on 127.0.0.1:$port" ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir" ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
