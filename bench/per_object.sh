#!/usr/bin/env bash
# The function's time per object on moto: the log files of DIR uploaded to a bucket, then one
# `trailwatch invoke` of one object and one of all of them (one event, one JVM each); the cost of an
# object is (all - one) / (N - 1), so JVM start-up and the first object's warm-up are left out.
# Prints objects, MB (compressed and not), seconds and ms per object, and the handler's counters.
# usage: bench/per_object.sh DIR [JAR=target/trailwatch.jar]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$1" && pwd)
jar=${2:-$here/target/trailwatch.jar}
. "$here/bin/jdk.sh"
[ -f "$jar" ] || (cd "$here" && ./mvnw -B -q package -DskipTests)
. "$here/bin/moto.sh"
moto_start
moto_use
out=$(mktemp -d)
trap 'rm -rf "$out"; kill "$MOTO_PID" 2>/dev/null || true' EXIT
awsm s3 mb s3://per-object-trail >/dev/null
awsm s3 cp --recursive --quiet "$dir/" s3://per-object-trail/
moto_table per-object-dedup
export ALERT_TOPIC_ARN=$(awsm sns create-topic --name per-object-alerts --query TopicArn --output text)
export DEDUP_TABLE=per-object-dedup ALLOWED_BUCKETS=per-object-trail
python3 - "$dir" "$out" <<'PY'
import gzip, json, os, sys
root, out = sys.argv[1], sys.argv[2]
keys = sorted(os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/") for d, _, fs in os.walk(root) for f in fs
              if f.endswith(".json.gz"))
def event(ks):
    return {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "per-object-trail"},
            "object": {"key": k, "eTag": k}}} for k in ks]}
json.dump(event(keys[:1]), open(os.path.join(out, "one.json"), "w"))
json.dump(event(keys[1:]), open(os.path.join(out, "rest.json"), "w"))
gz = sum(os.path.getsize(os.path.join(root, k)) for k in keys)
raw = sum(len(gzip.open(os.path.join(root, k)).read()) for k in keys)
open(os.path.join(out, "sizes"), "w").write(f"{len(keys)} {gz} {raw}")
PY
t0=$(date +%s.%N); "$JAVA_HOME/bin/java" -jar "$jar" invoke "$out/one.json" >/dev/null 2>&1; t1=$(date +%s.%N)
rest=$("$JAVA_HOME/bin/java" -jar "$jar" invoke "$out/rest.json" 2>/dev/null); t2=$(date +%s.%N)
python3 - "$(cat "$out/sizes")" "$t0" "$t1" "$t2" "$rest" <<'PY'
import json, sys
n, gz, raw = map(int, sys.argv[1].split())
t0, t1, t2 = map(float, sys.argv[2:5])
r = json.loads(sys.argv[5])
one, rest = t1 - t0, t2 - t1
per = (rest - one) / max(1, n - 2)
print(f"{n} objects, {gz/1e6:.1f} MB gzip, {raw/1e6:.1f} MB uncompressed, {r['Records']} records, {r['Matches']} matches")
print(f"one object {one:.2f} s (JVM start included); the other {n-1} in one invoke {rest:.2f} s")
print(f"per object {per*1000:.1f} ms ({raw/n/1e6:.2f} MB uncompressed each); DynamoDB requests {r['DynamoDbRequests']}, alerts {r['AlertsPublished']}")
PY
