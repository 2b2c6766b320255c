#!/usr/bin/env bash
# e4scope benchmark: checks the performance targets, each
# against its baseline on the same image in the same run, warm and cold cache.
#
# Usage: bench/bench.sh [--only SECTION[,SECTION...]] [--rebuild] [--runs N]
#                       [--cold-runs N] [--help]
#
# Sections (default: metadata, data, zero-test, smallfiles, in this order):
#   metadata       e4scope scan --checks beyond-eof vs e2fsck -fn (ext4-500k.img)
#   data           e4scope scan --checks zeroed vs cat IMAGE (data-2g.img)
#   zero-test      ZeroTest.isZero vs memcmp micro-benchmark (bench/zero-test.swift)
#   smallfiles     1M inodes, log-normal small files: scan (with and without
#                  paths) vs e2fsck -fn, scan --checks zeroed vs cat, on
#                  --threads 1 and 2 (smallfiles-1m.img, 8 GiB sparse)
#   smallfiles-4m  the same metadata scans on 4M inodes (smallfiles-4m.img,
#                  32 GiB sparse, about 28 GiB on disk); only with --only
#
# Cold-cache runs (root only): `sync; echo 3 > /proc/sys/vm/drop_caches`
# before each run of each command, tool and baseline alike.
#
# Environment:
#   BENCH_DIR  work dir holding the cached test images (default /var/tmp/e4scope-bench)
#   E4SCOPE    e4scope binary to time; when set, the package is not built
#   RUNS       warm timed runs per command (default 11; --runs overrides)
#   COLD_RUNS  cold timed runs per command (default 3; --cold-runs overrides)
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
COLD_RUNS=${COLD_RUNS:-3}
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

# Small-files image recipe (smallfiles-1m.img, smallfiles-4m.img), versioned
# separately. Sizes are log-normal (median 1000 bytes, sigma 1.8, capped at
# 64 MiB: mean about 4.6 KB, a few files over 1 MiB) and 8% of files are
# empty; directories hold 1-99 files. At 4 KiB blocks a 7 KB mean would need
# about 9.3 GiB for 1M files, over the 8 GiB image; this one fills about 7 GiB.
SMALL_RECIPE_VERSION=1
SMALL_MEDIAN=1000      # bytes
SMALL_SIGMA=1.8
SMALL_EMPTY=0.08       # fraction of empty files
SMALL_CAP=$((64 << 20))
SMALL_ZERO_EVERY=2000  # every Nth file of >= 3 blocks gets a zero-filled run
SMALL_PREALLOC=3000    # per 1M: fallocate --keep-size 64 KiB files, 10% straddling EOF
SMALL_WORKERS=2        # generator processes writing through the loop mount

SECTIONS=(metadata data zero-test smallfiles smallfiles-4m)
SELECTED=(metadata data zero-test smallfiles)

usage() {
    sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
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
        --cold-runs) COLD_RUNS=${2:?--cold-runs needs a number}; shift ;;
        --cold-runs=*) COLD_RUNS=${1#--cold-runs=} ;;
        --only) select_sections "${2:?--only needs a section}"; shift ;;
        --only=*) select_sections "${1#--only=}" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --runs must be a positive integer" >&2; exit 2; }
[[ $COLD_RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --cold-runs must be a positive integer" >&2; exit 2; }

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
# Small-files images (smallfiles-1m.img, smallfiles-4m.img): many small files
# --------------------------------------------------------------------------
# Written through a loop mount by SMALL_WORKERS python processes, each taking
# every SMALL_WORKERS-th directory. For 100k files this took 2.6 s plus 3.0 s
# of sync, against 3.1 s (tree on tmpfs) + 5.6 s (mke2fs -d) the other way;
# and the mount is needed anyway for the fallocate and zero-filled files
# (mke2fs -d would make zero blocks holes), and a 4M-inode tree does not fit
# in tmpfs. Prints key=value lines: files, dirs, bytes, empty, big (> 1 MiB),
# max, zeroed_runs, prealloc, straddling.
generate_small_files() {  # generate_small_files ROOT FILES PREALLOC
    python3 - "$1" "$2" "$3" "$SMALL_ZERO_EVERY" "$SMALL_WORKERS" \
        "$SMALL_MEDIAN" "$SMALL_SIGMA" "$SMALL_EMPTY" "$SMALL_CAP" <<'PY'
import ctypes, math, os, random, sys
root = sys.argv[1]
nfiles, nprealloc, zero_every, workers = map(int, sys.argv[2:6])
median, sigma, empty, cap = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8]), int(sys.argv[9])
B, MiB, SEED = 4096, 1 << 20, 1
FALLOC_FL_KEEP_SIZE = 1
libc = ctypes.CDLL(None, use_errno=True)
libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]

