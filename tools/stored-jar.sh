#!/usr/bin/env bash
# Copies a jar with its entries stored instead of deflated: what the Makefile lays out for Lambda, whose
# runtime then reads each class at start without inflating it (bench/coldstart.sh measures the gain). The
# deployment package is zipped as a whole anyway, so what is uploaded stays about the same size.
#   tools/stored-jar.sh IN.jar OUT.jar
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: tools/stored-jar.sh IN.jar OUT.jar" >&2; exit 2; }
[ -f "$1" ] || { echo "tools/stored-jar.sh: $1: no such file" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/jdk.sh"
in=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(mkdir -p "$(dirname "$2")" && cd "$(dirname "$2")" && pwd)/$(basename "$2")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
(cd "$dir" && "$JAVA_HOME/bin/jar" --extract --file "$in")
rm -f "$out"
"$JAVA_HOME/bin/jar" --create --no-compress --file "$out" --manifest "$dir/META-INF/MANIFEST.MF" -C "$dir" .
