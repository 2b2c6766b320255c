#!/bin/sh
# Kills a repair with SIGKILL before its N-th write (strace fault injection on
# pwrite64, the call libext2fs's block writes, the undo manager's records and
# e4scope's files use; KILL_CALL=write instead kills before the N-th write(2),
# the call unix io's byte-range writes use, among them every image write the
# undo manager sends on after syncing its records), for
# every N from FIRST to LAST (default: every write point of a full run), and
# checks each killed image: the next repair refuses it (or, killed after the
# last image write, finds nothing to do: "finished"), and e2undo restores
# the original byte for byte (or, when the kill came before any image write,
# the image is unchanged and any undo file left is a valid one). A kill in
# the window between the undo file's superblock copy and the image's
# superblock write makes e2undo ask for -f (counted as needed_f); then every
# byte but the primary superblock's must be the original's.
#
# On an image with a journal, each killed image (not the e2undo copy) is
# then recovered: by a loop mount and unmount (as root, every LOOP_EVERY-th
# kill, default 4; LOOP_EVERY=0 never) or else by `e2fsck -p`. Then
# `e2fsck -fn` must call it clean, and every file's bytes (debugfs rdump)
# and extended attributes (debugfs ea_list) must be those of the image
# before the repair or those after a whole run: a file matching neither, or
# missing, is "mixed".
#
# usage: repair-kill-sweep.sh E4SCOPE IMAGE WORKDIR [FIRST [LAST [STEP]]] -- REPAIR ARGS...
# Prints one line per N and a totals line:
#   write_points=P kills=K refused=R finished=D restored=U unchanged=C needed_f=F
#   recovered=V loop_mounts=L clean=E changed_files=N mixed_files=M bad=B
# (B, the killed images that fail a check, and M must be 0; on a journaled
# image E must equal K - C; changed_files counts the files a whole run changes).
set -u
e4scope=$1 image=$2 work=$3
shift 3
first=1 last=0 step=1
[ "$1" != "--" ] && { first=$1; shift; }
[ "$1" != "--" ] && { last=$1; shift; }
[ "$1" != "--" ] && { step=$1; shift; }
shift
loop_every=${LOOP_EVERY:-4}
call=${KILL_CALL:-pwrite64}
mkdir -p "$work"
orig=$(sha256sum "$image" | cut -d' ' -f1)
offset_sb=1024
journaled=0
debugfs -R features "$image" 2>/dev/null | grep -qw has_journal && journaled=1
can_loop=0
[ "$(id -u)" -eq 0 ] && [ -e /dev/loop-control ] && [ "$loop_every" -gt 0 ] && can_loop=1

# state IMG OUT: one line per regular file: its path, the md5 of its bytes,
# its extended attributes (ea_list) and its extents (dump_extents), so a
# file whose bytes do not change (a trim) still tells before from after.
state() {
  rm -rf "$work/tree"
  mkdir "$work/tree"
  debugfs -R "rdump / $work/tree" "$1" >/dev/null 2>&1
  (cd "$work/tree" && find . -type f | sed 's|^\.||' | sort) > "$work/files"
  sed 's/.*/ea_list &\nex &/' "$work/files" > "$work/ea.cmds"
  debugfs -f "$work/ea.cmds" "$1" 2>/dev/null | awk '
    /^debugfs: (ea_list|ex) / {
      if ($3 != name && name != "") print name, attrs
      if ($3 != name) attrs = ""
      name = $3; attrs = attrs "|" $2 ":"; next
    }
    { attrs = attrs "|" $0 }
    END { if (name != "") print name, attrs }' | sort > "$work/xattrs"
  while read -r f; do
    echo "$f $(md5sum < "$work/tree$f" | cut -c1-32)"
  done < "$work/files" | join -a1 - "$work/xattrs" > "$2"
}

# Count the write points of a whole run on a copy; keep its result as the
# state after.
cp "$image" "$work/count.img"
strace -f -qq -o "$work/count.trace" -e trace="$call" \
  "$e4scope" "$@" -y --undo "$work/count.undo" "$work/count.img" >/dev/null 2>&1
