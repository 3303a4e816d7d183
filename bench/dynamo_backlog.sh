#!/usr/bin/env bash
# DynamoDB cost of a backlog: N objects of one IAM user's key in one dedup window, delivered in one
# event to `trailwatch invoke` against moto (after a first object alone, to size the items at 1).
# Prints the handler's DynamoDbRequests, DynamoDbWriteUnits (as moto reports them) and
# DynamoDbLargestItemBytes, per object. usage: bench/dynamo_backlog.sh [N=2000] [JAR=target/trailwatch.jar]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-2000}
jar=${2:-$here/target/trailwatch.jar}
. "$here/bin/jdk.sh"
[ -f "$jar" ] || (cd "$here" && ./mvnw -B -q package -DskipTests)
. "$here/bin/moto.sh"
moto_start
moto_use
out=$(mktemp -d)
trap 'rm -rf "$out"; kill "$MOTO_PID" 2>/dev/null || true' EXIT
python3 - "$out" "$n" <<'PY'
import gzip, json, os, sys
out, n = sys.argv[1], int(sys.argv[2])
record = {"eventVersion": "1.08", "eventTime": "2024-06-02T20:16:22Z", "eventSource": "s3.amazonaws.com",
          "eventName": "ListBuckets", "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.7",
          "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "accountId": "123456789012",
                           "arn": "arn:aws:iam::123456789012:user/ci-deployer", "accessKeyId": "AKIAEXAMPLEBACKLOG",
                           "userName": "ci-deployer"}, "eventID": "e"}
os.makedirs(os.path.join(out, "logs"))
for i in range(n):
    with gzip.open(os.path.join(out, "logs", f"o{i:05d}.json.gz"), "wt") as f:
        json.dump({"Records": [record]}, f)
def event(keys):
    return {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "backlog-trail"},
            "object": {"key": "AWSLogs/" + k, "eTag": k}}} for k in keys]}
json.dump(event(["o00000.json.gz"]), open(os.path.join(out, "first.json"), "w"))
json.dump(event([f"o{i:05d}.json.gz" for i in range(1, n)]), open(os.path.join(out, "rest.json"), "w"))
PY
awsm s3 mb s3://backlog-trail >/dev/null
awsm s3 cp --recursive --quiet "$out/logs/" s3://backlog-trail/AWSLogs/
moto_table backlog-dedup
export ALERT_TOPIC_ARN=$(awsm sns create-topic --name backlog-alerts --query TopicArn --output text)
export DEDUP_TABLE=backlog-dedup ALLOWED_BUCKETS=backlog-trail
first=$("$JAVA_HOME/bin/java" -jar "$jar" invoke "$out/first.json" 2>/dev/null)
start=$(date +%s.%N)
rest=$("$JAVA_HOME/bin/java" -jar "$jar" invoke "$out/rest.json" 2>/dev/null)
end=$(date +%s.%N)
python3 - "$n" "$first" "$rest" "$start" "$end" <<'PY'
import boto3, json, os, sys
def size(item):  # DynamoDB's item size rules (names + values; numbers ~1 byte per 2 digits + 1)
    total = 0
    for name, value in item.items():
        total += len(name.encode())
        (kind, v), = value.items()
        if kind == "S": total += len(v.encode())
        elif kind == "N": total += (len(v.strip("-").lstrip("0").replace(".", "")) + 1) // 2 + 1
        elif kind == "SS": total += sum(len(x.encode()) for x in v)
        else: total += 1
    return total
dynamo = boto3.client("dynamodb", endpoint_url=os.environ["MOTO_ENDPOINT"])
items = [i for page in dynamo.get_paginator("scan").paginate(TableName="backlog-dedup") for i in page["Items"]]
print(f"table after the backlog: {len(items)} items, largest {max(size(i) for i in items)} bytes (by DynamoDB's size rules)")
n, first, rest = int(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
secs = float(sys.argv[5]) - float(sys.argv[4])
def g(r, k): return r.get(k, "n/a")
print(f"first object: requests {g(first,'DynamoDbRequests')}, largest item {g(first,'DynamoDbLargestItemBytes')} B, alerts {g(first,'AlertsPublished')}")
m = n - 1
print(f"next {m} objects: processed {g(rest,'ObjectsProcessed')}, failed {g(rest,'ObjectsFailed')}, alerts {g(rest,'AlertsPublished')}, "
      f"requests {g(rest,'DynamoDbRequests')} ({rest.get('DynamoDbRequests', 0) / m:.2f}/object), "
      f"write units as moto reports them {g(rest,'DynamoDbWriteUnits')}, largest item {g(rest,'DynamoDbLargestItemBytes')} B, "
      f"{secs:.1f} s on moto")
PY
