#!/usr/bin/env bash
# e4scope benchmark: times `e4scope scan` against `e2fsck -fn` on the same
# large ext4 image in the same run (DESIGN.md §8 performance targets).
#
# Usage: bench/bench.sh [--rebuild] [--runs N] [--help]
#
# Environment:
#   BENCH_DIR  work dir holding the cached test image (default /var/tmp/e4scope-bench)
#   E4SCOPE    e4scope binary to time; when set, the package is not built
#   RUNS       timed runs per command (default 11; --runs overrides)
#
# Sections: each benchmark section is a function `bench_<name>` that calls
# `measure` for its commands and `add_note` for extra lines, and is listed in
# SECTIONS below. Only the metadata scan exists now.
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

SECTIONS=(bench_metadata)

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
}

while (($#)); do
    case $1 in
        --rebuild) REBUILD=1 ;;
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --runs=*) RUNS=${1#--runs=} ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --runs must be a positive integer" >&2; exit 2; }

IMAGE=$BENCH_DIR/ext4-500k.img
INFO=$BENCH_DIR/ext4-500k.info
SCRATCH=$BENCH_DIR/scratch

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench.sh: error: %s\n' "$*" >&2; exit 1; }
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

info_get() {  # info_get KEY -> value from $INFO (empty if absent)
    [[ -f $INFO ]] || return 0
    awk -F= -v k="$1" '$1 == k { sub(/^[^=]*=/, ""); print; exit }' "$INFO"
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
tree_parent() {
    local avail
    avail=$(df --output=avail -B1 /dev/shm 2>/dev/null | tail -n 1 || echo 0)
    if [[ -w /dev/shm && ${avail:-0} =~ ^[0-9]+$ ]] && ((avail >= 6 * 1024 ** 3)); then
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

# Loop-mount the image and add files whose unwritten extents lie (partly)
# beyond EOF. Returns 1 (after saying why) when it cannot be done.
add_prealloc_files() {  # add_prealloc_files IMAGE -> sets PREALLOC_DONE
    local img=$1 d i dir
    PREALLOC_DONE=0
    if ((EUID != 0)); then
        log "SKIPPED: not root, cannot loop-mount; the image has no beyond-EOF files"
        return 1
    fi
    MNT=$(mktemp -d "$BENCH_DIR/mnt.XXXXXX")
    if ! mount -o loop,noinit_itable "$img" "$MNT"; then
        log "SKIPPED: loop mount failed; the image has no beyond-EOF files"
        rmdir "$MNT"; MNT=""
        return 1
    fi
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
    sync
    umount "$MNT"
    rmdir "$MNT"; MNT=""
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
declare -A ROW_CMD ROW_WALL ROW_RSS ROW_ALL ROW_RC
NOTES=()
add_note() { NOTES+=("$*"); }

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
    ROW_ALL[$label]="${walls[*]}"
    ROW_RC[$label]=$(printf '%s\n' "${rcs[@]}" | sort -u | paste -sd, -)
    ROW_WALL[$label]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '
        { v[NR] = $1 }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m }')
}

ratio() {  # ratio LABEL BASELINE_LABEL
    awk -v a="${ROW_WALL[$1]}" -v b="${ROW_WALL[$2]}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'
}

# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------
# Metadata scan: e4scope scan --checks beyond-eof vs e2fsck -fn
# (target: e4scope wall <= 0.25 x e2fsck wall).
bench_metadata() {
    local out findings summary expect
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
    add_note "ratio target (DESIGN.md §8): e4scope scan beyond-eof wall <= 0.25 x e2fsck -fn: $(awk -v r="$(ratio "e4scope scan beyond-eof" "e2fsck -fn")" 'BEGIN { print (r <= 0.25) ? "PASS" : "FAIL" }') ($(ratio "e4scope scan beyond-eof" "e2fsck -fn"))"
}

# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------
report() {
    local label base="e2fsck -fn" r
    echo
    echo "## e4scope benchmark"
    echo
    echo "- command: \`$INVOCATION\` (BENCH_DIR=$BENCH_DIR, RUNS=$RUNS, E4SCOPE=$E4SCOPE)"
    echo "- date: $(date -Is)"
    echo "- host: $(uname -srm), nproc $(nproc), $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
    echo "- e2fsck: $(e2fsck -V 2>&1 | head -n 1)"
    echo "- swift: $(swift --version 2>&1 | head -n 1 || echo 'not found')"
    echo "- image: \`$IMAGE\`: $(inodes_in_use "$IMAGE") inodes in use; $(du -h --apparent-size "$IMAGE" | cut -f1) apparent, $(du -h "$IMAGE" | cut -f1) allocated; built $(info_get built) in $(info_get build_s) s"
    echo "- page cache warmed with \`cat IMAGE > /dev/null\`; each command: 1 warm-up run under GNU time (peak RSS) + $RUNS bare timed runs (median wall time)"
    echo
    echo "| command | median wall s | runs (s) | peak RSS MiB | ratio e4scope/e2fsck |"
    echo "|---|---|---|---|---|"
    for label in "${ROW_LABELS[@]}"; do
        if [[ $label == "$base" ]]; then r="1 (baseline)"; else r=$(ratio "$label" "$base"); fi
        printf '| `%s` | %s | %s | %s | %s |\n' "${ROW_CMD[$label]}" "${ROW_WALL[$label]}" \
            "${ROW_ALL[$label]}" "$(awk -v k="${ROW_RSS[$label]}" 'BEGIN { printf "%.1f", k / 1024 }')" "$r"
    done
    echo
    for r in "${NOTES[@]}"; do echo "- $r"; done
}

main() {
    need_tools
    ensure_image
    ensure_tool
    log "warming page cache: cat $IMAGE > /dev/null"
    cat "$IMAGE" > /dev/null
    local s
    for s in "${SECTIONS[@]}"; do "$s"; done
    report
}

main
