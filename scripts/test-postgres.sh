#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests on 127.0.0.1 and prints the connection string for
# CS_TEST_POSTGRES; `test-postgres.sh stop FOLDER` stops it and deletes its data. PostgreSQL refuses to run as root,
# so as root the server runs as the `postgres` user that Debian's package creates.
# Usage: eval "$(scripts/test-postgres.sh start)"  →  sets CS_TEST_POSTGRES and CS_TEST_POSTGRES_DATA
set -euo pipefail

bin=${POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): run scripts/install-prerequisites.sh as root, or apt-get install postgresql." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin postgres
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    data=$(mktemp -d "${TMPDIR:-/tmp}/cs-postgres-XXXXXX")
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$data/db" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
      || { echo "initdb failed:" >&2; cat "$data/initdb.log" >&2; exit 1; }
    # A throwaway server: durability off (fsync, full-page writes) for speed; loopback only; room for the many
    # small connection pools the tests open at once.
    cat >>"$data/db/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 400
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
log_min_messages = warning
CONF
    as_owner "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 start >/dev/null \
      || { echo "PostgreSQL did not start:" >&2; cat "$data/server.log" >&2; exit 1; }
    echo "export CS_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
    echo "export CS_TEST_POSTGRES_DATA='$data'"
    ;;
  stop)
    data=${2:?usage: test-postgres.sh stop FOLDER}
    [ -d "$data/db" ] && as_owner "$bin/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$data"
    ;;
  *)
    echo "usage: test-postgres.sh start | stop FOLDER" >&2
    exit 2
    ;;
esac
