#!/usr/bin/env bash
# sfdc output benchmark, against baselines measured in the same run: the very CSV batches the sfdc output sends,
# written with a plain Writer into byte arrays (PlainCsv.java), and Embulk reading the same CSV into the `null`
# output; the sfdc output writes into the fake Salesforce of the tests (Bulk API v1, batches processed at the first
# poll), run in a JVM of its own whose CPU time is measured per run. Then the peak RSS of an sfdc run at each of
# MEM_ROWS rows. See README.md beside this file.
#
#   bash bench/sfdc/run.sh [ROWS]        (default 1000000)
#
# Environment (all optional):
#   REPS=3                        measured repetitions per case (the best is reported), after WARMUP untimed ones;
#                                 REPS=0 WARMUP=0: the memory comparison alone
#   WARMUP=1
#   MEM_ROWS="1000000 10000000"   row counts of the memory comparison; MEM_ROWS= (empty) skips it
#   HEAP="-Xmx1g"                 JVM options of every Embulk run (passed as JAVA_TOOL_OPTIONS)
#   MAX_THREADS=2                 exec.max_threads of every Embulk run
#   BASE_HEAP="-Xmx4g"            JVM options of PlainCsv.java (it holds the whole CSV's values)
#   FAKE_HEAP="-Xmx16g"           JVM options of the fake Salesforce (it keeps every record of a run: 10M take ~14 GB)
#   CHECK_ROWS=20000              rows of the check that the plugin's batches and the baseline's hold the same lines
#   OUT_OPTIONS=                  more options of the sfdc output, as YAML flow mapping entries,
#                                 e.g. OUT_OPTIONS='split_records: 5000'
set -euo pipefail
shopt -s inherit_errexit   # a failure inside $(...) ends the script too

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
FAKE_HEAP="${FAKE_HEAP:--Xmx16g}"
OUT_OPTIONS="${OUT_OPTIONS:-}"
CHECK_ROWS="${CHECK_ROWS:-20000}"
CASES="baseline null sfdc"
USER_NAME=loader@example.com
PASSWORD=s3cret-Pa55
TOKEN=TOKENabc123xyz
OBJECT=Result__c

[[ "$ROWS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [ROWS]" >&2; exit 2; }
for tool in java mvn python3 /usr/bin/time getconf mkfifo; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 1; }
done

mkdir -p "$work/logs"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$work/results-$stamp.tsv"   # case, rep, seconds, peak RSS kB, CPU s, heap after GC MB (most), heap MB
                                     # (largest), the fake's CPU s ('-': not measured)
: >"$results"
say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ns() { date +%s%N; }
seconds_since() { awk -v s="$1" -v e="$(now_ns)" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'; }
ticks="$(getconf CLK_TCK)"

# ---------------------------------------------------------------------------------------------------------------
# Data: target/rows-<N>.csv, made once per N (deterministic).
csv_for() {
  local n="$1" file="$work/rows-$1.csv"
  if [[ ! -s "$file" ]]; then
    say "generating $file"
    java "$here/Gen.java" "$n" "$file"
  fi
  printf '%s\n' "$file"
}

# ---------------------------------------------------------------------------------------------------------------
# Embulk configs: the same input and exec for every run; only `out:` differs. The columns are named as the object's
# fields.
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
    - {name: Name, type: string}
    - {name: Score__c, type: double}
    - {name: Count__c, type: long}
    - {name: Active__c, type: boolean}
    - {name: Day__c, type: timestamp, format: '%Y-%m-%d'}
    - {name: At__c, type: timestamp, format: '%Y-%m-%d %H:%M:%S.%N'}
    - {name: Doc__c, type: string}
    - {name: Ext__c, type: string}
out:
$3
YAML
  printf '%s\n' "$file"
}

