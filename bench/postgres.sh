#!/usr/bin/env bash
# The PostgreSQL engine over a local Unix socket, on a throwaway cluster
# (scripts/pg-throwaway, PostgreSQL's default settings):
#   - import of the 1M-row CSV (SPEC: >= 250k rows/s),
#   - report all over those 1M tickets (SPEC: <= 1 s),
#   - create, database of 100k tickets (SPEC: median <= 20 ms),
#   - 32 concurrent writers creating tickets for 60 s (tickets/s, none lost).
#
#   bash bench/postgres.sh [ROWS] [WRITERS] [SECONDS]
#
# Prints `work,seconds,target,peak_rss_kb,note` CSV lines, like bench/run.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
writers=${2:-32}
secs=${3:-60}
target_dir=${CARGO_TARGET_DIR:-target}
cargo build --release --locked --quiet --bin triage
bin=$target_dir/release/triage
work=$(mktemp -d)
eval "$(scripts/pg-throwaway)"
trap 'scripts/pg-throwaway stop "$TRIAGE_PG_DIR"; rm -rf "$work"' EXIT
export NO_COLOR=1 XDG_CONFIG_HOME=$work/no-config TRIAGE_NOW="2026-03-02T10:00:00Z"
unset TRIAGE_RULES
admin=$TRIAGE_TEST_POSTGRES
database() {
    psql "$admin" -qc "CREATE DATABASE $1"
    echo "postgres:///$1?host=$TRIAGE_PG_DIR&user=postgres"
}

# The same generated helpdesk export as bench/import.sh.
csv=$work/backlog.csv
python3 bench/backlog.py "$csv" "$rows"
csv_kb=$(( $(stat -c %s "$csv") / 1024 ))
echo "work,seconds,target,peak_rss_kb,note"

# Import into an empty database.
db=$(database bench_import)
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" --db "$db" import --quiet "$csv" --source bench >/dev/null
read -r s rss < "$work/time"
rate=$(awk -v n="$rows" -v s="$s" 'BEGIN {printf "%d", n / s}')
size=$(psql "$admin" -Atc "SELECT pg_database_size('bench_import') / 1024")
echo "postgres import $rows-row CSV ($csv_kb kB),$s,$(awk -v n="$rows" 'BEGIN {printf "%.2f", n / 250000}'),$rss,$rate rows/s; database $size kB"

# Re-import: every row unchanged.
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" --db "$db" import --quiet "$csv" --source bench >/dev/null
read -r s rss < "$work/time"
echo "postgres re-import (unchanged),$s,,$rss,"

# report all over the imported tickets: median of three.
for _ in 1 2 3; do
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin" --db "$db" report all >/dev/null
    cat "$work/time"
done | sort -n | sed -n 2p > "$work/median"
read -r s rss user sys < "$work/median"
echo "postgres report all $rows tickets,$s,1,$rss,$(awk -v u="$user" -v y="$sys" 'BEGIN {printf "%.2f", u + y}') CPU s; median of 3"

# create at 100k tickets: median of 31.
head -n 100001 "$csv" > "$work/100k.csv"
db=$(database bench_create)
"$bin" --db "$db" import --quiet "$work/100k.csv" --source bench >/dev/null
: > "$work/ms"
for i in $(seq 31); do
    t0=$(date +%s%N)
    "$bin" --db "$db" create --title "bench create $i" --email "c$i@example.com" >/dev/null
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 )) >> "$work/ms"
done
med=$(sort -n "$work/ms" | awk '{a[NR]=$1} END {printf "%.4f", a[int((NR+1)/2)] / 1e6}')
echo "postgres create (100k tickets),$med,0.020,,median of 31"

# Concurrent writers.
db=$(database bench_writers)
"$bin" --db "$db" init --output "$work/rules.yaml" >/dev/null 2>&1 || true
end=$(( $(date +%s) + secs ))
for w in $(seq "$writers"); do
    (
        ok=0 failed=0
        while [ "$(date +%s)" -lt "$end" ]; do
            if "$bin" --db "$db" create --quiet --no-dedup --wait 60s --title "writer $w #$ok" >/dev/null 2>>"$work/errors"; then
                ok=$((ok + 1))
            else
                failed=$((failed + 1))
            fi
        done
        echo "$ok $failed" > "$work/writer-$w"
    ) &
done
wait
made=$(cat "$work"/writer-* | awk '{s += $1} END {print s}')
failed=$(cat "$work"/writer-* | awk '{s += $2} END {print s}')
read -r count max <<< "$(psql "$db" -Atc "SELECT count(*), coalesce(max(id), 0) FROM triage.tickets" | tr '|' ' ')"
lost=$(( made - count ))
echo "postgres $writers writers for ${secs}s,$secs,,,$(awk -v m="$made" -v s="$secs" 'BEGIN {printf "%.0f", m / s}') tickets/s; $made created, $count stored, highest id $max, $failed failed, $lost lost"
