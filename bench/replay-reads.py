#!/usr/bin/env python3
"""Replays the pread64 calls of one descriptor from an `strace -f -e
trace=pread64` log against an image, on one thread with no other work, and
prints the wall time: the I/O floor of that read pattern. With --sorted the
reads go in offset order; with --coalesce N forward gaps of at most N bytes
are read through (reads up to --max-read bytes); with --willneed B the image
is posix_fadvise(WILLNEED)-ed B bytes ahead of each read.

Drop the page cache first for a cold figure:

    sync; echo 3 > /proc/sys/vm/drop_caches
    bench/replay-reads.py /tmp/st.txt IMAGE --fd 3 --only-size 4096 --sorted --coalesce 32768
"""
import argparse
import os
import re
import time

CALL = re.compile(r"^(?:\d+\s+)?pread64\((\d+), .*, (\d+), (\d+)\)\s+=\s+(-?\d+)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("log")
    ap.add_argument("image")
    ap.add_argument("--fd", type=int, required=True, help="the descriptor whose reads to replay")
    ap.add_argument("--only-size", type=int, help="replay only reads of this size")
    ap.add_argument("--sorted", action="store_true")
    ap.add_argument("--coalesce", type=int, default=-1, help="read through forward gaps up to N bytes")
    ap.add_argument("--max-read", type=int, default=8 << 20)
    ap.add_argument("--willneed", type=int, default=0, help="fadvise WILLNEED this many bytes ahead")
    args = ap.parse_args()

    reads = []
    with open(args.log) as f:
        for line in f:
            m = CALL.match(line)
            if m and int(m.group(1)) == args.fd:
                count, offset = int(m.group(2)), int(m.group(3))
                if args.only_size is None or count == args.only_size:
                    reads.append((offset, count))
    if args.sorted:
        reads.sort()
    if args.coalesce >= 0:
        merged = []
        for offset, count in reads:
            if merged:
                o, c = merged[-1]
                if o + c <= offset <= o + c + args.coalesce and offset + count - o <= args.max_read:
                    merged[-1] = (o, offset + count - o)
                    continue
            merged.append((offset, count))
        reads = merged

    fd = os.open(args.image, os.O_RDONLY)
    buf = bytearray(max((c for _, c in reads), default=0))
    view = memoryview(buf)
    advised = 0
    total = 0
    start = time.monotonic()
    for offset, count in reads:
        if args.willneed and offset + count > advised:
            end = offset + count + args.willneed
            os.posix_fadvise(fd, max(offset, advised), end - max(offset, advised), os.POSIX_FADV_WILLNEED)
            advised = end
        total += os.preadv(fd, [view[:count]], offset)
    wall = time.monotonic() - start
    os.close(fd)
    print("replayed %d reads, %d bytes, in %.3f s" % (len(reads), total, wall))


if __name__ == "__main__":
    main()
