#!/usr/bin/env bash
# JMH: the engine's per-record cost (src/test/java/io/trailwatch/bench/EngineBenchmark.java).
#   bench/jmh.sh [JMH options]      e.g. bench/jmh.sh -f 1 -wi 2 -i 3
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bin/jdk.sh"
cd "$here"
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test.classpath)"
"$JAVA_HOME/bin/java" -cp "$cp" io.trailwatch.bench.EngineBenchmark
exec "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main EngineBenchmark "$@"