# Directories of 1-99 files, 100 of them per top-level directory.
rng = random.Random(SEED)
dirs, left = [], nfiles
while left > 0:
    n = min(left, rng.randint(1, 99))
    dirs.append(n)
    left -= n
first = [0]
for n in dirs:
    first.append(first[-1] + n)
fill = memoryview(bytes((i * 131) % 255 + 1 for i in range(4 * MiB)))
zero = memoryview(bytes(4 * MiB))

def write_file(fd, size, zero_run):
    off = 0
    while off < size:
        n = min(size - off, len(fill))
        os.write(fd, fill[:n])
        off += n
    if zero_run:  # whole blocks of zeros, written as data
        z0, zn = zero_run
        os.pwrite(fd, zero[:zn * B], z0 * B)

def worker(w):
    st = dict(bytes=0, empty=0, big=0, max=0, zeroed_runs=0)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for d in range(w, len(dirs), workers):
        path = os.path.join(root, "t%03d" % (d // 100), "d%05d" % d)
        os.makedirs(path, exist_ok=True)
        dfd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        r = random.Random(SEED * 1000003 + d)
        for i in range(first[d], first[d + 1]):
            size = 0 if r.random() < empty else min(int(r.lognormvariate(math.log(median), sigma)), cap)
            blocks = (size + B - 1) // B
            zero_run = None
            if i % zero_every == 0 and blocks >= 3:
                zero_run = (1, min(blocks - 2, 1 + i % 8))
                st["zeroed_runs"] += 1
            fd = os.open("f%07d" % i, flags, 0o644, dir_fd=dfd)
            write_file(fd, size, zero_run)
            os.close(fd)
            st["bytes"] += size
            st["empty"] += size == 0
            st["big"] += size > MiB
            st["max"] = max(st["max"], size)
        os.close(dfd)
    return st

children = []
for w in range(workers):
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        code = 1
        try:
            os.write(wfd, repr(worker(w)).encode())
            code = 0
        except BaseException as e:
            print("small-files generator, worker %d: %s" % (w, e), file=sys.stderr)
        os._exit(code)
    os.close(wfd)
    children.append((pid, rfd))
total = dict(bytes=0, empty=0, big=0, max=0, zeroed_runs=0)
failed = False
for pid, rfd in children:
    out = b""
    while chunk := os.read(rfd, 65536):
        out += chunk
    os.close(rfd)
    if os.waitpid(pid, 0)[1] != 0 or not out:
        failed = True
        continue
    for k, v in eval(out.decode()).items():
        total[k] = max(total[k], v) if k == "max" else total[k] + v
if failed:
    sys.exit(1)

# Size 0 with 64 KiB unwritten beyond EOF; every 10th then truncated to
# 10000 bytes, so its one unwritten extent straddles EOF.
straddling = 0
if nprealloc:
    pre = os.path.join(root, "prealloc")
    os.mkdir(pre)
    for i in range(nprealloc):
        fd = os.open(os.path.join(pre, "k%05d" % i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        if libc.fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 64 * 1024) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "fallocate --keep-size: " + os.strerror(e))
        if i % 10 == 0:
            os.ftruncate(fd, 10000)
            straddling += 1
        os.close(fd)
print("files=%d" % nfiles)
print("dirs=%d" % (len(dirs) + (len(dirs) + 99) // 100 + (1 if nprealloc else 0)))
for k, v in total.items():
    print("%s=%d" % (k, v))
print("prealloc=%d" % nprealloc)
print("straddling=%d" % straddling)
PY
}

# small_scale 1m|4m: sets SMALL_IMAGE, SMALL_INFO and the recipe figures.
small_scale() {
    case $1 in
        1m) SMALL_FILES=980000;  SMALL_INODES=1100000; SMALL_SIZE=8G;  SMALL_NPREALLOC=$SMALL_PREALLOC ;;
        4m) SMALL_FILES=3920000; SMALL_INODES=4400000; SMALL_SIZE=32G; SMALL_NPREALLOC=$((4 * SMALL_PREALLOC)) ;;
        *) die "small_scale: unknown scale '$1'" ;;
    esac
    SMALL_IMAGE=$BENCH_DIR/smallfiles-$1.img
    SMALL_INFO=$BENCH_DIR/smallfiles-$1.info
}

