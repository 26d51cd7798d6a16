#!/usr/bin/env bash
# Benchmark of `triage simulate` (SPEC target: 1M tickets, 100 agents, one
# strategy in at most 1 s; replications run in parallel).
#
# Builds the release binary, generates a rule file with 100 agents and
# scenarios of about one million tickets, runs each with /usr/bin/time -v and
# prints CSV lines `work,seconds,peak_rss_kb` (wall-clock seconds of the whole
# process, including reading the rules and printing the table). CPU seconds
# (user + system) go to stderr as `# work: cpu N s`: on a shared, loaded
# machine they say more than the wall clock.
#
#   bash bench/simulate.sh            # all lines
#   TRIAGE=path/to/triage bash bench/simulate.sh   # skip the build
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${TRIAGE:-}" ]]; then
    cargo build --release --locked --quiet
    TRIAGE=target/release/triage
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 100 agents in four skill groups; a fifth of them have two skills. Capacity 2.
{
    echo "timezone: UTC"
    echo "agents:"
    skills=(billing tech account shipping)
    for i in $(seq 0 99); do
        s=${skills[$((i % 4))]}
        extra=""
        if (( i % 5 == 0 )); then extra=", ${skills[$(((i + 1) % 4))]}"; fi
        echo "  - {id: agent$i, skills: [{$s: $((1 + i % 5))}$extra], capacity: 2, level: $((1 + i % 3))}"
    done
    echo "sla:"
    echo "  - name: standard"
    echo "    calendar: 24x7"
    echo "    first_response: {P1: 15m, P2: 1h, P3: 4h, P4: 8h}"
    echo "    resolution: {P1: 4h, P2: 8h, P3: 1d, P4: 3d}"
    echo "routing: {strategy: score}"
} > "$work/rules.yaml"

# About 510 tickets an hour for 82 days: ~1M tickets at ~85% utilisation.
scenario() { # $1 = extra keys
    cat <<EOF
start: 2026-01-05
horizon: 82d
warmup: 1d
arrivals: {poisson: {rate: 510/h}}
mix:
  - {name: refund, share: 30%, category: billing, priority: {P2: 50%, P3: 50%}, skills: [billing], handle: {lognormal: {mean: 22m, p90: 40m}}}
  - {name: bug, share: 25%, category: technical, priority: {P1: 5%, P3: 95%}, skills: [tech], handle: {exponential: 25m}}
  - {name: password, share: 25%, category: account, priority: P4, skills: [account], handle: {lognormal: {mean: 12m, p90: 20m}}}
  - {name: parcel, share: 20%, category: shipping, priority: P3, skills: [shipping], handle: {exponential: 20m}}
$1
EOF
}
scenario "" > "$work/one-million.yaml"
scenario "patience: {exponential: 2h}" > "$work/one-million-patience.yaml"
# A quarter of the horizon, for replication scaling.
scenario "" | sed 's/horizon: 82d/horizon: 20d/' > "$work/quarter.yaml"
# SLA targets in business hours (weekdays 08:00-20:00, holidays): every
# ticket's due times go through the business calendar.
{
    echo "calendars:"
    echo "  office: {hours: {weekdays: ['08:00-20:00']}, holidays: [2026-01-01, 2026-02-17, 2026-02-18]}"
    sed 's/^    calendar: 24x7$/    calendar: office/' "$work/rules.yaml"
} > "$work/rules-office.yaml"

run() { # $1 = work name, rest = triage arguments
    local name=$1
    shift
    /usr/bin/time -v -o "$work/time.txt" "$TRIAGE" --quiet --db "$work/db" --now 2026-01-05T00:00:00Z "$@" > "$work/out.txt"
    local secs rss
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")
    echo "$name,$secs,$rss"
    echo "# $name: cpu $cpu s" >&2
}

echo "work,seconds,peak_rss_kb"
run simulate_1m_tickets_100_agents_score_pull --rules "$work/rules.yaml" simulate --scenario "$work/one-million.yaml" --replications 1
for s in round_robin least_loaded skill; do
    run "simulate_1m_tickets_100_agents_${s}_pull" --rules "$work/rules.yaml" simulate --scenario "$work/one-million.yaml" --strategies "$s" --replications 1
done
run simulate_1m_tickets_100_agents_round_robin_push --rules "$work/rules.yaml" simulate --scenario "$work/one-million.yaml" --strategies round_robin --dispatch push --replications 1
run simulate_1m_tickets_100_agents_score_pull_patience --rules "$work/rules.yaml" simulate --scenario "$work/one-million-patience.yaml" --replications 1
run simulate_1m_tickets_100_agents_score_pull_business_hours_sla --rules "$work/rules-office.yaml" simulate --scenario "$work/one-million.yaml" --replications 1
run simulate_1m_tickets_100_agents_score_pull_export_csv --rules "$work/rules.yaml" simulate --scenario "$work/one-million.yaml" --replications 1 --export-tickets "$work/tickets.csv"
cores=$(nproc)
run "simulate_4x250k_tickets_1_thread" --rules "$work/rules.yaml" simulate --scenario "$work/quarter.yaml" --replications 4 --jobs 1
run "simulate_4x250k_tickets_${cores}_threads" --rules "$work/rules.yaml" simulate --scenario "$work/quarter.yaml" --replications 4 --jobs "$cores"
