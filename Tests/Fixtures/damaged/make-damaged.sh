#!/usr/bin/env bash
# Regenerates the hand-made damaged ext4 images of this folder (NAME.img.gz).
#
#   Tests/Fixtures/damaged/make-damaged.sh          # rewrites *.img.gz here
#   KEEP_RAW=1 Tests/Fixtures/damaged/make-damaged.sh   # also leaves NAME.img
#   OUT=/some/dir Tests/Fixtures/damaged/make-damaged.sh
#
# Needs no root and no loop devices: mke2fs, debugfs and dumpe2fs (e2fsprogs
# 1.47), dd, truncate, gzip, grep, awk. Every image starts from
# `mke2fs -t ext4 -O ^has_journal` with a fixed UUID, hash seed and
# E2FSPROGS_FAKE_TIME (debugfs honours it too), Images/mke2fs.conf and fixed
# data patterns, so the output is byte-identical from run to run.
#
# Damage is done with debugfs (ssv, set_bg, sif on i_block words, sif size,
# link), with dd conv=notrunc at offsets found with debugfs (bmap, ex) and
# with truncate. Images damaged with dd are made without metadata_csum, so
# that the block checksum is not the first (and only) thing a reader trips on.
#
# i_block words as used with `sif <ino> block[N] VALUE` (little-endian u32):
#   word0 = eh_magic 0xF30A | eh_entries << 16
#   word1 = eh_max | eh_depth << 16
#   word2 = eh_generation
#   leaf entry i (words 3+3i..5+3i): ee_block, ee_len | ee_start_hi << 16, ee_start_lo
#   index entry i: ei_block, ei_leaf_lo, ei_leaf_hi | unused << 16
# (ee_len > 32768 means unwritten, length ee_len - 32768).
#
# The layout every case shares (see README.md in this folder):
#   ino 12 /pre      5000 bytes of data, blocks 5-12 fallocated (unwritten) beyond EOF
#   ino 13 VICTIM    the file (or directory) the case damages, made by the case
#   ino 14 /post     2000 bytes, blocks 2-5 fallocated beyond EOF
#   ino 15 /zeroed   6 written blocks, blocks 2-3 overwritten with zeros (dd)
#   ino 16 /plain    3000 bytes, no finding
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-$HERE}
die() { echo "make-damaged.sh: $*" >&2; exit 1; }
for t in mke2fs debugfs dumpe2fs dd truncate gzip grep awk; do
    command -v "$t" >/dev/null 2>&1 || die "missing tool: $t (apt-get install e2fsprogs coreutils gzip)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/make-damaged.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'echo "make-damaged.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

export E2FSPROGS_FAKE_TIME=1700000000
export MKE2FS_CONFIG=$HERE/../../../Images/mke2fs.conf
export TZ=UTC

# ---------------------------------------------------------------- helpers
log() { echo "== $*" >&2; }

# pattern N TAG : N bytes of a fixed text pattern on stdout
pattern() { head -c "$1" < <(yes "e4scope damaged fixture $2 0123456789abcdef"); }

pattern 5000 pre >"$WORK/pre.dat"
pattern 2000 post >"$WORK/post.dat"
pattern 6144 zeroed >"$WORK/zeroed1k.dat"
pattern 24576 zeroed >"$WORK/zeroed4k.dat"
pattern 3000 plain >"$WORK/plain.dat"
pattern 8192 victim8 >"$WORK/v8.dat"
pattern 20480 victim20 >"$WORK/v20x1k.dat"
pattern 81920 victim20 >"$WORK/v20x4k.dat"
pattern $((720 * 1024)) victim720 >"$WORK/v720.dat"
pattern $((64 * 1024)) victim64 >"$WORK/v64.dat"
pattern 100000 big >"$WORK/big.dat"

CUR=""   # path of the current raw image
N=0      # image counter, for the UUID

# new_image NAME SIZE_KIB MKE2FS_ARGS... : a fresh filesystem in $WORK/NAME.img
new_image() {
    local name=$1 size=$2; shift 2
    N=$((N + 1))
    local uuid
    uuid=$(printf 'e4da3a6e-0000-4000-8000-%012d' "$N")
    CUR=$WORK/$name.img
    log "$name"
    rm -f "$CUR"
    truncate -s "${size}K" "$CUR"
    mke2fs -q -F -t ext4 -O ^has_journal -L "${name:0:16}" -U "$uuid" \
        -E "hash_seed=$uuid,lazy_itable_init=0" "$@" "$CUR"
}

