#!/usr/bin/env bash
# A corpus of COPIES × the 8% corpus of bench/match_rates.sh (hard links under other names: 12 copies are
# 480 files, 5 GB of JSON), read once each by gzip -dc, bin/trailwatch scan (which picks C2 for an input
# this large) and the same with C1 forced, with trailwatch's largest resident set.
# usage: bench/big_corpus.sh [COPIES=12]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/jdk.sh"
copies=${1:-12}
src="$here/bench/out/rate-0.08-40-10.5-a4-cloudtrail"
[ -d "$src" ] || python3 "$here/bench/make_corpus.py" "$src" --match-rate 0.08 --addresses 4 >/dev/null
[ -f "$here/target/trailwatch.jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)
big="$here/bench/out/big-$copies"
mkdir -p "$big"
for i in $(seq -w 1 "$copies"); do
  for f in "$src"/*.gz; do ln -f "$f" "$big/copy$i-$(basename "$f")"; done
done
"$here/bin/trailwatch" scan "$src" >/dev/null 2>&1 || true # the class-data archive
run() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>/tmp/big_corpus.err; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
g=$(run sh -c "gzip -dc '$big'/*.gz")
w=$(run /usr/bin/time -f "rss %M" "$here/bin/trailwatch" scan "$big"); wrss=$(sed -n 's/^rss //p' /tmp/big_corpus.err)
summary=$(grep '^trailwatch: ' /tmp/big_corpus.err | head -1)
c1=$(TRAILWATCH_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx160m" run "$here/bin/trailwatch" scan "$big")
bytes=$(gzip -dc "$big"/*.gz | wc -c)
echo "$summary"
echo "| corpus | gzip -dc | bin/trailwatch scan (C2) | × gzip | max RSS | C1 forced | × gzip |"
echo "|---|---|---|---|---|---|---|"
printf '| %d files, %.2f GB, 8%% | %.1f s | %.1f s | %.2f | %d MB | %.1f s | %.2f |\n' "$(ls "$big" | wc -l)" \
  "$(echo "scale=2; $bytes / 1000000000" | bc)" "$g" "$w" "$(echo "scale=3; $w / $g" | bc)" $((wrss / 1024)) "$c1" \
  "$(echo "scale=3; $c1 / $g" | bc)"
