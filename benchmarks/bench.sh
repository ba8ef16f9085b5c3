#!/bin/sh
# The figures of BENCHMARKS.md, through the image's launcher as a user runs it:
#
#   benchmarks/bench.sh [RUNS] [EVENTS]      (defaults: 5 runs, 1000000 events)
#
# 1. RUNS rounds of the four throughput cases of `bussdcc bench` (dispatch, jsonl, replay,
#    console), each in a fresh process, EVENTS events; the JSONL log goes to a new folder under
#    $BENCH_DIR (default ${TMPDIR:-/tmp}) and is removed after each round.
# 2. Peak RSS of `bench --case jsonl --events 200000`, RUNS times (/usr/bin/time -v).
# 3. Boot + shutdown of an empty runtime in a fresh process: the wall time of
#    `bussdcc bench --case boot`, 20 times after 3 unmeasured runs.
# Prints every result line, then the median (min-max) of each figure.
# Needs the image (./mvnw package) and GNU time (apt-get install time) for step 2.
set -eu

runs=${1:-5}
events=${2:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
bussdcc=${BUSSDCC:-$here/framework-cli/target/image/bin/bussdcc}
[ -x "$bussdcc" ] || { echo "no image at $bussdcc: build it with ./mvnw package" >&2; exit 1; }
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/bussdcc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
results="$work/results.txt"
: > "$results"

# field NAME LINE: the value of "NAME": in a result line
field() {
    printf '%s\n' "$2" | sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p"
}

record() { # record FIGURE VALUE
    echo "$1 $2" >> "$results"
}

r=0
while [ "$r" -lt "$runs" ]; do
    r=$((r + 1))
    log="$work/log"
    rm -rf "$log"
    for c in dispatch jsonl replay console; do
        case $c in
            dispatch) line=$("$bussdcc" bench --case dispatch --events "$events") ;;
            jsonl) line=$("$bussdcc" bench --case jsonl --events "$events" --dir "$log") ;;
            replay) line=$("$bussdcc" bench --case replay --events "$events" --dir "$log") ;;
            console) line=$("$bussdcc" bench --case console --events "$events" 2>&1 >/dev/null) ;;
        esac
        echo "run $r: $line"
        record "$c" "$(field events_per_s "$line")"
        if [ "$c" = jsonl ]; then
            bytes=$(field bytes "$line")
            record "jsonl-MB/s" "$(awk -v b="$bytes" -v s="$(field seconds "$line")" 'BEGIN { printf "%.1f", b / s / 1e6 }')"
            record "bytes/event" "$(awk -v b="$bytes" -v n="$events" 'BEGIN { printf "%.1f", b / n }')"
        fi
    done
    rm -rf "$log"
done

if [ -x /usr/bin/time ]; then
    r=0
    while [ "$r" -lt "$runs" ]; do
        r=$((r + 1))
        rm -rf "$work/rss"
        /usr/bin/time -v "$bussdcc" bench --case jsonl --events 200000 --dir "$work/rss" >/dev/null 2>"$work/time.txt"
        kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
        echo "rss run $r: $kb kB"
        record "rss-MiB" "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')"
    done
    rm -rf "$work/rss"
else
    echo "no /usr/bin/time: peak RSS not measured (apt-get install time)" >&2
fi

i=0
while [ "$i" -lt 23 ]; do
    i=$((i + 1))
    start=$(date +%s%N)
    "$bussdcc" bench --case boot >/dev/null
    end=$(date +%s%N)
    [ "$i" -gt 3 ] && record "boot-ms" "$(awk -v d=$((end - start)) 'BEGIN { printf "%.1f", d / 1e6 }')"
done

echo
echo "medians (min-max) of $runs runs, $events events; RSS at 200000 events; boot over 20 runs:"
for figure in dispatch jsonl jsonl-MB/s bytes/event replay console rss-MiB boot-ms; do
    grep "^$figure " "$results" | cut -d' ' -f2 | sort -g | awk -v f="$figure" '
        { v[NR] = $1 }
        END {
            if (NR == 0) exit
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "  %-12s %14.1f  (%.1f - %.1f)\n", f, m, v[1], v[NR]
        }'
done