# dfs CMD... : run debugfs -w commands (one per argument) as a batch
dfs() {
    printf '%s\n' "$@" >"$WORK/batch"
    local out
    out=$(debugfs -w -f "$WORK/batch" "$CUR" 2>&1) || die "debugfs failed: $out"
    # debugfs reports most errors without failing; catch them here
    if grep -v -E '^(debugfs [0-9.]+ \(|debugfs: |Allocated inode: |Checksum set to |Setting csum v)' <<<"$out" | grep -q .; then
        die "debugfs on $CUR: $out"
    fi
}

# dfr CMD : one read-only debugfs request, output on stdout
dfr() { debugfs -R "$1" "$CUR" 2>/dev/null; }

block_size() { dumpe2fs -h "$CUR" 2>/dev/null | awk -F: '/^Block size/ {gsub(/ /, "", $2); print $2}'; }

# phys FILE LBLK : physical block of logical block LBLK of FILE
phys() { local p; p=$(dfr "bmap $1 $2"); [[ $p =~ ^[0-9]+$ && $p != 0 ]] || die "bmap $1 $2: '$p'"; echo "$p"; }

# ino PATH : inode number of PATH
ino() { dfr "stat $1" | awk '/^Inode:/ {print $2; exit}'; }

# index_children FILE LEVEL : child blocks of the index entries of level LEVEL
# (`ex` prints an index entry as "L/ D  I/ N  FIRST - LAST  CHILD  LEN")
index_children() {
    dfr "ex $1" | awk -v lv="$2" '$1 == lv"/" && NF == 9 {print $8}'
}

# put_le32 OFFSET VALUE... : write little-endian u32 words at byte OFFSET of $CUR
put_le32() {
    local off=$1; shift
    local v esc=""
    for v in "$@"; do
        v=$((v))
        esc+=$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((v & 255)) $(((v >> 8) & 255)) \
            $(((v >> 16) & 255)) $(((v >> 24) & 255)))
    done
    printf "$esc" | dd of="$CUR" bs=1 seek="$off" conv=notrunc status=none
}

# zero_blocks BLOCK COUNT : overwrite COUNT blocks from BLOCK with zeros
zero_blocks() {
    local bs; bs=$(block_size)
    dd if=/dev/zero of="$CUR" bs="$bs" seek="$1" count="$2" conv=notrunc status=none
}

# sif_words INO FIRST_WORD VALUE... : set i_block[FIRST_WORD..] of INO
sif_words() {
    local ino=$1 w=$2; shift 2
    local cmds=() v
    for v in "$@"; do cmds+=("sif <$ino> block[$w] $v"); w=$((w + 1)); done
    dfs "${cmds[@]}"
}

# healthy_pre / healthy_post: the files that surround the victim (inodes 12, 14-16)
# (pre's preallocation is made after the victim, so that the victim's data
# follows pre's data in one contiguous run)
healthy_pre() {
    dfs "write $WORK/pre.dat pre"
}
healthy_post() {
    dfs "fallocate pre 5 12" "write $WORK/post.dat post" "fallocate post 2 5" \
        "write $WORK/zeroed$(($(block_size) / 1024))k.dat zeroed" "write $WORK/plain.dat plain"
    zero_blocks "$(phys zeroed 2)" 1
    zero_blocks "$(phys zeroed 3)" 1
}

# standard NAME VICTIM_DEBUGFS_CMD... : 2 MiB 1k-block image with the shared layout
standard() {
    local name=$1; shift
    new_image "$name" 2048 -b 1024 "${EXTRA_MKE2FS[@]}"
    healthy_pre
    dfs "$@"
    healthy_post
}
EXTRA_MKE2FS=()

finish() {
    local name
    name=$(basename "$CUR" .img)
    gzip -n -9 -c "$CUR" >"$WORK/$name.img.gz"
}

# ================================================================ cases

# --- filesystem-level damage ------------------------------------------------

