#!/usr/bin/env bash
# A private PostgreSQL cluster for BreatheBot's tests: initdb into a temporary folder, listening only on 127.0.0.1 at a
# fixed unusual port, trust authentication for loopback. Nothing of the machine's own PostgreSQL is touched.
#
#   scripts/postgres-test-server.sh start   # prints the export line for BREATHEBOT_TEST_POSTGRES
#   scripts/postgres-test-server.sh stop
#   scripts/postgres-test-server.sh env     # the export line again
#
# Installs PostgreSQL from Debian packages when it is missing and the script runs as root (CI). PostgreSQL refuses to
# run as root, so as root the cluster belongs to the 'postgres' OS user (created by the Debian package).
# Settings: BREATHEBOT_PG_PORT (default 55439), BREATHEBOT_PG_DIR (default /tmp/breathebot-pg-$PORT).
set -euo pipefail

PORT="${BREATHEBOT_PG_PORT:-55439}"
DIR="${BREATHEBOT_PG_DIR:-/tmp/breathebot-pg-$PORT}"
CONNECTION="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"

find_bin() {
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install_postgres() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Install it: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "Installing PostgreSQL (Debian package postgresql)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d: the package must not start the system's own cluster service
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

# Runs a command as the cluster's owner: this user, or 'postgres' when running as root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin
  # Several test processes may ask at once: one starts the cluster, the others wait and then find it running.
  exec 9>"/tmp/breathebot-pg-$PORT.lock"
  flock 9
  bin="$(find_bin)" || { install_postgres; bin="$(find_bin)"; }
  if [ -f "$DIR/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    echo "export BREATHEBOT_TEST_POSTGRES=\"$CONNECTION\""
    return 0
  fi

  rm -rf "$DIR"
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres "$DIR"
  fi
  as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
  # loopback only, a fixed unusual port, the socket in the cluster's own folder; fsync stays on (tests measure real commits)
  # 9>&-: the server must not inherit the lock's descriptor, or it holds the lock for its whole life and every later
  # start waits forever
  as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200" start >/dev/null 9>&- \
    || { cat "$DIR/server.log" >&2; exit 1; }
  echo "export BREATHEBOT_TEST_POSTGRES=\"$CONNECTION\""
}

stop() {
  local bin
  bin="$(find_bin)" || return 0
  if [ -d "$DIR/data" ]; then
    as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export BREATHEBOT_TEST_POSTGRES=\"$CONNECTION\"" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
