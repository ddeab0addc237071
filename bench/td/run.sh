#!/usr/bin/env bash
# td output benchmark, against baselines measured in the same run: the very records the td output writes, packed
# with msgpack-core alone into gzip'd part files (MsgpackGz.java), and Embulk reading the same CSV into the `null`
# output; the td output writes into the fake Treasure Data of the tests, run in a JVM of its own whose CPU time is
# measured per run; for information also the td output with dry_run: true (encoding and gzip alone, no uploads).
# Then the peak RSS of a td run at each of MEM_ROWS rows. See README.md beside this file.
#
#   bash bench/td/run.sh [ROWS]          (default 1000000)
#
# Environment (all optional):
#   REPS=3                        measured repetitions per case (the best is reported), after WARMUP untimed ones
#   WARMUP=1
#   MEM_ROWS="1000000 10000000"   row counts of the memory comparison; MEM_ROWS= (empty) skips it
#   HEAP="-Xmx1g"                 JVM options of every Embulk run (passed as JAVA_TOOL_OPTIONS)
#   MAX_THREADS=2                 exec.max_threads of every Embulk run
#   BASE_HEAP="-Xmx4g"            JVM options of MsgpackGz.java (it holds the whole CSV's values)
#   FAKE_HEAP="-Xmx6g"            JVM options of the fake Treasure Data
#   KEEP_ROWS=0                   1: the fake keeps every decoded row, as in the tests (about 1.3 GB of heap per
#                                 million rows; set FAKE_HEAP accordingly), instead of only the counts
#   OUT_OPTIONS=                  more options of the td output, as YAML flow mapping entries,
#                                 e.g. OUT_OPTIONS='upload_concurrency: 4, file_split_size: 65536'
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/target"

ROWS="${1:-1000000}"
REPS="${REPS:-3}"
WARMUP="${WARMUP:-1}"
MEM_ROWS="${MEM_ROWS-1000000 10000000}"
HEAP="${HEAP:--Xmx1g}"
MAX_THREADS="${MAX_THREADS:-2}"
BASE_HEAP="${BASE_HEAP:--Xmx4g}"
FAKE_HEAP="${FAKE_HEAP:--Xmx6g}"
KEEP_ROWS="${KEEP_ROWS:-0}"
OUT_OPTIONS="${OUT_OPTIONS:-}"
CASES="baseline null td td_dry"
KEY=1/6265e6368e2d2f4f1a3b5c7d9e0f1a2b3c4d5e6f   # a master key of the fake (the form TD keys have)
DB=bench

[[ "$ROWS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [ROWS]" >&2; exit 2; }
for tool in java mvn curl python3 /usr/bin/time getconf; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 1; }
done

