#!/usr/bin/env bash
# Writes the fuzzer's seed images into DIR: small valid filesystems made with
# mke2fs and debugfs (1k and 4k blocks, metadata_csum, a depth-1 extent tree,
# inline_data, an indirect-mapped ext3 file, unwritten extents beyond EOF, a
# journal that needs recovery),
# plus the small e2fsprogs regression images and one of them in qcow2, VMDK and VHD. Deterministic; no root needed.
set -euo pipefail
out=${1:?usage: fuzz/make-seeds.sh DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "
import sys
sys.stdout.buffer.write(bytes(((i * 31 + i // 7) | 1) & 255 for i in range(9000)))" > "$tmp/data"

seed() {  # seed NAME SIZE MKE2FS-ARGS... -- DEBUGFS-REQUESTS...
    local name=$1 size=$2; shift 2
    local mkfs=() reqs=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do mkfs+=("$1"); shift; done
    shift
    reqs=("$@")
    local img="$out/$name.img"
    rm -f "$img"
    mke2fs -q -F -U 4e5c0d3e-0000-4000-8000-00000000f00d -E hash_seed=4e5c0d3e-0000-4000-8000-00000000f00d \
        "${mkfs[@]}" "$img" "$size" >/dev/null
    printf '%s\n' "${reqs[@]}" > "$tmp/$name.debugfs"
    (cd "$tmp" && debugfs -w -f "$tmp/$name.debugfs" "$img" >/dev/null 2>&1)
}

frag=()
for n in $(seq 0 2 40); do frag+=("fallocate /a/b $n $n"); done
seed ext4-1k 256k -t ext4 -b 1024 -O ^has_journal -N 32 -- \
    "mkdir a" "write data a/b" "sif a/b size 5000" "${frag[@]}" "write data keep" "fallocate keep 20 29"
seed ext4-4k-csum 1M -t ext4 -b 4096 -O ^has_journal,metadata_csum -N 32 -- \
    "mkdir a" "write data a/b" "fallocate a/b 3 9" "write data c" "punch c 1 1"
seed inline 256k -t ext4 -b 1024 -O ^has_journal,inline_data -N 32 -- \
    "mkdir a" "write data a/big" "write /dev/null a/b" "fallocate a/b 0 3"
seed ext3 256k -t ext3 -b 1024 -O ^has_journal -N 32 -- \
    "mkdir a" "write data a/b" "sif a/b size 100"
# a journal to replay (the scan's default view): one transaction logging two blocks
seed journal-1k 4M -t ext4 -b 1024 -J size=1 -N 32 -- \
    "write data a" "fallocate a 10 19" "jo" "jw -b 1500,1501 data" "jc"
for name in f_uninit_ext_past_eof2 f_eofblocks f_ext_zero_len f_extent_interior_start_lblk f_orphan_extents_inode; do
    gzip -dc "$here/Tests/Fixtures/e2fsprogs/$name/image.gz" > "$out/$name.img"
done
# the same small filesystem inside the containers whose files stay under the
# fuzzer's input size (a VHDX is at least 16 MiB; EWF needs its .E01 name), so
# the container io manager is fuzzed too
if command -v qemu-img >/dev/null; then
    qemu-img convert -f raw -O qcow2 "$out/ext4-1k.img" "$out/ext4-1k.qcow2"
    qemu-img convert -f raw -O vmdk "$out/ext4-1k.img" "$out/ext4-1k.vmdk"
    qemu-img convert -f raw -O vpc -o subformat=fixed "$out/ext4-1k.img" "$out/ext4-1k.vhd"
fi
ls "$out"
