#!/usr/bin/env bash
# import of a 1M-row CSV (SPEC: >= 250k rows/s, peak RSS <= 300 MB, database
# <= 2x the CSV), a re-import of it (every row unchanged), and the peer:
# sqlite3 .import of the same file, when sqlite3 is installed.
set -euo pipefail
source "$(dirname "$0")/common.bash"
n=$((1000000 / SCALE))
csv=$WORK/backlog.csv

# A realistic helpdesk export: ids, English and Chinese titles, a multi-word
# description, customer name/email/phone, channel, category, priority and
# status synonyms, assignee, team, created/resolved times, tags, and an
# unmapped region column that lands in fields.
python3 bench/backlog.py "$csv" "$n"
csv_kb=$(( $(stat -c %s "$csv") / 1024 ))

# Into an empty database with the embedded rules (classification, SLA).
unset TRIAGE_RULES
export XDG_CONFIG_HOME=$WORK/no-config
db=$WORK/import-db
target=$(awk -v n="$n" 'BEGIN {printf "%.2f", n / 250000}')
TRIAGE_DB=$db time_cmd "import $n-row CSV ($csv_kb kB)" "$target" "$BIN" import "$csv" --source bench
read -r secs rss < "$WORK/time"
db_kb=$(du -sk "$db" | cut -f1)
echo "import rows/s,,,,$(awk -v n="$n" -v s="$secs" 'BEGIN {printf "%.0f", n / s}') rows/s (target >= 250000); peak RSS $rss kB (target <= 307200)" | tee -a "$OUT"
echo "import database size,,,,$(awk -v d="$db_kb" -v c="$csv_kb" 'BEGIN {printf "%.1f", d / c}')x the CSV (target <= 2x): $db_kb kB for $csv_kb kB" | tee -a "$OUT"
TRIAGE_DB=$db time_cmd "re-import $n rows (all unchanged)" "" "$BIN" import "$csv" --source bench
# The report over what was imported, beside the least any tool reading
# this data must do: Python's csv module reading the file once.
TRIAGE_DB=$db time_cmd "report all over the $n imported tickets" "1" "$BIN" report all
TRIAGE_DB=$db time_cmd "report (default tables) over the $n imported tickets" "1" "$BIN" report
time_cmd "peer: python3 csv.reader over the same CSV" "" python3 -c 'import csv, sys; sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))' "$csv"

if command -v sqlite3 >/dev/null 2>&1; then
  sdb=$WORK/peer.sqlite
  time_cmd "peer: sqlite3 .import of the same CSV" "" sqlite3 "$sdb" ".mode csv" ".import $csv tickets"
  echo "peer: sqlite3 database size,,,,$(awk -v d="$(( $(stat -c %s "$sdb") / 1024 ))" -v c="$csv_kb" 'BEGIN {printf "%.1f", d / c}')x the CSV" | tee -a "$OUT"
else
  echo "peer: sqlite3 .import,,,,skipped: sqlite3 is not installed" | tee -a "$OUT"
fi
