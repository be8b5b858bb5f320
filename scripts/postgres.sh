#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (Debian's postgresql), never the hospital's.
#   scripts/postgres.sh start       initialises a new temporary folder as an unprivileged user (postgres as root),
#                                   starts the server on a free loopback port with TLS (a CA and server
#                                   certificate it makes) and password sign-in, and prints the variables
#                                   the tests read: GAMMALOG_TEST_POSTGRES (a URL without the password),
#                                   GAMMALOG_TEST_POSTGRES_PASSWORD_FILE, GAMMALOG_TEST_POSTGRES_CA and
#                                   GAMMALOG_TEST_POSTGRES_DIR, the folder
#   scripts/postgres.sh stop DIR    stops the server in DIR and removes DIR
set -euo pipefail
command=${1:?start or stop}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)

case "$command" in
start)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/gammalog-postgres.XXXXXX")
  chmod 0711 "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  openssl rand -hex 16 > "$dir/password"
  # The tests' CA and a server certificate it signs for 127.0.0.1, so that verify-full can be tested.
  sh "$(dirname "$0")/../Tests/Tools/make_certs.sh" "$dir"
  chmod 0600 "$dir/server.key"
  [ ${#as_owner[@]} -gt 0 ] && chown -R postgres "$dir"
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U gammalog --pwfile="$dir/password" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
ssl = on
ssl_cert_file = '$dir/server.pem'
ssl_key_file = '$dir/server.key'
max_connections = 320
fsync = on
CONF
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start </dev/null >/dev/null 2>&1
  chmod 0755 "$dir"; chmod 0644 "$dir/password" "$dir/ca.pem"
  echo "export GAMMALOG_TEST_POSTGRES='postgres://gammalog@127.0.0.1:$port/postgres'"
  echo "export GAMMALOG_TEST_POSTGRES_PASSWORD_FILE='$dir/password'"
  echo "export GAMMALOG_TEST_POSTGRES_CA='$dir/ca.pem'"
  echo "export GAMMALOG_TEST_POSTGRES_DIR='$dir'"
  ;;
stop)
  dir=${2:?the folder start printed}
  [ -d "$dir/data" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
