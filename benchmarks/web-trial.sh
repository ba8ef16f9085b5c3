#!/bin/sh
# The hostile-clients trials of RELIABILITY.md ("Hostile clients"), as one repeatable command:
#
#   benchmarks/web-trial.sh patterns [CLIENTS PATTERNS SECONDS [ROUNDS]]   (default: 100 3300 2 9)
#   benchmarks/web-trial.sh dropped [N]                                     (default: 3000)
#   benchmarks/web-trial.sh rebind
#
# Builds framework-web and what it needs (no tests run), then runs
# io.bussdcc.web.HostileClientsTrial from the module's test classes on the JDK that ./dev
# selects, with -Xmx256m, clients and server in one JVM. `patterns` ends with the acceptance
# line of issue 16: the median, over the rounds, of the change in bus rate the clients make
# (each round measures without and with them back to back) is at most 10 % down.
# The machine's cores and load average are printed before and after: the rates mean something
# only on a quiet machine (load average well below the core count).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
trial=${1:-patterns}
[ $# -gt 0 ] && shift
case "$trial" in
    patterns) [ $# -gt 0 ] || set -- 100 3300 2 9 ;;
    dropped)
        [ $# -gt 0 ] || set -- 3000
        ulimit -n 20000 2>/dev/null || echo "web-trial: could not raise the open-files limit (ulimit -n $(ulimit -n))" >&2
        ;;
    rebind) ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac

echo "web-trial: building framework-web (full log: target/web-trial-build.log)" >&2
mkdir -p target
if ! ./dev mvn -B -ntp -pl framework-web -am package dependency:build-classpath -DskipTests \
        -Dmdep.outputFile=target/trial-classpath.txt -Dmdep.includeScope=test >target/web-trial-build.log 2>&1; then
    tail -n 40 target/web-trial-build.log >&2
    echo "web-trial: the build failed; see target/web-trial-build.log" >&2
    exit 1
fi
# The module path: the web module's jar, its framework siblings, Helidon, Jackson and the
# Prometheus client (/metrics) — the test libraries stay out: they are not modules the trial reads.
jar=$(ls framework-web/target/framework-web-*.jar | grep -v -e sources -e javadoc | head -n 1)
deps=$(tr ':' '\n' <framework-web/target/trial-classpath.txt | grep -E '/io/helidon/|/jackson|/io/prometheus/|/framework-[a-z-]+/target/' | paste -sd: -)
java="$(./dev java-home)/bin/java"

machine() {
    echo "web-trial: $1: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -n 1)"
}
machine before
"$java" -Xmx256m --module-path "$jar:$deps" \
    --patch-module io.bussdcc.web=framework-web/target/test-classes \
    --add-modules io.bussdcc.runtime --add-reads io.bussdcc.web=io.bussdcc.runtime \
    -m io.bussdcc.web/io.bussdcc.web.HostileClientsTrial "$trial" "$@"
machine after