# debugfs ssv cannot set s_magic: dd 0x1234 over it (superblock offset 1024 + 56)
standard bad-superblock-magic "write $WORK/v8.dat victim"
printf '\x34\x12' | dd of="$CUR" bs=1 seek=$((1024 + 56)) conv=notrunc status=none
finish

# (set_bg does not update the descriptor checksum: "checksum calc" does, so
# that the location is the only damage)
standard gd-inode-table-outside "write $WORK/v8.dat victim"
dfs "set_bg 0 inode_table 4000000000" "set_bg 0 checksum calc"
finish

standard gd-block-bitmap-outside "write $WORK/v8.dat victim"
dfs "set_bg 0 block_bitmap 4000000000" "set_bg 0 checksum calc"
finish

# 4 groups of 1024 blocks without flex_bg, 16 inodes a group: group 0 holds
# inodes 1-16 (12-16 the shared layout), the next files get inodes 17+ in
# group 1, whose inode table the image is cut inside (inodes 25-32 are lost).
new_image truncated-inode-table 4096 -b 1024 -g 1024 -N 64 -O ^flex_bg,^resize_inode
healthy_pre
dfs "write $WORK/v8.dat victim"
healthy_post
dfs "mkdir g1" "write $WORK/pre.dat g1/a" "fallocate g1/a 5 9" \
    "write $WORK/post.dat g1/b" "write $WORK/plain.dat g1/c" \
    "write $WORK/plain.dat g1/d" "write $WORK/plain.dat g1/e" \
    "write $WORK/plain.dat g1/f" "write $WORK/plain.dat g1/g" \
    "write $WORK/pre.dat g1/h" "fallocate g1/h 5 7" \
    "write $WORK/pre.dat g1/i" "fallocate g1/i 6 8"
[[ $(ino g1/h) == 25 ]] || die "truncated-inode-table: g1/h is inode $(ino g1/h), want 25"
itab=$(dumpe2fs "$CUR" 2>/dev/null | awk '/^Group 1:/ {g=1} g && /Inode table at/ {split($4, a, "-"); print a[1]; exit}')
[[ -n $itab ]] || die "no inode table for group 1"
# inodes 17-24 are in the first 2 blocks of the table (4 per 1k block); cut at block 2
truncate -s $(((itab + 2) * 1024)) "$CUR"
finish

# --- extent headers in the inode (depth 0 trees, edited with sif) ----------

# victim: 8 written blocks in one extent
standard extent-bad-magic "write $WORK/v8.dat victim"
sif_words 13 0 0x0001BEEF
finish

standard extent-entries-over-max "write $WORK/v8.dat victim"
sif_words 13 0 0x0005F30A 0x00000004
finish

standard extent-depth-6 "write $WORK/v8.dat victim"
sif_words 13 1 0x00060004
finish

# --- index nodes (dd into extent blocks; no metadata_csum) -------------------

# depth-1 victim: 20 written blocks, every other one punched -> 10 extents;
# its leaf becomes an index node (depth 1) whose one entry points to itself
EXTRA_MKE2FS=(-O ^metadata_csum)
self_loop() { # NAME BLOCK_SIZE IMAGE_KIB [DEBUGFS_CMD...]
    local name=$1 bs=$2 size=$3 b; shift 3
    local cmds=("write $WORK/v20x$((bs / 1024))k.dat victim")
    for ((b = 1; b < 20; b += 2)); do cmds+=("punch victim $b $b"); done
    cmds+=("$@")
    new_image "$name" "$size" -b "$bs" "${EXTRA_MKE2FS[@]}"
    healthy_pre
    dfs "${cmds[@]}"
    healthy_post
    local leaf
    leaf=$(index_children victim 0 | head -n1)
    [[ -n $leaf ]] || die "$name: victim has no leaf block"
    put_le32 $((leaf * bs)) 0x0001F30A $(((bs - 12) / 12 | 1 << 16)) 0 0 "$leaf" 0
    finish
}
self_loop extent-index-self-loop 1024 2048
# on 4k blocks (first data block 0) the damaged leaf, read as a leaf, gives an
# extent (logical 0-10 -> physical 0-10) that looks valid; the victim's i_size
# is lowered to one block so that it lies beyond EOF (a finding from garbage
# would be written_beyond_eof, and trimming it would free the superblock)
self_loop extent-index-self-loop-4k 4096 4096 "sif victim size 4096"

