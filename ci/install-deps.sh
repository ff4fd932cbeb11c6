#!/usr/bin/env bash
# Installs what the test suite needs beyond a JDK 25 and Maven Central (which the Maven wrapper reaches
# by itself): the real PostgreSQL clients the pgwire client tests drive. Non-interactive and idempotent;
# CI runs it as root.
set -euo pipefail
if ! ls /usr/lib/jvm/*/bin/javac >/dev/null 2>&1; then
  echo "install-deps: no JDK under /usr/lib/jvm; install a JDK 25" >&2
  exit 1
fi

# psql (postgresql-client-15), pgbench (postgresql-15), psycopg2, psycopg 3 and SQLAlchemy 1.4 from Debian.
pg_packages=(postgresql-client-15 postgresql-15 python3-psycopg2 python3-psycopg python3-sqlalchemy)
missing=()
for p in "${pg_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing ${missing[*]}; run as root (or install them) to enable the client tests" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # postgresql-15 is needed for pgbench only; the tests never use its server.
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