build_small_image() {  # build_small_image SCALE
    local t0 t_mkfs t_gen t1 tmpimg stats
    small_scale "$1"
    ((EUID == 0)) || die "the small-files image is written through a loop mount: run as root"
    mkdir -p "$BENCH_DIR"
    log "building small-files image $SMALL_IMAGE (small recipe $SMALL_RECIPE_VERSION): $SMALL_FILES files"
    t0=$(now)
    rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"
    tmpimg=$SCRATCH/small-image.tmp
    mke2fs -q -F -t ext4 -b 4096 -m 0 -N "$SMALL_INODES" "$tmpimg" "$SMALL_SIZE" >&2
    t_mkfs=$(now)
    loop_mount "$tmpimg" "cannot build the small-files image" || die "loop mount of $tmpimg failed"
    stats=$(generate_small_files "$MNT" "$SMALL_FILES" "$SMALL_NPREALLOC") \
        || { loop_umount; die "small-files generator failed"; }
    t_gen=$(now)
    log "wrote $SMALL_FILES files through the loop mount in $(elapsed "$t_mkfs" "$t_gen") s; sync + umount"
    loop_umount
    mv -f "$tmpimg" "$SMALL_IMAGE"
    rm -rf "$SCRATCH"
    t1=$(now)
    log "sync + umount: $(elapsed "$t_gen" "$t1") s"
    {
        echo "recipe=$SMALL_RECIPE_VERSION"
        echo "built=$(date -Is)"
        echo "build_s=$(elapsed "$t0" "$t1")"
        echo "$stats"
        echo "inodes_in_use=$(inodes_in_use "$SMALL_IMAGE")"
    } > "$SMALL_INFO"
    log "small-files image built in $(elapsed "$t0" "$t1") s: $(info_get inodes_in_use "$SMALL_INFO") inodes in use"
}

