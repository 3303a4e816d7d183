#!/usr/bin/env python3
"""The baseline: a straightforward Python scanner, the way Python peers do it (whole file in memory:
gzip.decompress + json.loads, then the rule on each record). Prints records, matches and the
distinct (user, key) pairs. usage: python_scan.py DIR"""
import gzip, json, os, sys

records = matches = 0
pairs = set()
for name in sorted(os.listdir(sys.argv[1])):
    if not name.endswith(".json.gz"):
        continue
    with open(os.path.join(sys.argv[1], name), "rb") as f:
        doc = json.loads(gzip.decompress(f.read()))
    for r in doc.get("Records", []):
        records += 1
        if r.get("errorCode") or r.get("errorMessage"):
            continue
        ident = r.get("userIdentity") or {}
        key = ident.get("accessKeyId") or ""
        if isinstance(key, str) and key.startswith("AKIA"):
            matches += 1
            pairs.add(f"User {ident.get('arn')} signed in with access key {key}")
print(f"python: {records} records, {matches} matches, {len(pairs)} dedup strings")
