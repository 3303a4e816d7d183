#!/usr/bin/env bash
# CPU by thread of `scan` at each match rate (bench/thread_cpu.py reads /proc while it runs), with the JVM
# options bin/trailwatch uses below 150 MB of gzip (C1, SerialGC, 160 MB heap, its class-data archive):
# where a match's cost goes (reading threads "trailwatch-scan", the replaying thread "java", collections
# "VM Thread", the compiler), the context switches and the collections of the run (-Xlog:gc). Corpora as bench/match_rates.sh
# makes them (run it first).
#   [KEY_ORDER=cloudtrail|templates] bench/thread_cpu.sh [RATE...]
#   default: 0 0.4 1 (each with 4 addresses a user, 40 files of 10.5 MB, keys in CloudTrail's order)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/jdk.sh"
[ $# -gt 0 ] || set -- 0 0.4 1
jar="$here/target/trailwatch.jar"
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)
"$here/bin/trailwatch" scan "$here/events/cloudtrail" >/dev/null 2>&1 || true # the class-data archive
for rate in "$@"; do
  dir="$here/bench/out/rate-$rate-40-10.5-a4-${KEY_ORDER:-cloudtrail}"
  [ -d "$dir" ] || { echo "bench/thread_cpu.sh: $dir: no corpus (bench/match_rates.sh makes it)" >&2; exit 2; }
  echo "== $(echo "$rate * 100" | bc | sed 's/\.0*$//')% ($dir)"
  gc=$(mktemp)
  python3 "$here/bench/thread_cpu.py" "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx160m \
    -XX:SharedArchiveFile="$here/target/trailwatch.jsa" -Xlog:cds=off -Xlog:gc:file="$gc" -jar "$jar" scan "$dir"
  echo "collections: $(grep -c 'Pause Young' "$gc") young, $(grep -c 'Pause Full' "$gc") full, $(grep 'Pause' "$gc" \
    | sed 's/.* \([0-9.]*\)ms$/\1/' | awk '{s += $1} END {printf "%.0f", s}') ms of pauses"
  rm -f "$gc"
done
