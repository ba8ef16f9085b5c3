#!/bin/sh
# The "Log operations" figures of BENCHMARKS.md, through the image's launcher:
#
#   benchmarks/log-ops.sh [RUNS] [EVENTS]      (defaults: 3 runs, 1000000 events)
#
# 1. The benchmark workload: `bench --case jsonl` writes EVENTS readings; then, RUNS times, a
#    copy of that log is compressed with `bussdcc log compress` (bytes before/after, CPU time),
#    and `bench --case replay` reads the plain and the compressed log (the cost of reading gzip).
# 2. The greenhouse example as it runs (`run --for 30s`, readings at their real pace, 10 s
#    segments): bytes per event and the compression ratio of such a log.
# 3. `cat --follow` latency: the example runs 30 s (each event flushed at once, 5 s segments,
#    so six rolls) while `cat --follow --from now` prints its log; for each line, the time it
#    reached cat's stdout minus the event's own time (python3 reads the pipe), and the five
#    slowest with their place in the run.
# Needs the image (./mvnw package) and python3.
set -eu

runs=${1:-3}
events=${2:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
bussdcc=${BUSSDCC:-$here/framework-cli/target/image/bin/bussdcc}
[ -x "$bussdcc" ] || { echo "no image at $bussdcc: build it with ./mvnw package" >&2; exit 1; }
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/bussdcc-logops.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== 1. benchmark workload, $events events"
"$bussdcc" bench --case jsonl --events "$events" --dir "$work/plain"
du -sb "$work/plain" | sed 's/^/plain log (du -sb): /'
i=1
while [ "$i" -le "$runs" ]; do
    rm -rf "$work/gz"
    cp -r "$work/plain" "$work/gz"
    "$bussdcc" log compress "$work/gz"
    "$bussdcc" bench --case replay --events "$events" --dir "$work/plain" | sed 's/^/plain      /'
    "$bussdcc" bench --case replay --events "$events" --dir "$work/gz" | sed 's/^/compressed /'
    i=$((i + 1))
done

echo "== 2. the greenhouse example, 30 s"
(cd "$work" && "$bussdcc" run --no-web --for 30s --events greenhouse --set sink.jsonl.interval=10s 2> run.err)
"$bussdcc" log info "$work/greenhouse" 2>/dev/null | sed -n '1,5p'
"$bussdcc" log compress "$work/greenhouse"

echo "== 3. cat --follow latency"
(cd "$work" && "$bussdcc" run --no-web --for 30s --events live --set sink.jsonl.interval=5s \
    --set sink.jsonl.durability=each-event 2> live.err) &
writer=$!
while [ ! -d "$work/live" ]; do sleep 0.05; done
mkfifo "$work/pipe"
# --from now: only events written after cat started are measured (not the JVM's start)
"$bussdcc" cat "$work/live" --follow --from now > "$work/pipe" 2> "$work/cat.err" &
follower=$!
python3 -c '
import datetime, re, sys, time
lat = []
for line in sys.stdin:
    now = time.time()
    m = re.match(r"\{\"time\":\"([^\"]+)\"", line)
    if not m:
        continue
    t = re.sub(r"(\.\d{6})\d*", r"\1", m.group(1)).replace("Z", "+00:00")
    lat.append((now - datetime.datetime.fromisoformat(t).timestamp()) * 1000)
    if "RuntimeShutdown" in line:
        break
order = sorted(range(len(lat)), key=lambda i: -lat[i])[:5]
print("slowest (event number, ms):", ", ".join("%d: %.0f" % (i, lat[i]) for i in sorted(order)))
lat.sort()
def q(p): return lat[min(len(lat) - 1, int(p * len(lat)))]
print("events %d, latency ms (arrival on cat stdout - event time): p50 %.1f, p90 %.1f, p99 %.1f, max %.1f" % (
    len(lat), q(0.5), q(0.9), q(0.99), lat[-1]))
' < "$work/pipe"
wait "$writer"
kill "$follower"
wait "$follower" 2>/dev/null || true
"$bussdcc" log info "$work/live" 2>/dev/null | sed -n '2p'
