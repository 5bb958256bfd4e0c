# A throw-away PostgreSQL cluster for the database tests (Debian's package; the system service
# is not used). `start_postgres` exports DATABASE_URL_PG; `stop_postgres` removes the cluster.

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "installing PostgreSQL (Debian's package)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

# A free TCP port on 127.0.0.1 (never 5432: another cluster may hold it).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

PG_DIR=""
start_postgres() {
  ensure_postgres
  local bin port
  bin="$(pg_bin)"
  port="$(free_port)"
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/snapdeck-pg.XXXXXX")"
  chmod 755 "$PG_DIR"
  as_root chown postgres "$PG_DIR"
  # The server refuses to run as root: it runs as the postgres user.
  as_root runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/db" -A trust -U postgres >/dev/null
  as_root runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/db" -l "$PG_DIR/log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
  # Role and database in two calls: CREATE DATABASE cannot run inside one transaction.
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE ROLE snapdeck LOGIN CREATEDB" >/dev/null
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE snapdeck OWNER snapdeck" >/dev/null
  export DATABASE_URL_PG="postgres://snapdeck@127.0.0.1:$port/snapdeck"
  say "PostgreSQL on 127.0.0.1:$port ($PG_DIR)"
}

stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/db" ]; then
    as_root runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$PG_DIR/db" -m immediate stop >/dev/null 2>&1 || true
    as_root rm -rf "$PG_DIR"
  fi
}