mkdir -p "$work/logs"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$work/results-$stamp.tsv"   # case, rep, seconds, peak RSS kB, CPU s, the fake's CPU s ('-': not measured)
: >"$results"
say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ns() { date +%s%N; }
seconds_since() { awk -v s="$1" -v e="$(now_ns)" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'; }
ticks="$(getconf CLK_TCK)"

# ---------------------------------------------------------------------------------------------------------------
# Data: target/events-<N>.csv, made once per N (deterministic).
csv_for() {
  local n="$1" file="$work/events-$1.csv"
  if [[ ! -s "$file" ]]; then
    say "generating $file"
    java "$here/Gen.java" "$n" "$file"
  fi
  printf '%s\n' "$file"
}

# ---------------------------------------------------------------------------------------------------------------
# Embulk configs: the same input and exec for every run; only `out:` differs.
write_config() { # name csv out-block -> prints the path
  local file="$work/$1.yml"
  cat >"$file" <<YAML
exec: {max_threads: $MAX_THREADS}
in:
  type: file
  path_prefix: '$2'
  parser:
    type: csv
    charset: UTF-8
    newline: LF
    delimiter: ','
    quote: '"'
    escape: '"'
    skip_header_lines: 1
    default_timezone: UTC
    columns:
    - {name: id, type: long}
    - {name: name, type: string}
    - {name: score, type: double}
    - {name: active, type: boolean}
    - {name: created_at, type: timestamp, format: '%Y-%m-%d %H:%M:%S.%N'}
    - {name: attrs, type: json}
    - {name: note, type: string}
    - {name: ref, type: long}
out:
$3
YAML
  printf '%s\n' "$file"
}

td_out() { # table -> the out block: append into a new table, the record's time from created_at, other defaults
  printf '  type: td\n  endpoint: 127.0.0.1\n  port: %s\n  use_ssl: false\n  apikey: %s\n' "$fake_port" "$KEY"
  printf '  database: %s\n  table: %s\n  mode: append\n  time_column: created_at' "$DB" "$1"
  if [[ -n "$OUT_OPTIONS" ]]; then
    printf '\n  %s' "$(sed 's/, */\n  /g' <<<"$OUT_OPTIONS")"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# The runtime ./embulk builds, frozen: its jar, and a private Maven repository whose io/github/resultexport is a copy
# (everything else links to the local repository), so that an install elsewhere cannot swap the plugin mid-run.
freeze() {
  local m2 frozen="$work/frozen" entry
  m2="$(sed -n 's/^m2_repo=//p' "$root/target/embulk-home/embulk.properties")"
  [[ -d "$m2/io/github/resultexport" ]] || { echo "run.sh: no plugins in $m2" >&2; exit 1; }
  rm -rf "$frozen"
  mkdir -p "$frozen/home" "$frozen/m2/io/github"
  for entry in "$m2"/*; do [[ "${entry##*/}" == io ]] || ln -s "$entry" "$frozen/m2/${entry##*/}"; done
  for entry in "$m2"/io/*; do [[ "${entry##*/}" == github ]] || ln -s "$entry" "$frozen/m2/io/${entry##*/}"; done
  for entry in "$m2"/io/github/*; do
    [[ "${entry##*/}" == resultexport ]] || ln -s "$entry" "$frozen/m2/io/github/${entry##*/}"
  done
  cp -r "$m2/io/github/resultexport" "$frozen/m2/io/github/resultexport"
  cp "$root/examples/target/embulk-runtime.jar" "$frozen/embulk-runtime.jar"
  sed "s|^m2_repo=.*|m2_repo=$frozen/m2|" "$root/target/embulk-home/embulk.properties" >"$frozen/home/embulk.properties"
  embulk_cmd=(env EMBULK_HOME="$frozen/home" java -jar "$frozen/embulk-runtime.jar")
}

# The fake Treasure Data: embulk-output-td's test classes and their test classpath, compiled here and copied into
# target/fake (so that a build elsewhere cannot change them mid-run).
build_fake() {
  local dir="$work/fake" jar
  say "compiling embulk-output-td's test classes (the fake Treasure Data)"
  if ! (cd "$root" && mvn -B -q -pl embulk-output-td -am test-compile \
      && mvn -B -q -pl embulk-output-td dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$work/fake-classpath.txt") >"$work/logs/build-fake.log" 2>&1; then
    tail -n 30 "$work/logs/build-fake.log" >&2
    exit 1
  fi
  rm -rf "$dir"
  mkdir -p "$dir/lib"
  cp -r "$root/embulk-output-td/target/classes" "$dir/classes"
  cp -r "$root/embulk-output-td/target/test-classes" "$dir/test-classes"
  fake_cp="$dir/test-classes:$dir/classes"
  while IFS= read -r jar; do
    [[ -n "$jar" ]] || continue
    cp "$jar" "$dir/lib/"
    fake_cp+=":$dir/lib/${jar##*/}"
  done < <(tr ':' '\n' <"$work/fake-classpath.txt")
  msgpack_jar="$(ls "$dir"/lib/msgpack-core-*.jar | head -n 1)"
}

start_fake() {
  local fifo="$work/fake.stdin" out="$work/logs/fake.out" line=""
  rm -f "$fifo"
  mkfifo "$fifo"
  local args=("$KEY" "$DB")
  [[ "$KEEP_ROWS" != 1 ]] || args+=(--keep-rows)
  # shellcheck disable=SC2086
  java $FAKE_HEAP -cp "$fake_cp" io.github.resultexport.embulk.output.td.fake.FakeTreasureDataMain "${args[@]}" \
    <"$fifo" >"$out" 2>"$work/logs/fake.log" &
  fake_pid=$!
  exec 7>"$fifo"   # the fake runs until this ends
  trap stop_fake EXIT
  for _ in $(seq 1 120); do
    line="$(grep -m1 '^fake-td ready' "$out" || true)"
    [[ -z "$line" ]] || break
    kill -0 "$fake_pid" 2>/dev/null || break
    sleep 0.5
  done
  [[ -n "$line" ]] || { echo "run.sh: the fake Treasure Data did not start; see $work/logs/fake.log" >&2; exit 1; }
  fake_port="$(sed 's/.* port=\([0-9]*\).*/\1/' <<<"$line")"
  say "fake Treasure Data on 127.0.0.1:$fake_port (pid $fake_pid, $FAKE_HEAP)"
}

stop_fake() { # closes the fake's stdin: it prints its CPU time and exits (killed if it has not within 30 s)
  [[ -n "${fake_pid:-}" ]] || return 0
  exec 7>&-
  for _ in $(seq 1 60); do kill -0 "$fake_pid" 2>/dev/null || break; sleep 0.5; done
  kill "$fake_pid" 2>/dev/null || true
  wait "$fake_pid" 2>/dev/null || true
  fake_pid=""
}

# The machine's busy and stolen CPU time so far, in clock ticks (/proc/stat: user, nice, system, irq, softirq; steal).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat; }

# CPU seconds of this script and every process it started and waited for: the builtin `times`, which must run in
# this shell itself (a subshell counts only its own children), its output in target/times.txt.
own_cpu_seconds() {
  awk '{ for (i = 1; i <= NF; i++) { split($i, t, "m"); s += t[1] * 60 + t[2] } } END { printf "%.1f", s }' \
    "$work/times.txt"
}

fake_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$fake_pid/stat"; }

api() { # method path -> the fake's JSON answer
  curl -sS -f -X "$1" -H "Authorization: TD1 $KEY" "http://127.0.0.1:$fake_port/v3/$2"
}

table_count() { api GET "table/show/$DB/$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])'; }

# ---------------------------------------------------------------------------------------------------------------
run_embulk() { # label config -> prints "seconds rss_kb cpu_s"
  local log="$work/logs/$1.log" timefile="$work/logs/$1.time" start secs
  start="$(now_ns)"
  if ! JAVA_TOOL_OPTIONS="$HEAP" /usr/bin/time -v -o "$timefile" "${embulk_cmd[@]}" run "$2" >"$log" 2>&1 7>&-; then
    echo "run.sh: Embulk failed ($1); last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  secs="$(seconds_since "$start")"
  awk -F': ' -v s="$secs" '/Maximum resident set size/ { rss = $2 } /User time/ { u = $2 } /System time/ { y = $2 }
    END { printf "%s %s %.2f\n", s, rss, u + y }' "$timefile"
}

# A td run into a new table: the fake's CPU time is read before and after; the table must then hold exactly n rows
# (and the plugin's log must say so), else the benchmark stops. The table is dropped afterwards (untimed).
run_td() { # label n csv -> prints "seconds rss_kb cpu_s fake_cpu_s"
  local label="$1" n="$2" table cfg before after out logged count
  table="events_${label//[^a-z0-9]/_}"
  cfg="$(write_config "$label" "$3" "$(td_out "$table")")"
  before="$(fake_cpu_ticks)"
  out="$(run_embulk "$label" "$cfg")"
  after="$(fake_cpu_ticks)"
  logged="$(sed -n 's/.*td: \([0-9,]*\) rows written.*/\1/p' "$work/logs/$label.log" | tr -d , | tail -n 1)"
  count="$(table_count "$table")"
  if [[ "$count" != "$n" || "$logged" != "$n" ]]; then
    echo "run.sh: $label: expected $n rows; the fake's table $DB.$table holds ${count:-?}, the plugin's log says" \
      "'td: ${logged:-?} rows written' (see $work/logs/$label.log)" >&2
    exit 1
  fi
  api POST "table/delete/$DB/$table" >/dev/null
  printf '%s %s\n' "$out" "$(awk -v a="$after" -v b="$before" -v t="$ticks" 'BEGIN { printf "%.2f", (a - b) / t }')"
}

# The td output with dry_run: true: it checks the key and the table, then encodes and gzips every record into
# nothing (no part file, no upload, nothing for the fake to decode). Its log must count the n rows.
run_td_dry() { # label n csv -> prints "seconds rss_kb cpu_s fake_cpu_s"
  local label="$1" n="$2" cfg before after out logged
  cfg="$(write_config "$label" "$3" "$(td_out "events_dry_run")"$'\n  dry_run: true')"
  before="$(fake_cpu_ticks)"
  out="$(run_embulk "$label" "$cfg")"
  after="$(fake_cpu_ticks)"
  logged="$(sed -n 's/.*td dry run (nothing uploaded): \([0-9,]*\) rows written.*/\1/p' "$work/logs/$label.log" \
    | tr -d , | tail -n 1)"
  if [[ "$logged" != "$n" ]]; then
    echo "run.sh: $label: expected 'td dry run (nothing uploaded): $n rows written' in $work/logs/$label.log" >&2
    exit 1
  fi
  printf '%s %s\n' "$out" "$(awk -v a="$after" -v b="$before" -v t="$ticks" 'BEGIN { printf "%.2f", (a - b) / t }')"
}

run_baseline() { # -> prints "seconds - cpu_s -"
  local out
  # shellcheck disable=SC2086
  out="$(java $BASE_HEAP -cp "$msgpack_jar" "$here/MsgpackGz.java" "$csv" 2>>"$work/logs/baseline.log" 7>&-)"
  read -r secs cpu <<<"$out"
  printf '%s - %s -\n' "$secs" "$cpu"
}

one() { # case label -> prints the result fields
  case "$1" in
    baseline) run_baseline ;;
    null) printf '%s -\n' "$(run_embulk "$2" "$null_cfg")" ;;
    td) run_td "$2" "$ROWS" "$csv" ;;
    td_dry) run_td_dry "$2" "$ROWS" "$csv" ;;
  esac
}

