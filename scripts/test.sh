#!/usr/bin/env bash
# Installs what is missing and runs a short fuzzing run and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
# A short fuzzing run of the read-only paths (fuzz/run.sh; TESTING.md has the long one).
fuzz/run.sh "${E4SCOPE_FUZZ_SECONDS:-90}"
swift test
