#!/usr/bin/env bash
# DynamoDB requests per object over the benchmark corpus: uploads bench/out/corpus to moto and
# invokes the handler once per object (one process, one event naming all objects), then compares
# the handler's DynamoDbRequests with the distinct dedup strings per object (bench/python_scan.py).
# moto keeps a copy of the table for every transaction: on the 420 MB corpus (about 27,000 matches, most
# of them a new IP:key) it grew to 24 GB and was killed after 23,000 requests on 2026-11-26; use a
# smaller corpus there, or DynamoDB Local / LocalStack.
#   bench/dynamo_requests.sh [CORPUS_DIR=bench/out/corpus]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/jdk.sh"
corpus=${1:-$here/bench/out/corpus}
[ -d "$corpus" ] || python3 "$here/bench/make_corpus.py" "$corpus"
. "$here/bin/moto.sh"
moto_start
moto_use
aws() { awsm "$@"; }
aws s3 mb s3://bench-trail >/dev/null
aws s3 cp --recursive --quiet "$corpus/" s3://bench-trail/AWSLogs/
moto_table bench-dedup
export ALERT_TOPIC_ARN=$(aws sns create-topic --name bench-alerts --query TopicArn --output text)
export DEDUP_TABLE=bench-dedup ALLOWED_BUCKETS=bench-trail
event=$(mktemp)
python3 - "$corpus" > "$event" <<'PY'
import json, os, sys
files = sorted(f for f in os.listdir(sys.argv[1]) if f.endswith(".json.gz"))
print(json.dumps({"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "bench-trail"},
    "object": {"key": "AWSLogs/" + f, "eTag": f}}} for f in files]}))
PY
# one store step at a time: moto applies transactions without isolation and answers 500 when one races
# with a write, which the SDK's retries then turn into minutes (DynamoDB itself takes the default, 16)
response=$(STORE_CONCURRENCY=1 "$JAVA_HOME/bin/java" -jar "$here/target/trailwatch.jar" invoke "$event" 2>/dev/null)
echo "handler: $response"
python3 - "$corpus" "$response" <<'PY'
import gzip, json, os, sys
corpus, response = sys.argv[1], json.loads(sys.argv[2])
distinct = 0
files = sorted(f for f in os.listdir(corpus) if f.endswith(".json.gz"))
for f in files:
    pairs = set()
    for r in json.loads(gzip.decompress(open(os.path.join(corpus, f), "rb").read()))["Records"]:
        u = r.get("userIdentity") or {}
        k = u.get("accessKeyId") or ""
        if not (r.get("errorCode") or r.get("errorMessage")) and isinstance(k, str) and k.startswith("AKIA"):
            pairs.add((u.get("arn"), k))
    distinct += len(pairs)
req = response["DynamoDbRequests"]
print(f"{len(files)} objects, {distinct} distinct dedup strings summed over objects, {req} DynamoDB requests "
      f"= {req / len(files):.1f} per object; {req - 2 * distinct} beyond a read and a join or open per distinct "
      f"string per object (reads of an object's several strings are batched; {response['AlertsPublished']} windows "
      f"opened, one published mark each; one signal write per new IP:key); "
      f"largest item {response['DynamoDbLargestItemBytes']} bytes")
PY