# depth-2 victim: 720 written blocks, every other one punched -> 360 extents
cmds=("write $WORK/v720.dat victim")
for ((b = 1; b < 720; b += 2)); do cmds+=("punch victim $b $b"); done
standard extent-index-to-ancestor "${cmds[@]}"
inner=$(index_children victim 0 | head -n1)
leaf=$(index_children victim 1 | head -n1)
[[ -n $inner && -n $leaf ]] || die "extent-index-to-ancestor: victim is not a depth-2 tree"
# the first leaf becomes an index node whose one entry points to its parent
put_le32 $((leaf * 1024)) 0x0001F30A $((84 | 1 << 16)) 0 0 "$inner" 0
finish
EXTRA_MKE2FS=()

# --- leaf entries in the inode (sif on i_block words 3-8) -----------------

# victim: 8 written blocks from physical P; rewrite its one extent as two
victim_two_extents() { # NAME E1_BLOCK E1_LEN E1_PHYS_OFF E2_BLOCK E2_LEN E2_PHYS_OFF
    local name=$1
    standard "$name" "write $WORK/v8.dat victim"
    local p; p=$(phys victim 0)
    [[ $(phys victim 7) == $((p + 7)) ]] || die "$name: victim is not contiguous"
    sif_words 13 0 0x0002F30A 0x00000004 0 "$2" "$3" $((p + $4)) "$5" "$6" $((p + $7))
    finish
}
victim_two_extents extent-overlap 0 4 0 2 4 4
victim_two_extents extent-out-of-order 4 4 4 0 4 0
victim_two_extents extent-zero-length 0 4 0 4 0 4

standard extent-beyond-fs "write $WORK/v8.dat victim"
sif_words 13 5 0x00FFFFF0
finish

standard extent-logical-overflow "write $WORK/v8.dat victim"
sif_words 13 3 0xFFFFFFF0 100
finish

# i_size near 2^64 on a file with unwritten blocks (below that EOF)
standard isize-near-2p64 "write $WORK/v8.dat victim" "fallocate victim 8 15" \
    "sif victim size 18446744073709551000"
finish

# the same with i_size = 2^64 - 1 on 4k blocks
new_image isize-max-4k 4096 -b 4096
healthy_pre
dfs "write $WORK/big.dat victim" "fallocate victim 25 40" "sif victim size 18446744073709551615"
healthy_post
finish

# --- directories --------------------------------------------------------

# /d/ghost names inode 40, which is not in use (debugfs link does not check)
standard dir-entry-unused-inode "mkdir d" "write $WORK/pre.dat d/inner" "fallocate d/inner 5 6" \
    "link <40> d/ghost"
finish

# /d/far names inode 999999 (past s_inodes_count): the entry's inode field edited with dd
EXTRA_MKE2FS=(-O ^metadata_csum)
standard dir-entry-out-of-range "mkdir d" "write $WORK/pre.dat d/inner" "fallocate d/inner 5 6" \
    "write $WORK/plain.dat d/far_away_name"
dblk=$(phys d 0)
off=$(dd if="$CUR" bs=1024 skip="$dblk" count=1 status=none | grep -obaF far_away_name | head -n1 | cut -d: -f1)
[[ -n $off ]] || die "dir-entry-out-of-range: name not found in block $dblk"
put_le32 $((dblk * 1024 + off - 8)) 999999
finish
EXTRA_MKE2FS=()

# /a/b/up is a hard link to /a (a directory loop /a/b/up/b/up/...); /a/b/deep has findings
standard dir-loop "mkdir a" "mkdir a/b" "write $WORK/pre.dat a/b/deep" "fallocate a/b/deep 5 9" \
    "link a a/b/up" "sif a links_count 3"
finish

# --- image truncated inside file data -----------------------------------

