#!/bin/bash
# How cost grows (BENCHMARKS.md, "How cost grows"), each part rerunnable on its own:
#
#   benchmarks/scaling.sh [dispatch|state|cpu|replay|ws|all] [JMH options]     (default: all)
#
#   dispatch  JMH ScalingBenchmark.dispatch: 1, 10, 100 processes x 1, 100, 10,000 message types
#   state     JMH ScalingBenchmark.stateSet: state-store set with 10 and 10,000 keys
#   cpu       the same two without JMH (ScalingRun, one JVM per case), timed by the wall clock
#             and by the thread's CPU time, for a machine that is not quiet
#   replay    the image's bench: a log of 1 M and of 10 M events written, then replayed at max
#             speed, peak RSS of each replay (GNU time) — memory must stay flat
#   ws        framework-web's WebBenchmark: WebSocket delivery latency (p50, p99) to 10, 100 and
#             1,000 clients at 2,000 events/s for 10 s, clients in the server's JVM
#
# Needs the image for replay (./dev mvn -B -ntp -pl framework-cli -am package -DskipTests) and
# GNU time; the others build what they need. The 10 M log takes about 1.5 GB under
# ${BENCH_DIR:-/tmp} while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
[ $# -gt 0 ] && shift
java_home=$(./dev java-home)
bussdcc=${BUSSDCC:-$PWD/framework-cli/target/image/bin/bussdcc}

jmh() {
    ./dev mvn -B -ntp -q -pl benchmarks -am package -DskipTests -Pjmh
    "$java_home/bin/java" -jar benchmarks/target/benchmarks.jar "$@"
}

replay_scaling() {
    [ -x "$bussdcc" ] || { echo "no image at $bussdcc" >&2; exit 1; }
    local work
    work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/bussdcc-scaling.XXXXXX")
    trap 'rm -rf "$work"' RETURN
    for n in 1000000 10000000; do
        rm -rf "$work/log"
        "$bussdcc" bench --case jsonl --events "$n" --dir "$work/log" >/dev/null
        /usr/bin/time -f '%M' -o "$work/rss" "$bussdcc" bench --case replay --events "$n" --dir "$work/log" >"$work/out"
        echo "replay $n events: $(cat "$work/out"), peak RSS $(awk '{ printf "%.1f", $1 / 1024 }' "$work/rss") MiB"
    done
}

cpu_scaling() {
    ./dev mvn -B -ntp -q -pl benchmarks -am package -DskipTests -Pjmh
    local run="$java_home/bin/java -XX:+UseSerialGC -Xmn8m -cp benchmarks/target/benchmarks.jar io.bussdcc.benchmarks.ScalingRun"
    for p in 1 10 100; do
        for t in 1 100 10000; do
            $run dispatch "$p" "$t"
        done
    done
    for k in 10 10000; do
        $run state "$k"
    done
}

ws_scaling() {
    ./dev mvn -B -ntp -q -pl framework-web -am test-compile dependency:build-classpath \
        -Dmdep.outputFile="$PWD/framework-web/target/bench-classpath.txt" -Dmdep.includeScope=test
    ./dev mvn -B -ntp -q -pl framework-web -am package -DskipTests
    local jar deps
    jar=$(ls framework-web/target/framework-web-*.jar | grep -v -e sources -e javadoc | head -n 1)
    deps=$(cat framework-web/target/bench-classpath.txt)
    for clients in 10 100 1000; do
        echo "ws: $clients clients, 2000 events/s, 10 s"
        "$java_home/bin/java" -XX:+UseSerialGC -Xmx1g --module-path "$jar:$deps" \
            --patch-module io.bussdcc.web=framework-web/target/test-classes \
            --add-modules io.bussdcc.runtime,java.net.http \
            --add-reads io.bussdcc.web=java.net.http,io.bussdcc.runtime \
            -m io.bussdcc.web/io.bussdcc.web.WebBenchmark latency "$clients" 2000 10 2>/dev/null
    done
}

case $what in
    dispatch) jmh 'ScalingBenchmark.dispatch' "$@" ;;
    state) jmh 'ScalingBenchmark.stateSet' "$@" ;;
    cpu) cpu_scaling ;;
    replay) replay_scaling ;;
    ws) ws_scaling ;;
    all)
        jmh 'ScalingBenchmark' "$@"
        replay_scaling
        ws_scaling
        ;;
    *) echo "usage: benchmarks/scaling.sh [dispatch|state|cpu|replay|ws|all] [JMH options]" >&2; exit 2 ;;
esac
