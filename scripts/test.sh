#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, builds, tests,
# then builds the release configuration that deployments use (README's command).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
# One test at a time: the suites run real daemons, simulators, HL7 peers and an ADT sender against real
# clocks, and on a 2-core runner one suite's waiting would starve another's in-process services.
swift test --skip-build --no-parallel
swift build -c release --static-swift-stdlib
