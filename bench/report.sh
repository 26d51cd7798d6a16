#!/usr/bin/env bash
# Benchmark of `triage report` over N generated tickets (SPEC target: all
# tables over 1M tickets in at most 1 s).
#
#   bench/report.sh [N] [DB]
#   BIN=path/to/other/triage bench/report.sh [N] [DB]   (e.g. an older build)
#
# Fills DB (default target/bench/report-N, kept between runs) with
# `examples/fill_db.rs` on fixtures/rules/team.yaml, then times each report
# three times and prints the median run as `work,seconds,peak_rss_kb,cpu_seconds`
# CSV lines (wall seconds, peak RSS and user+system CPU from /usr/bin/time;
# CPU time is the fairer figure on a shared machine, whose load average
# goes to stderr). `db_open` (`show 1`) is the floor every command pays to
# open the database. `report_flows` is the one table that decodes every
# ticket with its audit log; `report_default` and the single tables read
# only the per-ticket summaries.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-1000000}
db=${2:-target/bench/report-$n}
rules=fixtures/rules/team.yaml
export TRIAGE_NOW="2026-03-02 18:00" TRIAGE_RULES="$rules" NO_COLOR=1
unset TRIAGE_DB

cargo build --release --quiet --example fill_db --bin triage
bin=${BIN:-target/release/triage}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

echo "work,seconds,peak_rss_kb,cpu_seconds"
if [ ! -d "$db" ]; then
    mkdir -p "$(dirname "$db")"
    /usr/bin/time -f "fill_db_$n,%e,%M,%U,%S" -o "$tmp" target/release/examples/fill_db "$db" "$n" "$rules"
    awk -F, '{ printf "%s,%s,%s,%.2f\n", $1, $2, $3, $4 + $5 }' "$tmp"
fi

# Runs a report three times; prints the median by wall time.
timed() {
    local work=$1
    shift
    local runs=()
    for _ in 1 2 3; do
        /usr/bin/time -f "$work,%e,%M,%U,%S" -o "$tmp" "$bin" --db "$db" "$@" >/dev/null
        runs+=("$(tail -n 1 "$tmp" | awk -F, '{ printf "%s,%s,%s,%.2f", $1, $2, $3, $4 + $5 }')")
    done
    printf '%s\n' "${runs[@]}" | sort -t, -k2,2n | sed -n 2p
}

timed db_open show 1
timed report_all report all
timed report_default report
timed report_all_csv --format csv report all
timed report_all_json --format json report all
timed report_sla report sla
timed report_backlog report backlog
timed report_load report load
timed report_agents report agents
timed report_flows report flows
timed report_all_as_of report all --as-of "2026-02-15 12:00"
