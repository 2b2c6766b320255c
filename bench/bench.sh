#!/usr/bin/env bash
# e4scope benchmark: checks the DESIGN.md §8 performance targets, each
# against its baseline on the same warm-cache image in the same run.
#
# Usage: bench/bench.sh [--only SECTION[,SECTION...]] [--rebuild] [--runs N] [--help]
#
# Sections (default: all, in this order):
#   metadata   e4scope scan --checks beyond-eof vs e2fsck -fn (ext4-500k.img)
#   data       e4scope scan --checks zeroed vs cat IMAGE (data-2g.img)
#   zero-test  ZeroTest.isZero vs memcmp micro-benchmark (bench/zero-test.swift)
#
# Environment:
#   BENCH_DIR  work dir holding the cached test images (default /var/tmp/e4scope-bench)
#   E4SCOPE    e4scope binary to time; when set, the package is not built
#   RUNS       timed runs per command (default 11; --runs overrides)
#
# --rebuild rebuilds the images of the selected sections. Each section is a
# function `bench_<name>` (`-` becomes `_`) that calls `measure` for its
# commands and `add_note` for extra lines, and is listed in SECTIONS below.
set -euo pipefail
export LC_ALL=C   # '.' as decimal separator in EPOCHREALTIME and awk

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
INVOCATION="$0${*:+ $*}"

BENCH_DIR=${BENCH_DIR:-/var/tmp/e4scope-bench}
RUNS=${RUNS:-11}
REBUILD=0

# Image recipe. Bump RECIPE_VERSION whenever the recipe changes: a cached
# image built from another recipe version is rebuilt automatically.
RECIPE_VERSION=1
TREE_DIRS=600          # directories of small files ...
TREE_FILES=1000        # ... with this many files each (a few bytes, 1 block)
MULTI_FILES=2000       # files of 2-8 blocks (last block partial)
PREALLOC_DIRS=30       # loop-mount part: dirs of fallocate --keep-size files
PREALLOC_FILES=100     # ... files per dir: size 0, 64 KiB unwritten beyond EOF
STRADDLE_FILES=300     # size 10000, 64 KiB unwritten: extent straddles EOF
IMAGE_INODES=700000    # mke2fs -N
IMAGE_SIZE=4G          # apparent size (sparse)

# Data image recipe (data-2g.img), versioned separately from the one above.
DATA_RECIPE_VERSION=1
DATA_BIG_FILES=16      # 128 MiB (+ a little) each
DATA_MEDIUM_FILES=256  # 1-1.3 MiB each
DATA_SMALL_FILES=2000  # 4-67 KiB each
DATA_IMAGE_SIZE=3G     # about 83% of it ends up file data

SECTIONS=(metadata data zero-test)
SELECTED=("${SECTIONS[@]}")

usage() {
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
}

select_sections() {  # select_sections LIST (comma-separated) -> SELECTED
    local want s known
    SELECTED=()
    IFS=, read -r -a want <<< "$1"
    for s in "${want[@]}"; do
        known=0
        [[ " ${SECTIONS[*]} " == *" $s "* ]] && known=1
        ((known)) || { echo "bench.sh: unknown section '$s' (known: ${SECTIONS[*]})" >&2; exit 2; }
        [[ " ${SELECTED[*]} " == *" $s "* ]] || SELECTED+=("$s")
    done
    ((${#SELECTED[@]})) || { echo "bench.sh: --only needs a section" >&2; exit 2; }
}
selected() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }

while (($#)); do
    case $1 in
        --rebuild) REBUILD=1 ;;
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --runs=*) RUNS=${1#--runs=} ;;
        --only) select_sections "${2:?--only needs a section}"; shift ;;
        --only=*) select_sections "${1#--only=}" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --runs must be a positive integer" >&2; exit 2; }

IMAGE=$BENCH_DIR/ext4-500k.img
INFO=$BENCH_DIR/ext4-500k.info
DATA_IMAGE=$BENCH_DIR/data-2g.img
DATA_INFO=$BENCH_DIR/data-2g.info
SCRATCH=$BENCH_DIR/scratch

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench.sh: error: %s\n' "$*" >&2; exit 1; }
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

info_get() {  # info_get KEY [INFO_FILE] -> value from $INFO (empty if absent)
    local file=${2:-$INFO}
    [[ -f $file ]] || return 0
    awk -F= -v k="$1" '$1 == k { sub(/^[^=]*=/, ""); print; exit }' "$file"
}

# --------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------
need_tools() {
    local t missing=()
    for t in mke2fs e2fsck dumpe2fs python3 awk; do
        command -v "$t" >/dev/null || missing+=("$t")
    done
    ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}"
    if [[ ! -x /usr/bin/time ]]; then
        log "GNU time not found; installing package 'time'"
        if ((EUID == 0)); then
            apt-get install -y -qq time >&2 || { apt-get update -qq >&2 && apt-get install -y -qq time >&2; }
        else
            sudo apt-get install -y -qq time >&2
        fi
        [[ -x /usr/bin/time ]] || die "/usr/bin/time still missing"
    fi
}

