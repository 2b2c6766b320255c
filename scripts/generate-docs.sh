#!/usr/bin/env bash
# Regenerates man/ and completions/ from the command-line parser, so the pages
# and completions always match the options. Run after changing an option.
set -euo pipefail
cd "$(dirname "$0")/.."
date=${MAN_DATE:-$(git log -1 --format=%cs 2>/dev/null || date +%F)}
swift package generate-manual --multi-page --date "$date" >&2
out=.build/plugins/GenerateManual/outputs/e4scope
mkdir -p man completions
rm -f man/*.1
# The generated pages say only "exits 0 on success" and have no ENVIRONMENT,
# EXAMPLES or SEE ALSO: scripts/man-sections.py adds e4scope's.
for page in "$out"/*.1; do
  name=$(basename "$page")
  case "$name" in e4scope.help.1) continue ;; esac
  command=${name%.1}; command=${command#e4scope}; command=${command#.}
  scripts/man-sections.py "$command" < "$page" > "man/$name"
done
swift build >&2
for shell in bash zsh fish; do
  .build/debug/e4scope --generate-completion-script "$shell" > "completions/e4scope.$shell"
done
ls man completions
