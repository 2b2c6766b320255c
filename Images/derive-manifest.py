#!/usr/bin/env python3
"""Derive the expected e4scope findings of sample images from e2fsprogs' own tools.

Usage: derive-manifest.py [--readme README.md] OUT_MANIFEST SPEC.json [SPEC.json ...]

With --readme, the per-image tables between the <!-- generated:FILE --> and
<!-- end generated:FILE --> markers of README.md are rewritten from the manifest.

Each SPEC names a raw (not yet gzipped) image and describes the files that
matter in it:

    {"file": "demo.img.gz", "raw": "/var/tmp/.../demo.img",
     "description": "...", "made_with": ["mke2fs ...", ...],
     "files": [{"path": "/prealloc/k1", "description": "..."}, ...]}

Everything about the image is taken from e2fsprogs, never from the spec:

* dumpe2fs -h       block size, cluster size, features, inode count,
                    first non-reserved inode, first orphan inode (s_last_orphan)
* debugfs testi     which inodes are in use
* debugfs stat      type, i_size, links, dtime (orphan chain), block map of
                    indirect-mapped files ("BLOCKS:" section)
* debugfs ex        the extent tree (only leaf rows count)
* debugfs ncheck    inode -> path(s)
* e2fsck -fn        exit status and messages, recorded verbatim

Expected findings follow the README finding rules: block size B, i_size S,
E = ceil(S / B).  For every leaf extent (L, P, N, unwritten u) the part with
logical block >= E is one finding: kind unwritten_beyond_eof if u else
written_beyond_eof, logical_block = max(L, E), physical_block = P + (max(L,E) - L),
blocks = L + N - max(L, E), straddles_eof = L < E < L + N.  Only regular files
with inode >= first non-reserved inode.  Indirect-mapped (ext2/ext3) files have
no extents: their "extents" are the maximal runs of logically and physically
contiguous blocks exactly as debugfs stat prints them (all written).

The data checks (zeroed_written, unwritten_with_data; scan --checks zeroed /
unwritten-data / all) are derived into "expected_data_findings", and
zeroed_sectors (--granularity sector) into "expected_sector_findings", by
reading the raw image at the physical blocks that debugfs reports (rules in
data_findings() and README.md).

Every regular inode >= first_ino that has any expected finding must be
described in the spec; otherwise this script fails (so the manifest is always
complete for `e4scope scan`).
"""

import json
import os
import re
import subprocess
import sys


def run(args, check=True):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and p.returncode != 0:
        sys.exit(f"derive-manifest: {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
    return p


def debugfs(img, cmd):
    return run(["debugfs", "-R", cmd, img]).stdout


def debugfs_batch(img, cmds):
    """Run many debugfs commands in one process; return list of outputs."""
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".cmds", delete=False) as f:
        for c in cmds:
            f.write(c + "\n")
        name = f.name
    try:
        out = run(["debugfs", "-f", name, img]).stdout
    finally:
        os.unlink(name)
    # debugfs echoes each command as "debugfs: CMD"
    parts = re.split(r"^debugfs: .*$", out, flags=re.M)
    return parts[1:]


def debugfs_version():
    p = run(["debugfs", "-V"], check=False)
    return (p.stdout + p.stderr).split()[1]


def superblock(img):
    out = run(["dumpe2fs", "-h", img]).stdout
    sb = {}
    for line in out.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            sb[k.strip()] = v.strip()
    return sb


STAT_TYPE = re.compile(r"Type:\s+(\S+)")
STAT_SIZE = re.compile(r"\bSize:\s+(\d+)")
STAT_LINKS = re.compile(r"Links:\s+(\d+)")
STAT_DTIME = re.compile(r"^\s*dtime:\s+0x([0-9a-f]+)", re.M)
STAT_FLAGS = re.compile(r"Flags:\s+0x([0-9a-f]+)")

# leaf:  " 1/ 1   1/ 16     0 -     0  2095 -  2095      1 Uninit"
EX_LEAF = re.compile(
    r"^\s*(\d+)/\s*(\d+)\s+(\d+)/\s*(\d+)\s+(\d+)\s+-\s+(\d+)\s+(\d+)\s+-\s+(\d+)\s+(\d+)\s*(Uninit)?\s*$")
