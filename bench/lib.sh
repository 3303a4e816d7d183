# Sourced by the bench scripts: $here (the repository) and the JDK (bin/jdk.sh), the jar built when it is
# missing, and two helpers: seconds CMD... (a command's wall time, its output dropped and its exit status
# ignored) and median (of the numbers on standard input, one or more a line).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/bin/jdk.sh"
[ -f "$here/target/trailwatch.jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
