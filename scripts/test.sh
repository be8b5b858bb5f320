#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, builds, tests, then builds
# the release configuration into the Debian package and checks and installs that (scripts/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
# A throwaway PostgreSQL server (temporary folder, free loopback port, the postgres user), stopped at the end:
# the store tests run against it and SQLite from one set of cases.
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$GAMMALOG_TEST_POSTGRES_DIR"' EXIT
swift build --build-tests --explicit-target-dependency-import-check error
# One test at a time: the suites run real daemons, simulators, HL7 peers and an ADT sender against real
# clocks, and on a 2-core runner one suite's waiting would starve another's in-process services.
swift test --skip-build --no-parallel
# Each parser of outside bytes under libFuzzer for a bounded time; a crash fails the run and is kept.
scripts/fuzz.sh 30
deb="$(scripts/package.sh | tail -n 1)"
scripts/check-package.sh "$deb"
