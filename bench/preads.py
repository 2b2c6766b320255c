#!/usr/bin/env python3
"""Summarizes the pread64 calls of an `strace -f -e trace=pread64` log, per
file descriptor: how many, their sizes, and their order (contiguous with the
previous read, forward with a gap, or backward).

    strace -f -qq -o /tmp/st.txt -e trace=pread64 \\
        .build/release/e4scope scan --no-progress IMAGE > /dev/null
    bench/preads.py /tmp/st.txt [--block 4096] [--coalesce 16384]

--coalesce N also counts the reads left if reads separated by a forward gap
of at most N bytes were merged (up to 8 MiB each), and the extra bytes read.
--dump FD prints FD's reads instead, one "offset count" line each (the input
of bench/read-modes.swift).
"""
import argparse
import collections
import re
import sys

CALL = re.compile(r"^(?:\d+\s+)?pread64\((\d+), .*, (\d+), (\d+)\)\s+=\s+(-?\d+)")


def parse(path):
    reads = collections.defaultdict(list)  # fd -> [(offset, count, returned)]
    with open(path) as f:
        for line in f:
            m = CALL.match(line)
            if m:
                fd, count, offset, ret = map(int, m.groups())
                reads[fd].append((offset, count, ret))
    return reads


def coalesced(reads, gap, limit=8 << 20):
    n, extra, cur = 0, 0, None
    for offset, count, _ in reads:
        if cur and cur[1] <= offset <= cur[1] + gap and offset + count - cur[0] <= limit:
            extra += offset - cur[1]
            cur[1] = offset + count
        else:
            n += 1
            cur = [offset, offset + count]
    return n, extra


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("log")
    ap.add_argument("--coalesce", type=int, action="append", default=[])
    ap.add_argument("--dump", type=int, metavar="FD")
    args = ap.parse_args()
    reads = parse(args.log)
    if not reads:
        sys.exit("no pread64 calls in " + args.log)
    if args.dump is not None:
        for offset, count, _ in reads.get(args.dump, []):
            print(offset, count)
        return
    for fd, rs in sorted(reads.items()):
        sizes = sorted(c for _, c, _ in rs)
        contiguous = sum(1 for a, b in zip(rs, rs[1:]) if b[0] == a[0] + a[1])
        backward = sum(1 for a, b in zip(rs, rs[1:]) if b[0] < a[0])
        gaps = sorted(b[0] - (a[0] + a[1]) for a, b in zip(rs, rs[1:]) if b[0] > a[0] + a[1])
        print("fd %d: %d preads, %d bytes returned; size median %d, mean %.0f; most common %s"
              % (fd, len(rs), sum(r for _, _, r in rs), sizes[len(sizes) // 2],
                 sum(sizes) / len(sizes), collections.Counter(sizes).most_common(5)))
        print("  order: %d contiguous with the previous read, %d forward with a gap (median gap %d bytes), %d backward"
              % (contiguous, len(gaps), gaps[len(gaps) // 2] if gaps else 0, backward))
        for gap in args.coalesce:
            n, extra = coalesced(rs, gap)
            print("  merging forward gaps <= %d bytes: %d reads, %d extra bytes" % (gap, n, extra))


if __name__ == "__main__":
    main()
