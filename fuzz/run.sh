#!/usr/bin/env bash
# Fuzzes e4scope's read-only paths (partition probing, info, extents, scan
# --checks all) in-process with libFuzzer, starting from fuzz/make-seeds.sh's
# images. Usage: fuzz/run.sh [SECONDS] (default 120). Exits non-zero when a
# crash, a trap, a 10-second hang or a sanitizer report is found; the input that
# caused it is kept in $FUZZ_DIR/artifacts.
#   FUZZ_DIR   work folder (default /var/tmp/e4scope-fuzz): seeds, corpus, artifacts
#   FUZZ_JOBS  parallel fuzzing processes (default 1; libFuzzer -fork)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
work=${FUZZ_DIR:-/var/tmp/e4scope-fuzz}
jobs=${FUZZ_JOBS:-1}
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
fuzz/make-seeds.sh "$work/seeds" >/dev/null
swift build -c release --product e4scope-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
binary=$(swift build -c release --product e4scope-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld --show-bin-path)/e4scope-fuzz
fork=()
[ "$jobs" -gt 1 ] && fork=(-fork="$jobs")
echo "fuzzing for ${seconds}s: $binary" >&2
set +e
ASAN_OPTIONS=detect_leaks=0 "$binary" "${fork[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=1100000 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
    "$work/corpus" "$work/seeds" 2>&1 | tee "$work/last-run.log" \
    | grep -E '^(#[0-9]+.*(pulse|DONE|INITED)|#[0-9]+: cov|stat::|==[0-9]+==|SUMMARY|Done|INFO: exiting|.*artifact)' >&2
status=${PIPESTATUS[0]}
set -e
exit "$status"
