#!/usr/bin/env bash
# Regenerate the e4scope sample images (Images/*.img.gz) and Images/manifest.json.
#
# The images are made by the real Linux kernel (loop mounts, fallocate,
# O_DIRECT writes); a few states the kernel never leaves behind on a clean
# unmount (written blocks beyond EOF, an orphan list, data under unwritten
# extents, zeroed written blocks and sectors) are made afterwards with
# debugfs -w / dd on the unmounted image.
# The manifest is derived from debugfs/dumpe2fs/e2fsck output by
# derive-manifest.py, never written by hand.
#
# Needs: root, loop devices, ext4 in the kernel, e2fsprogs, xfs_io (xfsprogs),
# util-linux (fallocate, mount, losetup), coreutils, diffutils (cmp), python3, gzip.
# File contents are deterministic (fixed byte patterns); block numbers,
# timestamps and checksums may differ between runs.
#
# Usage: sudo Images/make-images.sh            (writes into the Images/ folder)
#        KEEP_RAW=1 sudo Images/make-images.sh (also leaves the raw *.img files)

set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-$HERE}

die() { echo "make-images.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- preflight
[[ $(id -u) -eq 0 ]] || die "must run as root (it loop-mounts ext4 images)"
for t in mke2fs debugfs dumpe2fs e2fsck xfs_io fallocate truncate losetup mount umount \
         mountpoint python3 gzip dd cmp stat taskset; do
    command -v "$t" >/dev/null 2>&1 || die "missing tool: $t (apt-get install -y e2fsprogs xfsprogs util-linux diffutils python3)"
done
grep -qw ext4 /proc/filesystems || modprobe ext4 2>/dev/null || true
grep -qw ext4 /proc/filesystems || die "the kernel has no ext4 support"
losetup -f >/dev/null 2>&1 || die "no free loop device (losetup -f failed); run on a host/container with loop devices"

# Run everything on one CPU: ext4's mballoc serves small files from per-CPU
# preallocation pools (locality groups), so otherwise where a small file's
# blocks land (and whether they are contiguous) depends on which CPU each
# write ran on.
cpu=$(taskset -pc $$ | sed -E 's/^[^:]*: *([0-9]+).*/\1/')
[[ $cpu =~ ^[0-9]+$ ]] || die "cannot read this shell's CPU affinity"
taskset -pc "$cpu" $$ >/dev/null

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/e4scope-images.XXXXXX")
MNT=$WORK/mnt
mkdir -p "$MNT"

cleanup() {
    local rc=$?
    if mountpoint -q "$MNT" 2>/dev/null; then
        cd /
        umount "$MNT" || umount -l "$MNT" || true
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'echo "make-images.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

# Own mke2fs.conf so the result does not depend on the host's defaults.
export MKE2FS_CONFIG=$HERE/mke2fs.conf

# ---------------------------------------------------------------- helpers
log() { echo "== $*" >&2; }

# gen FILE SEGMENT...   write FILE (truncating) from segments:
#   pat:N:TAG   N bytes of a text pattern ("TAG:<offset> e4scope sample data...")
#   zero:N      N zero bytes
gen() {
    python3 - "$@" <<'PY'
import sys
path, segs = sys.argv[1], sys.argv[2:]
out = bytearray()
for s in segs:
    kind, n, *rest = s.split(":")
    n = int(n)
    if kind == "zero":
        out += bytes(n)
    elif kind == "pat":
        tag = rest[0]
        buf = bytearray()
        i = 0
        while len(buf) < n:
            buf += f"{tag}:{len(out) + len(buf):08d} e4scope sample data {i % 10}\n".encode()
            i += 1
        out += buf[:n]
    else:
        sys.exit(f"gen: bad segment {s}")
with open(path, "wb") as f:
    f.write(out)
PY
}

CUR=""       # current image name (without .img)
CUR_BS=0

# new_image NAME SIZE_MIB "DESCRIPTION" MKE2FS_ARGS...
new_image() {
    CUR=$1; local size=$2 desc=$3; shift 3
    CUR_BS=0
    log "making $CUR.img"
    rm -f "$WORK/$CUR.img"
    truncate -s "${size}M" "$WORK/$CUR.img"
    # fixed mke2fs timestamps (only for mke2fs: e2fsck must see the real time)
    E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$@" "$WORK/$CUR.img"
    : >"$WORK/$CUR.files.tsv"
    printf '%s\n' "$desc" >"$WORK/$CUR.desc"
    printf '%s\n' "truncate -s ${size}M $CUR.img" "mke2fs -q -F -E lazy_itable_init=0,lazy_journal_init=0 $* $CUR.img" \
        >"$WORK/$CUR.made"
    CUR_BS=$(dumpe2fs -h "$WORK/$CUR.img" 2>/dev/null | awk -F: '/^Block size/ {gsub(/ /,"",$2); print $2}')
}

# made "STEP" : record a construction step for the manifest
made() { printf '%s\n' "$*" >>"$WORK/$CUR.made"; }

# note PATH "DESCRIPTION" : a file the manifest lists
note() { printf '%s\t%s\n' "$1" "$2" >>"$WORK/$CUR.files.tsv"; }

mount_image() { mount -t ext4 -o loop,noatime "$WORK/$CUR.img" "$MNT"; cd "$MNT"; }
umount_image() { cd /; sync; umount "$MNT"; }

dfs()  { debugfs -R "$1" "$WORK/$CUR.img" 2>/dev/null; }
dfsw() {
    local out
    out=$(debugfs -w -R "$1" "$WORK/$CUR.img" 2>&1) || die "debugfs -w '$1' failed: $out"
    if grep -v '^debugfs [0-9]' <<<"$out" | grep -q .; then die "debugfs -w '$1': $out"; fi
    made "debugfs -w -R '$1'"
}
# pblk FILE LBLK : physical block of a logical block (debugfs bmap)
pblk() { dfs "bmap $1 $2" | tail -n1 | awk '{print $1}'; }
# poke FILE LBLK OFFSET SEGMENT... : write bytes straight into the image at the
# physical block that debugfs maps for FILE's logical block LBLK (+ OFFSET bytes).
# When the bytes reach into the following logical blocks, each of them must be
# mapped to the next physical block (checked with bmap), else it stops.
poke() {
    local f=$1 l=$2 off=$3; shift 3
    local p; p=$(pblk "$f" "$l")
    [[ $p =~ ^[0-9]+$ && $p -gt 0 ]] || die "bmap $f $l gave '$p'"
    gen "$WORK/poke.bin" "$@"
    local len i q; len=$(stat -c %s "$WORK/poke.bin")
    for ((i = 1; i < (off + len + CUR_BS - 1) / CUR_BS; i++)); do
        q=$(pblk "$f" $((l + i)))
        [[ $q == $((p + i)) ]] || die "poke $f: logical $((l + i)) is at physical '$q', not $((p + i)) (not contiguous)"
    done
    dd if="$WORK/poke.bin" of="$WORK/$CUR.img" bs=65536 seek=$((p * CUR_BS + off)) oflag=seek_bytes \
        conv=notrunc status=none
    made "dd pattern ($*) into the physical block of $f logical $l (+$off bytes), image offset $((p * CUR_BS + off))"
}
# leaves FILE : the leaf extents of FILE from debugfs ex, one "LOGICAL PHYSICAL BLOCKS [Uninit]" a line
leaves() {
    dfs "ex $1" | sed -nE 's/^ *([0-9]+)\/ *([0-9]+) +[0-9]+\/ *[0-9]+ +([0-9]+) +- +[0-9]+ +([0-9]+) +- +[0-9]+ +([0-9]+) *(Uninit)? *$/\1 \2 \3 \4 \5 \6/p' |
        awk '$1 == $2 {print $3, $4, $5, $6}'
}
# extent_at FILE LBLK : the leaf extent holding logical block LBLK ("LOGICAL PHYSICAL BLOCKS [Uninit]")
extent_at() { leaves "$1" | awk -v b="$2" '$1 <= b && b < $1 + $3 {print; found = 1} END {exit !found}'; }
# assert_zero FILE LBLK COUNT : the physical blocks of FILE's logical LBLK.. hold only zeros
assert_zero() {
    local f=$1 l=$2 n=$3 i p
    for ((i = 0; i < n; i++)); do
        p=$(pblk "$f" $((l + i)))
        [[ $p =~ ^[0-9]+$ && $p -gt 0 ]] || die "bmap $f $((l + i)) gave '$p'"
        cmp -s -n "$CUR_BS" <(dd if="$WORK/$CUR.img" bs="$CUR_BS" skip="$p" count=1 status=none) /dev/zero ||
            die "$f: physical block $p (logical $((l + i))) is not all zeros"
    done
}

finish_image() {
    python3 - "$WORK/$CUR" "$CUR" <<'PY'
import json, sys
base, name = sys.argv[1], sys.argv[2]
files = []
for line in open(base + ".files.tsv"):
    p, d = line.rstrip("\n").split("\t", 1)
    files.append({"path": p, "description": d})
spec = {"file": name + ".img.gz", "raw": base + ".img",
        "description": open(base + ".desc").read().strip(),
        "made_with": [l.rstrip("\n") for l in open(base + ".made")],
        "files": files}
json.dump(spec, open(base + ".spec.json", "w"), indent=1)
PY
    SPECS+=("$WORK/$CUR.spec.json")
}
SPECS=()

# ================================================================ demo.img
new_image demo 16 "4 KiB blocks, ext4 defaults (metadata_csum, 64bit, flex_bg). Kernel-made keep-size preallocations beyond EOF, a straddling unwritten extent, O_DIRECT writes into preallocated ranges, and decoys (unwritten extents inside i_size, holes, symlinks)." \
    -t ext4 -b 4096 -L e4demo -U 4e5c0d3e-0000-4000-8000-000000000001 -E hash_seed=4e5c0d3e-0000-4000-8000-000000000001
mount_image
mkdir -p plain prealloc dio inside dir/sub links

gen plain/hello.txt pat:10000:hello
made "gen /plain/hello.txt 10000 pattern bytes"
note /plain/hello.txt "plain buffered write of 10000 bytes; written blocks 0-2 all below EOF (decoy, no finding)"

touch plain/empty
note /plain/empty "empty file, no extents (decoy)"

truncate -s 1M plain/sparse
xfs_io -c "pwrite -q -S 0x41 524288 8192" plain/sparse
made "truncate -s 1M /plain/sparse; xfs_io pwrite -S 0x41 524288 8192"
note /plain/sparse "sparse 1 MiB file with 2 written blocks at 512 KiB, holes elsewhere (decoy)"

touch prealloc/k1
fallocate -n -l 1M prealloc/k1
made "touch /prealloc/k1; fallocate -n -l 1M /prealloc/k1"
note /prealloc/k1 "empty file (i_size 0) with a 1 MiB keep-size preallocation: all 256 unwritten blocks beyond EOF"

gen prealloc/data-then-keep pat:10000:dtk
xfs_io -c fsync -c "falloc -k 12288 65536" prealloc/data-then-keep
made "gen /prealloc/data-then-keep 10000 bytes; xfs_io -c fsync -c 'falloc -k 12288 65536'"
note /prealloc/data-then-keep "10000 bytes of data (written blocks 0-2, EOF block 3) then a 64 KiB keep-size preallocation starting exactly at the EOF block"

gen prealloc/aligned-keep pat:8192:ak
xfs_io -c fsync -c "falloc -k 8192 32768" prealloc/aligned-keep
made "gen /prealloc/aligned-keep 8192 bytes; xfs_io -c fsync -c 'falloc -k 8192 32768'"
note /prealloc/aligned-keep "i_size exactly 2 blocks, keep-size preallocation of 8 blocks right after"

gen prealloc/far-keep pat:5000:fk
xfs_io -c fsync -c "falloc -k 1048576 65536" prealloc/far-keep
made "gen /prealloc/far-keep 5000 bytes; xfs_io -c fsync -c 'falloc -k 1048576 65536'"
note /prealloc/far-keep "5000 bytes of data, then a hole, then a keep-size preallocation at 1 MiB (logical 256-271)"

touch prealloc/straddle
fallocate -n -l 64K prealloc/straddle
truncate -s 10000 prealloc/straddle
made "touch /prealloc/straddle; fallocate -n -l 64K; truncate -s 10000"
note /prealloc/straddle "one unwritten extent 0-15 with i_size 10000 (EOF block 3): the part from block 3 on is beyond EOF and the extent straddles EOF"

xfs_io -d -f -c "falloc -k 0 262144" -c "pwrite -q -S 0x5a 0 65536" dio/extend
made "xfs_io -d -f -c 'falloc -k 0 262144' -c 'pwrite -S 0x5a 0 65536' /dio/extend"
note /dio/extend "256 KiB keep-size preallocation, then an extending O_DIRECT write of 64 KiB: blocks 0-15 converted to written (i_size 65536), 16-63 stay unwritten beyond EOF"

xfs_io -d -f -c "falloc -k 0 65536" -c "pwrite -q -b 512 -S 0x5b 0 6144" dio/unaligned-eof
made "xfs_io -d -f -c 'falloc -k 0 65536' -c 'pwrite -b 512 -S 0x5b 0 6144' /dio/unaligned-eof"
note /dio/unaligned-eof "64 KiB keep-size preallocation, O_DIRECT write of 6144 bytes in 512-byte pieces: i_size 6144 (EOF block 2), blocks 0-1 written, 2-15 unwritten beyond EOF"

xfs_io -f -c "falloc 0 262144" -c fsync dio/middle
xfs_io -d -c "pwrite -q -S 0x5c 65536 65536" dio/middle
made "xfs_io -f -c 'falloc 0 262144' /dio/middle; xfs_io -d -c 'pwrite -S 0x5c 65536 65536'"
note /dio/middle "256 KiB fallocate (i_size 262144), O_DIRECT write in the middle: unwritten 0-15, written 16-31, unwritten 32-63, all inside i_size (decoy)"

fallocate -l 1M inside/falloc
made "fallocate -l 1M /inside/falloc"
note /inside/falloc "plain fallocate -l 1M: 256 unwritten blocks all inside i_size (decoy: must NOT be reported as beyond EOF)"

fallocate -l 64K inside/falloc-then-write
xfs_io -c "pwrite -q -S 0x61 0 5000" -c fsync inside/falloc-then-write
made "fallocate -l 64K /inside/falloc-then-write; xfs_io -c 'pwrite -S 0x61 0 5000' -c fsync"
note /inside/falloc-then-write "fallocate -l 64K then a buffered write of 5000 bytes: written 0-1, unwritten 2-15, all inside i_size (decoy for the beyond-EOF and block data checks; with --granularity sector the zero end of block 1, bytes 5120-8191, is zeroed_sectors)"

gen dir/sub/file pat:3000:sub
xfs_io -c fsync -c "falloc -k 4096 16384" dir/sub/file
made "gen /dir/sub/file 3000 bytes; xfs_io -c fsync -c 'falloc -k 4096 16384'"
note /dir/sub/file "file two directories deep: 3000 bytes of data (block 0), keep-size preallocation of blocks 1-4"

touch "dir/sub/name with space,comma.dat"
fallocate -n -l 8K "dir/sub/name with space,comma.dat"
made "touch '/dir/sub/name with space,comma.dat'; fallocate -n -l 8K"
note "/dir/sub/name with space,comma.dat" "path with a space and a comma (CSV quoting): i_size 0, 2 unwritten blocks beyond EOF"

ln -s "$(printf 'target-%.0s' {1..12})/does/not/exist" links/long-symlink
ln -s hello.txt links/short-symlink
made "ln -s <99-byte target> /links/long-symlink; ln -s hello.txt /links/short-symlink"
note /links/long-symlink "slow symlink (target > 60 bytes, stored in a data block via an extent): not a regular file, never reported"
note /links/short-symlink "fast symlink: not a regular file, never reported"
note /dir/sub "directory: not a regular file, never reported"

umount_image
finish_image

# ================================================================ deep.img
new_image deep 8 "1 KiB blocks, ext4 defaults. Extent trees of depth 2 and 1 made of single-block keep-size preallocations with holes between them; i_size covers only part of them." \
    -t ext4 -b 1024 -L e4deep -U 4e5c0d3e-0000-4000-8000-000000000002 -E hash_seed=4e5c0d3e-0000-4000-8000-000000000002
mount_image
mkdir deep

args=()
for ((i = 0; i < 450; i++)); do args+=(-c "falloc -k $((2 * i * 1024)) 1024"); done
xfs_io -f "${args[@]}" deep/tree2
truncate -s $((850 * 1024 + 100)) deep/tree2
made "xfs_io -f -c 'falloc -k \$((2*i*1024)) 1024' for i in 0..449 /deep/tree2 (450 one-block unwritten extents at even logical blocks 0..898); truncate -s $((850 * 1024 + 100))"
note /deep/tree2 "450 one-block unwritten extents at logical 0,2,...,898 (extent tree depth 2, 6 leaves starting at 0,168,...,840); i_size 870500 (EOF block 851): extents 852..898 (all in the last leaf) are beyond EOF, one finding each, none straddles"

args=()
for ((i = 0; i < 40; i++)); do args+=(-c "falloc -k $((2 * i * 1024)) 1024"); done
xfs_io -f "${args[@]}" deep/tree1
truncate -s $((41 * 1024)) deep/tree1
made "xfs_io -f -c 'falloc -k \$((2*i*1024)) 1024' for i in 0..39 /deep/tree1; truncate -s $((41 * 1024))"
note /deep/tree1 "40 one-block unwritten extents at logical 0,2,...,78 (depth 1); i_size 41984 (EOF block 41): extents 42..78 beyond EOF"

args=()
for ((i = 0; i < 40; i++)); do args+=(-c "pwrite -q -S 0x77 $((2 * i * 1024)) 1024"); done
xfs_io -f "${args[@]}" -c fsync deep/sparse-written
made "xfs_io -f -c 'pwrite -S 0x77 \$((2*i*1024)) 1024' for i in 0..39 /deep/sparse-written"
note /deep/sparse-written "40 one-block written extents with holes between (depth 1), all inside i_size (decoy)"

umount_image
finish_image

# ================================================================ deep-e2fsck.img
new_image deep-e2fsck 4 "1 KiB blocks, ext4 defaults. One kernel-made file whose depth-2 extent tree has level-1 index entries wholly beyond EOF (written data below EOF, keep-size preallocation after it). e2fsck 1.47.0 reports it as damaged (end of extent exceeds allowed value; tytso/e2fsprogs issue 145) and e2fsck -fy would drop whole subtrees, including written data below EOF; the kernel is happy with it." \
    -t ext4 -b 1024 -L e4deepfsck -U 4e5c0d3e-0000-4000-8000-000000000006 -E hash_seed=4e5c0d3e-0000-4000-8000-000000000006
mount_image
mkdir deep
args=()
for ((i = 0; i < 300; i++)); do args+=(-c "pwrite -q -S 0x77 $((2 * i * 1024)) 1024"); done
for ((i = 300; i < 450; i++)); do args+=(-c "falloc -k $((2 * i * 1024)) 1024"); done
xfs_io -d -f "${args[@]}" deep/prealloc-tail
made "xfs_io -d -f -c 'pwrite -S 0x77 \$((2*i*1024)) 1024' for i in 0..299 -c 'falloc -k \$((2*i*1024)) 1024' for i in 300..449 /deep/prealloc-tail"
note /deep/prealloc-tail "O_DIRECT one-block writes at logical 0,2,...,598 (written, i_size 613376, EOF block 599) then one-block keep-size preallocations at 600,...,898: depth-2 tree, 150 unwritten extents beyond EOF; the level-1 index entries from logical 504 on reach beyond EOF, which e2fsck 1.47.0 rejects"
umount_image
finish_image

# ================================================================ bigalloc.img
new_image bigalloc 16 "4 KiB blocks, bigalloc with 16 KiB clusters (4 blocks per cluster). Keep-size preallocations beyond EOF, including one that shares a cluster with written data, and a straddling unwritten extent." \
    -t ext4 -b 4096 -O bigalloc -C 16384 -L e4bigalloc -U 4e5c0d3e-0000-4000-8000-000000000003 -E hash_seed=4e5c0d3e-0000-4000-8000-000000000003
mount_image
mkdir ba

gen ba/plain pat:5000:bap
made "gen /ba/plain 5000 bytes"
note /ba/plain "5000 bytes written (blocks 0-1 of a 4-block cluster; the other 2 blocks of the cluster are unmapped, not beyond-EOF findings) (decoy)"

gen ba/keep pat:5000:bak
xfs_io -c fsync -c "falloc -k 8192 65536" ba/keep
made "gen /ba/keep 5000 bytes; xfs_io -c fsync -c 'falloc -k 8192 65536'"
note /ba/keep "5000 bytes (written 0-1, EOF block 2) then keep-size preallocation of logical 2-17; logical 2-3 share the first cluster with the data"

touch ba/straddle
fallocate -n -l 64K ba/straddle
truncate -s 10000 ba/straddle
made "touch /ba/straddle; fallocate -n -l 64K; truncate -s 10000"
note /ba/straddle "unwritten 0-15, i_size 10000 (EOF block 3): straddling finding from block 3"

touch ba/k0
fallocate -n -l 40K ba/k0
made "touch /ba/k0; fallocate -n -l 40K"
note /ba/k0 "i_size 0, keep-size preallocation of 10 blocks (not a whole number of clusters)"

umount_image
finish_image

# ================================================================ written-eof.img
new_image written-eof 16 "4 KiB blocks, ext4 defaults. Hand-made damage on top of kernel-made files (debugfs -w and dd after unmount): written blocks beyond EOF (i_size lowered with sif), a two-inode orphan list (s_last_orphan chain through i_dtime) over files with unwritten blocks beyond EOF, and data-check cases (zero-filled written blocks, data under unwritten extents)." \
    -t ext4 -b 4096 -L e4writteneof -U 4e5c0d3e-0000-4000-8000-000000000004 -E hash_seed=4e5c0d3e-0000-4000-8000-000000000004
mount_image
mkdir we orphan data

gen we/five pat:20480:five
made "gen /we/five 20480 bytes (5 blocks)"
gen we/size-zero pat:8192:sz
made "gen /we/size-zero 8192 bytes"
gen we/mixed pat:12288:mix
xfs_io -c fsync -c "falloc -k 12288 32768" we/mixed
made "gen /we/mixed 12288 bytes; xfs_io -c fsync -c 'falloc -k 12288 32768'"
gen we/plain pat:10000:wep
made "gen /we/plain 10000 bytes"

gen orphan/first pat:6000:orf
xfs_io -c fsync -c "falloc -k 8192 16384" orphan/first
made "gen /orphan/first 6000 bytes; xfs_io -c fsync -c 'falloc -k 8192 16384'"
touch orphan/second
fallocate -n -l 16K orphan/second
made "touch /orphan/second; fallocate -n -l 16K"

gen data/zeros pat:4096:z1 zero:8192 pat:4096:z2
made "gen /data/zeros: 4096 pattern, 8192 zero, 4096 pattern bytes (buffered write, one written extent)"
gen data/zero-head-eof pat:4096:zh1 zero:100 pat:3996:zh2
made "gen /data/zero-head-eof: 4096 pattern, 100 zero, 3996 pattern bytes"
fallocate -l 32768 data/lost-conversion
made "fallocate -l 32768 /data/lost-conversion"
touch data/stale-beyond
fallocate -n -l 16384 data/stale-beyond
made "touch /data/stale-beyond; fallocate -n -l 16384"
fallocate -l 16384 data/unwritten-clean
made "fallocate -l 16384 /data/unwritten-clean"

umount_image

# written blocks beyond EOF: lower i_size below the written blocks
dfsw "sif /we/five size 6144"
dfsw "sif /we/size-zero size 0"
dfsw "sif /we/mixed size 4096"
dfsw "sif /data/zero-head-eof size 4196"
# orphan list: s_last_orphan -> /orphan/first -(i_dtime)-> /orphan/second -> 0
ino_first=$(dfs "stat /orphan/first" | sed -n 's/^Inode: \([0-9]*\).*/\1/p')
ino_second=$(dfs "stat /orphan/second" | sed -n 's/^Inode: \([0-9]*\).*/\1/p')
[[ -n $ino_first && -n $ino_second ]] || die "cannot find the orphan inodes"
dfsw "ssv last_orphan $ino_first"
dfsw "sif <$ino_first> dtime $ino_second"
dfsw "sif <$ino_second> dtime 0"
# data under unwritten extents (a lost conversion / stale data)
poke /data/lost-conversion 2 0 pat:12288:lost
poke /data/stale-beyond 1 100 pat:200:stale

note /we/five "5 written blocks (20480 bytes), i_size lowered to 6144 with debugfs sif: EOF block 2, written blocks 2-4 beyond EOF (the extent straddles EOF)"
note /we/size-zero "2 written blocks, i_size lowered to 0: both written blocks beyond EOF"
note /we/mixed "3 written blocks + keep-size preallocation of blocks 3-10, i_size lowered to 4096: written 1-2 beyond EOF (straddling) and unwritten 3-10 beyond EOF"
note /we/plain "10000 bytes, untouched (decoy)"
note /orphan/first "head of the orphan list (s_last_orphan), still linked, i_dtime = next orphan inode: 6000 bytes of data, unwritten 2-5 beyond EOF (orphan: true)"
note /orphan/second "second and last inode of the orphan list (i_dtime 0): i_size 0, unwritten 0-3 beyond EOF (orphan: true)"
note /data/zeros "one written extent 0-3 whose blocks 1-2 are all zeros (zeroed_written with --checks zeroed; nothing with the default checks)"
note /data/zero-head-eof "2 written blocks; i_size lowered to 4196 so only the first 100 bytes of block 1 count, and those are zero (zeroed_written at block 1; the rest of the block holds data beyond EOF)"
note /data/lost-conversion "fallocate -l 32768 (unwritten 0-7 inside i_size); pattern bytes written straight into the physical blocks of logical 2-4: unwritten_with_data, beyond_eof false"
note /data/stale-beyond "keep-size preallocation of 4 blocks (i_size 0); 200 pattern bytes poked at byte 100 of logical block 1: unwritten_beyond_eof for 0-3 and unwritten_with_data (beyond_eof true) for block 1"
note /data/unwritten-clean "fallocate -l 16384, unwritten blocks hold only zeros (decoy for the data checks)"

finish_image

# ================================================================ ext3.img
new_image ext3 8 "1 KiB blocks, ext3 (has_journal, no extents): indirect-mapped files; i_size lowered with debugfs sif so written blocks lie beyond EOF. For block-mapped files an 'extent' is a maximal run of logically and physically contiguous data blocks (debugfs stat breaks its list where an indirect block is listed; those pieces are merged)." \
    -t ext3 -b 1024 -L e4ext3 -U 4e5c0d3e-0000-4000-8000-000000000005 -E hash_seed=4e5c0d3e-0000-4000-8000-000000000005
mount_image
mkdir ind
gen ind/big pat:307200:big
made "gen /ind/big 307200 bytes (300 blocks: direct, IND and DIND mapped)"
gen ind/small-cut pat:8192:sc
made "gen /ind/small-cut 8192 bytes"
gen ind/plain pat:5000:ip
made "gen /ind/plain 5000 bytes"
umount_image
dfsw "sif /ind/big size $((100 * 1024 + 1))"
dfsw "sif /ind/small-cut size 0"
note /ind/big "300 written blocks (debugfs stat lists 0-11, IND, 12-267, DIND, IND, 268-299; the kernel put the indirect blocks elsewhere, so the data blocks are one contiguous run), i_size lowered to 102401 (EOF block 101): written_beyond_eof for 101-299 (straddling run)"
note /ind/small-cut "8 written direct blocks, i_size lowered to 0: all beyond EOF"
note /ind/plain "5000 bytes, untouched (decoy)"
finish_image

# ================================================================ data.img
new_image data 16 "4 KiB blocks, ext4 defaults. Cases for the data checks (--checks zeroed / unwritten-data / all, --granularity sector): kernel-made files whose written blocks were zeroed with dd after unmount (at the file start, in the middle, across an extent boundary where logical and physical blocks continue, across one where they do not, in the partial EOF block), zeroed 512-byte sectors inside written blocks, data dd-ed under unwritten extents inside and beyond EOF, a legitimately zero O_DIRECT file (reported as zero-filled), and decoys (holes, a clean unwritten extent, a zero tail past i_size)." \
    -t ext4 -b 4096 -L e4data -U 4e5c0d3e-0000-4000-8000-000000000007 -E hash_seed=4e5c0d3e-0000-4000-8000-000000000007
mount_image
mkdir zero sector unwritten decoy

# --- zeroed written blocks (zeroed with dd after unmount, below)
xfs_io -d -f -c "pwrite -q -S 0x31 0 32768" zero/start
made "xfs_io -d -f -c 'pwrite -S 0x31 0 32768' /zero/start"
xfs_io -d -f -c "pwrite -q -S 0x32 0 65536" zero/middle
made "xfs_io -d -f -c 'pwrite -S 0x32 0 65536' /zero/middle"

# Two written extents that continue logically and physically. The kernel
# merges such neighbours (buffered writes in two steps, or fallocate + two
# O_DIRECT halves, both end as one extent) unless they sit in different leaf
# blocks: 339 one-block O_DIRECT writes with holes between, then logical 700
# (one block, the 340th extent: the leaf is full), then 701-707 in a second
# xfs_io. O_DIRECT writes inside i_size allocate unwritten extents without
# merging them on insert; 701-707 goes into a new leaf, and the conversion
# to written merges only within a leaf.
args=()
for ((i = 0; i < 339; i++)); do args+=(-c "pwrite -q -S 0x33 $((2 * i * 4096)) 4096"); done
truncate -s $((708 * 4096)) zero/across-contiguous
xfs_io -d "${args[@]}" -c "pwrite -q -S 0x34 $((700 * 4096)) 4096" zero/across-contiguous
xfs_io -d -c "pwrite -q -S 0x34 $((701 * 4096)) $((7 * 4096))" zero/across-contiguous
made "truncate -s $((708 * 4096)) /zero/across-contiguous; xfs_io -d -c 'pwrite -S 0x33 \$((2*i*4096)) 4096' for i in 0..338 -c 'pwrite -S 0x34 $((700 * 4096)) 4096'; xfs_io -d -c 'pwrite -S 0x34 $((701 * 4096)) $((7 * 4096))'"

# Two written extents that continue logically but not physically: the second
# half is written first, so the first half is allocated after it.
truncate -s 65536 zero/across-gap
xfs_io -d -c "pwrite -q -S 0x35 32768 32768" -c "pwrite -q -S 0x35 0 32768" zero/across-gap
made "truncate -s 65536 /zero/across-gap; xfs_io -d -c 'pwrite -S 0x35 32768 32768' -c 'pwrite -S 0x35 0 32768'"

xfs_io -f -c "pwrite -q -S 0x36 0 $((5 * 4096 + 100))" -c fsync zero/eof-partial
made "xfs_io -f -c 'pwrite -S 0x36 0 $((5 * 4096 + 100))' -c fsync /zero/eof-partial"

xfs_io -d -f -c "pwrite -q -S 0 0 32768" zero/zero-filled-dio
made "xfs_io -d -f -c 'pwrite -S 0 0 32768' /zero/zero-filled-dio"

# --- zeroed sectors inside written blocks
xfs_io -d -f -c "pwrite -q -S 0x41 0 32768" sector/two
made "xfs_io -d -f -c 'pwrite -S 0x41 0 32768' /sector/two"
xfs_io -d -f -c "pwrite -q -S 0x42 0 32768" sector/last
made "xfs_io -d -f -c 'pwrite -S 0x42 0 32768' /sector/last"
xfs_io -f -c "pwrite -q -S 0x43 0 $((4 * 4096 + 1300))" -c fsync sector/eof-clipped
made "xfs_io -f -c 'pwrite -S 0x43 0 $((4 * 4096 + 1300))' -c fsync /sector/eof-clipped"

# --- unwritten extents that hold data (dd after unmount)
fallocate -l 64K unwritten/inside
made "fallocate -l 64K /unwritten/inside"
xfs_io -f -c "pwrite -q -S 0x51 0 8192" -c fsync -c "falloc -k 8192 32768" unwritten/beyond
made "xfs_io -f -c 'pwrite -S 0x51 0 8192' -c fsync -c 'falloc -k 8192 32768' /unwritten/beyond"
touch unwritten/straddle
fallocate -n -l 64K unwritten/straddle
truncate -s 10000 unwritten/straddle
made "touch /unwritten/straddle; fallocate -n -l 64K; truncate -s 10000"

# --- decoys
truncate -s 1M decoy/sparse
xfs_io -c "pwrite -q -S 0x61 524288 8192" -c fsync decoy/sparse
made "truncate -s 1M /decoy/sparse; xfs_io -c 'pwrite -S 0x61 524288 8192' -c fsync"
fallocate -l 64K decoy/unwritten-clean
made "fallocate -l 64K /decoy/unwritten-clean"
xfs_io -f -c "pwrite -q -S 0x62 0 5000" -c fsync decoy/eof-tail
made "xfs_io -f -c 'pwrite -S 0x62 0 5000' -c fsync /decoy/eof-tail"

umount_image

# check the extent layouts the cases rely on (debugfs ex)
a=$(extent_at /zero/across-contiguous 700) || die "/zero/across-contiguous: logical 700 not mapped"
b=$(extent_at /zero/across-contiguous 701) || die "/zero/across-contiguous: logical 701 not mapped"
read -r al ap an au <<<"$a"
read -r bl bp bn bu <<<"$b"
[[ $al -le 700 && $((al + an)) -eq 701 && $bl -eq 701 && $bn -ge 2 && $bp -eq $((ap + an)) && -z $au && -z $bu ]] ||
    die "/zero/across-contiguous: wanted written extents ending at 700 and starting at 701, physically contiguous; debugfs ex gives '$a' and '$b'"
a=$(extent_at /zero/across-gap 7) || die "/zero/across-gap: logical 7 not mapped"
b=$(extent_at /zero/across-gap 8) || die "/zero/across-gap: logical 8 not mapped"
read -r al ap an au <<<"$a"
read -r bl bp bn bu <<<"$b"
[[ $al -le 6 && $((al + an)) -eq 8 && $bl -eq 8 && $bn -ge 2 && $bp -ne $((ap + an)) && -z $au && -z $bu ]] ||
    die "/zero/across-gap: wanted written extents ending at 7 and starting at 8, not physically contiguous; debugfs ex gives '$a' and '$b'"
# the clean unwritten extents really hold zeros (a fresh image has no stale data)
assert_zero /decoy/unwritten-clean 0 16
assert_zero /unwritten/inside 0 16
assert_zero /unwritten/beyond 2 8
assert_zero /unwritten/straddle 0 16

poke /zero/start 0 0 zero:8192
poke /zero/middle 5 0 zero:12288
poke /zero/across-contiguous 700 0 zero:12288
poke /zero/across-gap 6 0 zero:8192
poke /zero/across-gap 8 0 zero:8192
poke /zero/eof-partial 5 0 zero:100 pat:3996:past-eof
poke /sector/two 3 512 zero:1024
poke /sector/last 4 3584 zero:512
poke /sector/eof-clipped 4 512 zero:788 pat:2796:past-eof
poke /unwritten/inside 4 1000 pat:10788:uin
poke /unwritten/beyond 4 0 pat:8192:ubey
poke /unwritten/straddle 2 2000 pat:6192:ustr

note /zero/start "8 written blocks (one O_DIRECT write); blocks 0-1 zeroed with dd: zeroed_written at the file start"
note /zero/middle "16 written blocks (one extent); blocks 5-7 zeroed with dd: zeroed_written in the middle"
note /zero/across-contiguous "339 one-block written extents with holes (the first leaf block), then written extent 700 (the 340th, last in the leaf) and written extent 701-707 (first in the second leaf), logically and physically contiguous (kept apart only by the leaf boundary; depth 1); blocks 700-702 zeroed with dd: ONE zeroed_written finding across the extent boundary"
note /zero/across-gap "written extents 0-7 and 8-15 that continue logically but not physically (second half written first); blocks 6-9 zeroed with dd: TWO zeroed_written findings (6-7 and 8-9), the run splits at the physical discontinuity"
note /zero/eof-partial "i_size 5 blocks + 100 bytes (EOF block 5): the first 100 bytes of block 5 zeroed with dd, pattern bytes put past i_size in the same block; bytes past i_size do not count, so block 5 is zeroed_written"
note /zero/zero-filled-dio "8 blocks of legitimately zero data written with O_DIRECT: reported as zeroed_written (the report says zero-filled, not corrupt); nothing was changed after unmount"
note /sector/two "8 written blocks; bytes 512-1535 (sectors 1-2) of block 3 zeroed with dd: one zeroed_sectors finding (1024 bytes) with --granularity sector"
note /sector/last "8 written blocks; bytes 3584-4095 (sector 7) of block 4 zeroed with dd: one zeroed_sectors finding (512 bytes)"
note /sector/eof-clipped "i_size 4 blocks + 1300 bytes (EOF block 4): bytes 512-1299 of block 4 zeroed, pattern bytes put past i_size in that block; sector 2 counts with its 276 bytes below i_size: one zeroed_sectors finding of 788 bytes, clipped at i_size"
note /unwritten/inside "fallocate -l 64K (unwritten 0-15 inside i_size); 10788 pattern bytes dd-ed from byte 1000 of logical block 4 (into blocks 4-6): unwritten_with_data, beyond_eof false"
note /unwritten/beyond "8192 bytes written (0-1), keep-size preallocation 2-9 beyond EOF; pattern bytes dd-ed over logical blocks 4-5: unwritten_beyond_eof for 2-9 and unwritten_with_data (beyond_eof true) for 4-5"
note /unwritten/straddle "one unwritten extent 0-15, i_size 10000 (EOF block 3); pattern bytes dd-ed from byte 2000 of block 2 (past i_size, but block 2 is below EOF) to the end of block 3: two unwritten_with_data findings split at the EOF block (2 beyond_eof false, 3 beyond_eof true), whole blocks counted; and the straddling unwritten_beyond_eof from block 3"
note /decoy/sparse "sparse 1 MiB file with 2 written blocks at 512 KiB: holes are not extents (decoy, no finding)"
note /decoy/unwritten-clean "fallocate -l 64K, untouched: unwritten blocks inside i_size that hold only zeros (checked) (decoy, no finding)"
note /decoy/eof-tail "5000 bytes: the EOF block's bytes past i_size are zero, those below are data (decoy: no zeroed_written, no zeroed_sectors)"
note /zero "directory: not a regular file, never reported"

finish_image

# ================================================================ manifest + gzip
log "deriving manifest.json"
readme_args=()
if [[ -f $OUT/README.md ]]; then
    cp "$OUT/README.md" "$WORK/README.md"
    readme_args=(--readme "$WORK/README.md")   # refresh the generated tables
fi
python3 "$HERE/derive-manifest.py" "${readme_args[@]}" "$WORK/manifest.json" "${SPECS[@]}"

for s in "${SPECS[@]}"; do
    name=$(basename "$s" .spec.json)
    gzip -n -9 -c "$WORK/$name.img" >"$WORK/$name.img.gz"
    if [[ ${KEEP_RAW:-0} == 1 ]]; then cp "$WORK/$name.img" "$OUT/$name.img"; fi
done
mv -f "$WORK"/*.img.gz "$OUT"/
mv -f "$WORK/manifest.json" "$OUT/manifest.json"
if [[ -f $WORK/README.md ]]; then mv -f "$WORK/README.md" "$OUT/README.md"; fi
log "done:"
ls -l "$OUT"/*.img.gz "$OUT/manifest.json" >&2
