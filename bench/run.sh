#!/usr/bin/env bash
# Throughput and memory, side by side in one run (docs/PERFORMANCE.md has the latest figures).
#   bench/run.sh [ROUNDS]      default 5 interleaved rounds
# Makes (once) a corpus of 40 realistic CloudTrail files, >= 400 MB uncompressed, in bench/out/corpus,
# and one 500 MB file in bench/out/big; then, round by round in the same order, times:
#   gzip -dc (the floor), bin/trailwatch scan (as users run it), java -jar trailwatch.jar scan
#   (no JVM flags), and the Python baseline (bench/python_scan.py). Prints medians and ratios, then
# scans the 500 MB file with -Xmx64m and checks its alert count against the Python baseline's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
rounds=${1:-5}
out="$here/bench/out"
mkdir -p "$out"
[ -d "$out/corpus" ] || python3 "$here/bench/make_corpus.py" "$out/corpus" --files 40 --mb-per-file 10.5
[ -d "$out/big" ] || python3 "$here/bench/make_corpus.py" "$out/big" --files 1 --mb-per-file 500 --seed 9
"$here/bin/trailwatch" scan "$out/corpus" >/dev/null 2>&1 # makes the class-data archive

declare -A times
for r in $(seq 1 "$rounds"); do
  times[gzip]+=" $(seconds sh -c "gzip -dc '$out'/corpus/*.gz")"
  times[trailwatch]+=" $(seconds "$here/bin/trailwatch" scan "$out/corpus")"
  times[java_plain]+=" $(seconds "$JAVA_HOME/bin/java" -jar "$here/target/trailwatch.jar" scan "$out/corpus")"
  times[python]+=" $(seconds python3 "$here/bench/python_scan.py" "$out/corpus")"
done
mb=$(gzip -dc "$out"/corpus/*.gz | wc -c)
records=$("$here/bin/trailwatch" scan "$out/corpus" 2>&1 >/dev/null | sed -n 's/.* files, \([0-9]*\) records.*/\1/p')
g=$(echo "${times[gzip]}" | median); t=$(echo "${times[trailwatch]}" | median)
j=$(echo "${times[java_plain]}" | median); p=$(echo "${times[python]}" | median)
echo "corpus: $(ls "$out/corpus" | wc -l) files, $((mb / 1000000)) MB uncompressed, $records records; medians of $rounds interleaved rounds"
printf '%-34s %7.2f s\n' "gzip -dc (floor)" "$g" "bin/trailwatch scan" "$t" "java -jar trailwatch.jar scan" "$j" "python baseline" "$p"
echo "trailwatch/gzip = $(echo "scale=2; $t / $g" | bc)   java-plain/gzip = $(echo "scale=2; $j / $g" | bc)   python/trailwatch = $(echo "scale=2; $p / $t" | bc)"
echo "bin/trailwatch: $(echo "$records / $t" | bc) records/s, $(echo "$mb / 1000000 / $t" | bc) MB/s uncompressed"

big=$(gzip -dc "$out"/big/*.gz | wc -c)
start=$(date +%s.%N)
alerts=$("$JAVA_HOME/bin/java" -Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$here/target/trailwatch.jar" scan "$out/big" 2>/dev/null | wc -l)
end=$(date +%s.%N)
expected=$(python3 "$here/bench/python_scan.py" "$out/big" | sed -n 's/.*matches, \([0-9]*\) dedup strings/\1/p')
echo "one $((big / 1000000)) MB file with -Xmx64m: $alerts alerts (python baseline: $expected dedup strings, one window each) in $(echo "$end - $start" | bc) s"
