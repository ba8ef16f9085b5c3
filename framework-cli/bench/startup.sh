#!/bin/sh
# Measures the wall time from launching `bussdcc run` (the jlink image, default settings: the
# example, JSONL under ./events, dashboard on 127.0.0.1:5000) to the first HTTP 200 from the
# dashboard, RUNS times (default 5), and prints each time and the median. Needs curl.
#   framework-cli/bench/startup.sh [RUNS]
set -eu
runs=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
image="$here/target/image/bin/bussdcc"
[ -x "$image" ] || { echo "no image at $image: build it with ./mvnw package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
times=""
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    if curl -s -o /dev/null "http://127.0.0.1:5000/" 2>/dev/null; then
        echo "port 5000 is already serving: stop that first" >&2; exit 1
    fi
    start=$(date +%s%N)
    "$image" run 2>"stderr-$i.txt" >/dev/null &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:5000/ 2>/dev/null)" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { echo "bussdcc run exited:" >&2; cat "stderr-$i.txt" >&2; exit 1; }
        sleep 0.005
    done
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    echo "run $i: ${ms} ms"
    times="$times $ms"
    kill -TERM "$pid"
    wait "$pid" || true
done
median=$(printf '%s\n' $times | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "median of $runs: ${median} ms"
