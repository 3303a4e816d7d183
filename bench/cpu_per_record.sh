#!/usr/bin/env bash
# The engine's CPU time per record (bench/java/CpuPerRecord.java: thread CPU time, steadier than JMH's wall
# time on a busy machine), under C1 as bin/trailwatch runs inputs below 150 MB, for one jar or, to compare
# two builds, several jars alternated REPEATS times.
#   bench/cpu_per_record.sh [REPEATS=2] [JAR...]     default: target/trailwatch.jar
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/jdk.sh"
repeats=${1:-2}
shift || true
jars=("$@")
[ ${#jars[@]} -gt 0 ] || jars=("$here/target/trailwatch.jar")
[ -f "$here/target/trailwatch.jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "bench/cpu_per_record.sh: $jar: no such file" >&2; exit 2; }
done
for r in $(seq 1 "$repeats"); do
  for jar in "${jars[@]}"; do
    echo "== $jar"
    "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar" "$here/bench/java/CpuPerRecord.java" \
      "$here/src/test/resources/stratus/aws.execution.ssm-send-command.json" 20
  done
done
