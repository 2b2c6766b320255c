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

Expected findings follow DESIGN.md section 3: block size B, i_size S,
E = ceil(S / B).  For every leaf extent (L, P, N, unwritten u) the part with
logical block >= E is one finding: kind unwritten_beyond_eof if u else
written_beyond_eof, logical_block = max(L, E), physical_block = P + (max(L,E) - L),
blocks = L + N - max(L, E), straddles_eof = L < E < L + N.  Only regular files
with inode >= first non-reserved inode.  Indirect-mapped (ext2/ext3) files have
no extents: their "extents" are the maximal runs of logically and physically
contiguous blocks exactly as debugfs stat prints them (all written).

The data checks (zeroed_written, unwritten_with_data; scan --checks zeroed /
unwritten-data / all) are derived into "expected_data_findings" by reading the
raw image at the physical blocks that debugfs reports (see README.md for the
run conventions).

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


def data_findings(raw, extents, i_size, bs, orphan):
    """zeroed_written and unwritten_with_data, from raw block reads.

    Runs never cross an extent boundary (one extent = one source of runs), and
    unwritten runs are split at the EOF block E so each has one beyond_eof value.
    """
    E = -(-i_size // bs)
    tail = i_size % bs
    out = []
    with open(raw, "rb") as f:
        def block(p):
            f.seek(p * bs)
            b = f.read(bs)
            if len(b) != bs:
                sys.exit(f"derive-manifest: short read at block {p}")
            return b

        for x in extents:
            L, P, N = x["logical"], x["physical"], x["blocks"]
            if not x["unwritten"]:
                run_start = None
                for i in range(N):
                    lb = L + i
                    zero = False
                    if lb < E:
                        b = block(P + i)
                        if lb == E - 1 and tail:
                            b = b[:tail]
                        zero = not any(b)
                    if zero and run_start is None:
                        run_start = i
                    if (not zero or i == N - 1) and run_start is not None:
                        end = i + 1 if zero else i
                        out.append({"kind": "zeroed_written", "logical_block": L + run_start,
                                    "physical_block": P + run_start, "blocks": end - run_start,
                                    "file_offset": (L + run_start) * bs,
                                    "length": (end - run_start) * bs, "orphan": orphan})
                        run_start = None
            else:
                run_start, first_nz = None, None
                for i in range(N + 1):
                    lb = L + i
                    if i < N:
                        b = block(P + i)
                        nz = next((k for k, c in enumerate(b) if c), None)
                    else:
                        nz = None
                    # close the run at a clean block, at the end, or at the EOF boundary
                    if run_start is not None and (nz is None or lb == E):
                        out.append({"kind": "unwritten_with_data", "logical_block": L + run_start,
                                    "physical_block": P + run_start, "blocks": i - run_start,
                                    "file_offset": (L + run_start) * bs,
                                    "length": (i - run_start) * bs,
                                    "beyond_eof": L + run_start >= E,
                                    "first_nonzero_offset": first_nz, "orphan": orphan})
                        run_start = None
                    if nz is not None and run_start is None:
                        run_start, first_nz = i, lb * bs + nz
    return out


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
            "expected_data_findings": data_findings(img, extents, st["i_size"], bs, orphan),
        }

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
                     "expected_findings": [], "expected_data_findings": []}
        entry["all_paths"] = paths.get(ino, [])
        entry["description"] = f["description"]
        files.append(entry)

    missing = [i for i, e in per_inode.items()
               if (e["expected_findings"] or e["expected_data_findings"]) and i not in described]
    if missing:
        sys.exit(f"derive-manifest: {spec['file']}: inodes with findings not described in spec: "
                 + ", ".join(f"{i} {paths.get(i)}" for i in missing))

    counts, dcounts = {}, {}
    for e in per_inode.values():
        for x in e["expected_findings"]:
            counts[x["kind"]] = counts.get(x["kind"], 0) + 1
        for x in e["expected_data_findings"]:
            dcounts[x["kind"]] = dcounts.get(x["kind"], 0) + 1
    all_counts = dict(counts)
    for k, v in dcounts.items():
        all_counts[k] = all_counts.get(k, 0) + v

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
            "exit_status": 4 if all_counts else 0,
            "findings": all_counts,
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
           if "beyond_eof" in x else "")
        for x in f["expected_data_findings"]) or "—"


def render_image_md(im):
    hasd = any(f["expected_data_findings"] for f in im["files"])
    out = ["| path | inode | i_size (E) | extents: logical range w/u @ physical | expected findings (default checks) |"
           + (" data-check findings (`--checks all`) |" if hasd else ""),
           "|---|---|---|---|---|" + ("---|" if hasd else "")]
    for f in im["files"]:
        E = f.get("eof_block")
        sz = f"{f['i_size']} ({E})" if E is not None else str(f["i_size"])
        out.append(f"| `{f['path']}` | {f['inode']} | {sz} | {_md_extents(f)} | {_md_findings(f)} |"
                   + (f" {_md_data(f)} |" if hasd else ""))
    sc, sa = im["expected_scan"], im["expected_scan_all"]
    counts = lambda c: ", ".join(f"{v} × `{k}`" for k, v in c.items()) or "none"
    out += ["",
            f"`{sc['command']}`: exit status {sc['exit_status']}, findings: {counts(sc['findings'])}.  ",
            f"`{sa['command']}`: exit status {sa['exit_status']}, findings: {counts(sa['findings'])}.",
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
            "expected_findings: DESIGN.md section 3 beyond-EOF rule applied to debugfs ex/stat output "
            "(scan --checks beyond-eof, the default).",
            "expected_data_findings: zeroed_written / unwritten_with_data from raw reads of the physical "
            "blocks debugfs reports; runs never cross an extent boundary; unwritten runs are split at the "
            "EOF block; first_nonzero_offset is a byte offset in the file.",
            "file_offset = logical_block * block_size, length = blocks * block_size.",
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
