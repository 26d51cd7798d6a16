# Shared helpers for bench/*.sh (sourced; expects BIN, WORK, SCALE, OUT from bench/run).
cd "$(dirname "${BASH_SOURCE[0]}")/.."

time_cmd() {
  local label=$1 target=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
  read -r secs rss < "$WORK/time"
  echo "$label,$secs,$target,$rss," | tee -a "$OUT"
}

median_ms() {
  local label=$1 target=$2 runs=$3; shift 3
  : > "$WORK/ms"
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 )) >> "$WORK/ms"
  done
  local med
  med=$(sort -n "$WORK/ms" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$label,$(awk -v us="$med" 'BEGIN {printf "%.4f", us/1e6}'),$target,,median of $runs runs" | tee -a "$OUT"
}