# index: " 0/ 1   1/  1     0 - 4294967295  1234            4294967296"
EX_INDEX = re.compile(r"^\s*(\d+)/\s*(\d+)\s+(\d+)/\s*(\d+)\s+(\d+)\s+-\s+(\d+)\s+(\d+)\s+(\d+)\s*$")


def parse_stat(text):
    st = {}
    st["type"] = STAT_TYPE.search(text).group(1)
    # "Size:" also appears in "Fragment: ... Size: 0"; the first one is i_size
    st["i_size"] = int(STAT_SIZE.search(text).group(1))
    st["links"] = int(STAT_LINKS.search(text).group(1))
    m = STAT_DTIME.search(text)
    st["dtime"] = int(m.group(1), 16) if m else 0
    st["flags"] = int(STAT_FLAGS.search(text).group(1), 16)
    return st


def parse_ex(text):
    """Leaf extents (logical, physical, blocks, unwritten) and tree depth."""
    leaves, depth = [], 0
    for line in text.splitlines():
        m = EX_LEAF.match(line)
        if m:
            lvl, maxd = int(m.group(1)), int(m.group(2))
            depth = maxd
            if lvl != maxd:
                sys.exit(f"derive-manifest: unexpected non-leaf row with range: {line!r}")
            l0, l1, p0, p1, n = (int(m.group(i)) for i in (5, 6, 7, 8, 9))
            if l1 - l0 + 1 != n or p1 - p0 + 1 != n:
                sys.exit(f"derive-manifest: inconsistent leaf row {line!r}")
            leaves.append({"logical": l0, "physical": p0, "blocks": n,
                           "unwritten": m.group(10) is not None})
            continue
        m = EX_INDEX.match(line)
        if m:
            depth = int(m.group(2))
            continue  # index rows: never use their lengths
        if line.strip() and not line.startswith("Level"):
            sys.exit(f"derive-manifest: cannot parse debugfs ex row {line!r}")
    return leaves, depth


def parse_blockmap(stat_text):
    """Runs from the 'BLOCKS:' section of debugfs stat (indirect-mapped files),
    merged into maximal runs that are contiguous both logically and physically
    (debugfs breaks its list where an indirect block is listed)."""
    m = re.search(r"^BLOCKS:\n(.*?)(?:\nTOTAL: \d+)?\n*$", stat_text, re.S | re.M)
    runs = []
    if not m:
        return runs
    for item in m.group(1).replace("\n", " ").split(","):
        item = item.strip()
        if not item or item.startswith("TOTAL"):
            continue
        mm = re.match(r"^\((\d+)(?:-(\d+))?\):(\d+)(?:-(\d+))?$", item)
        if not mm:
            if re.match(r"^\((IND|DIND|TIND)\):\d+$", item):
                continue  # mapping metadata, not file data
            sys.exit(f"derive-manifest: cannot parse BLOCKS item {item!r}")
        l0 = int(mm.group(1)); l1 = int(mm.group(2) or l0)
        p0 = int(mm.group(3)); p1 = int(mm.group(4) or p0)
        if l1 - l0 != p1 - p0:
            sys.exit(f"derive-manifest: inconsistent BLOCKS item {item!r}")
        prev = runs[-1] if runs else None
        if prev and prev["logical"] + prev["blocks"] == l0 and prev["physical"] + prev["blocks"] == p0:
            prev["blocks"] += l1 - l0 + 1
        else:
            runs.append({"logical": l0, "physical": p0, "blocks": l1 - l0 + 1, "unwritten": False})
    return runs