# --------------------------------------------------------------------------
# Test image
# --------------------------------------------------------------------------
MNT=""
TREE=""
cleanup() {
    if [[ -n $MNT ]] && mountpoint -q "$MNT" 2>/dev/null; then
        umount "$MNT" || true
    fi
    if [[ -n $MNT ]]; then rmdir "$MNT" 2>/dev/null || true; fi
    if [[ -n $TREE ]]; then rm -rf "$TREE"; fi
}
trap cleanup EXIT

# The source tree for mke2fs -d goes to tmpfs (/dev/shm) when it has room:
# creating, reading and removing 600k files there is several times faster.
tree_parent() {  # tree_parent [GIB_NEEDED (default 6)]
    local avail need=${1:-6}
    avail=$(df --output=avail -B1 /dev/shm 2>/dev/null | tail -n 1 || echo 0)
    if [[ -w /dev/shm && ${avail:-0} =~ ^[0-9]+$ ]] && ((avail >= need * 1024 ** 3)); then
        echo /dev/shm
    else
        echo "$SCRATCH"
    fi
}

generate_tree() {  # generate_tree DIR
    python3 - "$1" "$TREE_DIRS" "$TREE_FILES" "$MULTI_FILES" <<'PY'
import os, sys
root, ndirs, nfiles, nmulti = sys.argv[1], *map(int, sys.argv[2:5])
os.makedirs(root)
flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
for d in range(ndirs):
    name = "d%04d" % d
    os.mkdir(os.path.join(root, name))
    dfd = os.open(os.path.join(root, name), os.O_RDONLY | os.O_DIRECTORY)
    for i in range(nfiles):
        fd = os.open("f%04d" % i, flags, 0o644, dir_fd=dfd)
        os.write(fd, b"%d/%d\n" % (d, i))
        os.close(fd)
    os.close(dfd)
# Files of a few blocks (2-8 blocks, last one partial), non-zero content.
multi = os.path.join(root, "multi")
os.mkdir(multi)
chunk = bytes(range(1, 256)) * 300
for i in range(nmulti):
    size = (1 + i % 7) * 4096 + 123 + i % 1000
    with open(os.path.join(multi, "m%04d" % i), "wb") as f:
        f.write((chunk * (size // len(chunk) + 1))[:size])
PY
}

# loop_mount IMAGE CONSEQUENCE: mount IMAGE on $MNT. Returns 1 (after a
# visible SKIPPED line ending in CONSEQUENCE) when not root or the mount fails.
loop_mount() {
    local img=$1 what=$2
    if ((EUID != 0)); then
        log "SKIPPED: not root, cannot loop-mount; $what"
        return 1
    fi
    MNT=$(mktemp -d "$BENCH_DIR/mnt.XXXXXX")
    if ! mount -o loop,noinit_itable "$img" "$MNT"; then
        log "SKIPPED: loop mount failed; $what"
        rmdir "$MNT"; MNT=""
        return 1
    fi
}

loop_umount() {
    sync
    umount "$MNT"
    rmdir "$MNT"; MNT=""
}

# Loop-mount the image and add files whose unwritten extents lie (partly)
# beyond EOF. Returns 1 (after saying why) when it cannot be done.
add_prealloc_files() {  # add_prealloc_files IMAGE -> sets PREALLOC_DONE
    local img=$1 d i dir
    PREALLOC_DONE=0
    loop_mount "$img" "the image has no beyond-EOF files" || return 1
    for ((d = 0; d < PREALLOC_DIRS; d++)); do
        dir=$(printf '%s/prealloc/p%02d' "$MNT" "$d")
        mkdir -p "$dir"
        for ((i = 0; i < PREALLOC_FILES; i++)); do
            # util-linux 2.38: fallocate -n does not create the file
            : > "$dir/k$i"
            fallocate -n -l 64K "$dir/k$i"
        done
    done
    mkdir -p "$MNT/straddle"
    for ((i = 0; i < STRADDLE_FILES; i++)); do
        : > "$MNT/straddle/s$i"
        fallocate -n -l 64K "$MNT/straddle/s$i"
        truncate -s 10000 "$MNT/straddle/s$i"
    done
    loop_umount
    PREALLOC_DONE=1
}

inodes_in_use() {  # inodes_in_use IMAGE
    dumpe2fs -h "$1" 2>/dev/null | awk -F: '
        /^Inode count:/ { n = $2 + 0 }
        /^Free inodes:/ { f = $2 + 0 }
        END { print n - f }'
}

build_image() {
    local t0 t_tree t_mkfs t_mount t1 tmpimg used prealloc_n rm_pid
    mkdir -p "$BENCH_DIR"
    log "building test image $IMAGE (recipe $RECIPE_VERSION)"
    t0=$(now)
    rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"
    tmpimg=$SCRATCH/image.tmp
    TREE=$(mktemp -d "$(tree_parent)/e4scope-bench-tree.XXXXXX")
    generate_tree "$TREE/root"
    t_tree=$(now)
    log "tree: $((TREE_DIRS * TREE_FILES + MULTI_FILES)) files in $TREE in $(elapsed "$t0" "$t_tree") s"
    mke2fs -q -F -t ext4 -b 4096 -N "$IMAGE_INODES" -d "$TREE/root" "$tmpimg" "$IMAGE_SIZE" >&2
    t_mkfs=$(now)
    log "mke2fs -d: $(elapsed "$t_tree" "$t_mkfs") s"
    rm -rf "$TREE" &   # removing 600k files takes a while; overlap it
    rm_pid=$!
    if add_prealloc_files "$tmpimg"; then
        prealloc_n=$((PREALLOC_DIRS * PREALLOC_FILES + STRADDLE_FILES))
        t_mount=$(now)
        log "loop mount: $prealloc_n fallocate --keep-size files in $(elapsed "$t_mkfs" "$t_mount") s"
    else
        prealloc_n=0
    fi
    wait "$rm_pid"
    TREE=""
    mv -f "$tmpimg" "$IMAGE"
    rm -rf "$SCRATCH"
    t1=$(now)
    used=$(inodes_in_use "$IMAGE")
    {
        echo "recipe=$RECIPE_VERSION"
        echo "built=$(date -Is)"
        echo "build_s=$(elapsed "$t0" "$t1")"
        echo "inodes_in_use=$used"
        echo "beyond_eof_files=$prealloc_n"
        echo "straddling_files=$(( prealloc_n > 0 ? STRADDLE_FILES : 0 ))"
    } > "$INFO"
    log "image built in $(elapsed "$t0" "$t1") s: $used inodes in use"
}

ensure_image() {
    if ((REBUILD)) || [[ ! -f $IMAGE || ! -f $INFO ]]; then
        build_image
    elif [[ $(info_get recipe) != "$RECIPE_VERSION" ]]; then
        log "cached image is from recipe '$(info_get recipe)', want $RECIPE_VERSION: rebuilding"
        build_image
    else
        log "using cached image $IMAGE (built $(info_get built); --rebuild to redo)"
    fi
}

# --------------------------------------------------------------------------
# Data test image (data-2g.img): mostly file data, a few zero-filled runs
# --------------------------------------------------------------------------
# Files with non-zero data from a repeated 1 MiB pattern (bytes 1..255, one
# pattern per file), so mke2fs -d copies every block and the zero test of
# each block stops at its first word.
generate_data_tree() {  # generate_data_tree DIR
    python3 - "$1" "$DATA_BIG_FILES" "$DATA_MEDIUM_FILES" "$DATA_SMALL_FILES" <<'PY'
import os, sys
root, nbig, nmedium, nsmall = sys.argv[1], *map(int, sys.argv[2:5])
MiB = 1 << 20
def pattern(seed):
    return bytes((i * 131 + seed * 17) % 255 + 1 for i in range(4096)) * 256
def write(path, size, seed):
    p = pattern(seed % 255)
    with open(path, "wb") as f:
        while size > 0:
            n = min(size, MiB)
            f.write(p if n == MiB else p[:n])
            size -= n
total = 0
for sub, count, size in (
    ("big", nbig, lambda i: 128 * MiB + 1000 * i),
    ("medium", nmedium, lambda i: MiB + 4096 * (i % 64) + 77 * i),
    ("small", nsmall, lambda i: 4096 * (1 + i % 16) + i % 3000),
):
    os.makedirs(os.path.join(root, sub))
    for i in range(count):
        write(os.path.join(root, sub, "%s%04d" % (sub[0], i)), size(i), i)
        total += size(i)
print(total)
PY
}

# Files with zero-filled runs, written as real data through a loop mount
# (mke2fs -d would turn all-zero blocks into holes). One python script:
#   write DIR    writes the files, prints the number of zero runs
#   expect IMAGE prints the zeroed_written findings to expect: a run that
#                spans two extents (not physically contiguous) is two findings;
#                the extents come from `debugfs -R 'ex PATH'`
zeroed_files_py() {
    python3 - "$@" <<'PY'
import os, re, subprocess, sys
mode, target = sys.argv[1], sys.argv[2]
B, MiB = 4096, 1 << 20
# name, size in bytes, zero runs as (first block, blocks); the EOF block of a
# file whose size is not a multiple of B counts only up to the size.
specs = [
    ("one-mib-run", 16 * MiB, [(1024, 256)]),
    ("three-runs", 4 * MiB, [(1, 1), (100, 10), (1023, 1)]),
    ("all-zero", 8 * MiB, [(0, 2048)]),
    ("zero-tail", 10000, [(2, 1)]),
    ("across-8mib", 24 * MiB, [(1792, 512)]),
    ("every-16th", MiB, [(b, 1) for b in range(15, 256, 16)]),
]
if mode == "write":
    os.makedirs(target)
    fill = bytes((i * 7) % 255 + 1 for i in range(B))
    for name, size, zeros in specs:
        data = bytearray(fill * ((size + B - 1) // B))
        for first, count in zeros:
            data[first * B:(first + count) * B] = bytes(count * B)
        with open(os.path.join(target, name), "wb") as f:
            f.write(data[:size])
    print(sum(len(z) for _, _, z in specs))
else:
    leaf = re.compile(r"^\s*(\d+)/\s*(\d+)\s+\d+/\s*\d+\s+(\d+)\s+-\s+(\d+)\s+(\d+)\s+-\s+(\d+)")
    pieces = 0
    for name, size, zeros in specs:
        out = subprocess.run(["debugfs", "-R", "ex /zeroed/" + name, target],
                             capture_output=True, text=True, check=True).stdout
        extents = []  # (logical first, logical last, physical first), contiguous merged
        for line in out.splitlines():
            m = leaf.match(line)
            if not m or m.group(1) != m.group(2):
                continue
            l0, l1, p0 = int(m.group(3)), int(m.group(4)), int(m.group(5))
            if extents and extents[-1][1] + 1 == l0 and \
                    extents[-1][2] + (l0 - extents[-1][0]) == p0:
                extents[-1] = (extents[-1][0], l1, extents[-1][2])
            else:
                extents.append((l0, l1, p0))
        for first, count in zeros:
            last = first + count - 1
            pieces += sum(1 for l0, l1, _ in extents if l0 <= last and first <= l1)
    print(pieces)
PY
}

# Adds the zero-filled files to the data image. Sets ZEROED_RUNS (runs
# written) and ZEROED_EXPECT (zeroed_written findings to expect).
add_zeroed_files() {  # add_zeroed_files IMAGE
    ZEROED_RUNS=0; ZEROED_EXPECT=0
    loop_mount "$1" "the data image has no zero-filled files and the scan will find nothing" || return 1
    ZEROED_RUNS=$(zeroed_files_py write "$MNT/zeroed") || { ZEROED_RUNS=0; loop_umount; return 1; }
    loop_umount
    ZEROED_EXPECT=$(zeroed_files_py expect "$1")
}

build_data_image() {
    local t0 t_tree t_mkfs t1 tmpimg data_bytes
    mkdir -p "$BENCH_DIR"
    log "building data image $DATA_IMAGE (data recipe $DATA_RECIPE_VERSION)"
    t0=$(now)
    rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"
    tmpimg=$SCRATCH/data-image.tmp
    TREE=$(mktemp -d "$(tree_parent 3)/e4scope-bench-data.XXXXXX")
    data_bytes=$(generate_data_tree "$TREE/root")
    t_tree=$(now)
    log "data tree: $((DATA_BIG_FILES + DATA_MEDIUM_FILES + DATA_SMALL_FILES)) files, $data_bytes bytes in $TREE in $(elapsed "$t0" "$t_tree") s"
    mke2fs -q -F -t ext4 -b 4096 -d "$TREE/root" "$tmpimg" "$DATA_IMAGE_SIZE" >&2
    t_mkfs=$(now)
    log "mke2fs -d: $(elapsed "$t_tree" "$t_mkfs") s"
    rm -rf "$TREE"; TREE=""
    add_zeroed_files "$tmpimg" || true
    if ((ZEROED_RUNS)); then
        log "loop mount: files with $ZEROED_RUNS zero-filled runs ($ZEROED_EXPECT pieces, one per extent) in $(elapsed "$t_mkfs" "$(now)") s"
    fi
    mv -f "$tmpimg" "$DATA_IMAGE"
    rm -rf "$SCRATCH"
    t1=$(now)
    {
        echo "recipe=$DATA_RECIPE_VERSION"
        echo "built=$(date -Is)"
        echo "build_s=$(elapsed "$t0" "$t1")"
        echo "nonzero_file_bytes=$data_bytes"
        echo "zeroed_runs=$ZEROED_RUNS"
        echo "zeroed_findings=$ZEROED_EXPECT"
    } > "$DATA_INFO"
    log "data image built in $(elapsed "$t0" "$t1") s"
}

ensure_data_image() {
    if ((REBUILD)) || [[ ! -f $DATA_IMAGE || ! -f $DATA_INFO ]]; then
        build_data_image
    elif [[ $(info_get recipe "$DATA_INFO") != "$DATA_RECIPE_VERSION" ]]; then
        log "cached data image is from recipe '$(info_get recipe "$DATA_INFO")', want $DATA_RECIPE_VERSION: rebuilding"
        build_data_image
    else
        log "using cached data image $DATA_IMAGE (built $(info_get built "$DATA_INFO"); --rebuild to redo)"
    fi
}

# --------------------------------------------------------------------------
# The tool
# --------------------------------------------------------------------------
ensure_tool() {
    if [[ -n ${E4SCOPE:-} ]]; then
        log "using E4SCOPE=$E4SCOPE (not building)"
    else
        [[ -f $REPO_ROOT/Package.swift ]] || die "no Package.swift in $REPO_ROOT (set E4SCOPE=/path/to/e4scope)"
        command -v swift >/dev/null || die "swift not found (set E4SCOPE=/path/to/e4scope)"
        log "swift build -c release (in $REPO_ROOT)"
        (cd "$REPO_ROOT" && swift build -c release >&2) || die "swift build -c release failed"
        E4SCOPE=$REPO_ROOT/.build/release/e4scope
    fi
    [[ -x $E4SCOPE ]] || die "not executable: $E4SCOPE"
}

# --------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------
ROW_LABELS=()         # in table order
declare -A ROW_CMD ROW_WALL ROW_RSS ROW_ALL ROW_RC ROW_SECTION ROW_BYTES
# Per section: its title, the lines before its table, the baseline row, how
# rows compare (wall: wall-time ratio; throughput: bytes/s ratio), its own
# table (sections that do not use measure) and its notes.
SECTIONS_RUN=()
declare -A SEC_TITLE SEC_LINES SEC_BASE SEC_COMPARE SEC_TABLE SEC_NOTES
SECTION=""
begin_section() {  # begin_section NAME TITLE
    SECTION=$1
    SECTIONS_RUN+=("$1")
    SEC_TITLE[$1]=$2
    SEC_LINES[$1]=""; SEC_NOTES[$1]=""; SEC_TABLE[$1]=""
    SEC_BASE[$1]=""; SEC_COMPARE[$1]=wall
}
add_line() { SEC_LINES[$SECTION]+="$*"$'\n'; }   # a line above the table
add_note() { SEC_NOTES[$SECTION]+="$*"$'\n'; }   # a note below the table

# measure LABEL OK_CODES CMD... : one untimed warm-up run under GNU time
# (peak RSS), then RUNS timed runs (stdout to /dev/null) with nothing in
# between: wall time is EPOCHREALTIME around the bare command (µs resolution).
# OK_CODES is a comma list of accepted exit codes.
measure() {
    local label=$1 ok=$2; shift 2
    local i rc t0 t1 tf ef walls=() rcs=()
    tf=$(mktemp); ef=$(mktemp)
    ROW_CMD[$label]="$*"
    log "measuring: $*"
    for ((i = 0; i <= RUNS; i++)); do
        rc=0
        if ((i == 0)); then
            /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$ef" || rc=$?
        else
            t0=$EPOCHREALTIME
            "$@" >/dev/null 2>"$ef" || rc=$?
            t1=$EPOCHREALTIME
        fi
        if [[ ,$ok, != *,$rc,* ]]; then
            cat "$ef" >&2; cat "$tf" >&2
            rm -f "$tf" "$ef"
            die "'$*' exited with status $rc (accepted: $ok)"
        fi
        ((i == 0)) && continue   # warm-up and RSS run
        walls+=("$(elapsed "$t0" "$t1")")
        rcs+=("$rc")
    done
    ROW_RSS[$label]=$(tail -n 1 "$tf" | awk '{ print $2 }')
    rm -f "$tf" "$ef"
    ROW_LABELS+=("$label")
    ROW_SECTION[$label]=$SECTION
    ROW_ALL[$label]="${walls[*]}"
    ROW_RC[$label]=$(printf '%s\n' "${rcs[@]}" | sort -u | paste -sd, -)
    ROW_WALL[$label]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '
        { v[NR] = $1 }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m }')
}

ratio() {  # ratio LABEL BASELINE_LABEL: wall-time ratio
    awk -v a="${ROW_WALL[$1]}" -v b="${ROW_WALL[$2]}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'
}

throughput() {  # throughput LABEL -> GB/s (10^9 bytes/s): ROW_BYTES / median wall
    awk -v n="${ROW_BYTES[$1]:-0}" -v t="${ROW_WALL[$1]}" 'BEGIN { if (t > 0) printf "%.2f", n / t / 1e9; else print "n/a" }'
}

throughput_ratio() {  # throughput_ratio LABEL BASELINE_LABEL
    awk -v a="${ROW_BYTES[$1]:-0}" -v ta="${ROW_WALL[$1]}" -v b="${ROW_BYTES[$2]:-0}" -v tb="${ROW_WALL[$2]}" '
        BEGIN { if (ta > 0 && b > 0 && tb > 0) printf "%.3f", (a / ta) / (b / tb); else print "n/a" }'
}

rss_mib() { awk -v k="${ROW_RSS[$1]}" 'BEGIN { printf "%.1f", k / 1024 }'; }

rss_check() {  # rss_check LABEL -> "PASS (20.9 MiB)" against the 128 MiB target
    awk -v k="${ROW_RSS[$1]}" 'BEGIN { printf "%s (%.1f MiB)", (k <= 128 * 1024) ? "PASS" : "FAIL", k / 1024 }'
}

image_line() {  # image_line IMAGE INFO
    echo "image: \`$1\`: $(inodes_in_use "$1") inodes in use; $(du -h --apparent-size "$1" | cut -f1) apparent, $(du -h "$1" | cut -f1) allocated; built $(info_get built "$2") in $(info_get build_s "$2") s"
}

summary_field() {  # summary_field NDJSON FIELD -> the field of the summary line
    if command -v jq >/dev/null; then
        jq -r "select(type == \"object\" and .type == \"summary\") | .$2 // empty" "$1" 2>/dev/null | tail -n 1
    else
        grep '"type": *"summary"' "$1" | tail -n 1 | sed -n "s/.*\"${2##*.}\": *\([0-9.e+-]*\).*/\1/p"
    fi
}

# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------
# Metadata scan: e4scope scan --checks beyond-eof vs e2fsck -fn
# (target: e4scope wall <= 0.25 x e2fsck wall).
bench_metadata() {
    local out findings summary expect
    begin_section metadata 'Metadata scan (`scan --checks beyond-eof`) against `e2fsck -fn`'
    SEC_BASE[metadata]="e2fsck -fn"
    add_line "$(image_line "$IMAGE" "$INFO")"
    log "warming page cache: cat $IMAGE > /dev/null"
    cat "$IMAGE" > /dev/null
    # e2fsck -n: 0 = clean, 4 = errors left uncorrected (reported, not fatal)
    measure "e2fsck -fn" 0,4 e2fsck -fn "$IMAGE"
    if [[ ${ROW_RC["e2fsck -fn"]} != 0 ]]; then
        add_note "WARNING: e2fsck -fn exited ${ROW_RC["e2fsck -fn"]}: the image is not clean"
    fi
    # e4scope scan: 0 = no findings, 4 = findings reported
    measure "e4scope scan beyond-eof" 0,4 \
        "$E4SCOPE" scan --checks beyond-eof --format ndjson --no-progress "$IMAGE"

    # Findings: one more (untimed) run with the output kept.
    out=$BENCH_DIR/scan-beyond-eof.ndjson
    "$E4SCOPE" scan --checks beyond-eof --format ndjson --no-progress "$IMAGE" > "$out" || true
    if command -v jq >/dev/null && findings=$(jq -n '[inputs | select(type == "object" and .type == "finding")] | length' "$out" 2>/dev/null); then
        summary=$(jq -c 'select(type == "object" and .type == "summary") | .findings' "$out" 2>/dev/null || true)
    else
        findings=$(grep -c '"type": *"finding"' "$out" || true)
        summary=""
    fi
    if [[ $(info_get beyond_eof_files) == 0 ]]; then
        expect="expected 0: the loop-mount part was skipped, the image has no beyond-EOF files"
    else
        expect="expected about $(info_get beyond_eof_files): files made with fallocate --keep-size, $(info_get straddling_files) of them straddling EOF"
    fi
    add_note "e4scope findings (beyond-eof): ${findings:-0} ($expect)${summary:+; summary.findings: $summary}; output of the untimed run: $out"
    add_note "ratio target: e4scope scan beyond-eof wall <= 0.25 x e2fsck -fn: $(awk -v r="$(ratio "e4scope scan beyond-eof" "e2fsck -fn")" 'BEGIN { print (r <= 0.25) ? "PASS" : "FAIL" }') ($(ratio "e4scope scan beyond-eof" "e2fsck -fn"))"
    add_note "peak RSS target (DESIGN.md §8, stated for a 1M-inode image): <= 128 MiB: $(rss_check "e4scope scan beyond-eof")"
}

# Data scan: e4scope scan --checks zeroed vs cat IMAGE > /dev/null
# (target: e4scope bytes/s >= 0.9 x cat bytes/s; peak RSS <= 128 MiB).
bench_data() {
    local out bytes_read elapsed zeroed findings expect r verdict apparent
    begin_section data 'Data scan (`scan --checks zeroed`) against `cat IMAGE > /dev/null`'
    SEC_BASE[data]="cat"
    SEC_COMPARE[data]=throughput
    add_line "$(image_line "$DATA_IMAGE" "$DATA_INFO"); $(info_get nonzero_file_bytes "$DATA_INFO") bytes of non-zero file data, $(info_get zeroed_runs "$DATA_INFO") zero-filled runs written through a loop mount"
    log "warming page cache: cat $DATA_IMAGE > /dev/null"
    cat "$DATA_IMAGE" > /dev/null
    # measure sends stdout to /dev/null: this is `cat IMAGE > /dev/null`.
    measure "cat" 0 cat "$DATA_IMAGE"
    ROW_CMD[cat]="cat $DATA_IMAGE > /dev/null"
    apparent=$(stat -c %s "$DATA_IMAGE")
    ROW_BYTES[cat]=$apparent
    # e4scope scan: 0 = no findings, 4 = findings reported
    measure "e4scope scan zeroed" 0,4 \
        "$E4SCOPE" scan --checks zeroed --format ndjson --no-progress "$DATA_IMAGE"

    # bytes_read and findings: one more (untimed) run with the output kept.
    out=$BENCH_DIR/scan-zeroed.ndjson
    "$E4SCOPE" scan --checks zeroed --format ndjson --no-progress "$DATA_IMAGE" > "$out" || true
    bytes_read=$(summary_field "$out" bytes_read)
    elapsed=$(summary_field "$out" elapsed_s)
    zeroed=$(summary_field "$out" findings.zeroed_written)
    if command -v jq >/dev/null; then
        findings=$(jq -c 'select(type == "object" and .type == "summary") | .findings' "$out" 2>/dev/null || true)
    else
        findings=""
    fi
    [[ ${bytes_read:-} =~ ^[0-9]+$ ]] || die "no bytes_read in the summary line of $out"
    ROW_BYTES["e4scope scan zeroed"]=$bytes_read

    r=$(throughput_ratio "e4scope scan zeroed" cat)
    verdict=$(awk -v r="$r" 'BEGIN { print (r >= 0.9) ? "PASS" : "FAIL" }')
    add_note "cat: $apparent bytes (image apparent size) / ${ROW_WALL[cat]} s = $(throughput cat) GB/s"
    add_note "e4scope: $bytes_read bytes_read (summary of the untimed run, which reported elapsed_s $elapsed) / ${ROW_WALL["e4scope scan zeroed"]} s = $(throughput "e4scope scan zeroed") GB/s"
    add_note "throughput target: e4scope scan zeroed bytes/s >= 0.9 x cat IMAGE bytes/s: $verdict ($r)"
    add_note "peak RSS target: <= 128 MiB: $(rss_check "e4scope scan zeroed")"
    if [[ $(info_get zeroed_runs "$DATA_INFO") == 0 ]]; then
        expect="expected 0: the loop-mount part was skipped, the image has no zero-filled files"
    else
        expect="expected $(info_get zeroed_findings "$DATA_INFO"): $(info_get zeroed_runs "$DATA_INFO") zero-filled runs written, one finding per extent a run lies in"
    fi
    add_note "e4scope findings (zeroed_written): ${zeroed:-0} ($expect)${findings:+; summary.findings: $findings}; output of the untimed run: $out"
}

# Zero test: ZeroTest.isZero (the tool's source file, compiled in) vs memcmp
# against a zero page, over 4 KiB blocks of all-zero buffers.
bench_zero_test() {
    local src=$REPO_ROOT/Sources/Ext4/ZeroTest.swift bin=$BENCH_DIR/zero-test out cmd line
    begin_section zero-test 'Zero test: `ZeroTest.isZero` against `memcmp` (bench/zero-test.swift)'
    [[ -f $src ]] || die "zero-test: $src not found"
    command -v swiftc >/dev/null || die "zero-test: swiftc not found"
    mkdir -p "$BENCH_DIR"
    cmd="swiftc -O -wmo -parse-as-library $src $SCRIPT_DIR/zero-test.swift -o $bin"
    log "compiling: $cmd"
    swiftc -O -wmo -parse-as-library "$src" "$SCRIPT_DIR/zero-test.swift" -o "$bin" >&2 \
        || die "zero-test: swiftc failed"
    log "running: $bin"
    out=$("$bin") || die "zero-test: $bin failed"
    add_line "build: \`$cmd\` (whole-module optimized, as \`swift build -c release\`); run: \`$bin\`"
    add_line "single thread; all-zero buffers, 4 KiB blocks (every byte examined: the worst case); best of 5 repetitions"
    SEC_TABLE[zero-test]="| method | buffer | GB/s | best s | bytes per repetition |"$'\n'"|---|---|---|---|---|"$'\n'
    SEC_TABLE[zero-test]+=$(awk '$1 == "zero-test" && $2 ~ /^method=/ {
            for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            split(v["buffer"], b, "MiBx")
            printf "| `%s` | %s MiB, %s pass%s | %s | %s | %s |\n", v["method"], b[1], b[2], (b[2] == 1) ? "" : "es", v["gbps"], v["best_s"], v["bytes"]
        }' <<< "$out")
    while IFS= read -r line; do
        if [[ $line == "zero-test faster "* ]]; then add_note "${line#zero-test }"; fi
    done <<< "$out"
}

# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------
report() {
    local sec label base r cmp
    echo
    echo "## e4scope benchmark"
    echo
    echo "- command: \`$INVOCATION\` (BENCH_DIR=$BENCH_DIR, RUNS=$RUNS, E4SCOPE=${E4SCOPE:-not used})"
    echo "- sections: ${SELECTED[*]}"
    echo "- date: $(date -Is)"
    echo "- host: $(uname -srm), nproc $(nproc), $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo); load average at start $LOAD_AT_START (other work on the host skews the times)"
    echo "- e2fsck: $(e2fsck -V 2>&1 | head -n 1)"
    echo "- swift: $(swift --version 2>&1 | head -n 1 || echo 'not found')"
    if selected metadata || selected data; then
        echo "- page cache warmed with \`cat IMAGE > /dev/null\`; each command: 1 warm-up run under GNU time (peak RSS) + $RUNS bare timed runs (median wall time)"
    fi
    for sec in "${SECTIONS_RUN[@]}"; do
        echo
        echo "### ${SEC_TITLE[$sec]}"
        echo
        if [[ -n ${SEC_LINES[$sec]} ]]; then
            printf '%s' "${SEC_LINES[$sec]}" | sed 's/^/- /'
            echo
        fi
        base=${SEC_BASE[$sec]}
        cmp=${SEC_COMPARE[$sec]}
        if [[ -n ${SEC_TABLE[$sec]} ]]; then
            printf '%s\n' "${SEC_TABLE[$sec]}"
        elif [[ $cmp == throughput ]]; then
            echo "| command | median wall s | runs (s) | peak RSS MiB | bytes | GB/s | ratio e4scope/$base (throughput) |"
            echo "|---|---|---|---|---|---|---|"
        else
            echo "| command | median wall s | runs (s) | peak RSS MiB | ratio e4scope/$base |"
            echo "|---|---|---|---|---|"
        fi
        for label in "${ROW_LABELS[@]}"; do
            [[ ${ROW_SECTION[$label]} == "$sec" ]] || continue
            if [[ $label == "$base" ]]; then r="1 (baseline)"
            elif [[ $cmp == throughput ]]; then r=$(throughput_ratio "$label" "$base")
            else r=$(ratio "$label" "$base"); fi
            if [[ $cmp == throughput ]]; then
                printf '| `%s` | %s | %s | %s | %s | %s | %s |\n' "${ROW_CMD[$label]}" "${ROW_WALL[$label]}" \
                    "${ROW_ALL[$label]}" "$(rss_mib "$label")" "${ROW_BYTES[$label]}" "$(throughput "$label")" "$r"
            else
                printf '| `%s` | %s | %s | %s | %s |\n' "${ROW_CMD[$label]}" "${ROW_WALL[$label]}" \
                    "${ROW_ALL[$label]}" "$(rss_mib "$label")" "$r"
            fi
        done
        if [[ -n ${SEC_NOTES[$sec]} ]]; then
            echo
            printf '%s' "${SEC_NOTES[$sec]}" | sed 's/^/- /'
        fi
    done
}

main() {
    local s
    LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
    need_tools
    if selected metadata; then ensure_image; fi
    if selected data; then ensure_data_image; fi
    if selected metadata || selected data; then ensure_tool; fi
    for s in "${SELECTED[@]}"; do "bench_${s//-/_}"; done
    report
}

main
