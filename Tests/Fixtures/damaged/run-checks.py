#!/usr/bin/env python3
"""Runs e4scope over the damaged-image corpus and compares with manifest.json.

    Tests/Fixtures/damaged/run-checks.py            # compare, exit 1 on a mismatch
    Tests/Fixtures/damaged/run-checks.py --observe  # print what the tool does now (JSON)
    E4SCOPE=/path/to/e4scope run-checks.py -k extent-overlap

For every image (gunzipped to a temporary directory, one fresh copy per
command): `info`, `extents --inode N`, `scan --checks all --format ndjson`,
`trim -y --no-undo`, `trim -y --written-beyond-eof --no-undo` and
`convert --zeroed -y --no-undo`, each under `timeout 20`. Besides the exit
statuses and finding kinds it checks the rules every run must obey: no crash
(exit 132/134/139, "Fatal error", "Program crashed"), no hang (124), exit 8
comes with exactly one stderr line naming the image, info/extents/scan leave
the image byte-identical, a repair that exits 0 or 8 writes nothing, and a
repair never acts on (or changes the inode of) the damaged inode (unless the
case says "repair_may_edit_inode": its tree is intact, the image is not).
Cases with "known_bad" are expected to fail until the tool is fixed; they are
reported as XFAIL (or XPASS once they pass) and do not fail the run.
Needs python3, gzip and debugfs (for the inode bytes).
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
TIMEOUT = 20
CRASH = {132, 134, 139}
REPAIRS = {
    "trim": ["trim", "-y", "--no-undo"],
    "trim_written": ["trim", "-y", "--written-beyond-eof", "--no-undo"],
    "convert": ["convert", "--zeroed", "-y", "--no-undo"],
}


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def inode_bytes(path, ino):
    """Raw bytes of inode `ino` (via debugfs imap), or None when unreadable."""
    try:
        out = subprocess.run(["debugfs", "-R", f"imap <{ino}>", path], capture_output=True,
                             text=True, timeout=TIMEOUT).stdout
    except subprocess.TimeoutExpired:
        return None
    words = out.split()
    try:
        blk = int(words[words.index("block") + 1].rstrip(","))
        off = int(words[words.index("offset") + 1], 16)
    except (ValueError, IndexError):
        return None
    bs = int(subprocess.run(["dumpe2fs", "-h", path], capture_output=True, text=True)
             .stdout.split("Block size:")[1].split()[0])
    with open(path, "rb") as f:
        f.seek(blk * bs + off)
        return f.read(256)


def run(exe, args, image):
    """Runs e4scope; returns (status, stdout, stderr lines)."""
    try:
        p = subprocess.run(["timeout", str(TIMEOUT), exe, *args, image],
                           capture_output=True, timeout=TIMEOUT + 10)
        status = p.returncode
    except subprocess.TimeoutExpired as e:
        return 124, b"", ["(python timeout)"]
    if status < 0:
        status = 128 - status
    err = p.stderr.decode("utf-8", "replace").splitlines()
    return status, p.stdout, err


def findings(stdout):
    out = []
    for line in stdout.decode("utf-8", "replace").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if rec.get("type") == "finding":
            out.append(rec)
    return out


def kinds(found):
    k = {}
    for f in found:
        k.setdefault(f["kind"], set()).add(f["inode"])
    return {kind: sorted(v) for kind, v in sorted(k.items())}


def observe(exe, entry, tmp):
    """Runs every command on a fresh copy; returns (observed, problems)."""
    if "file" in entry:
        gz = os.path.join(HERE, entry["file"])
    else:
        gz = os.path.normpath(os.path.join(HERE, entry["source"]))
    name = os.path.basename(entry.get("file") or os.path.dirname(entry["source"]))
    name = name.replace(".img.gz", "")
    pristine = os.path.join(tmp, name + ".orig")
    with gzip.open(gz, "rb") as src, open(pristine, "wb") as dst:
        shutil.copyfileobj(src, dst)
    ino = entry.get("damaged_inode") or 12
    obs, problems, stderr = {}, [], {}
    cmds = {
        "info": ["info"],
        "extents": ["extents", "--inode", str(ino)],
        "scan": ["scan", "--checks", "all", "--format", "ndjson"],
        **REPAIRS,
    }
    before_inode = inode_bytes(pristine, ino)
    for key, args in cmds.items():
        image = os.path.join(tmp, name + ".img")
        shutil.copyfile(pristine, image)
        status, out, err = run(exe, args, image)
        obs[key] = status
        stderr[key] = err[0] if err else ""
        cmd = f"e4scope {' '.join(args)} {name}.img"
        if status in CRASH or any("Fatal error" in l or "Program crashed" in l for l in err):
            problems.append(f"{cmd}: crash (exit {status}): {' | '.join(err[:3])}")
        if status == 124:
            problems.append(f"{cmd}: hang (timeout {TIMEOUT} s)")
        if status == 8 and (len(err) != 1 or image not in err[0]):
            problems.append(f"{cmd}: exit 8 wants one stderr line naming the image, got {err[:3]}")
        changed = sha(image) != sha(pristine)
        if key in ("info", "extents", "scan") and changed:
            problems.append(f"{cmd}: changed the image")
        if key == "scan":
            found = findings(out)
            obs["scan_kinds"] = kinds(found)
            obs["scan_paths"] = {str(f["inode"]): f["path"] for f in found}
        if key in REPAIRS:
            if status in (0, 8, 16) and changed:
                problems.append(f"{cmd}: exit {status} but the image changed")
            acted = sorted({f["inode"] for f in findings(out)
                            if f["inode"] == ino and f.get("action") not in (None, "left")})
            guard = entry.get("damaged_inode") and not entry.get("repair_may_edit_inode")
            if acted and guard:
                problems.append(f"{cmd}: acted on the damaged inode {ino}")
            if changed and guard and before_inode is not None \
                    and inode_bytes(image, ino) != before_inode:
                problems.append(f"{cmd}: changed the damaged inode {ino}")
        os.unlink(image)
    os.unlink(pristine)
    obs["stderr"] = stderr
    return obs, problems


def compare(expect, obs):
    bad = []
    for key, want in expect.items():
        if key == "scan_paths":
            got = {k: obs["scan_paths"].get(k) for k in want}
        else:
            got = obs.get(key)
        if got != want:
            bad.append(f"{key}: want {json.dumps(want)}, got {json.dumps(got)}")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--observe", action="store_true", help="print observations as JSON")
    ap.add_argument("-k", action="append", default=[], help="only cases whose name contains this")
    ap.add_argument("--manifest", default=os.path.join(HERE, "manifest.json"))
    args = ap.parse_args()
    exe = os.environ.get("E4SCOPE", os.path.join(ROOT, ".build", "debug", "e4scope"))
    with open(args.manifest) as f:
        images = json.load(f)["images"]
    failed = 0
    observed = []
    with tempfile.TemporaryDirectory() as tmp:
        for entry in images:
            label = entry.get("file") or entry["source"]
            if args.k and not any(k in label for k in args.k):
                continue
            obs, problems = observe(exe, entry, tmp)
            if args.observe:
                observed.append({"case": label, "observed": obs, "problems": problems})
                continue
            bad = problems + compare(entry["expect"], obs)
            if entry.get("known_bad"):
                print(f"{'XPASS' if not bad else 'XFAIL'} {label}: {entry['known_bad']}")
                for b in bad:
                    print(f"      {b}")
            elif bad:
                failed += 1
                print(f"FAIL  {label}")
                for b in bad:
                    print(f"      {b}")
            else:
                print(f"ok    {label}")
    if args.observe:
        json.dump(observed, sys.stdout, indent=1)
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
