#!/usr/bin/env bash
# The daemon's main job on the embedded default: the simulator playing the
# demo scenario on loopback, read and recorded. No configuration needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --daemon
export PATH="/opt/swift/usr/bin:$PATH"
exec swift run gammalogd "$@"
