#!/bin/bash
# The table of issue 21 / BENCHMARKS.md in one run: the Python original (bussdcc 0.40.0 +
# bussdcc-framework 0.34.0, benchmarks/python/bench_py.py) and this image side by side, the
# same workload and N, each figure the median of RUNS fresh processes, interleaved:
#
#   benchmarks/side-by-side.sh [RUNS] [EVENTS]        (defaults: 5 runs, 1000000 events)
#
# Figures: dispatch, jsonl, replay (events/s, both sides), peak RSS of jsonl at 200,000 events
# (both sides), the image's size, and launch of `bussdcc run` to the first HTTP 200 of the
# dashboard. A measurement during which other processes took more than 10 % of a CPU
# (from /proc/stat, minus the measured process's own CPU time) or the hypervisor stole time is
# repeated, up to 3 times; the last try is kept and counted in the "loaded" column.
#
# Needs: the image (./dev mvn -B -ntp -pl framework-cli -am package -DskipTests), python3 3.11+,
# GNU time (apt-get install time), curl, and the Python sources: BUSSDCC_SRC and BUSSDCC_FW_SRC
# (their src/ folders), or bare git directories of the two repositories in BUSSDCC_GIT and
# BUSSDCC_FW_GIT (the tags are extracted into the work folder). BUSSDCC=path/to/bin/bussdcc
# measures another image. PY_SKIP=1 measures only ours.
set -euo pipefail

runs=${1:-5}
events=${2:-1000000}
rss_events=200000
here=$(cd "$(dirname "$0")/.." && pwd)
bussdcc=${BUSSDCC:-$here/framework-cli/target/image/bin/bussdcc}
image=$(cd "$(dirname "$bussdcc")/.." && pwd)
bench_py=$here/benchmarks/python/bench_py.py
[ -x "$bussdcc" ] || { echo "no image at $bussdcc: build it with ./dev mvn -B -ntp -pl framework-cli -am package -DskipTests" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time for peak RSS: apt-get install time" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/bussdcc-side.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.txt
: >"$results"
ncpu=$(getconf _NPROCESSORS_ONLN)
hz=$(getconf CLK_TCK)

# ---- the Python original's sources ---------------------------------------------------------
python=${PY_SKIP:-}
if [ -z "$python" ]; then
    if [ -z "${BUSSDCC_SRC:-}" ] || [ -z "${BUSSDCC_FW_SRC:-}" ]; then
        k_git=${BUSSDCC_GIT:-/work/.mirror/jbussdieker+bussdcc/repo}
        f_git=${BUSSDCC_FW_GIT:-/work/.mirror/jbussdieker+bussdcc-framework/repo}
        [ -d "$k_git" ] && [ -d "$f_git" ] || {
            echo "no Python sources: set BUSSDCC_SRC and BUSSDCC_FW_SRC, or BUSSDCC_GIT and BUSSDCC_FW_GIT" \
                "(see benchmarks/python/README.md), or PY_SKIP=1" >&2; exit 1; }
        mkdir -p "$work/py-k" "$work/py-f"
        git --git-dir="$k_git" archive v0.40.0 | tar -x -C "$work/py-k"
        git --git-dir="$f_git" archive v0.34.0 | tar -x -C "$work/py-f"
        export BUSSDCC_SRC=$work/py-k/src BUSSDCC_FW_SRC=$work/py-f/src
    fi
    export PYTHONPATH=$BUSSDCC_SRC:$BUSSDCC_FW_SRC
fi

# ---- one measured process ------------------------------------------------------------------
# busy: the machine's busy jiffies so far (steal included)
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }

