#!/usr/bin/env bash
# Throwaway PostgreSQL for the test run.
#
# Sourced by .ci/run (or run directly: eval "$(.ci/postgres.sh)"). On a Debian
# machine, as root or as a user who can run initdb, it
#   - installs Debian's postgresql package if no initdb is found (needs root),
#   - creates a cluster in $MM_CI_PG_DIR (default /tmp/mm-ci-postgres) unless
#     one is there, and starts it on 127.0.0.1 only, on the first free port
#     from 5433, unless it is already running (then it is reused as it is),
#   - creates the database mm_test if missing, and
#   - exports MM_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/mm_test?sslmode=disable,
#     the variable the PostgreSQL tests read (without it they skip).
# It is idempotent: running it again, or while the cluster from an earlier run
# is up, reuses that cluster. Loopback connections are trusted (no password):
# the cluster is for tests only and listens on nothing else. Stop it with
#   pg_ctl -D "$MM_CI_PG_DIR/data" stop    (as its owner, postgres when run as root)
# If MM_TEST_POSTGRES_URL is already set, it is left alone and nothing is done.

mm_ci_postgres() {
  if [ -n "${MM_TEST_POSTGRES_URL:-}" ]; then
    echo "postgres: using the MM_TEST_POSTGRES_URL already set" >&2
    return 0
  fi
  local dir="${MM_CI_PG_DIR:-/tmp/mm-ci-postgres}"
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "postgres: PostgreSQL is not installed and this is not root: apt-get install -y postgresql" >&2
      return 1
    fi
    echo "postgres: installing Debian's postgresql package" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi

  # as_owner runs a command as the cluster's owner: postgres when we are root
  # (initdb and postgres refuse to run as root), else ourselves.
  local owner
  owner=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then owner=postgres; fi
  as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
  }

  mkdir -p "$dir" || return 1
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir" || return 1; fi
  chmod 700 "$dir"

  if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    # A cluster of another major version (PostgreSQL was upgraded) cannot be
    # started by this one: it held only test data, so it is made anew.
    local major
    major=$(basename "$(dirname "$bin")")
    if [ -s "$dir/data/PG_VERSION" ] && [ "$(cat "$dir/data/PG_VERSION")" != "$major" ]; then
      echo "postgres: the cluster in $dir is of version $(cat "$dir/data/PG_VERSION"), not $major: re-creating it" >&2
      rm -rf "$dir/data"
    fi
    if [ ! -s "$dir/data/PG_VERSION" ]; then
      rm -rf "$dir/data"
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; return 1; }
    fi
    # The first port from 5433 that nothing listens on (bash's /dev/tcp probe).
    local port=5433
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
      port=$((port + 1))
      if [ "$port" -gt 5533 ]; then echo "postgres: no free port in 5433-5533" >&2; return 1; fi
    done
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >&2 ||
      { tail -n 20 "$dir/server.log" >&2; return 1; }
  fi
  # The port of the running cluster is line 4 of postmaster.pid.
  local port
  port=$(sed -n 4p "$dir/data/postmaster.pid")
  if [ -z "$port" ]; then echo "postgres: cannot read the port from $dir/data/postmaster.pid" >&2; return 1; fi
  local i
  for i in $(seq 1 120); do
    as_owner "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 1
  done
  if [ "$(as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'mm_test'")" != 1 ]; then
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres mm_test || return 1
  fi
  export MM_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/mm_test?sslmode=disable"
  echo "postgres: $("$bin/postgres" --version), MM_TEST_POSTGRES_URL=$MM_TEST_POSTGRES_URL (cluster in $dir, owner $owner)" >&2
}

# Run directly rather than sourced: print the export line for eval.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  mm_ci_postgres
  printf 'export MM_TEST_POSTGRES_URL=%q\n' "$MM_TEST_POSTGRES_URL"
fi
