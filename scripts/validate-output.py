#!/usr/bin/env python3
"""Validates e4scope output read from stdin against the JSON Schemas in
schemas/ (python3-jsonschema). Exits 1 with the first error per line.

    e4scope scan --format ndjson IMAGE | scripts/validate-output.py scan-ndjson

Kinds: scan-ndjson, scan-json, repair-ndjson, repair-json, info-json,
info-ndjson, extents-json, extents-ndjson.
"""
import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "schemas"
registry = Registry()
by_name = {}
for path in SCHEMAS.glob("*.schema.json"):
    schema = json.loads(path.read_text())
    by_name[path.name] = schema
    registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))


def validator(name):
    return jsonschema.Draft202012Validator(by_name[name], registry=registry)


LINE = {
    "scan-ndjson": {"finding": "finding.schema.json", "summary": "scan-summary.schema.json"},
    "repair-ndjson": {"finding": "finding.schema.json", "summary": "repair-summary.schema.json"},
}
DOCUMENT = {
    "scan-json": "scan-document.schema.json",
    "repair-json": "repair-document.schema.json",
    "info-json": "info.schema.json",
    "extents-json": "extents-document.schema.json",
}
EACH_LINE = {"info-ndjson": "info.schema.json", "extents-ndjson": "extents-row.schema.json"}

kind = sys.argv[1]
text = sys.stdin.read()
errors = []
if kind in DOCUMENT:
    doc = json.loads(text)
    items = doc if isinstance(doc, list) and kind == "info-json" else [doc]
    for item in items:
        errors += [e.message for e in validator(DOCUMENT[kind]).iter_errors(item)]
else:
    lines = [l for l in text.split("\n") if l]
    if not lines:
        errors.append("no output")
    for number, line in enumerate(lines, 1):
        obj = json.loads(line)
        name = EACH_LINE.get(kind) or LINE[kind].get(obj.get("type"), "")
        if not name:
            errors.append(f"line {number}: unexpected type {obj.get('type')!r}")
            continue
        errors += [f"line {number}: {e.message}" for e in validator(name).iter_errors(obj)]
for error in errors[:20]:
    print(error, file=sys.stderr)
sys.exit(1 if errors else 0)