# measure OUT CMD...: runs CMD under GNU time (stdout to OUT), retrying while the machine was
# loaded; before each try the folder $FRESH (if set) is removed. Sets WALL (s), RSS (kB) and
# LOADED (1 if the kept try was loaded).
measure() {
    local out=$1; shift
    local try=0 b0 b1 own other
    while :; do
        try=$((try + 1))
        if [ -n "${FRESH:-}" ]; then rm -rf "$FRESH"; fi
        b0=$(busy)
        /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" >"$out" 2>"$work/stderr.txt" || {
            echo "failed: $*" >&2; cat "$work/stderr.txt" >&2; exit 1; }
        b1=$(busy)
        read -r WALL user sys RSS <"$work/time.txt"
        own=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
        other=$(awk -v b0="$b0" -v b1="$b1" -v hz="$hz" -v own="$own" -v w="$WALL" \
            'BEGIN { o = (b1 - b0) / hz - own; if (o < 0) o = 0; print (w > 0 ? o / w : 0) }')
        LOADED=$(awk -v o="$other" 'BEGIN { print (o > 0.10) ? 1 : 0 }')
        [ "$LOADED" = 0 ] && return
        [ "$try" -ge 3 ] && return
        echo "  (loaded: other processes took $(awk -v o="$other" 'BEGIN { printf "%.0f", o * 100 }') % of a CPU; again)" >&2
    done
}

record() { echo "$1 $2 $3" >>"$results"; } # record FIGURE VALUE LOADED

field() { sed -n "s/.*\"$1\": *\([0-9.e+-]*\).*/\1/p" "$2"; }

ours() { # ours CASE [args]: bench through the image, events/s recorded
    local c=$1; shift
    if [ "$c" = jsonl ]; then FRESH=$log; else FRESH=; fi
    measure "$work/out.json" "$bussdcc" bench --case "$c" "$@"
    record "java-$c" "$(field events_per_s "$work/out.json")" "$LOADED"
    echo "  ours   $c: $(cat "$work/out.json")"
}

theirs() { # theirs CASE N: one bench_py.py child, events/s recorded
    local c=$1 n=$2
    rm -f "$work/py/result-$c.json"
    FRESH= measure /dev/null python3 "$bench_py" _child "$c" "$n" "$work/py" "$work/py/result-$c.json"
    record "py-$c" "$(field events_per_s "$work/py/result-$c.json")" "$LOADED"
    echo "  Python $c: $(field events_per_s "$work/py/result-$c.json" | cut -d. -f1) ev/s"
}

first_200() { # launch of bussdcc run -> first HTTP 200: sets MS and LOADED
    local port start end pid b0 b1 own
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    rm -rf "$work/run-events"
    b0=$(busy)
    start=$(date +%s%N)
    "$bussdcc" run --web "127.0.0.1:$port" --events "$work/run-events" >/dev/null 2>"$work/run.err" &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" 2>/dev/null)" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { echo "bussdcc run exited:" >&2; cat "$work/run.err" >&2; exit 1; }
        sleep 0.005
    done
    end=$(date +%s%N)
    b1=$(busy)
    own=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")   # the JVM's CPU so far, in jiffies
    kill -TERM "$pid"
    wait "$pid" || true
    MS=$(( (end - start) / 1000000 ))
    # the curl polls cost a little too: allowed for in the 10 %
    LOADED=$(awk -v b="$((b1 - b0 - own))" -v hz="$hz" -v ms="$MS" 'BEGIN { print (b / hz > 0.10 * ms / 1000 + 0.02) ? 1 : 0 }')
}

# ---- the rounds ----------------------------------------------------------------------------
mkdir -p "$work/py"
echo "side by side: $runs rounds, $events events ($ncpu CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
for r in $(seq "$runs"); do
    echo "round $r"
    log=$work/log
    rm -rf "$log" "$work/py/log"
    if [ -z "$python" ]; then theirs dispatch "$events"; fi
    ours dispatch --events "$events"
    if [ -z "$python" ]; then theirs jsonl "$events"; fi
    ours jsonl --events "$events" --dir "$log"
    if [ -z "$python" ]; then theirs replay "$events"; fi
    ours replay --events "$events" --dir "$log"
    rm -rf "$log" "$work/py/log"
    if [ -z "$python" ]; then
        FRESH= measure /dev/null python3 "$bench_py" _child jsonl "$rss_events" "$work/py" "$work/py/result-jsonl.json"
        record py-rss "$(awk -v k="$RSS" 'BEGIN { printf "%.1f", k / 1024 }')" "$LOADED"
        echo "  Python peak RSS: $RSS kB"
        rm -rf "$work/py/log"
    fi
    FRESH=$work/rss measure /dev/null "$bussdcc" bench --case jsonl --events "$rss_events" --dir "$work/rss"
    record java-rss "$(awk -v k="$RSS" 'BEGIN { printf "%.1f", k / 1024 }')" "$LOADED"
    echo "  ours   peak RSS: $RSS kB"
    rm -rf "$work/rss"
    for try in 1 2 3; do
        first_200
        [ "$LOADED" = 0 ] && break
    done
    record java-first200 "$MS" "$LOADED"
    echo "  ours   launch -> first HTTP 200: $MS ms"