sfdc_out() { # -> the out block: append into the fake's object, fast polling, other options at their defaults
  printf '  type: sfdc\n  login_url: %s\n  username: %s\n  password: %s\n  security_token: %s\n' \
    "$fake_url" "$USER_NAME" "$PASSWORD" "$TOKEN"
  printf '  object: %s\n  mode: append\n  poll_interval_millis: 5\n  poll_max_interval_millis: 50' "$OBJECT"
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

# The fake Salesforce: embulk-output-sfdc's test classes and their test classpath, compiled here and copied into
# target/fake (so that a build elsewhere cannot change them mid-run).
build_fake() {
  local dir="$work/fake" jar
  say "compiling embulk-output-sfdc's test classes (the fake Salesforce)"
  if ! (cd "$root" && mvn -B -q -pl embulk-output-sfdc -am test-compile \
      && mvn -B -q -pl embulk-output-sfdc dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$work/fake-classpath.txt") >"$work/logs/build-fake.log" 2>&1; then
    tail -n 30 "$work/logs/build-fake.log" >&2
    exit 1
  fi
  rm -rf "$dir"
  mkdir -p "$dir/lib"
  cp -r "$root/embulk-output-sfdc/target/classes" "$dir/classes"
  cp -r "$root/embulk-output-sfdc/target/test-classes" "$dir/test-classes"
  fake_cp="$dir/test-classes:$dir/classes"
  while IFS= read -r jar; do
    [[ -n "$jar" ]] || continue
    cp "$jar" "$dir/lib/"
    fake_cp+=":$dir/lib/${jar##*/}"
  done < <(tr ':' '\n' <"$work/fake-classpath.txt")
}

fake_out="$work/logs/fake.out"

# Sends a command to the fake and waits for its answer: the first new line of its stdout that starts with prefix.
fake_ask() { # command prefix -> prints the line
  local seen line=""
  seen="$(wc -l <"$fake_out")"
  [[ -z "$1" ]] || printf '%s\n' "$1" >&7
  for _ in $(seq 1 1200); do
    line="$(tail -n +"$((seen + 1))" "$fake_out" | grep -m1 "^$2" || true)"
    [[ -z "$line" ]] || break
    kill -0 "$fake_pid" 2>/dev/null || break
    sleep 0.25
  done
  [[ -n "$line" ]] || { echo "run.sh: no answer '$2' from the fake Salesforce; see $work/logs/fake.log" >&2; exit 1; }
  printf '%s\n' "$line"
}

start_fake() {
  local fifo="$work/fake.stdin" line
  rm -f "$fifo"
  mkfifo "$fifo"
  : >"$fake_out"
  # shellcheck disable=SC2086
  java $FAKE_HEAP -cp "$fake_cp" io.github.resultexport.embulk.output.sfdc.fake.FakeSalesforceMain \
    "$USER_NAME" "$PASSWORD" "$TOKEN" "$OBJECT" <"$fifo" >"$fake_out" 2>"$work/logs/fake.log" &
  fake_pid=$!
  exec 7>"$fifo"   # the fake runs until this ends
  trap stop_fake EXIT
  line="$(fake_ask "" "fake-sfdc ready")"
  fake_url="$(sed 's/.* url=\([^ ]*\).*/\1/' <<<"$line")"
  say "fake Salesforce at $fake_url (pid $fake_pid, $FAKE_HEAP)"
}

# A fresh fake (no records, no jobs) in the same JVM, at a new port.
renew_fake() {
  local line
  line="$(fake_ask new "fake-sfdc ready")"
  fake_url="$(sed 's/.* url=\([^ ]*\).*/\1/' <<<"$line")"
}

stop_fake() { # closes the fake's stdin: it prints its CPU time and exits (killed if it has not within 60 s)
  [[ -n "${fake_pid:-}" ]] || return 0
  exec 7>&-
  for _ in $(seq 1 120); do kill -0 "$fake_pid" 2>/dev/null || break; sleep 0.5; done
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

# ---------------------------------------------------------------------------------------------------------------
run_embulk() { # label config -> prints "seconds rss_kb cpu_s live_mb heap_mb"
  local log="$work/logs/$1.log" timefile="$work/logs/$1.time" gclog="$work/logs/$1.gc" start secs
  rm -f "$gclog"
  start="$(now_ns)"
  # The GC log (-Xlog:gc, every Embulk run alike) gives the heap after each collection and the heap's size.
  if ! JAVA_TOOL_OPTIONS="$HEAP -Xlog:gc:file=$gclog:uptime" /usr/bin/time -v -o "$timefile" "${embulk_cmd[@]}" \
      run "$2" >"$log" 2>&1 7>&-; then
    echo "run.sh: Embulk failed ($1); last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  secs="$(seconds_since "$start")"
  awk -F': ' -v s="$secs" '/Maximum resident set size/ { rss = $2 } /User time/ { u = $2 } /System time/ { y = $2 }
    END { printf "%s %s %.2f ", s, rss, u + y }' "$timefile"
  # The most heap in use after a collection (what the run retains) and the largest heap size (committed) it had.
  sed -n 's/.*Pause.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\2 \3/p' "$gclog" \
    | awk '$1 > live { live = $1 } $2 > heap { heap = $2 } END { printf "%d %d\n", live, heap }'
}

# An sfdc run into a fresh fake: the fake's CPU time is read before and after; the object must then hold exactly n
# records and the plugin's log must say the job completed n rows with none failed, else the benchmark stops.
run_sfdc() { # label n csv -> prints "seconds rss_kb cpu_s live_mb heap_mb fake_cpu_s"
  local label="$1" n="$2" cfg before after out summary count
  renew_fake
  cfg="$(write_config "$label" "$3" "$(sfdc_out)")"
  before="$(fake_cpu_ticks)"
  out="$(run_embulk "$label" "$cfg")"
  after="$(fake_cpu_ticks)"
  summary="$(grep -o 'Job [^ ]* finished: Total [0-9]*, Completed [0-9]*, Failed [0-9]*' "$work/logs/$label.log" \
    | tail -n 1 || true)"
  count="$(fake_ask count "fake-sfdc records=")"
  echo "$label: $summary; $count" >>"$work/logs/checks.log"
  if [[ "$count" != "fake-sfdc records=$n mismatches=0 "*" internal_errors=0" \
      || "$summary" != *"Total $n, Completed $n, Failed 0" ]]; then
    echo "run.sh: $label: expected $n records; the fake says '$count', the plugin's log '${summary:-nothing}'" \
      "(see $work/logs/$label.log)" >&2
    exit 1
  fi
  printf '%s %s\n' "$out" "$(awk -v a="$after" -v b="$before" -v t="$ticks" 'BEGIN { printf "%.2f", (a - b) / t }')"
}

# Before anything is measured: the plugin's batches and the baseline's hold the same header and the same lines
# (CHECK_ROWS rows; the plugin's 2 tasks cut them into other batches, so the lines are compared as multisets).
check_same_csv() {
  local n="$CHECK_ROWS" ccsv dir="$work/check" cfg answer
  ccsv="$(csv_for "$n")"
  rm -rf "$dir"
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  java $BASE_HEAP "$here/PlainCsv.java" "$ccsv" "$dir/baseline" >/dev/null 2>>"$work/logs/baseline.log" 7>&-
  renew_fake
  cfg="$(write_config check "$ccsv" "$(sfdc_out)")"
  run_embulk check "$cfg" >/dev/null
  answer="$(fake_ask "dump $dir/sfdc" "fake-sfdc dumped=")"
  python3 - "$dir/baseline" "$dir/sfdc" "$n" <<'PY' || { echo "run.sh: the check of the CSV batches failed" >&2; exit 1; }
import collections, pathlib, sys
def read(d):
    headers, lines = set(), collections.Counter()
    for f in sorted(pathlib.Path(d).glob("*.csv")):
        text = f.read_bytes().decode("utf-8")
        assert text.endswith("\n"), f"{f}: no final line break"
        head, *rest = text[:-1].split("\n")
        headers.add(head)
        lines.update(rest)
    return headers, lines
bh, bl = read(sys.argv[1])
sh, sl = read(sys.argv[2])
n = int(sys.argv[3])
assert bh == sh and len(bh) == 1, f"headers differ: {bh} / {sh}"
assert sum(bl.values()) == n and sum(sl.values()) == n, f"{sum(bl.values())} / {sum(sl.values())} lines, not {n}"
if bl != sl:
    print("lines only in the baseline's batches:", list((bl - sl).elements())[:3], file=sys.stderr)
    print("lines only in the plugin's batches:", list((sl - bl).elements())[:3], file=sys.stderr)
    sys.exit(1)
PY
  say "check: the plugin's batches and the baseline's hold the same header and the same $n lines (${answer#*=} plugin batches)"
}

run_baseline() { # -> prints "seconds - cpu_s - - -"
  local out secs cpu batches bytes
  # shellcheck disable=SC2086
  out="$(java $BASE_HEAP "$here/PlainCsv.java" "$csv" 2>>"$work/logs/baseline.log" 7>&-)"
  read -r secs cpu batches bytes <<<"$out"
  echo "baseline: $batches batches, $bytes bytes" >>"$work/logs/checks.log"
  printf '%s - %s - - -\n' "$secs" "$cpu"
}

one() { # case label -> prints the result fields
  case "$1" in
    baseline) run_baseline ;;
    null) printf '%s -\n' "$(run_embulk "$2" "$null_cfg")" ;;
    sfdc) run_sfdc "$2" "$ROWS" "$csv" ;;
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
check_same_csv

for ((w = 1; w <= WARMUP; w++)); do
  for c in $CASES; do say "warm-up $w: $c"; one "$c" "$c-warmup$w" >/dev/null; done
done
for ((r = 1; r <= REPS; r++)); do
  for c in $CASES; do
    out="$(one "$c" "$c-$r")"
    say "round $r: $c: $out"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$r" $out >>"$results"
  done
done

for n in $MEM_ROWS; do
  if [[ "$n" == "$ROWS" && "$REPS" -gt 0 ]]; then
    awk -F'\t' -v n="$n" '$1 == "sfdc" && $4 + 0 > rss { rss = $4 + 0; line = $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 "\t" $8 }
      END { printf "mem\t%s\t%s\n", n, line }' "$results" >"$results.mem"
    cat "$results.mem" >>"$results"
    rm -f "$results.mem"
    say "memory: $n rows: the largest peak RSS of the sfdc runs above"
    continue
  fi
  mcsv="$(csv_for "$n")"
  say "memory: sfdc, $n rows"
  out="$(run_sfdc "mem-$n" "$n" "$mcsv")"
  say "memory: $n rows: $out"
  printf 'mem\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" $out >>"$results"
done
renew_fake   # frees the last run's records before the fake ends

stop_fake
trap - EXIT
fake_end="$(grep '^fake-sfdc cpu=' "$fake_out" || true)"
say "${fake_end:-the fake Salesforce printed no final line}"
[[ "$fake_end" == *" internal_errors=0" ]] \
  || { echo "run.sh: the fake Salesforce reports failures of its own; see $work/logs/fake.log" >&2; exit 1; }

# How busy the machine was besides this benchmark: its CPU time minus ours (and the time the hypervisor stole).
read -r busy_end steal_end <<<"$(machine_ticks)"
times >"$work/times.txt"
machine="$(awk -v b="$((busy_end - busy_start))" -v s="$((steal_end - steal_start))" -v t="$ticks" \
  -v own="$(own_cpu_seconds)" -v wall="$(seconds_since "$run_start")" \
  'BEGIN { printf "%.0f %.0f %.1f %.1f", wall, b / t, b / t - own, s / t }')"

OUT_OPTIONS="$OUT_OPTIONS" MACHINE="$machine" python3 "$here/report.py" "$results" "$ROWS" \
  "$csv" "$MAX_THREADS" "$HEAP" "$REPS" "$WARMUP" "$load_start" "$FAKE_HEAP" | tee "$work/report-$stamp.txt"
