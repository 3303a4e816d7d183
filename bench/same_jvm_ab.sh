#!/usr/bin/env bash
# Two or more builds of the engine compared in one JVM (bench/java/SameJvmAB.java: each jar in its own class
# loader, taking turns on the same log in memory), under C1 as bin/trailwatch runs inputs below 150 MB: the
# reading thread's CPU per MB of JSON for each. This machine's speed moves by up to 2x between minutes, so
# separate processes cannot show a change of a few percent; turns in one process can.
#   bench/same_jvm_ab.sh ROUNDS RATE JAR...    e.g. bench/same_jvm_ab.sh 30 0.4 old.jar target/trailwatch.jar
# RATE picks the first file of bench/match_rates.sh's corpus at that match rate (run it first); KEY_ORDER=templates,
# the corpus with its keys in the templates' order.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/jdk.sh"
usage() { echo "usage: bench/same_jvm_ab.sh ROUNDS RATE JAR... ($1)" >&2; exit 2; }
[ $# -ge 3 ] || usage "a round count, a match rate and at least one jar"
[[ "$1" =~ ^[1-9][0-9]*$ ]] || usage "ROUNDS must be a positive number, not '$1'"
rounds=$1
dir="$here/bench/out/rate-$2-40-10.5-a4-${KEY_ORDER:-cloudtrail}"
shift 2
[ -d "$dir" ] || usage "$dir: no corpus (bench/match_rates.sh makes it)"
for jar in "$@"; do
  [ -f "$jar" ] || usage "$jar: no such file"
done
log=$(ls "$dir"/*.gz | head -1)
"$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$here/bench/java/SameJvmAB.java" "$log" "$rounds" "$@"