done

# ---- the table -----------------------------------------------------------------------------
median() { # median FIGURE: "median min max loaded-count count"
    grep "^$1 " "$results" | sort -k2 -g | awk '{ v[NR] = $2; l += $3 } END {
        if (NR == 0) { print "- - - 0 0"; exit }
        n = NR
        m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        print m, v[1], v[n], l, n }'
}
image_mb=$(du -sb "$image" | awk '{ printf "%.1f", $1 / 1e6 }')
aot=$(find "$image/lib/server" -name '*.aot' -o -name '*.jsa' | xargs -r du -cb | awk 'END { printf "%.1f", $1 / 1e6 }')

row() { # row CASE PYFIG JAVAFIG TARGET-RATIO UNIT
    read -r pm pmin pmax pl pn <<<"$(median "$2")"
    read -r jm jmin jmax jl jn <<<"$(median "$3")"
    awk -v c="$1" -v pm="$pm" -v pmin="$pmin" -v pmax="$pmax" -v jm="$jm" -v jmin="$jmin" -v jmax="$jmax" \
        -v t="$4" -v l=$((pl + jl)) -v n=$((pn + jn)) '
        function g(x,  s, r) { s = sprintf("%d", x); r = ""
            while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
            return s r }
        BEGIN {
        ratio = (pm > 0) ? jm / pm : 0
        printf "| %s | %s ev/s (%s–%s) | %s ev/s (%s–%s) | %.0f× | ≥ %d× | %s | %d of %d |\n",
            c, g(pm), g(pmin), g(pmax), g(jm), g(jmin), g(jmax), ratio, t, (ratio >= t) ? "met" : "**missed**", l, n }'
}
echo
echo "Medians of $runs fresh processes (min–max), N = $events; RSS at N = $rss_events;"
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(uname -n), $ncpu CPUs, load now $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| case | Python original | bussdcc for Java now | now × original | target | | loaded runs |"
echo "|---|---|---|---|---|---|---|"
if [ -z "$python" ]; then
    row dispatch py-dispatch java-dispatch 85
    row jsonl py-jsonl java-jsonl 80
    row "replay, max speed" py-replay java-replay 300
    read -r pm pmin pmax pl pn <<<"$(median py-rss)"
else
    for c in dispatch jsonl replay; do
        read -r jm jmin jmax jl jn <<<"$(median "java-$c")"
        echo "| $c | (not run) | $jm ev/s ($jmin–$jmax) | | | | $jl of $jn |"
    done
    pm=-; pmin=-; pmax=-; pl=0; pn=0
fi
read -r jm jmin jmax jl jn <<<"$(median java-rss)"
echo "| peak RSS, jsonl @ $rss_events | $pm MiB ($pmin–$pmax) | $jm MiB ($jmin–$jmax) | | ≤ 56 MiB | $(awk -v j="$jm" 'BEGIN { print (j <= 56) ? "met" : "**missed**" }') | $((pl + jl)) of $((pn + jn)) |"
echo "| jlink image | | $image_mb MB ($aot MB of it the AOT cache / CDS archive) | | ≤ 60 MB | $(awk -v j="$image_mb" 'BEGIN { print (j <= 60) ? "met" : "**missed**" }') | |"
read -r jm jmin jmax jl jn <<<"$(median java-first200)"
echo "| launch \`bussdcc run\` → first HTTP 200 | | $jm ms ($jmin–$jmax) | | ≤ 300 ms | $(awk -v j="$jm" 'BEGIN { print (j <= 300) ? "met" : "**missed**" }') | $jl of $jn |"
