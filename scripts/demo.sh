#!/usr/bin/env bash
# Installs what is missing, builds e4scope, and scans the bundled demo image.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gzip -dc Images/demo.img.gz > "$tmp/demo.img"
bin=$PWD/.build/release/e4scope
status=0
(cd "$tmp" && "$bin" scan --format table demo.img) || status=$?
echo "exit status: $status (4 = findings reported)" >&2