# ---------------------------------------------------------------------------------------------------------------
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r busy_start steal_start <<<"$(machine_ticks)"
run_start="$(now_ns)"
say "rows=$ROWS reps=$REPS warmup=$WARMUP max_threads=$MAX_THREADS heap='$HEAP' load average $load_start"
csv="$(csv_for "$ROWS")"
null_cfg="$(write_config null "$csv" "  type: 'null'")"

say "preflight: ./embulk run (null output), untimed; it builds what is missing"
"$root/embulk" run "$null_cfg" >"$work/logs/preflight.log" 2>&1 \
  || { tail -n 30 "$work/logs/preflight.log" >&2; exit 1; }
freeze
build_fake
start_fake

for ((w = 1; w <= WARMUP; w++)); do
  for c in $CASES; do say "warm-up $w: $c"; one "$c" "$c-warmup$w" >/dev/null; done
done
for ((r = 1; r <= REPS; r++)); do
  for c in $CASES; do
    out="$(one "$c" "$c-$r")"
    say "round $r: $c: $out"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$r" $out >>"$results"
  done
done

for n in $MEM_ROWS; do
  if [[ "$n" == "$ROWS" ]]; then
    awk -F'\t' -v n="$n" '$1 == "td" && $4 + 0 > rss { rss = $4 + 0; line = $3 "\t" $4 "\t" $5 "\t" $6 }
      END { printf "mem\t%s\t%s\n", n, line }' "$results" >"$results.mem"
    cat "$results.mem" >>"$results"
    rm -f "$results.mem"
    say "memory: $n rows: the largest peak RSS of the td runs above"
    continue
  fi
  mcsv="$(csv_for "$n")"
  say "memory: td, $n rows"
  out="$(run_td "mem-$n" "$n" "$mcsv")"
  say "memory: $n rows: $out"
  printf 'mem\t%s\t%s\t%s\t%s\t%s\n' "$n" $out >>"$results"
