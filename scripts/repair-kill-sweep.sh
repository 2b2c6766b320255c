#!/bin/sh
# Kills a repair with SIGKILL before its N-th write (strace fault injection on
# pwrite64, the call libext2fs, its undo manager and e4scope write with), for
# every N from FIRST to LAST (default: every write point of a full run), and
# checks each killed image: the next repair refuses it, and e2undo restores
# the original byte for byte (or, when the kill came before any image write,
# the image is unchanged and any undo file left is a valid one). A kill in
# the window between the undo file's superblock copy and the image's
# superblock write makes e2undo ask for -f (counted as needed_f); then every
# byte but the primary superblock's must be the original's.
#
# usage: repair-kill-sweep.sh E4SCOPE IMAGE WORKDIR [FIRST [LAST [STEP]]] -- REPAIR ARGS...
# Prints one line per N and a totals line:
#   write_points=P kills=K refused=R restored=U unchanged=C needed_f=F bad=B
# (B, the killed images that fail a check, must be 0).
set -u
e4scope=$1 image=$2 work=$3
shift 3
first=1 last=0 step=1
[ "$1" != "--" ] && { first=$1; shift; }
[ "$1" != "--" ] && { last=$1; shift; }
[ "$1" != "--" ] && { step=$1; shift; }
shift
mkdir -p "$work"
orig=$(sha256sum "$image" | cut -d' ' -f1)
offset_sb=1024
# Count the write points of a whole run on a copy.
cp "$image" "$work/count.img"
strace -f -qq -o "$work/count.trace" -e trace=pwrite64 \
  "$e4scope" "$@" -y --undo "$work/count.undo" "$work/count.img" >/dev/null 2>&1
points=$(grep -c 'pwrite64(' "$work/count.trace")
rm -f "$work/count.img" "$work/count.undo" "$work/count.trace"
[ "$last" -eq 0 ] && last=$points
kills=0 refused=0 restored=0 unchanged=0 needed_f=0 bad=0
n=$first
while [ "$n" -le "$last" ]; do
  img="$work/k.img" undo="$work/k.undo"
  rm -f "$undo" "$work"/.k.img.e4scope-repair
  cp "$image" "$img"
  strace -f -qq -o /dev/null -e trace=pwrite64 -e inject=pwrite64:signal=SIGKILL:when=$n \
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
    if "$e4scope" "$@" -n "$img" >/dev/null 2>&1; [ $? -eq 8 ]; then
      refused=$((refused + 1))
    else
      outcome=not-refused
    fi
    if e2undo "$undo" "$img" >/dev/null 2>&1; then
      if [ "$(sha256sum "$img" | cut -d' ' -f1)" = "$orig" ]; then
        restored=$((restored + 1))
      else
        outcome="$outcome,not-restored"
      fi
    elif e2undo -f "$undo" "$img" >/dev/null 2>&1; then
      # Killed between the undo file's superblock copy and the image's
      # superblock write: e2undo -f restores every block, then marks the
      # superblock for a check; all other bytes must be the original's.
      needed_f=$((needed_f + 1))
      if cmp -s -n "$offset_sb" "$img" "$image" && cmp -s -i "$((offset_sb + 1024))" "$img" "$image"; then
        restored=$((restored + 1))
      else
        outcome="$outcome,not-restored"
      fi
    else
      outcome="$outcome,undo-refused"
    fi
  fi
  [ "$outcome" != ok ] && bad=$((bad + 1))
  echo "n=$n status=$status $outcome"
  n=$((n + step))
done
echo "write_points=$points kills=$kills refused=$refused restored=$restored unchanged=$unchanged needed_f=$needed_f bad=$bad"
