#!/usr/bin/env bash
# Sourced by the test script: start_postgres starts a throwaway PostgreSQL cluster on a free loopback
# port and sets LUMINA_POSTGRES_ADMIN; stop_postgres stops it and removes its folder.
# As root, the server runs as the 'postgres' user (initdb refuses root).

pg_bin="${LUMINA_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

_as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  pg_dir="$(mktemp -d /tmp/lumina-pg.XXXXXX)"
  chmod 755 "$pg_dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir"
  pg_port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  _as_server "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  _as_server "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o \
    "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  export LUMINA_POSTGRES_ADMIN="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  echo "lumina: test PostgreSQL on 127.0.0.1:$pg_port ($pg_dir)" >&2
}

stop_postgres() {
  if [ -n "${pg_dir:-}" ]; then
    _as_server "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