done

stop_fake
trap - EXIT
fake_end="$(grep '^fake-td cpu=' "$work/logs/fake.out" || true)"
say "${fake_end:-the fake Treasure Data printed no final line}"
[[ "$fake_end" == *" internal_errors=0 hook_failures=0"* ]] \
  || { echo "run.sh: the fake Treasure Data reports failures of its own; see $work/logs/fake.log" >&2; exit 1; }

# How busy the machine was besides this benchmark: its CPU time minus ours (and the time the hypervisor stole).
read -r busy_end steal_end <<<"$(machine_ticks)"
times >"$work/times.txt"
machine="$(awk -v b="$((busy_end - busy_start))" -v s="$((steal_end - steal_start))" -v t="$ticks" \
  -v own="$(own_cpu_seconds)" -v wall="$(seconds_since "$run_start")" \
  'BEGIN { printf "%.0f %.0f %.1f %.1f", wall, b / t, b / t - own, s / t }')"

OUT_OPTIONS="$OUT_OPTIONS" KEEP_ROWS="$KEEP_ROWS" MACHINE="$machine" python3 "$here/report.py" "$results" "$ROWS" \
  "$csv" "$MAX_THREADS" "$HEAP" "$REPS" "$WARMUP" "$load_start" "$FAKE_HEAP" | tee "$work/report-$stamp.txt"
