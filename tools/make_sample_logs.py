#!/usr/bin/env python3
"""Writes events/cloudtrail/: the Stratus Red Team records (src/test/resources/stratus) as real
CloudTrail log files, gzipped {"Records": [...]}, one per account, region and hour, under the key
layout CloudTrail uses. Deterministic: the same input gives the same files."""
import collections, glob, gzip, hashlib, json, os, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "events", "cloudtrail")
groups = collections.defaultdict(list)
for path in sorted(glob.glob(os.path.join(root, "src/test/resources/stratus/*.json"))):
    for record in json.load(open(path)):
        t = record["eventTime"]
        groups[(record["recipientAccountId"], record["awsRegion"], t[:13])].append(record)
for (account, region, hour), records in sorted(groups.items()):
    records.sort(key=lambda r: r["eventTime"])
    y, m, d = hour[:4], hour[5:7], hour[8:10]
    stamp = hour.replace("-", "").replace("T", "T") + "00Z"
    suffix = hashlib.sha256(f"{account}{region}{hour}".encode()).hexdigest()[:16]
    folder = os.path.join(out, "AWSLogs", account, "CloudTrail", region, y, m, d)
    os.makedirs(folder, exist_ok=True)
    name = f"{account}_CloudTrail_{region}_{stamp}_{suffix}.json.gz"
    with open(os.path.join(folder, name), "wb") as f:
        # mtime=0 keeps the bytes reproducible
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as gz:
            gz.write(json.dumps({"Records": records}, separators=(",", ":")).encode())
print(f"{len(groups)} files under {os.path.relpath(out, root)}", file=sys.stderr)
