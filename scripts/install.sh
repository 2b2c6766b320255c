#!/usr/bin/env bash
# Installs e4scope for one's own use: the release binary, the man pages and
# the bash, zsh and fish completions, under PREFIX (default /usr/local).
#
#   scripts/install.sh [PREFIX]
#
# E4SCOPE_BINARY=PATH installs that binary instead of building one;
# DESTDIR works as in make install.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
root=${DESTDIR:-}$prefix
binary=${E4SCOPE_BINARY:-}
if [ -z "$binary" ]; then
  scripts/install-deps.sh
  swift build -c release >&2
  binary=.build/release/e4scope
fi
install -d "$root/bin" "$root/share/man/man1" \
  "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" \
  "$root/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$root/bin/e4scope"
install -m 0644 man/*.1 "$root/share/man/man1/"
install -m 0644 completions/e4scope.bash "$root/share/bash-completion/completions/e4scope"
install -m 0644 completions/e4scope.zsh "$root/share/zsh/site-functions/_e4scope"
install -m 0644 completions/e4scope.fish "$root/share/fish/vendor_completions.d/e4scope.fish"
echo "installed e4scope in $root/bin; man e4scope; e4scope --version" >&2
