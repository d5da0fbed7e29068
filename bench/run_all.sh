#!/bin/sh
# Run the benchmarks pinned to one core, to two, or both ways, one after another, each printing its figure
# beside the baseline it measured in the same run (bench/README.md). Child processes (the terminal started
# by bench_startup, the platform, capture workers) inherit the pinning.
#
#   bench/run_all.sh [--cores 1|2|both] [--quick] [benchmark ...]
#
# Default: both ways, every benchmark below. --quick: fewer rounds (a smoke run, not figures to report).
# Names are bench/<name>.py without the .py, e.g. `bench/run_all.sh --cores 1 bench_ui bench_enqueue`.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
cores=both
quick=0
while [ $# -gt 0 ]; do
    case "$1" in
        --cores) cores=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        --*) echo "unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
benches=${*:-bench_ui bench_capture bench_enqueue bench_search bench_startup}
case "$cores" in
    1) sets="0" ;;
    2) sets="0,1" ;;
    both) sets="0,1 0" ;;
    *) echo "--cores must be 1, 2 or both" >&2; exit 2 ;;
esac
args_for() {  # $1 benchmark, $2 number of cores
    case "$1" in
        bench_capture) [ "$quick" = 1 ] && echo "--count 60 --timed 20 --workers $2" || echo "--workers $2" ;;
        bench_enqueue) [ "$quick" = 1 ] && echo "50" || echo "300" ;;
        bench_search) [ "$quick" = 1 ] && echo "--repeat 1" || echo "" ;;
        bench_startup) [ "$quick" = 1 ] && echo "--runs 2 --applications 3" || echo "--runs 5 --applications 50" ;;
        *) echo "" ;;
    esac
}
for set in $sets; do
    n=$(echo "$set" | tr ',' '\n' | wc -l)
    for b in $benches; do
        echo "== $b, pinned to core(s) $set ($n core$( [ "$n" = 1 ] || echo s))"
        # shellcheck disable=SC2046  # the arguments are words on purpose
        taskset -c "$set" "$PY" "bench/$b.py" $(args_for "$b" "$n")
    done
done
