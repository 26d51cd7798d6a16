#!/usr/bin/env bash
# create and list on a database of 100k tickets (SPEC: create median <= 20 ms),
# and assign of 10k tickets to 200 agents (SPEC: <= 0.5 s).
set -euo pipefail
source "$(dirname "$0")/common.bash"
n=$((100000 / SCALE))
db=$WORK/create-db
./target/release/examples/bench_fill "$db" "$n" 2>/dev/null
export TRIAGE_DB=$db
median_ms "create (db of $n tickets)" "0.020" 31 "$BIN" create --title "disk full on db-1" --email ops@example.com --no-dedup
median_ms "list --status new --format ids (db of $n)" "" 5 "$BIN" list --status new --format ids

# 200 agents in 4 teams with 8 skills; 10k unassigned tickets needing one skill each.
rules=$WORK/agents200.yaml
{
  echo "timezone: UTC"
  echo "agents:"
  for i in $(seq 0 199); do
    s1=s$((i % 8)); s2=s$(((i + 3) % 8))
    echo "  - {id: a$i, skills: [{$s1: $((i % 5 + 1))}, $s2], capacity: 60, level: $((i % 3 + 1))}"
  done
  echo "routing: {strategy: score}"
} > "$rules"
m=$((10000 / SCALE))
adb=$WORK/assign-db
./target/release/examples/bench_fill "$adb" "$m" s0,s1,s2,s3,s4,s5,s6,s7 2>/dev/null
TRIAGE_DB=$adb TRIAGE_RULES=$rules time_cmd "assign $m tickets to 200 agents" "0.5" "$BIN" assign --format ids
