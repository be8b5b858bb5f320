#!/usr/bin/env bash
# Fuzzes what GammaLog reads from outside with libFuzzer: each target of gammalog-fuzz (slot, poll, hl7,
# mllp, config, http) for $1 seconds (default 60) from its committed seed corpus in Tests/Fuzz/corpus. A crash
# is copied into Tests/Fuzz/regressions/<target>/, which the test suite replays forever; commit it with
# its fix. Prints each target's executions, and exits non-zero when one crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
seconds="${1:-60}"
build=(swift build --scratch-path .build-fuzz --product gammalog-fuzz -Xswiftc -sanitize=fuzzer,address
  -Xswiftc -DFUZZING)
"${build[@]}" >/dev/null
fuzzer="$("${build[@]}" --show-bin-path)/gammalog-fuzz"
export GAMMALOG_DEVICES="$PWD/Devices"
status=0
for target in slot poll hl7 mllp config http; do
  work="$(mktemp -d)"
  mkdir -p "$work/corpus" "$work/crashes"
  set +e
  GAMMALOG_FUZZ_TARGET="$target" "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -max_len=4096 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/crashes/" "$work/corpus" "Tests/Fuzz/corpus/$target" \
    > "$work/log" 2>&1
  result=$?
  set -e
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")"
  echo "fuzz $target: ${runs:-0} executions in ${seconds} s, exit $result"
  if [ "$result" -ne 0 ]; then
    status=1
    mkdir -p "Tests/Fuzz/regressions/$target"
    cp "$work/crashes/"* "Tests/Fuzz/regressions/$target/" 2>/dev/null || true
    grep -m 20 -E 'ERROR|Fatal|precondition|SUMMARY' "$work/log" || tail -n 30 "$work/log"
  fi
  rm -rf "$work"
done
exit "$status"
