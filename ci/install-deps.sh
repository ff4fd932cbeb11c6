#!/usr/bin/env bash
# Installs what the test suite needs beyond a JDK 25: nothing yet beyond Maven Central, which the
# Maven wrapper reaches by itself. Client-acceptance tests (psql, pgbench, psycopg, SQLAlchemy) add
# their Debian packages here.
set -euo pipefail
if ! ls /usr/lib/jvm/*/bin/javac >/dev/null 2>&1; then
  echo "install-deps: no JDK under /usr/lib/jvm; install a JDK 25" >&2
  exit 1
fi
