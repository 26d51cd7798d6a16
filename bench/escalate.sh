#!/usr/bin/env bash
# Benchmark: `triage escalate` over 100k open tickets (SPEC target: <= 1 s).
#
# Prints CSV on stdout: work,seconds,peak_rss_kb (wall seconds and peak
# resident memory from /usr/bin/time). Machine, load and CPU time go to
# stderr as `#` lines.
#
#   bench/escalate.sh                      # 100k open + 100k closed tickets
#   OPEN=20000 CLOSED=0 bench/escalate.sh  # smaller
#
# The database is filled through the library by examples/fill_open.rs with
# the embedded default rules (tickets spread over the ten days before
# Monday 2026-03-02 09:00 Asia/Shanghai). Runs, in order, on one database:
#   1. the first run at that instant: ~60% of the tickets have passed rungs
#      that never fired, so this is the worst case (an outage, or the day
#      escalation is switched on);
#   2. the next minute: the cron steady state, a few dozen tickets fire;
#   3. the minute after with auto_close_after removed from the rules: only
#      the active index is read (with auto-close, every ticket id is read,
#      because resolved tickets are not indexed);
#   4. a --dry-run at the same minute.
set -euo pipefail
cd "$(dirname "$0")/.."
OPEN=${OPEN:-100000}
CLOSED=${CLOSED:-100000}

cargo build --release --quiet --bin triage --example fill_open
bin=$PWD/target/release/triage
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export TRIAGE_DB=$dir/db XDG_CONFIG_HOME=$dir/config TRIAGE_ACTOR=bench
unset TRIAGE_RULES TRIAGE_NOW

{
    echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -srm)"
    echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
    echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >&2
target/release/examples/fill_open "$TRIAGE_DB" "$OPEN" "$CLOSED"
sed '/auto_close_after/d' src/rules/default.yaml > "$dir/no-auto-close.yaml"

echo "work,seconds,peak_rss_kb"
# On a shared machine wall time waits for the CPU; the CPU time (user +
# system, all threads) goes to stderr to tell the two apart.
measure() {
    local work=$1
    shift
    /usr/bin/time -f "%e,%M,%U,%S" -o "$dir/time" "$@" >/dev/null 2>"$dir/err" || {
        cat "$dir/err" >&2
        exit 1
    }
    IFS=, read -r wall rss user sys <"$dir/time"
    echo "$work,$wall,$rss"
    echo "# $work: cpu ${user}s user + ${sys}s system; load $(cut -d' ' -f1 /proc/loadavg)" >&2
}
measure "escalate first run ($OPEN open + $CLOSED closed; rungs fire on ~60% of open)" \
    "$bin" -q --format csv --now 2026-03-02T01:00:00Z escalate
measure "escalate next minute ($OPEN open + $CLOSED closed; auto_close: reads every id)" \
    "$bin" -q --format csv --now 2026-03-02T01:01:00Z escalate
measure "escalate next minute ($OPEN open; no auto_close: active index only)" \
    env TRIAGE_RULES="$dir/no-auto-close.yaml" \
    "$bin" -q --format csv --now 2026-03-02T01:02:00Z escalate
measure "escalate --dry-run next minute ($OPEN open + $CLOSED closed)" \
    "$bin" -q --format csv --now 2026-03-02T01:03:00Z escalate --dry-run
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