ensure_small_image() {  # ensure_small_image SCALE
    small_scale "$1"
    if ((REBUILD)) || [[ ! -f $SMALL_IMAGE || ! -f $SMALL_INFO ]]; then
        build_small_image "$1"
    elif [[ $(info_get recipe "$SMALL_INFO") != "$SMALL_RECIPE_VERSION" ]]; then
        log "cached small-files image is from recipe '$(info_get recipe "$SMALL_INFO")', want $SMALL_RECIPE_VERSION: rebuilding"
        build_small_image "$1"
    else
        log "using cached small-files image $SMALL_IMAGE (built $(info_get built "$SMALL_INFO"); --rebuild to redo)"
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
declare -A ROW_CMD ROW_WALL ROW_RSS ROW_ALL ROW_RC ROW_SECTION ROW_BYTES ROW_CACHE ROW_RUNS ROW_RCS
# Per section: its title, the lines before its table, the baseline row, how
# rows compare (wall: wall-time ratio; throughput: bytes/s ratio), its own
# table (sections that do not use measure) and its notes.
SECTIONS_RUN=()
declare -A SEC_TITLE SEC_LINES SEC_BASE SEC_BASE_TITLE SEC_COMPARE SEC_TABLE SEC_NOTES
SECTION=""
begin_section() {  # begin_section NAME TITLE
    SECTION=$1
    SECTIONS_RUN+=("$1")
    SEC_TITLE[$1]=$2
    SEC_LINES[$1]=""; SEC_NOTES[$1]=""; SEC_TABLE[$1]=""
    SEC_BASE[$1]=""; SEC_BASE_TITLE[$1]=""; SEC_COMPARE[$1]=wall
}
add_line() { SEC_LINES[$SECTION]+="$*"$'\n'; }   # a line above the table
add_note() { SEC_NOTES[$SECTION]+="$*"$'\n'; }   # a note below the table

# measure [--cold] LABEL OK_CODES CMD... : OK_CODES is a comma list of
# accepted exit codes.
#   warm:   one untimed warm-up run under GNU time (peak RSS), then RUNS timed
#           runs (stdout to /dev/null) with nothing in between: wall time is
#           EPOCHREALTIME around the bare command (µs resolution).
#   --cold: queues the row for cold_rounds, which runs every queued command
#           once per round, in turn, for COLD_RUNS rounds, each run after
#           `sync; echo 3 > drop_caches` and under GNU time (peak RSS: the
#           largest); the wall time then includes GNU time's fork and exec
#           (about 1 ms). Taking tool and baseline in turn keeps their ratio
#           fair on a disk whose speed drifts. Without root the row is not
#           measured: returns 1 after noting "cold: skipped (not root)" once.
measure() {
    local cold=0
    if [[ $1 == --cold ]]; then cold=1; shift; fi
    local label=$1 ok=$2; shift 2
    if ((cold)); then
        if ((EUID != 0)); then
            [[ ${SEC_NOTES[$SECTION]} == *"cold: skipped"* ]] || add_note "cold: skipped (not root)"
            return 1
        fi
        queue_cold "$label (cold)" "$ok" "$@"
        return 0
    fi
    local i rc t0 t1 tf ef rss=0
    ROW_CMD[$label]="$*"
    ROW_RUNS[$label]=""; ROW_RCS[$label]=""
    tf=$(mktemp); ef=$(mktemp)
    log "measuring: $*"
    for ((i = 0; i <= RUNS; i++)); do
        rc=0
        if ((i == 0)); then
            /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$ef" || rc=$?
            rss=$(tail -n 1 "$tf" | awk '{ print $2 }')
        else
            t0=$EPOCHREALTIME
            "$@" >/dev/null 2>"$ef" || rc=$?
            t1=$EPOCHREALTIME
        fi
        check_rc "$rc" "$ok" "$tf" "$ef" "$@"
        ((i == 0)) && continue   # warm-up and RSS run
        ROW_RUNS[$label]+=" $(elapsed "$t0" "$t1")"
        ROW_RCS[$label]+=" $rc"
    done
    rm -f "$tf" "$ef"
    ROW_RSS[$label]=$rss
    record_row "$label" warm
}

check_rc() {  # check_rc RC OK_CODES TIME_FILE ERR_FILE CMD...: dies unless RC is accepted
    local rc=$1 ok=$2 tf=$3 ef=$4; shift 4
    [[ ,$ok, == *,$rc,* ]] && return 0
    cat "$ef" >&2; cat "$tf" >&2
    rm -f "$tf" "$ef"
    die "'$*' exited with status $rc (accepted: $ok)"
}

# The cold rows waiting for cold_rounds: labels, accepted codes, commands.
COLD_QUEUE=()
declare -A COLD_OK
queue_cold() {  # queue_cold LABEL OK_CODES CMD...
    local label=$1 n=${#COLD_QUEUE[@]}
    COLD_QUEUE+=("$label")
    COLD_OK[$label]=$2
    shift 2
    declare -g -a "COLD_ARGV_$n"
    local -n argv="COLD_ARGV_$n"
    argv=("$@")
    ROW_CMD[$label]="sync; echo 3 > /proc/sys/vm/drop_caches; $*"
    ROW_RUNS[$label]=""; ROW_RCS[$label]=""; ROW_RSS[$label]=0
}

# cold_rounds: runs the queued cold rows (see measure --cold) and empties the queue.
cold_rounds() {
    local r n label rc t0 t1 tf ef
    ((${#COLD_QUEUE[@]})) || return 0
    tf=$(mktemp); ef=$(mktemp)
    for ((r = 1; r <= COLD_RUNS; r++)); do
        for n in "${!COLD_QUEUE[@]}"; do
            label=${COLD_QUEUE[n]}
            local -n argv="COLD_ARGV_$n"
            log "measuring (cold, round $r of $COLD_RUNS): ${argv[*]}"
            rc=0
            drop_caches
            t0=$EPOCHREALTIME
            /usr/bin/time -f '%e %M' -o "$tf" "${argv[@]}" >/dev/null 2>"$ef" || rc=$?
            t1=$EPOCHREALTIME
            check_rc "$rc" "${COLD_OK[$label]}" "$tf" "$ef" "${argv[@]}"
            ROW_RSS[$label]=$(tail -n 1 "$tf" | awk -v m="${ROW_RSS[$label]}" '{ print ($2 > m) ? $2 : m }')
            ROW_RUNS[$label]+=" $(elapsed "$t0" "$t1")"
            ROW_RCS[$label]+=" $rc"
            unset -n argv
        done
    done
    rm -f "$tf" "$ef"
    for label in "${COLD_QUEUE[@]}"; do record_row "$label" cold; done
    COLD_QUEUE=()
}

record_row() {  # record_row LABEL warm|cold: files the row's runs (ROW_RUNS, ROW_RCS) in the table
    local label=$1 walls
    read -r -a walls <<< "${ROW_RUNS[$label]}"
    ROW_LABELS+=("$label")
    ROW_SECTION[$label]=$SECTION
    ROW_CACHE[$label]=$2
    ROW_ALL[$label]="${walls[*]}"
    ROW_RC[$label]=$(tr ' ' '\n' <<< "${ROW_RCS[$label]}" | sed '/^$/d' | sort -u | paste -sd, -)
    ROW_WALL[$label]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '
        { v[NR] = $1 }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m }')
}

# measure_both LABEL OK_CODES CMD...: the warm row, then (root only) the cold row.
measure_both() {
    measure "$@"
    measure --cold "$@" && cold_rounds
}

drop_caches() {
    sync
    echo 3 > /proc/sys/vm/drop_caches
}

cache_resident() {  # cache_resident FILE -> bytes of FILE in the page cache (fincore)
    if command -v fincore >/dev/null; then
        fincore -b -n -o RES "$1" 2>/dev/null | awk '{ printf "%.0f\n", $1 }'
    else
        echo "n/a"
    fi
}

# cache_politeness IMAGE: a data scan's effect on the page cache, with and
# without --keep-cache: drop caches, read 1 GiB of IMAGE (the cache that was
# there before), fincore, scan --checks zeroed, fincore (root only).
cache_politeness() {
    local image=$1 flag before after
    for flag in "" --keep-cache; do
        drop_caches
        dd if="$image" of=/dev/null bs=1M skip=2048 count=1024 status=none
        before=$(cache_resident "$image")
        "$E4SCOPE" scan --checks zeroed $flag --format ndjson --no-progress "$image" > /dev/null || true
        after=$(cache_resident "$image")
        add_note "page cache (fincore -b), \`dd bs=1M skip=2048 count=1024\` then \`e4scope scan --checks zeroed${flag:+ $flag}\`: $before bytes resident before, $after after ($(( (after - before) / 1048576 )) MiB new)"
    done
}

cache_resident_after() {  # cache_resident_after CMD FILE: drop caches, run CMD FILE, then cache_resident FILE
    drop_caches
    "$1" "$2" > /dev/null
    cache_resident "$2"
}

# base_of LABEL: the row a row is compared with: its section's baseline,
# its cold row for a cold row.
base_of() {
    local base=${SEC_BASE[${ROW_SECTION[$1]}]}
    [[ ${ROW_CACHE[$1]} == cold ]] && base="$base (cold)"
    echo "$base"
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

rss_check() {  # rss_check LABEL [MIB] -> "PASS (20.9 MiB)" against the target (default 128 MiB)
    awk -v k="${ROW_RSS[$1]}" -v t="${2:-128}" 'BEGIN { printf "%s (%.1f MiB)", (k <= t * 1024) ? "PASS" : "FAIL", k / 1024 }'
}

# target_check VALUE OP LIMIT -> "PASS (VALUE)" or "FAIL (VALUE)"; OP is <= or >=
target_check() {
    awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
        if (v == "n/a" || v == "") { print "n/a"; exit }
        ok = (op == "<=") ? (v + 0 <= t + 0) : (v + 0 >= t + 0)
        printf "%s (%s)", ok ? "PASS" : "FAIL", v }'
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
    measure --cold "e2fsck -fn" 0,4 e2fsck -fn "$IMAGE" &&
        measure --cold "e4scope scan beyond-eof" 0,4 \
            "$E4SCOPE" scan --checks beyond-eof --format ndjson --no-progress "$IMAGE" &&
        cold_rounds

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
    if [[ -n ${ROW_WALL["e4scope scan beyond-eof (cold)"]:-} ]]; then
        add_note "cold: e4scope scan beyond-eof wall / e2fsck -fn wall = $(ratio "e4scope scan beyond-eof (cold)" "e2fsck -fn (cold)")"
    fi
    add_note "peak RSS target: <= 128 MiB: $(rss_check "e4scope scan beyond-eof")"
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
        "$E4SCOPE" scan --checks zeroed --keep-cache --format ndjson --no-progress "$DATA_IMAGE"
    if measure --cold "cat" 0 cat "$DATA_IMAGE"; then
        ROW_CMD["cat (cold)"]="sync; echo 3 > /proc/sys/vm/drop_caches; cat $DATA_IMAGE > /dev/null"
        ROW_BYTES["cat (cold)"]=$apparent
        drop_caches
        add_note "page cache (fincore): $(cache_resident "$DATA_IMAGE") bytes of $DATA_IMAGE resident right after drop_caches; $(cache_resident_after cat "$DATA_IMAGE") after one cold cat"
        measure --cold "e4scope scan zeroed" 0,4 \
            "$E4SCOPE" scan --checks zeroed --format ndjson --no-progress "$DATA_IMAGE"
        cold_rounds
        add_note "page cache (fincore) after the last cold e4scope scan zeroed: $(cache_resident "$DATA_IMAGE") bytes of $DATA_IMAGE"
    fi

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
    ROW_BYTES["e4scope scan zeroed (cold)"]=$bytes_read

    r=$(throughput_ratio "e4scope scan zeroed" cat)
    verdict=$(awk -v r="$r" 'BEGIN { print (r >= 0.9) ? "PASS" : "FAIL" }')
    add_note "cat: $apparent bytes (image apparent size) / ${ROW_WALL[cat]} s = $(throughput cat) GB/s"
    add_note "e4scope: $bytes_read bytes_read (summary of the untimed run, which reported elapsed_s $elapsed) / ${ROW_WALL["e4scope scan zeroed"]} s = $(throughput "e4scope scan zeroed") GB/s"
    add_note "throughput target: e4scope scan zeroed bytes/s >= 0.9 x cat IMAGE bytes/s: $verdict ($r)"
    if [[ -n ${ROW_WALL["e4scope scan zeroed (cold)"]:-} ]]; then
        add_note "cold: e4scope scan zeroed bytes/s / cat bytes/s = $(throughput_ratio "e4scope scan zeroed (cold)" "cat (cold)")"
    fi
    add_note "peak RSS target: <= 128 MiB: $(rss_check "e4scope scan zeroed")"
    if [[ $(info_get zeroed_runs "$DATA_INFO") == 0 ]]; then
        expect="expected 0: the loop-mount part was skipped, the image has no zero-filled files"
    else
        expect="expected $(info_get zeroed_findings "$DATA_INFO"): $(info_get zeroed_runs "$DATA_INFO") zero-filled runs written, one finding per extent a run lies in"
    fi
    add_note "e4scope findings (zeroed_written): ${zeroed:-0} ($expect)${findings:+; summary.findings: $findings}; output of the untimed run: $out"
}

# Small files, 1M (or 4M) inodes: the shape that does not flatter the tool.
# Metadata: e4scope scan (default checks, with paths) and scan --no-paths vs
# e2fsck -fn; targets e4scope <= 0.12 x e2fsck warm, <= 0.25 x cold. Data:
# scan --checks zeroed vs cat IMAGE, bytes/s from allocated bytes for cat;
# targets >= 1.2 x cat warm, >= 1.0 x cold. Peak RSS target 64 MiB. Each on
# --threads 1 and 2, warm and cold.
bench_small() {  # bench_small SCALE [metadata-only]
    local scale=$1 metadata_only=${2:-} p t sec alloc out counts label r notes=() data_sec
    small_scale "$scale"
    p="sf$scale"
    if [[ $scale == 1m ]]; then sec=smallfiles; else sec=smallfiles-$scale; fi
    begin_section "$sec" "Small files, $(info_get inodes_in_use "$SMALL_INFO") inodes: metadata scan against \`e2fsck -fn\`"
    SEC_BASE[$sec]="$p e2fsck -fn"
    SEC_BASE_TITLE[$sec]="e2fsck -fn"
    add_line "$(image_line "$SMALL_IMAGE" "$SMALL_INFO")"
    add_line "recipe $SMALL_RECIPE_VERSION: $(info_get files "$SMALL_INFO") files in $(info_get dirs "$SMALL_INFO") directories, $(info_get bytes "$SMALL_INFO") bytes (mean $(awk -v b="$(info_get bytes "$SMALL_INFO")" -v n="$(info_get files "$SMALL_INFO")" 'BEGIN { printf "%.0f", b / n }') bytes; log-normal, median $SMALL_MEDIAN, sigma $SMALL_SIGMA); $(info_get empty "$SMALL_INFO") empty, $(info_get big "$SMALL_INFO") over 1 MiB, largest $(info_get max "$SMALL_INFO"); $(info_get prealloc "$SMALL_INFO") fallocate --keep-size files ($(info_get straddling "$SMALL_INFO") straddling EOF); $(info_get zeroed_runs "$SMALL_INFO") zero-filled runs"
    if [[ -z $metadata_only ]]; then
        log "warming page cache: cat $SMALL_IMAGE > /dev/null"
        cat "$SMALL_IMAGE" > /dev/null
    else
        add_line "warm: the image is larger than the page cache can hold, so each command's warm-up run warms the metadata it reads"
    fi
    measure "$p e2fsck -fn" 0,4 e2fsck -fn "$SMALL_IMAGE"
    for t in 1 2; do
        measure "$p scan t$t" 0,4 "$E4SCOPE" scan --threads "$t" --format ndjson --no-progress "$SMALL_IMAGE"
        measure "$p scan no-paths t$t" 0,4 "$E4SCOPE" scan --no-paths --threads "$t" --format ndjson --no-progress "$SMALL_IMAGE"
    done
    if measure --cold "$p e2fsck -fn" 0,4 e2fsck -fn "$SMALL_IMAGE"; then
        for t in 1 2; do
            measure --cold "$p scan t$t" 0,4 "$E4SCOPE" scan --threads "$t" --format ndjson --no-progress "$SMALL_IMAGE"
            measure --cold "$p scan no-paths t$t" 0,4 "$E4SCOPE" scan --no-paths --threads "$t" --format ndjson --no-progress "$SMALL_IMAGE"
        done
        cold_rounds
    fi
    out=$BENCH_DIR/scan-$p.ndjson
    "$E4SCOPE" scan --format ndjson --no-progress "$SMALL_IMAGE" > "$out" || true
    counts=$(summary_field "$out" findings.unwritten_beyond_eof)
    add_note "e4scope findings (unwritten_beyond_eof): ${counts:-0} (expected $(info_get prealloc "$SMALL_INFO"), fallocate --keep-size files); output of an untimed run: $out"
    for label in "${ROW_LABELS[@]}"; do
        [[ ${ROW_SECTION[$label]} == "$sec" && $label != *e2fsck* ]] || continue
        r=$(ratio "$label" "$(base_of "$label")")
        if [[ ${ROW_CACHE[$label]} == cold ]]; then t=0.25; else t=0.12; fi
        add_note "target wall <= $t x e2fsck -fn (${ROW_CACHE[$label]}), \`${ROW_CMD[$label]#sync; echo 3 > /proc/sys/vm/drop_caches; }\`: $(target_check "$r" '<=' "$t"); peak RSS <= 64 MiB: $(rss_check "$label" 64)"
    done
    [[ -z $metadata_only ]] || { add_note "data scan not run at this scale: $metadata_only"; return 0; }

    data_sec="$sec-data"
    begin_section "$data_sec" "Small files, $(info_get inodes_in_use "$SMALL_INFO") inodes: data scan (\`scan --checks zeroed\`) against \`cat IMAGE > /dev/null\`"
    SEC_BASE[$data_sec]="$p cat"
    SEC_BASE_TITLE[$data_sec]="cat"
    SEC_COMPARE[$data_sec]=throughput
    alloc=$(du -B1 "$SMALL_IMAGE" | cut -f1)
    add_line "same image; cat's bytes/s counts the image's allocated bytes ($alloc, \`du -B1\`; apparent $(stat -c %s "$SMALL_IMAGE")); e4scope's counts the summary's bytes_read"
    out=$BENCH_DIR/scan-$p-zeroed.ndjson
    log "warming page cache: cat $SMALL_IMAGE > /dev/null"
    cat "$SMALL_IMAGE" > /dev/null
    measure "$p cat" 0 cat "$SMALL_IMAGE"
    ROW_CMD["$p cat"]="cat $SMALL_IMAGE > /dev/null"
    for t in 1 2; do
        measure "$p zeroed t$t" 0,4 "$E4SCOPE" scan --checks zeroed --keep-cache --threads "$t" --format ndjson --no-progress "$SMALL_IMAGE"
    done
    if measure --cold "$p cat" 0 cat "$SMALL_IMAGE"; then
        ROW_CMD["$p cat (cold)"]="sync; echo 3 > /proc/sys/vm/drop_caches; cat $SMALL_IMAGE > /dev/null"
        drop_caches
        add_note "page cache (fincore): $(cache_resident "$SMALL_IMAGE") bytes of $SMALL_IMAGE resident right after drop_caches; $(cache_resident_after cat "$SMALL_IMAGE") after one cold cat"
        for t in 1 2; do
            measure --cold "$p zeroed t$t" 0,4 "$E4SCOPE" scan --checks zeroed --threads "$t" --format ndjson --no-progress "$SMALL_IMAGE"
        done
        cold_rounds
        add_note "page cache (fincore): $(cache_resident "$SMALL_IMAGE") bytes resident after the last cold round (its last run \`scan --checks zeroed --threads 2\`)"
    fi
    if [[ $EUID -eq 0 ]]; then
        cache_politeness "$SMALL_IMAGE"
    fi
    "$E4SCOPE" scan --checks zeroed --format ndjson --no-progress "$SMALL_IMAGE" > "$out" || true
    counts=$(summary_field "$out" bytes_read)
    [[ ${counts:-} =~ ^[0-9]+$ ]] || die "no bytes_read in the summary line of $out"
    for label in "${ROW_LABELS[@]}"; do
        [[ ${ROW_SECTION[$label]} == "$data_sec" ]] || continue
        if [[ $label == *cat* ]]; then ROW_BYTES[$label]=$alloc; else ROW_BYTES[$label]=$counts; fi
    done
    add_note "e4scope findings (zeroed_written): $(summary_field "$out" findings.zeroed_written) ($(info_get zeroed_runs "$SMALL_INFO") zero-filled runs written, one finding per extent a run lies in); output of an untimed run: $out"
    for label in "${ROW_LABELS[@]}"; do
        [[ ${ROW_SECTION[$label]} == "$data_sec" && $label != *cat* ]] || continue
        r=$(throughput_ratio "$label" "$(base_of "$label")")
        if [[ ${ROW_CACHE[$label]} == cold ]]; then t=1.0; else t=1.2; fi
        add_note "target bytes/s >= $t x cat (${ROW_CACHE[$label]}), \`${ROW_CMD[$label]#sync; echo 3 > /proc/sys/vm/drop_caches; }\`: $(target_check "$r" '>=' "$t"); peak RSS <= 64 MiB: $(rss_check "$label" 64)"
    done
}

bench_smallfiles() { bench_small 1m; }
bench_smallfiles_4m() {
    bench_small 4m "the image (about 28 GiB allocated) does not fit the page cache, and its data scan is per byte like the 1M one"
}

# Zero test: ZeroTest.isZero (the tool's source file, compiled in) vs memcmp
# against a zero page, over 4 KiB blocks of all-zero buffers.
bench_zero_test() {
    local src=$REPO_ROOT/Sources/E4Scope/Data/ZeroTest.swift bin=$BENCH_DIR/zero-test out cmd line
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
    if selected metadata || selected data || selected smallfiles || selected smallfiles-4m; then
        echo "- warm: page cache warmed with \`cat IMAGE > /dev/null\`; each command: 1 warm-up run under GNU time (peak RSS) + $RUNS bare timed runs (median wall time)"
        if ((EUID == 0)); then
            echo "- cold: \`sync; echo 3 > /proc/sys/vm/drop_caches\` before each of $COLD_RUNS runs per command, each under GNU time (median wall time; peak RSS the largest)"
        else
            echo "- cold: skipped (not root)"
        fi
    fi
    for sec in "${SECTIONS_RUN[@]}"; do
        echo
        echo "### ${SEC_TITLE[$sec]}"
        echo
        if [[ -n ${SEC_LINES[$sec]} ]]; then
            printf '%s' "${SEC_LINES[$sec]}" | sed 's/^/- /'
            echo
        fi
        base=${SEC_BASE_TITLE[$sec]:-${SEC_BASE[$sec]}}   # the baseline's name in the header
        cmp=${SEC_COMPARE[$sec]}
        if [[ -n ${SEC_TABLE[$sec]} ]]; then
            printf '%s\n' "${SEC_TABLE[$sec]}"
        elif [[ $cmp == throughput ]]; then
            echo "| command | cache | median wall s | runs (s) | peak RSS MiB | bytes | GB/s | ratio e4scope/$base (throughput) |"
            echo "|---|---|---|---|---|---|---|---|"
        else
            echo "| command | cache | median wall s | runs (s) | peak RSS MiB | ratio e4scope/$base |"
            echo "|---|---|---|---|---|---|"
        fi
        for label in "${ROW_LABELS[@]}"; do
            [[ ${ROW_SECTION[$label]} == "$sec" ]] || continue
            base=$(base_of "$label")
            if [[ $label == "$base" ]]; then r="1 (baseline)"
            elif [[ $cmp == throughput ]]; then r=$(throughput_ratio "$label" "$base")
            else r=$(ratio "$label" "$base"); fi
            if [[ $cmp == throughput ]]; then
                printf '| `%s` | %s | %s | %s | %s | %s | %s | %s |\n' "${ROW_CMD[$label]}" "${ROW_CACHE[$label]}" \
                    "${ROW_WALL[$label]}" "${ROW_ALL[$label]}" "$(rss_mib "$label")" "${ROW_BYTES[$label]}" \
                    "$(throughput "$label")" "$r"
            else
                printf '| `%s` | %s | %s | %s | %s | %s |\n' "${ROW_CMD[$label]}" "${ROW_CACHE[$label]}" \
                    "${ROW_WALL[$label]}" "${ROW_ALL[$label]}" "$(rss_mib "$label")" "$r"
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
    if selected smallfiles; then ensure_small_image 1m; fi
    if selected smallfiles-4m; then ensure_small_image 4m; fi
    if selected metadata || selected data || selected smallfiles || selected smallfiles-4m; then ensure_tool; fi
    for s in "${SELECTED[@]}"; do "bench_${s//-/_}"; done
    report
}

main