points=$(grep -c "^[0-9]* *$call(" "$work/count.trace")
if [ "$journaled" -eq 1 ]; then
  state "$image" "$work/before.state"
  state "$work/count.img" "$work/after.state"
  changed=$(awk 'FNR == 1 { f++ } f == 1 { b[$1] = $0 } f == 2 && $0 != b[$1] { n++ }
    END { print n + 0 }' "$work/before.state" "$work/after.state")
fi
rm -f "$work/count.img" "$work/count.undo" "$work/count.trace"
[ "$last" -eq 0 ] && last=$points
kills=0 refused=0 restored=0 unchanged=0 needed_f=0 bad=0
finished=0 recovered=0 loop_mounts=0 clean=0 mixed=0 changed=${changed:-0}
n=$first
while [ "$n" -le "$last" ]; do
  img="$work/k.img" undo="$work/k.undo"
  rm -f "$undo" "$work"/.k.img.e4scope-repair
  cp "$image" "$img"
  strace -f -qq -o /dev/null -e trace="$call" -e inject="$call":signal=SIGKILL:when=$n \
    "$e4scope" "$@" -y --undo "$undo" "$img" >/dev/null 2>&1
  status=$?
  if [ "$status" -ne 137 ]; then
    # The N-th write was past the last one: the repair finished.
    echo "n=$n status=$status completed"
    n=$((n + step))
    continue
  fi
  kills=$((kills + 1))
  outcome=ok
  if [ "$(sha256sum "$img" | cut -d' ' -f1)" = "$orig" ]; then
    unchanged=$((unchanged + 1))
    if [ -e "$undo" ] && ! e2undo -n "$undo" "$img" >/dev/null 2>&1; then
      if e2undo -n -f "$undo" "$img" >/dev/null 2>&1; then
        needed_f=$((needed_f + 1))
      else
        outcome=stray-undo
      fi
    fi
  else
    "$e4scope" "$@" -n "$img" >/dev/null 2>&1
    next=$?
    if [ "$next" -eq 8 ]; then
      refused=$((refused + 1))
    elif [ "$next" -eq 0 ] && [ ! -e "$work/.k.img.e4scope-repair" ]; then
      # Killed after its last image write (printing): nothing is left to do.
      finished=$((finished + 1))
    else
      outcome=not-refused
    fi
    # e2undo on a copy; the killed image itself is recovered below.
    cp "$img" "$work/u.img"
    if e2undo "$undo" "$work/u.img" >/dev/null 2>&1; then
      if [ "$(sha256sum "$work/u.img" | cut -d' ' -f1)" = "$orig" ]; then
        restored=$((restored + 1))
      else
        outcome="$outcome,not-restored"
      fi
    elif e2undo -f "$undo" "$work/u.img" >/dev/null 2>&1; then
      # Killed between the undo file's superblock copy and the image's
      # superblock write: e2undo -f restores every block, then marks the
      # superblock for a check; all other bytes must be the original's.
      needed_f=$((needed_f + 1))
      if cmp -s -n "$offset_sb" "$work/u.img" "$image" \
        && cmp -s -i "$((offset_sb + 1024))" "$work/u.img" "$image"; then
        restored=$((restored + 1))
      else
        outcome="$outcome,not-restored"
      fi
    else
      outcome="$outcome,undo-refused"
    fi
    if [ "$journaled" -eq 1 ]; then
      how=e2fsck
      mkdir -p "$work/mnt"
      if [ "$can_loop" -eq 1 ] && [ $((kills % loop_every)) -eq 0 ] \
        && mount -t ext4 -o loop "$img" "$work/mnt" 2>/dev/null; then
        umount "$work/mnt" && how=mount && loop_mounts=$((loop_mounts + 1))
      fi
      if [ "$how" = e2fsck ]; then
        e2fsck -p "$img" >/dev/null 2>&1
        [ $? -le 1 ] || outcome="$outcome,e2fsck-p-failed"
      fi
      recovered=$((recovered + 1))
      if e2fsck -fn "$img" >/dev/null 2>&1; then
        clean=$((clean + 1))
      else
        outcome="$outcome,not-clean"
      fi
      state "$img" "$work/now.state"
      m=$(awk 'FNR == 1 { f++ }
        f == 1 { b[$1] = $0 } f == 2 { a[$1] = $0 }
        f == 3 { seen[$1] = 1; if ($0 != b[$1] && $0 != a[$1]) n++ }
        END { for (p in b) if (!(p in seen)) n++; print n + 0 }' \
        "$work/before.state" "$work/after.state" "$work/now.state")
      mixed=$((mixed + m))
      [ "$m" -eq 0 ] || outcome="$outcome,mixed=$m"
      outcome="$outcome($how)"
    fi
  fi
  case "$outcome" in ok | "ok(e2fsck)" | "ok(mount)") ;; *) bad=$((bad + 1)) ;; esac
  echo "n=$n status=$status $outcome"
  n=$((n + step))
done
echo "write_points=$points kills=$kills refused=$refused finished=$finished restored=$restored unchanged=$unchanged" \
  "needed_f=$needed_f recovered=$recovered loop_mounts=$loop_mounts clean=$clean" \
  "changed_files=$changed mixed_files=$mixed bad=$bad"
