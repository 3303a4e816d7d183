#!/usr/bin/env bash
# Throughput and memory by match rate: corpora of FILES files of MB uncompressed each where 0%, 8%, 40% and
# 100% of the records are successful IAM-user (AKIA) calls (bench/make_corpus.py --match-rate; each user
# calls from 4 addresses of its own, 1 call in 100 from a new one), plus the worst case for the correlation's
# memory (100%, a new address at every call: --addresses 0). Each is read by gzip -dc (the floor),
# bin/trailwatch scan (as users run it) and the Python baseline, interleaved, ROUNDS times; prints a
# Markdown table of medians and ratios, with trailwatch's largest resident set, from one run. Records' keys
# come in CloudTrail's delivery order (userIdentity second); KEY_ORDER=templates gives the alphabetical order
# of the anonymized templates (userIdentity last: a record is known to be a candidate only at its end).
# usage: [KEY_ORDER=cloudtrail|templates] bench/match_rates.sh [ROUNDS=3] [FILES=40] [MB=10.5]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
rounds=${1:-3}
files=${2:-40}
mb=${3:-10.5}
count ROUNDS "$rounds"; count FILES "$files"; size MB "$mb"
order=${KEY_ORDER:-cloudtrail}
case "$order" in cloudtrail|templates) ;; *) echo "bench/match_rates.sh: KEY_ORDER is cloudtrail or templates, not '$order'" >&2; exit 2 ;; esac
echo "| match rate | addresses | MB | records | matches | gzip -dc | bin/trailwatch scan | × gzip | max RSS | Python | Python / trailwatch |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for corpus in 0:4 0.08:4 0.4:4 1:4 1:0; do
  rate=${corpus%:*}
  addresses=${corpus#*:}
  dir="$here/bench/out/rate-$rate-$files-$mb-a$addresses-$order"
  [ -d "$dir" ] || python3 "$here/bench/make_corpus.py" "$dir" --files "$files" --mb-per-file "$mb" \
    --match-rate "$rate" --addresses "$addresses" --key-order "$order" >/dev/null
  "$here/bin/trailwatch" scan "$dir" >/dev/null 2>&1 || true # the class-data archive
  declare -A t=()
  for r in $(seq 1 "$rounds"); do
    t[gzip]+=" $(seconds sh -c "gzip -dc '$dir'/*.gz")"
    t[tw]+=" $(seconds "$here/bin/trailwatch" scan "$dir")"
    t[py]+=" $(seconds python3 "$here/bench/python_scan.py" "$dir")"
  done
  g=$(echo "${t[gzip]}" | median); w=$(echo "${t[tw]}" | median); p=$(echo "${t[py]}" | median)
  summary=$( { /usr/bin/time -f "rss %M" "$here/bin/trailwatch" scan "$dir" >/dev/null; } 2>&1)
  records=$(echo "$summary" | sed -n 's/.* files, \([0-9]*\) records.*/\1/p')
  matches=$(echo "$summary" | sed -n 's/.* records, \([0-9]*\) matches.*/\1/p')
  rss=$(echo "$summary" | sed -n 's/^rss \([0-9]*\)$/\1/p')
  bytes=$(gzip -dc "$dir"/*.gz | wc -c)
  printf '| %s%% | %s | %d | %s | %s | %.2f s | %.2f s | %.2f | %d MB | %.2f s | %.2f |\n' \
    "$(echo "$rate * 100" | bc | sed 's/\.0*$//')" "$([ "$addresses" = 0 ] && echo "new at every call" || echo "$addresses a user")" \
    $((bytes / 1000000)) "$records" "$matches" "$g" "$w" "$(echo "scale=3; $w / $g" | bc)" $((rss / 1024)) \
    "$p" "$(echo "scale=3; $p / $w" | bc)"
  unset t
done