# victim (inode 17, written last, so its blocks are the highest in use):
# 64 written blocks, 8-63 overwritten with zeros; the image ends 512 bytes
# into its logical block 40
standard truncated-in-data "write $WORK/plain.dat other"
dfs "write $WORK/v64.dat victim"
vino=$(ino victim)
[[ $vino == 17 ]] || die "truncated-in-data: victim is inode $vino, want 17"
p=$(phys victim 8)
[[ $(phys victim 63) == $((p + 55)) ]] || die "truncated-in-data: victim is not contiguous"
zero_blocks "$p" 56
truncate -s $(((p + 32) * 1024 + 512)) "$CUR"
finish

# --- journals that cannot be replayed -------------------------------------
# A 4 MiB image with a 1024-block journal (1k blocks, no journal checksums unless said) holding
# one transaction that debugfs wrote (jo, jw, jc: needs_recovery is set),
# then damaged. Every reading command falls back to the raw view with a
# warning; repairs refuse (the journal needs recovery).

# journal_image NAME [jo -c] : the shared layout plus a journal with one transaction
journal_image() {
    local name=$1 open=${2:-jo}
    new_image "$name" 4096 -b 1024 -O has_journal -J size=1
    healthy_pre
    dfs "write $WORK/v8.dat victim"
    healthy_post
    pattern 2048 journal >"$WORK/journal.dat"
    dfs "$open" "jw -b 1500,1501 $WORK/journal.dat" "jc"
    dumpe2fs -h "$CUR" 2>/dev/null | grep -q needs_recovery || die "$name: no needs_recovery"
    # JMAP[N]: the filesystem block of journal block N (from `ex <8>` leaf lines
    # "0/ 0   1/  3     0 -     1    48 -    49      2")
    mapfile -t JMAP < <(dfr "ex <8>" | awk '$6 == "-" && $9 == "-" {
        for (i = 0; i <= $7 - $5; i++) print $8 + i }')
    [[ ${#JMAP[@]} == 1024 ]] || die "$name: journal map has ${#JMAP[@]} blocks"
}

# journal_byte N : byte offset of journal block N in the image
journal_byte() { echo $((JMAP[$1] * 1024)); }

# put_be32 OFFSET VALUE : a big-endian u32 at byte OFFSET of $CUR (the jbd2 byte order)
put_be32() {
    local v=$(($2))
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(((v >> 24) & 255)) $(((v >> 16) & 255)) \
        $(((v >> 8) & 255)) $((v & 255)))" | dd of="$CUR" bs=1 seek="$1" conv=notrunc status=none
}

journal_image journal-bad-magic
put_be32 "$(journal_byte 0)" 0
finish

# csum v3 journal: one byte of the journal superblock (s_padding) changed, its crc32c not
journal_image journal-bad-checksum "jo -c"
put_be32 $(($(journal_byte 0) + 0x90)) 0x5a5a5a5a
finish

# the first tag of the descriptor (journal block 1, offset 12: t_blocknr) names block 0x00FFFFF0
journal_image journal-descriptor-past-fs
put_be32 $(($(journal_byte 1) + 12)) 0x00FFFFF0
finish

# every block of the log area a revoke block (r_count 16: no records) of the
# log's first sequence: a scan of the log would go round the journal forever
journal_image journal-log-loop
seq=$(dumpe2fs -h "$CUR" 2>/dev/null | awk -F: '/^Journal sequence/ {gsub(/ /, "", $2); print $2}')
[[ -n $seq ]] || die "journal-log-loop: no journal sequence"
printf "$(printf '\\x%02x' 0xc0 0x3b 0x39 0x98 0 0 0 5 $(((seq >> 24) & 255)) $(((seq >> 16) & 255)) \
    $(((seq >> 8) & 255)) $((seq & 255)) 0 0 0 16)" >"$WORK/revoke.blk"
head -c 1008 /dev/zero >>"$WORK/revoke.blk"
for ((b = 1; b < 1024; b++)); do
    dd if="$WORK/revoke.blk" of="$CUR" bs=1024 seek="${JMAP[$b]}" conv=notrunc status=none
done
finish

# ================================================================ output
mkdir -p "$OUT"
for gz in "$WORK"/*.img.gz; do
    name=$(basename "$gz")
    cp "$gz" "$OUT/$name"
    if [[ ${KEEP_RAW:-0} == 1 ]]; then cp "$WORK/${name%.gz}" "$OUT/${name%.gz}"; fi
done
log "wrote $(ls "$WORK"/*.img.gz | wc -l) images to $OUT"
