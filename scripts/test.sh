#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, builds, tests,
# then builds the release configuration that deployments use (README's command).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build
swift build -c release --static-swift-stdlib
