#!/usr/bin/env bash
# Alerts on the generated month (bench/make_month.py) without tuning and with each tuning file of
# docs/tuning, by rule and by user, as a Markdown table.
# usage: bench/tuning_month.sh [--office]   (--office: alice also uses her key from the office; see make_month.py)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
month=$here/bench/out/month${1:+-office}
[ -d "$month" ] || python3 "$here/bench/make_month.py" "$month" "$@"
count() { # alerts of one scan: total, then per rule and user
  python3 -c '
import json, sys, collections
c = collections.Counter()
n = 0
for line in sys.stdin:
    a = json.loads(line); n += 1
    rule = a["ruleId"].split(".")[-2] + "." + a["ruleId"].split(".")[-1]
    who = (a["event"].get("userIdentity") or {}).get("userName") or "correlation"
    c[rule + " " + who] += 1
print(n, "|", ", ".join(f"{k}: {v}" for k, v in sorted(c.items())))'
}
echo "| tuning | alerts | by rule and user | summary |"
echo "|---|---|---|---|"
for tuning in "" docs/tuning/exclude-ci.yml docs/tuning/trust-cidr.yml docs/tuning/first-seen.yml docs/tuning/trust-cidr-first-seen.yml; do
  args=()
  [ -n "$tuning" ] && args=(--tuning "$here/$tuning")
  out=$("$here/bin/trailwatch" scan --progress=false "${args[@]}" "$month" 2>/tmp/tuning_month.err | count)
  summary=$(grep -o '[0-9]* matches, [0-9]* filtered' /tmp/tuning_month.err)
  seen=$(grep -o '[0-9]* matches seen before' /tmp/tuning_month.err || true)
  echo "| ${tuning:-none} | ${out%% |*} | ${out#*| } | $summary${seen:+, $seen} |"
done
