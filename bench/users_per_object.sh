#!/usr/bin/env bash
# The function's time for one object holding 200 calls of 1 IAM user from one address against one
# holding 1 call each of 200 users (200 dedup strings, 200 correlation keys), on moto, in one warm JVM
# (bench/java/UsersPerObject.java), with STORE_CONCURRENCY=1 (one step at a time), 16 (the default) and 64.
# Each object has users of its own, so every one opens windows and alerts. usage: bench/users_per_object.sh [REPS=5]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
reps=${1:-5}
. "$here/bin/jdk.sh"
[ -f "$here/target/trailwatch.jar" ] || (cd "$here" && ./mvnw -B -q package -DskipTests)
. "$here/bin/moto.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"; kill "${MOTO_PID:-}" 2>/dev/null || true' EXIT
python3 - "$out" "$reps" <<'PY'
import gzip, json, os, sys
out, reps = sys.argv[1], int(sys.argv[2])
def rec(user, i, ip=None):
    return {"eventVersion": "1.08", "eventTime": "2024-06-02T20:%02d:%02dZ" % (i // 60 % 60, i % 60),
            "eventSource": "s3.amazonaws.com", "eventName": "ListBuckets", "awsRegion": "us-east-1",
            "sourceIPAddress": ip or "198.51.100.%d" % (i % 250 + 1), "eventID": "%s-%d" % (user, i),
            "userIdentity": {"type": "IAMUser", "principalId": "AIDA" + user, "accountId": "123456789012",
                             "arn": "arn:aws:iam::123456789012:user/" + user, "accessKeyId": "AKIA" + user.upper(),
                             "userName": user}}
def put(name, records):
    os.makedirs(os.path.join(out, "logs"), exist_ok=True)
    with gzip.open(os.path.join(out, "logs", name), "wt") as f:
        json.dump({"Records": records}, f)
    ev = {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "users-trail"},
          "object": {"key": "AWSLogs/" + name, "eTag": name}}}]}
    json.dump(ev, open(os.path.join(out, name + ".event.json"), "w"))
put("warm.json.gz", [rec("warm%d" % u, u) for u in range(20)])
for conc in ("c1", "c16", "c64"):
    for r in range(reps):
        put(f"{conc}-one-{r}.json.gz", [rec(f"{conc}one{r}", i, "203.0.113.9") for i in range(200)])
        put(f"{conc}-many-{r}.json.gz", [rec(f"{conc}m{r}u{u}", u) for u in range(200)])
PY
for conc in 1 16 64; do
  # a fresh moto each time: moto copies the whole table in every transaction, so its cost grows with the table
  [ -n "${MOTO_PID:-}" ] && kill "$MOTO_PID" 2>/dev/null || true
  moto_start
  moto_use
  awsm s3 mb s3://users-trail >/dev/null
  awsm s3 cp --recursive --quiet "$out/logs/" s3://users-trail/AWSLogs/
  moto_table users-dedup
  export ALERT_TOPIC_ARN=$(awsm sns create-topic --name users-alerts --query TopicArn --output text)
  export DEDUP_TABLE=users-dedup ALLOWED_BUCKETS=users-trail
  args=("$out/warm.json.gz.event.json")
  for r in $(seq 0 $((reps - 1))); do
    args+=("1 user, 200 calls=$out/c$conc-one-$r.json.gz.event.json" "200 users, 1 call each=$out/c$conc-many-$r.json.gz.event.json")
  done
  echo "STORE_CONCURRENCY=$conc"
  STORE_CONCURRENCY=$conc "$JAVA_HOME/bin/java" -cp "$here/target/trailwatch.jar" "$here/bench/java/UsersPerObject.java" "${args[@]}" 2>/dev/null
done
