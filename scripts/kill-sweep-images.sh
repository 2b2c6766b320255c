#!/bin/sh
# Builds the images of the full kill sweep (TESTING.md) as root, through a
# loop mount: IMAGE, 16 MiB with 1 KiB blocks, 30 files holding two zeroed
# runs each, 30 files of 2000 bytes with 3 KiB preallocated beyond EOF whose
# blocks hold random bytes (not on ext2, which cannot preallocate), and a
# user xattr on every fifth file.
#
# usage: kill-sweep-images.sh IMAGE MKE2FS-ARGS...   (e.g. -t ext4)
set -eu
img=$1
shift
mke2fs -q -F -b 1024 -E lazy_itable_init=0 "$@" "$img" 16M
mnt=$(mktemp -d)
mount -o loop "$img" "$mnt"
for i in $(seq 1 30); do
  {
    head -c 1024 /dev/urandom; head -c 2048 /dev/zero; head -c 1024 /dev/urandom
    head -c 2048 /dev/zero; head -c 2048 /dev/urandom
  } > "$mnt/z$i"
  head -c 2000 /dev/urandom > "$mnt/p$i"
  fallocate -n -o 2048 -l 3072 "$mnt/p$i" 2>/dev/null || true
  if [ $((i % 5)) -eq 0 ]; then
    setfattr -n user.note -v "file $i" "$mnt/z$i"
    setfattr -n user.note -v "file $i" "$mnt/p$i"
  fi
done
umount "$mnt"
rmdir "$mnt"
# Random bytes in the preallocated blocks, on disk.
for i in $(seq 1 30); do
  for l in 2 3 4; do
    b=$(debugfs -R "bmap /p$i $l" "$img" 2>/dev/null | cut -d' ' -f1)
    if [ "${b:-0}" -gt 0 ]; then
      dd if=/dev/urandom of="$img" bs=1024 seek="$b" count=1 conv=notrunc status=none
    fi
  done
done
