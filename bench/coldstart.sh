#!/usr/bin/env bash
# Cold start, side by side: a fresh JVM running `trailwatch invoke` on a small object against moto
# (S3 GetObject, DynamoDB, SNS) versus the same job in Python/boto3 in a fresh process
# (bench/python_invoke.py), and the handler alone as Lambda's runtime calls it (bench/java/HandlerOnce.java:
# the function's jar, the template's JAVA_TOOL_OPTIONS, no command line). Each run gets a fresh dedup table,
# so every run opens a window and publishes. Prints medians of interleaved rounds, jar size, classes loaded, init vs invoke time.
#   bench/coldstart.sh [ROUNDS]     default 7
set -euo pipefail
. "$(dirname "$0")/lib.sh"
rounds=${1:-7}
jar="$here/target/trailwatch.jar"
. "$here/bin/moto.sh"
moto_start
moto_use
moto_sample
table() { local name="dedup-$(python3 -c 'import uuid; print(uuid.uuid4().hex[:12])')"
  moto_table "$name"; echo "$name"; }
event="$here/events/s3-put.json"
# a class-data archive of what one invoke loads (what a SnapStart-less deployment could ship)
DEDUP_TABLE=$(table) "$JAVA_HOME/bin/java" -XX:ArchiveClassesAtExit="$here/target/invoke.jsa" -Xlog:cds=off \
  -jar "$jar" invoke "$event" >/dev/null 2>&1
# the jar as the Makefile lays it out for Lambda (entries stored), run with the template's JAVA_TOOL_OPTIONS
stored="$here/target/lambda/trailwatch.jar"
"$here/tools/stored-jar.sh" "$jar" "$stored"
# the handler as Lambda's runtime calls it (bench/java/HandlerOnce.java): no command line in front
classes="$here/target/bench-classes"
mkdir -p "$classes"
"$JAVA_HOME/bin/javac" -d "$classes" -cp "$jar" "$here/bench/java/HandlerOnce.java"
declare -A times
for r in $(seq 1 "$rounds"); do
  times[java]+=" $(DEDUP_TABLE=$(table) seconds "$JAVA_HOME/bin/java" -jar "$jar" invoke "$event")"
  times[java_c1]+=" $(DEDUP_TABLE=$(table) seconds "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -jar "$jar" invoke "$event")"
  times[java_c1_stored]+=" $(DEDUP_TABLE=$(table) seconds "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -jar "$stored" invoke "$event")"
  times[handler_c1]+=" $(DEDUP_TABLE=$(table) seconds "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -cp "$stored:$classes" HandlerOnce "$event")"
  times[java_c1_cds]+=" $(DEDUP_TABLE=$(table) seconds "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$here/target/invoke.jsa" -Xlog:cds=off -jar "$jar" invoke "$event")"
  times[python]+=" $(DEDUP_TABLE=$(table) seconds python3 "$here/bench/python_invoke.py" "$event")"
done
p=$(echo "${times[python]}" | median)
for k in java java_c1 java_c1_stored handler_c1 java_c1_cds python; do
  m=$(echo "${times[$k]}" | median)
  printf '%-12s %6.3f s   /python %.2f\n' "$k" "$m" "$(echo "$m / $p" | bc -l)"
done
echo "jar: $(du -b "$jar" | cut -f1) bytes"
echo "classes loaded (plain, one invoke): $(DEDUP_TABLE=$(table) "$JAVA_HOME/bin/java" -Xlog:class+load=info -jar "$jar" invoke "$event" 2>/dev/null | grep -c 'class,load')"
DEDUP_TABLE=$(table) "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -jar "$jar" invoke "$event" 2>&1 >/dev/null | grep 'trailwatch invoke:'
echo "alerts published by the last python run: $(DEDUP_TABLE=$(table) python3 "$here/bench/python_invoke.py" "$event")"
