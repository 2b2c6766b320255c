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
# The generated pages say only "exits 0 on success"; e4scope's status is
# e2fsck-like (README.md "Exit status"), so that section is replaced.
exit_status='.Bl -tag -width Ds\
.It 0\
No findings (scan), nothing to do (trim, convert), success (info, extents).\
.It 1\
Repair: every targeted finding repaired.\
.It 4\
Findings reported and left as they are (also a dry run with a plan).\
.It 8\
Operational error: the image cannot be opened, is not ext2/3/4, a named path or inode is not there, or a repair was refused for safety. One line on standard error names the image and the cause; nothing was written.\
.It 16\
Usage error.\
.It 32\
Interrupted by SIGINT; the report covers what was scanned.\
.El'
for page in "$out"/*.1; do
  case "$(basename "$page")" in e4scope.help.1) continue ;; esac
  sed -e "s|^\.Ex -std\$|$exit_status|" -e '/^\.Xr e4scope\.help 1/d' "$page" > "man/$(basename "$page")"
done
swift build >&2
for shell in bash zsh fish; do
  .build/debug/e4scope --generate-completion-script "$shell" > "completions/e4scope.$shell"
done
ls man completions
