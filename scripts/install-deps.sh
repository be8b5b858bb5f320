#!/usr/bin/env bash
# Installs the Debian packages GammaLog builds and tests with, when missing.
# With --daemon: only what building and running the daemon needs (scripts/demo.sh).
set -euo pipefail
packages=(pkg-config libmodbus-dev libsqlite3-dev)
daemon_only=false
[ "${1:-}" = "--daemon" ] && daemon_only=true
# The tests also talk TLS with curl and make certificates with openssl; the package is checked with lintian;
# the shared store is tested on a real PostgreSQL server (scripts/postgres.sh).
$daemon_only || packages+=(socat mbpoll sqlite3 systemd chromium curl openssl lintian postgresql)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
$daemon_only && exit 0
# The tests check every HL7 message with an independent parser, hl7apy (strict validation), and the API
# against its OpenAPI document with schemathesis, both from PyPI.
if ! python3 -c 'import hl7apy, schemathesis' 2>/dev/null; then
  echo "installing: hl7apy, schemathesis (PyPI, test tooling only)"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3-pip >/dev/null
  fi
  python3 -m pip install --quiet hl7apy schemathesis 2>/dev/null \
    || python3 -m pip install --quiet --user --break-system-packages hl7apy schemathesis
fi
