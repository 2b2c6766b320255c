#!/usr/bin/env bash
# Installs what is missing and runs the whole test suite, then a short fuzzing run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
swift test
# A short fuzzing run of the read-only paths (fuzz/run.sh; TESTING.md has the long one).
fuzz/run.sh "${E4SCOPE_FUZZ_SECONDS:-90}"
