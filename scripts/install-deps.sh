#!/usr/bin/env bash
# Installs the Debian packages e4scope builds with (libext2fs, libblkid, the
# container libraries), when missing; with "--test", also those its tests use
# (other filesystems' mkfs for bad input, qemu-img and ewfacquire for containers).
set -euo pipefail
packages=(libext2fs-dev libblkid-dev comerr-dev libjemalloc-dev libewf-dev libqcow-dev libvmdk-dev libvhdi-dev e2fsprogs pkg-config gzip)
[ "${1:-}" = "--test" ] && packages+=(dosfstools xfsprogs fdisk util-linux mount attr qemu-utils ewf-tools cryptsetup-bin zstd xz-utils man-db sleuthkit strace tmux lvm2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi
# The schema tests validate real output with jsonschema (4.18 or later, from PyPI).
if [ "${1:-}" = "--test" ] && ! python3 -c 'import jsonschema, referencing' 2>/dev/null; then
  python3 -m pip install -q 'jsonschema>=4.18' >&2
fi
