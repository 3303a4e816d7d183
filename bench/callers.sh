#!/usr/bin/env bash
# A scan across many callers: corpora of FILES files of MB uncompressed each (100% IAM-user calls, each user
# calling from 4 addresses of its own) made by USERS IAM users, for each USERS given. The files span FILES × 5
# minutes, inside one 60-minute dedup window, so the scan holds one window open per user seen until its end,
# then renders their alerts. Each corpus is read by gzip -dc and bin/trailwatch scan (as users run it: a
# 160 MB heap), interleaved, ROUNDS times; prints a Markdown table of medians with trailwatch's largest
# resident set, its alert count and its exit status (3: the heap ran out).
# usage: bench/callers.sh [ROUNDS=3] [FILES=8] [MB=10.5] [USERS...=100 10000 30000 60000]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
rounds=${1:-3}
files=${2:-8}
mb=${3:-10.5}
shift $(($# < 3 ? $# : 3))
users=("$@")
[ ${#users[@]} -gt 0 ] || users=(100 10000 30000 60000)
count ROUNDS "$rounds"; count FILES "$files"; size MB "$mb"
for n in "${users[@]}"; do count USERS "$n"; done
echo "| IAM users | records | matches | alerts | gzip -dc | bin/trailwatch scan | × gzip | max RSS | exit |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${users[@]}"; do
  dir="$here/bench/out/callers-$n-$files-$mb"
  [ -d "$dir" ] || python3 "$here/bench/make_corpus.py" "$dir" --files "$files" --mb-per-file "$mb" \
    --match-rate 1 --users "$n" >/dev/null
  "$here/bin/trailwatch" scan "$dir" >/dev/null 2>&1 || true # the class-data archive
  declare -A t=()
  for r in $(seq 1 "$rounds"); do
    t[gzip]+=" $(seconds sh -c "gzip -dc '$dir'/*.gz")"
    t[tw]+=" $(seconds "$here/bin/trailwatch" scan "$dir")"
  done
  g=$(echo "${t[gzip]}" | median); w=$(echo "${t[tw]}" | median)
  status=0
  summary=$( { /usr/bin/time -f "rss %M" "$here/bin/trailwatch" scan "$dir" >/dev/null; } 2>&1) || status=$?
  records=$(echo "$summary" | sed -n 's/.* files, \([0-9]*\) records.*/\1/p')
  matches=$(echo "$summary" | sed -n 's/.* records, \([0-9]*\) matches.*/\1/p')
  alerts=$(echo "$summary" | sed -n 's/.* filtered, \([0-9]*\) alerts.*/\1/p')
  rss=$(echo "$summary" | sed -n 's/^rss \([0-9]*\)$/\1/p')
  printf '| %s | %s | %s | %s | %.2f s | %.2f s | %.2f | %d MB | %s |\n' "$n" "${records:--}" "${matches:--}" \
    "${alerts:--}" "$g" "$w" "$(echo "scale=3; $w / $g" | bc)" $((rss / 1024)) "$status"
  unset t
done