def beyond_eof_findings(extents, i_size, bs, orphan):
    E = -(-i_size // bs)
    out = []
    for x in extents:
        L, P, N = x["logical"], x["physical"], x["blocks"]
        if L + N <= E:
            continue
        start = max(L, E)
        out.append({
            "kind": "unwritten_beyond_eof" if x["unwritten"] else "written_beyond_eof",
            "logical_block": start,
            "physical_block": P + (start - L),
            "blocks": L + N - start,
            "file_offset": start * bs,
            "length": (L + N - start) * bs,
            "straddles_eof": L < E < L + N,
            "orphan": orphan,
        })
    return out


SECTOR = 512
# FindingKind order in e4scope (Finding.swift); counts are listed in it
KIND_ORDER = ["unwritten_beyond_eof", "written_beyond_eof", "zeroed_written", "zeroed_sectors",
              "unwritten_with_data", "extent_tree_error", "read_error"]


def data_findings(raw, extents, i_size, bs, orphan):
    """The data-check findings of one file, from raw reads of the physical blocks.

    Returns (data, sectors): data = zeroed_written and unwritten_with_data
    (scan --checks zeroed / unwritten-data / all), sectors = zeroed_sectors
    (--granularity sector).  Block size B, i_size S, E = ceil(S / B).

    * zeroed_written: maximal runs of written blocks below E whose bytes are
      all zero; in the EOF block only the first S mod B bytes count.
    * zeroed_sectors: in each written block below E that is not wholly zero
      (same bytes as above), the maximal runs of 512-byte aligned sectors
      whose bytes are all zero, as one byte range each; in the EOF block the
      last sector is clipped at S (it counts if its bytes below S are zero).
    * unwritten_with_data: unwritten extents are split at E (beyond_eof false
      below, true from E on); maximal runs of blocks holding any non-zero
      byte, whole blocks counted (bytes past S too); first_nonzero_offset is
      the file offset of the run's first non-zero byte, nonzero_bytes the
      count of non-zero bytes in the run.

    A run continues from one block to the next when the logical AND the
    physical block both continue (so across an extent boundary when the next
    extent starts right after the previous one, logically and physically) and,
    for unwritten runs, beyond_eof is the same on both sides.
    """
    E = -(-i_size // bs)
    tail = i_size % bs
    written, unwritten, sectors = [], [], []
    with open(raw, "rb") as f:
        def block(p):
            f.seek(p * bs)
            b = f.read(bs)
            if len(b) != bs:
                sys.exit(f"derive-manifest: short read at block {p}")
            return b

        for x in sorted(extents, key=lambda x: x["logical"]):
            L, P, N = x["logical"], x["physical"], x["blocks"]
            for i in range(N):
                lb, pb = L + i, P + i
                if not x["unwritten"]:
                    if lb >= E:
                        continue  # written blocks beyond EOF: not read by the data checks
                    b = block(pb)
                    if lb == E - 1 and tail:
                        b = b[:tail]  # bytes past i_size do not count
                    zero = not any(b)
                    written.append((lb, pb, zero))
                    if zero:
                        continue
                    run = None  # [first byte, end byte) in the block, end clipped at i_size
                    for off in list(range(0, len(b), SECTOR)) + [None]:
                        if off is not None and not any(b[off:off + SECTOR]):
                            run = [off if run is None else run[0], min(off + SECTOR, len(b))]
                        elif run is not None:
                            sectors.append({"kind": "zeroed_sectors", "logical_block": lb, "physical_block": pb,
                                            "blocks": 1, "file_offset": lb * bs + run[0],
                                            "length": run[1] - run[0], "orphan": orphan})
                            run = None
                else:
                    b = block(pb)
                    nz = bs - b.count(0)
                    first = bs - len(b.lstrip(b"\0")) if nz else None
                    unwritten.append((lb, pb, lb >= E, first, nz))

    def continues(prev, cur):
        return cur[0] == prev[0] + 1 and cur[1] == prev[1] + 1

    out = []
    run = []
    for blk in written + [None]:
        if run and (blk is None or not blk[2] or not continues(run[-1], blk)):
            lb, pb = run[0][0], run[0][1]
            out.append({"kind": "zeroed_written", "logical_block": lb, "physical_block": pb,
                        "blocks": len(run), "file_offset": lb * bs, "length": len(run) * bs,
                        "orphan": orphan})
            run = []
        if blk is not None and blk[2]:
            run.append(blk)
    run = []
    for blk in unwritten + [None]:
        if run and (blk is None or not blk[4] or not continues(run[-1], blk) or blk[2] != run[-1][2]):
            lb, pb = run[0][0], run[0][1]
            out.append({"kind": "unwritten_with_data", "logical_block": lb, "physical_block": pb,
                        "blocks": len(run), "file_offset": lb * bs, "length": len(run) * bs,
                        "beyond_eof": run[0][2], "first_nonzero_offset": lb * bs + run[0][3],
                        "nonzero_bytes": sum(r[4] for r in run), "orphan": orphan})
            run = []
        if blk is not None and blk[4]:
            run.append(blk)
    order = {"zeroed_written": 0, "unwritten_with_data": 1}
    out.sort(key=lambda x: (x["logical_block"], order[x["kind"]]))
    return out, sectors


def orphan_chain(img, sb):
    chain = []
    ino = int(sb.get("First orphan inode", "0") or 0)
    seen = set()
    while ino and ino not in seen:
        seen.add(ino)
        chain.append(ino)
        st = parse_stat(debugfs(img, f"stat <{ino}>"))
        ino = st["dtime"]
    return chain


def e2fsck(img):
    p = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return {"command": "e2fsck -fn IMAGE", "exit_status": p.returncode,
            "output": p.stdout.replace(img, "IMAGE")}


def derive(spec):
    img = spec["raw"]
    sb = superblock(img)
    bs = int(sb["Block size"])
    features = sb["Filesystem features"].split()
    n_inodes = int(sb["Inode count"])
    first_ino = int(sb["First inode"])
    cluster = int(sb.get("Cluster size", bs))
    if "orphan_file" in features:
        sys.exit("derive-manifest: orphan_file feature not handled (images are made without it)")
    orphans = orphan_chain(img, sb)

    outs = debugfs_batch(img, [f"testi <{i}>" for i in range(1, n_inodes + 1)])
    used = [i for i, o in zip(range(1, n_inodes + 1), outs) if "is marked in use" in o]

    stats = dict(zip(used, debugfs_batch(img, [f"stat <{i}>" for i in used])))
    info = {}
    for ino in used:
        if ino < first_ino:
            continue
        st = parse_stat(stats[ino])
        info[ino] = st
    regular = [i for i in info if info[i]["type"] == "regular"]
    exts = dict(zip(regular, debugfs_batch(img, [f"ex <{i}>" for i in regular])))

    paths = {}
    if info:
        out = debugfs(img, "ncheck " + " ".join(str(i) for i in sorted(info)))
        for line in out.splitlines()[1:]:
            if "\t" in line:
                n, p = line.split("\t", 1)
                paths.setdefault(int(n), []).append(re.sub(r"/+", "/", p))

    per_inode = {}
    for ino in regular:
        st = info[ino]
        extent_mapped = bool(st["flags"] & 0x80000)
        if extent_mapped:
            extents, depth = parse_ex(exts[ino])
        else:
            extents, depth = parse_blockmap(stats[ino]), None
        orphan = ino in orphans
        per_inode[ino] = {
            "inode": ino, "type": "regular", "i_size": st["i_size"], "links": st["links"],
            "content_sha256": content_sha256(img, ino),
            "orphan": orphan,
            "eof_block": -(-st["i_size"] // bs),
            "mapping": "extents" if extent_mapped else "blockmap",
            "extent_depth": depth,
            "extents": extents,
            "expected_findings": beyond_eof_findings(extents, st["i_size"], bs, orphan),
        }
        (per_inode[ino]["expected_data_findings"],
         per_inode[ino]["expected_sector_findings"]) = data_findings(img, extents, st["i_size"], bs, orphan)

    files = []
    by_path = {p: i for i, ps in paths.items() for p in ps}
    described = set()
    for f in spec["files"]:
        p = f["path"]
        ino = f.get("inode") or by_path.get(p)
        if ino is None:
            sys.exit(f"derive-manifest: {spec['file']}: {p} not found by ncheck")
        described.add(ino)
        if ino in per_inode:
            entry = {"path": p, **per_inode[ino]}
        else:
            st = info[ino]
            entry = {"path": p, "inode": ino, "type": st["type"], "i_size": st["i_size"],
                     "links": st["links"], "orphan": ino in orphans,
                     "expected_findings": [], "expected_data_findings": [],
                     "expected_sector_findings": []}
        entry["all_paths"] = paths.get(ino, [])
        entry["description"] = f["description"]
        files.append(entry)

    missing = [i for i, e in per_inode.items()
               if (e["expected_findings"] or e["expected_data_findings"] or e["expected_sector_findings"])
               and i not in described]
    if missing:
        sys.exit(f"derive-manifest: {spec['file']}: inodes with findings not described in spec: "
                 + ", ".join(f"{i} {paths.get(i)}" for i in missing))

    def count(lists):
        """Findings per kind, in e4scope's kind order."""
        c = {}
        for e in per_inode.values():
            for key in lists:
                for x in e[key]:
                    c[x["kind"]] = c.get(x["kind"], 0) + 1
        rank = lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER)
        return {k: c[k] for k in sorted(c, key=rank)}
    counts = count(["expected_findings"])
    all_counts = count(["expected_findings", "expected_data_findings"])
    sector_counts = count(["expected_findings", "expected_data_findings", "expected_sector_findings"])

    return {
        "file": spec["file"],
        "description": spec["description"],
        "made_with": spec.get("made_with", []),
        "block_size": bs,
        "cluster_size": cluster,
        "features": features,
        "inode_count": n_inodes,
        "first_ino": first_ino,
        "regular_inodes": len(regular),
        "orphan_chain": orphans,
        "e2fsck": e2fsck(img),
        "expected_scan": {
            "command": f"e4scope scan {spec['file'][:-3]}",
            "checks": "beyond-eof",
            "exit_status": 4 if counts else 0,
            "findings": counts,
        },
        "expected_scan_all": {
            "command": f"e4scope scan --checks all {spec['file'][:-3]}",
            "checks": "all",
            "granularity": "block",
            "exit_status": 4 if all_counts else 0,
            "findings": all_counts,
        },
        "expected_scan_sector": {
            "command": f"e4scope scan --checks all --granularity sector {spec['file'][:-3]}",
            "checks": "all",
            "granularity": "sector",
            "exit_status": 4 if sector_counts else 0,
            "findings": sector_counts,
        },
        "files": files,
    }


def compact_json(obj, ind=0):
    """Indented JSON, but objects/lists of scalars on one line (keeps long extent lists short)."""
    scalar = lambda v: not isinstance(v, (dict, list))
    pad, pad1 = " " * ind, " " * (ind + 1)
    if isinstance(obj, dict):
        if all(scalar(v) for v in obj.values()):
            return json.dumps(obj)
        items = [f"{pad1}{json.dumps(k)}: {compact_json(v, ind + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(scalar(v) for v in obj):
            return json.dumps(obj)
        if not obj:
            return "[]"
        return "[\n" + ",\n".join(pad1 + compact_json(v, ind + 1) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj)


def content_sha256(img, ino):
    """sha256 of the file as libext2fs reads it (debugfs dump: i_size bytes, unwritten = zeros)."""
    import hashlib
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "f")
        run(["debugfs", "-R", f"dump <{ino}> {p}", img])
        with open(p, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()


def _md_extents(f):
    ex = f.get("extents")
    if ex is None:
        return f"({f['type']})"
    if not ex:
        return "none"
    one = lambda x: (f"{x['logical']}" if x["blocks"] == 1 else f"{x['logical']}-{x['logical'] + x['blocks'] - 1}") \
        + ("u" if x["unwritten"] else "w")
    if len(ex) > 4:
        u = sum(x["unwritten"] for x in ex)
        return (f"{len(ex)} extents ({u} unwritten), depth {f['extent_depth']}: "
                + ", ".join(one(x) for x in ex[:3]) + ", …, " + one(ex[-1]))
    return ", ".join(f"{one(x)}@{x['physical']}" for x in ex)


def _md_findings(f):
    fs = f["expected_findings"]
    if not fs:
        return "—"
    if len(fs) > 4 and len({x["kind"] for x in fs}) == 1 and all(x["blocks"] == 1 for x in fs):
        return (f"{len(fs)} × `{fs[0]['kind']}`, 1 block each, lblk {fs[0]['logical_block']}, "
                f"{fs[1]['logical_block']}, …, {fs[-1]['logical_block']}"
                + (" **orphan**" if fs[0]["orphan"] else ""))
    return "<br>".join(f"`{x['kind']}` lblk {x['logical_block']} pblk {x['physical_block']} ×{x['blocks']}"
                       + (" straddles" if x["straddles_eof"] else "") + (" **orphan**" if x["orphan"] else "")
                       for x in fs)


def _md_data(f):
    return "<br>".join(
        f"`{x['kind']}` lblk {x['logical_block']} pblk {x['physical_block']} ×{x['blocks']}"
        + (f" beyond_eof={str(x['beyond_eof']).lower()} first_nonzero_offset={x['first_nonzero_offset']}"
           f" nonzero_bytes={x['nonzero_bytes']}"
           if "beyond_eof" in x else "")
        for x in f["expected_data_findings"]) or "—"


def _md_sectors(f):
    return "<br>".join(
        f"`{x['kind']}` lblk {x['logical_block']} bytes {x['file_offset']}+{x['length']}"
        for x in f.get("expected_sector_findings", [])) or "—"


def render_image_md(im):
    hasd = any(f["expected_data_findings"] for f in im["files"])
    hass = any(f.get("expected_sector_findings") for f in im["files"])
    out = ["| path | inode | i_size (E) | extents: logical range w/u @ physical | expected findings (default checks) |"
           + (" data-check findings (`--checks all`) |" if hasd else "")
           + (" sector findings (`--granularity sector`) |" if hass else ""),
           "|---|---|---|---|---|" + ("---|" if hasd else "") + ("---|" if hass else "")]
    for f in im["files"]:
        E = f.get("eof_block")
        sz = f"{f['i_size']} ({E})" if E is not None else str(f["i_size"])
        out.append(f"| `{f['path']}` | {f['inode']} | {sz} | {_md_extents(f)} | {_md_findings(f)} |"
                   + (f" {_md_data(f)} |" if hasd else "")
                   + (f" {_md_sectors(f)} |" if hass else ""))
    sc, sa, ss = im["expected_scan"], im["expected_scan_all"], im["expected_scan_sector"]
    counts = lambda c: ", ".join(f"{v} × `{k}`" for k, v in c.items()) or "none"
    out += ["",
            f"`{sc['command']}`: exit status {sc['exit_status']}, findings: {counts(sc['findings'])}.  ",
            f"`{sa['command']}`: exit status {sa['exit_status']}, findings: {counts(sa['findings'])}.  ",
            f"`{ss['command']}`: exit status {ss['exit_status']}, findings: {counts(ss['findings'])}.",
            "",
            f"`e2fsck -fn` exit status **{im['e2fsck']['exit_status']}**:",
            "", "```", im["e2fsck"]["output"].rstrip("\n"), "```"]
    return "\n".join(out)


def update_readme(path, images):
    """Replace the text between <!-- generated:FILE --> and <!-- end generated:FILE --> markers."""
    text = open(path).read()
    for im in images:
        b, e = f"<!-- generated:{im['file']} -->", f"<!-- end generated:{im['file']} -->"
        i, j = text.find(b), text.find(e)
        if i < 0 or j < i:
            sys.exit(f"derive-manifest: {path} lacks the markers for {im['file']}")
        text = text[:i + len(b)] + "\n" + render_image_md(im) + "\n" + text[j:]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    args = sys.argv[1:]
    readme = None
    if len(args) >= 2 and args[0] == "--readme":
        readme, args = args[1], args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    out, specs = args[0], args[1:]
    images = []
    for s in specs:
        with open(s) as f:
            images.append(derive(json.load(f)))
    manifest = {
        "schema": 1,
        "generated_by": "Images/make-images.sh via Images/derive-manifest.py (debugfs, dumpe2fs, e2fsck "
                        + debugfs_version() + ")",
        "notes": [
            "Images are gzipped; gunzip to a temporary directory before use.",
            "expected_findings: beyond-EOF rule of the README applied to debugfs ex/stat output "
            "(scan --checks beyond-eof, the default).",
            "expected_data_findings: zeroed_written / unwritten_with_data (scan --checks all, granularity "
            "block) from raw reads of the physical blocks debugfs reports; a run continues across an extent "
            "boundary when the logical and the physical block both continue; unwritten extents are split at "
            "the EOF block first (beyond_eof); zeroed_written counts only bytes below i_size, "
            "unwritten_with_data whole blocks; first_nonzero_offset is a byte offset in the file.",
            "expected_sector_findings: zeroed_sectors (scan --checks zeroed --granularity sector): runs of "
            "512-byte aligned all-zero sectors inside written blocks below the EOF block that are not wholly "
            "zero; bytes past i_size do not count (the last sector is clipped at i_size); blocks is 1, "
            "file_offset and length are the byte range.",
            "file_offset = logical_block * block_size, length = blocks * block_size (except zeroed_sectors).",
            "Block numbers may differ between runs of make-images.sh; file contents do not.",
        ],
        "images": images,
    }
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(compact_json(manifest) + "\n")
    os.replace(tmp, out)
    if readme:
        update_readme(readme, images)


if __name__ == "__main__":
    main()
