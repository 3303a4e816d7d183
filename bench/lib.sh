# Sourced by the bench scripts: $here (the repository) and the JDK (bin/jdk.sh), the jar built when it is
# missing, and two helpers: seconds CMD... (a command's wall time, its output dropped and its exit status
# ignored), median (of the numbers on standard input, one or more a line), and count / size, which stop
# the script with one line and exit 2 unless an argument is a positive whole number / a positive number.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/bin/jdk.sh"
[ -f "$here/target/trailwatch.jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
count() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "$(basename "$0"): $1 must be a positive whole number, not '$2'" >&2; exit 2; }; }
size() { [[ "$2" =~ ^[0-9]*\.?[0-9]+$ && ! "$2" =~ ^[0.]*$ ]] || { echo "$(basename "$0"): $1 must be a positive number, not '$2'" >&2; exit 2; }; }
