#!/usr/bin/env bash
# The release build, for deployment and for the benchmarks: every module's
# functions in sections of their own, so that the daemon's link can pack the
# code it runs together (Sources/gammalogd/Linker/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
exec swift build -c release -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections "$@"
