#!/usr/bin/env bash
# PostgreSQL output benchmark: psql \copy vs Embulk (file -> csv -> null) vs Embulk (file -> csv -> postgresql, every
# mode; merge three times: every row new, every row changed, every row identical), the same three merges done by
# plain SQL from an already loaded staging table (psql: the server's floor), then the peak RSS of the Embulk JVM for
# an append of MEM_ROWS rows. See README.md beside this file.
#
#   bash bench/postgresql/run.sh [ROWS]          (default 1000000)
#
# Environment (all optional):
#   REPS=3            measured repetitions per case (the best is reported), after WARMUP untimed ones
#   WARMUP=1
#   CASES="copy null append append_direct replace truncate merge_new merge_changed merge_same floor_new
#          floor_changed floor_same"
#   FLOOR_SQL="on_conflict on_conflict_skip on_conflict_skip_analyzed update_insert merge insert"
#                     the plain-SQL merges timed in each floor case (merge: PG 15+; insert: floor_new only;
#                     merge_ordered is timed and shown when listed, but not taken as the floor)
#   BENCH_SCHEMA=bench   the schema the benchmark owns (drops and recreates)
#   MEM_ROWS="1000000 10000000"   row counts of the memory comparison; MEM_ROWS= (empty) skips it
#   HEAP="-Xms1g -Xmx1g"          JVM heap of every Embulk run (passed as JAVA_TOOL_OPTIONS)
#   MAX_THREADS=2     exec.max_threads of every Embulk run
#   USE_LAUNCHER=0    1: every Embulk run goes through ./embulk (which rebuilds when sources change) instead of
#                     a frozen copy of what ./embulk built in the untimed preflight run
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/target"
embulk="$root/embulk"

ROWS="${1:-1000000}"
REPS="${REPS:-3}"
WARMUP="${WARMUP:-1}"
CASES="${CASES:-copy null append append_direct replace truncate merge_new merge_changed merge_same floor_new floor_changed floor_same}"
FLOOR_SQL="${FLOOR_SQL:-on_conflict on_conflict_skip on_conflict_skip_analyzed update_insert merge insert}"
S="${BENCH_SCHEMA:-bench}"
MEM_ROWS="${MEM_ROWS-1000000 10000000}"
HEAP="${HEAP:--Xms1g -Xmx1g}"
MAX_THREADS="${MAX_THREADS:-2}"
USE_LAUNCHER="${USE_LAUNCHER:-0}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGDATABASE="${PGDATABASE:-postgres}"

[[ "$ROWS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [ROWS]" >&2; exit 2; }
[[ "$S" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "run.sh: BENCH_SCHEMA must be a plain lower-case name" >&2; exit 2; }
for tool in java psql python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 1; }
done

mkdir -p "$work/logs"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$work/results-$stamp.tsv"    # case, rep, seconds, peak RSS kB (Embulk runs only), then for the merge
                                      # cases: final transaction s, rows written, n_tup_upd added, heap bytes added
: >"$results"

psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
tab=$'\t'
say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------------------------------------------------------
# Data: target/rows-<N>.csv, generated once per N (deterministic).
csv_for() {
  local n="$1" file="$work/rows-$1.csv"
  if [[ ! -s "$file" ]]; then
    say "generating $file"
    java "$here/Gen.java" "$n" "$file"
  fi
  printf '%s\n' "$file"
}

# ---------------------------------------------------------------------------------------------------------------
# Embulk configs: the same input and exec for every run; only `out:` differs.
write_config() { # name csv out-block
  local file="$work/$1.yml"
  cat >"$file" <<EOF
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
    - {name: score, type: double}
    - {name: name, type: string}
    - {name: created_at, type: timestamp, format: '%Y-%m-%d %H:%M:%S.%N %z'}
    - {name: active, type: boolean}
    - {name: attrs, type: json}
    - {name: ref, type: long}
    - {name: note, type: string}
out:
$3
EOF
  printf '%s\n' "$file"
}

pg_out() { # table mode [extra yaml lines]
  printf '  type: postgresql\n  host: %s\n  port: %s\n  user: %s\n  database: %s\n  schema: %s\n' \
    "$PGHOST" "$PGPORT" "$PGUSER" "$PGDATABASE" "$S"
  printf '  table: %s\n  mode: %s\n' "$1" "$2"
  [[ $# -lt 3 ]] || printf '%s\n' "$3"
}

# ---------------------------------------------------------------------------------------------------------------
# Table states. Every case starts from the same state in every repetition.
DDL='(id bigint, score double precision, name text, created_at timestamptz, active boolean, attrs jsonb,
      ref bigint, note text)'

fresh_table() { # table
  psql_ -c "DROP TABLE IF EXISTS $S.$1; CREATE TABLE $S.$1 $DDL;"
}

filled_table() { # table csv
  fresh_table "$1"
  psql_ -c "\\copy $S.$1 FROM '$2' WITH (FORMAT csv, HEADER true)"
  psql_ -c "VACUUM ANALYZE $S.$1;"
}

# Merge cases: a ROWS-row target with a primary key on id, built from $S.src (the CSV, loaded once) in the state
# the case needs, every row written by one transaction (so a later xmin tells a row the merge wrote).
merge_rows() { # case -> the SELECT list over $S.src
  case "$1" in
    new) echo "id + $ROWS, score, name, created_at, active, attrs, ref, note" ;;   # other keys: every input row is new
    changed) echo "id, score, name, created_at, active, attrs, ref, note || ' (v1)'" ;;   # the last column differs
    same) echo "id, score, name, created_at, active, attrs, ref, note" ;;   # identical to the input
  esac
}

merge_table() { # table case
  psql_ -c "DROP TABLE IF EXISTS $S.$1; CREATE TABLE $S.$1 $DDL;" \
    -c "INSERT INTO $S.$1 SELECT $(merge_rows "$2") FROM $S.src;" \
    -c "ALTER TABLE $S.$1 ADD PRIMARY KEY (id);" -c "VACUUM ANALYZE $S.$1;"
}

merge_rows_after() { # case -> rows the target holds after the merge
  if [[ "$1" == new ]]; then echo $((2 * ROWS)); else echo "$ROWS"; fi
}

# "xmin heap-bytes n_tup_upd" of a merge target whose rows were all written by one transaction.
table_state() { # table
  psql_ -F ' ' -c "SELECT min(xmin::text), pg_relation_size('$S.$1'),
    (SELECT n_tup_upd FROM pg_stat_user_tables WHERE relid = '$S.$1'::regclass), count(DISTINCT xmin::text)
    FROM $S.$1"
}

# What a merge wrote: "rows-with-a-new-version n_tup_upd-added heap-bytes-added". Statistics reach
# pg_stat_user_tables when the run's backends flush them (at the latest when they exit): wait 2 s for them.
merge_effect() { # table state-before
  local xmin size upd
  read -r xmin size upd _ <<<"$2"
  sleep 2
  psql_ -F ' ' -c "SELECT count(*) FILTER (WHERE xmin::text <> '$xmin'),
    (SELECT n_tup_upd FROM pg_stat_user_tables WHERE relid = '$S.$1'::regclass) - $upd,
    pg_relation_size('$S.$1') - $size FROM $S.$1"
}

# Plain-SQL merges of $S.stg (UNLOGGED, loaded as the plugin's staging table is) into $S.t_floor, each in one
# transaction that also drops the staging table, as the plugin's final transaction does.
floor_sql() { # statement
  local cols="id, score, name, created_at, active, attrs, ref, note"
  local others="score, name, created_at, active, attrs, ref, note" c stored="" excluded="" staged="" set_ex="" set_s=""
  for c in $others; do
    c="${c%,}"
    stored+="${stored:+, }t.$c"; excluded+="${excluded:+, }EXCLUDED.$c"; staged+="${staged:+, }s.$c"
    set_ex+="${set_ex:+, }$c = EXCLUDED.$c"; set_s+="${set_s:+, }$c = s.$c"
  done
  case "$1" in
    on_conflict)
      echo "INSERT INTO $S.t_floor AS t ($cols) SELECT $cols FROM $S.stg ON CONFLICT (id) DO UPDATE SET $set_ex
        WHERE ($stored) IS DISTINCT FROM ($excluded);" ;;
    on_conflict_skip)
      # identical rows left out first, so that ON CONFLICT does not lock them
      echo "INSERT INTO $S.t_floor AS t ($cols) SELECT $cols FROM $S.stg AS s
        WHERE NOT EXISTS (SELECT 1 FROM $S.t_floor AS t WHERE t.id = s.id AND ($stored) IS NOT DISTINCT FROM ($staged))
        ON CONFLICT (id) DO UPDATE SET $set_ex WHERE ($stored) IS DISTINCT FROM ($excluded);" ;;
    on_conflict_skip_analyzed)
      # as the plugin runs it: its staging table is unique on the keys (built with the load) and analyzed first
      echo "ANALYZE $S.stg;"
      floor_sql on_conflict_skip ;;
    insert)
      # only where every key is new (floor_new)
      echo "INSERT INTO $S.t_floor ($cols) SELECT $cols FROM $S.stg;" ;;
    update_insert)
      echo "UPDATE $S.t_floor AS t SET $set_s FROM $S.stg AS s WHERE t.id = s.id AND ($stored) IS DISTINCT FROM ($staged);
        INSERT INTO $S.t_floor ($cols) SELECT $cols FROM $S.stg AS s
        WHERE NOT EXISTS (SELECT 1 FROM $S.t_floor AS t WHERE t.id = s.id);" ;;
    merge|merge_ordered)
      # merge_ordered: a unique index on the staging table and no hash join, so that both tables are read in key
      # order (a merge join); fast when the rows lie in key order, as here, slow when they do not.
      [[ "$1" == merge ]] || echo "CREATE UNIQUE INDEX ON $S.stg (id); SET LOCAL enable_hashjoin = off;"
      echo "MERGE INTO $S.t_floor AS t USING $S.stg AS s ON t.id = s.id
        WHEN MATCHED AND ($stored) IS DISTINCT FROM ($staged) THEN UPDATE SET $set_s
        WHEN NOT MATCHED THEN INSERT ($cols) VALUES (s.id, $staged);" ;;
    *)
      echo "run.sh: unknown FLOOR_SQL statement $1" >&2; exit 2 ;;
  esac
}

# One floor statement: prepare target and staging (untimed), then the server-side time of BEGIN … COMMIT as psql's
# \timing reports it (no connection set-up). Prints "seconds".
run_floor() { # case statement csv
  local sql ms
  sql="$(floor_sql "$2")"
  merge_table t_floor "$1"
  # CHECKPOINT, load, merge: the order of a plugin run (a CHECKPOINT precedes it, its tasks load, its final
  # transaction merges), so that both merges start with the freshly loaded staging pages in the buffer cache; no
  # autovacuum of the staging table, as the plugin's
  local index=""
  [[ "$2" != on_conflict_skip_analyzed ]] || index="CREATE UNIQUE INDEX ON $S.stg (id);"
  psql_ -c "DROP TABLE IF EXISTS $S.stg; CREATE UNLOGGED TABLE $S.stg $DDL WITH (autovacuum_enabled = false); $index" \
    -c "CHECKPOINT;" \
    -c "\\copy $S.stg FROM '$3' WITH (FORMAT csv, HEADER true)"
  ms="$(printf '\\timing on\nBEGIN;\n%s\nDROP TABLE %s.stg;\nCOMMIT;\n' "$sql" "$S" | psql_ |
    awk '/^Time: / {sum += $2} END {printf "%.3f", sum / 1000}')"
  expect_rows t_floor "$(merge_rows_after "$1")"
  psql_ -c "DROP TABLE $S.t_floor;"   # no autovacuum of its dead rows during the next cases
  printf '%s\n' "$ms"
}

expect_rows() { # table n
  local got
  got="$(psql_ -c "SELECT count(*) FROM $S.$1")"
  [[ "$got" == "$2" ]] || { echo "run.sh: $S.$1 holds $got rows, expected $2" >&2; exit 1; }
}

# ---------------------------------------------------------------------------------------------------------------
# Running and timing.
elapsed_since() { # start-ns
  local end
  end="$(date +%s%N)"
  python3 -c "print(f'{($end - $1) / 1e9:.3f}')"
}

# What the launcher built, frozen for the whole benchmark: its runtime jar and embulk.properties, and a private
# Maven repository in which this project's artifacts are copies (everything else links to the local repository).
# A `mvn install` or a source change elsewhere during the benchmark then neither rebuilds nor swaps the plugin
# between two measured runs. USE_LAUNCHER=1 runs every Embulk through ./embulk instead.
freeze_runtime() {
  local home_src="$root/target/embulk-home" jar_src="$root/examples/target/embulk-runtime.jar" m2 frozen
  [[ -f "$home_src/embulk.properties" && -f "$jar_src" ]] || {
    echo "run.sh: expected the launcher's $jar_src and $home_src/embulk.properties" >&2; exit 1; }
  m2="$(sed -n 's/^m2_repo=//p' "$home_src/embulk.properties")"
  [[ -d "$m2/io/github/resultexport" ]] || { echo "run.sh: no project artifacts in $m2" >&2; exit 1; }
  frozen="$work/frozen"
  rm -rf "$frozen"
  mkdir -p "$frozen/home" "$frozen/m2/io/github"
  cp "$jar_src" "$frozen/embulk-runtime.jar"
  link_children "$m2" "$frozen/m2" io
  link_children "$m2/io" "$frozen/m2/io" github
  link_children "$m2/io/github" "$frozen/m2/io/github" resultexport
  cp -r "$m2/io/github/resultexport" "$frozen/m2/io/github/resultexport"
  sed "s|^m2_repo=.*|m2_repo=$frozen/m2|" "$home_src/embulk.properties" >"$frozen/home/embulk.properties"
  embulk_cmd=(env EMBULK_HOME="$frozen/home" java -jar "$frozen/embulk-runtime.jar")
  say "froze the runtime and plugins built by ./embulk into $frozen"
}

link_children() { # from-dir to-dir except-name
  local entry
  for entry in "$1"/*; do
    [[ "$(basename "$entry")" == "$3" ]] || ln -s "$entry" "$2/$(basename "$entry")"
  done
}

embulk_cmd=("$embulk")   # becomes the frozen runtime unless USE_LAUNCHER=1

# run_embulk label config -> prints "seconds rss_kb"; the log is kept in target/logs.
run_embulk() {
  local label="$1" config="$2" log="$work/logs/$1.log" timefile="$work/logs/$1.time" start secs rss
  for attempt in 1 2; do
    psql_ -c "CHECKPOINT;"
    start="$(date +%s%N)"
    if ! JAVA_TOOL_OPTIONS="$HEAP" /usr/bin/time -v -o "$timefile" "${embulk_cmd[@]}" run "$config" >"$log" 2>&1; then
      echo "run.sh: Embulk failed ($label); last lines of $log:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    secs="$(elapsed_since "$start")"
    # The launcher rebuilds when sources changed since its last build; such a run measures Maven too.
    if grep -q '^embulk: building' "$log"; then
      say "$label: the launcher rebuilt the project during this run; running it again"
      continue
    fi
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timefile")"
    printf '%s %s\n' "$secs" "$rss"
    return
  done
  echo "run.sh: the launcher keeps rebuilding (sources changing under the benchmark?)" >&2
  exit 1
}

run_copy() { # label csv
  local start secs
  psql_ -c "CHECKPOINT;"
  start="$(date +%s%N)"
  psql_ -c "\\copy $S.t_copy FROM '$2' WITH (FORMAT csv, HEADER true)"
  secs="$(elapsed_since "$start")"
  printf '%s -\n' "$secs"
}

# One repetition of a case: prepare its table (untimed), run it (timed), check the result (untimed).
one() { # case label csv
  local c="$1" label="$2" csv="$3" out
  case "$c" in
    copy)
      fresh_table t_copy
      out="$(run_copy "$label" "$csv")"
      expect_rows t_copy "$ROWS" ;;
    null)
      out="$(run_embulk "$label" "$work/null.yml")" ;;
    append|append_direct)
      fresh_table "t_$c"
      out="$(run_embulk "$label" "$work/$c.yml")"
      expect_rows "t_$c" "$ROWS" ;;
    replace|truncate)
      filled_table "t_$c" "$csv"
      out="$(run_embulk "$label" "$work/$c.yml")"
      expect_rows "t_$c" "$ROWS" ;;
    merge_new|merge_changed|merge_same)
      local state final
      merge_table "t_$c" "${c#merge_}"
      state="$(table_state "t_$c")"
      [[ "${state##* }" == 1 ]] || { echo "run.sh: t_$c was not written by one transaction" >&2; exit 1; }
      out="$(run_embulk "$label" "$work/$c.yml")"
      final="$(sed -n 's/.*final transaction committed in \([0-9]*\) ms.*/\1/p' "$work/logs/$label.log" | tail -n 1)"
      [[ -n "$final" ]] || { echo "run.sh: no final transaction time in $work/logs/$label.log" >&2; exit 1; }
      expect_rows "t_$c" "$(merge_rows_after "${c#merge_}")"
      out="$out $(python3 -c "print(f'{$final / 1000:.3f}')") $(merge_effect "t_$c" "$state")"
      psql_ -c "DROP TABLE $S.t_$c;" ;;
    floor_new|floor_changed|floor_same)
      local stmt
      for stmt in $FLOOR_SQL; do
        if [[ "$stmt" == merge* ]] && (( $(psql_ -c "SHOW server_version_num") < 150000 )); then
          continue
        fi
        [[ "$stmt" != insert || "$c" == floor_new ]] || continue
        printf '%s/%s %s -\n' "$c" "$stmt" "$(run_floor "${c#floor_}" "$stmt" "$csv")"
      done
      return ;;
    *)
      echo "run.sh: unknown case $c" >&2; exit 2 ;;
  esac
  printf '%s %s\n' "$c" "$out"
}

# ---------------------------------------------------------------------------------------------------------------
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
say "rows=$ROWS reps=$REPS warmup=$WARMUP max_threads=$MAX_THREADS heap='$HEAP' cases='$CASES'"
csv="$(csv_for "$ROWS")"
psql_ -c "DROP SCHEMA IF EXISTS $S CASCADE; CREATE SCHEMA $S;"

write_config null "$csv" "  type: 'null'" >/dev/null
for mode in append append_direct replace truncate; do
  write_config "$mode" "$csv" "$(pg_out "t_$mode" "$mode")" >/dev/null
done
for c in merge_new merge_changed merge_same; do
  write_config "$c" "$csv" "$(pg_out "t_$c" merge '  merge_keys: [id]')" >/dev/null
done
if [[ " $CASES " == *" merge_"* || " $CASES " == *" floor_"* ]]; then
  say "loading $csv into $S.src (the merge targets are built from it)"
  psql_ -c "CREATE TABLE $S.src $DDL;" -c "\\copy $S.src FROM '$csv' WITH (FORMAT csv, HEADER true)"
fi

# Lets the launcher build whatever it needs before anything is timed.
say "preflight: ./embulk run (null output), untimed"
"$embulk" run "$work/null.yml" >"$work/logs/preflight.log" 2>&1 || {
  tail -n 30 "$work/logs/preflight.log" >&2; exit 1; }
[[ "$USE_LAUNCHER" == 1 ]] || freeze_runtime

# Rounds: every case once per round, so that a change in the machine's load hits all cases alike.
for ((w = 1; w <= WARMUP; w++)); do
  for c in $CASES; do
    say "warm-up $w: $c"
    one "$c" "$c-warmup$w" "$csv" >/dev/null
  done
done
for ((r = 1; r <= REPS; r++)); do
  for c in $CASES; do
    out="$(one "$c" "$c-$r" "$csv")"   # one line per measurement: name and its figures
    while read -r name figures; do
      say "round $r: $name: ${figures%% *} s"
      printf '%s\t%s\t%s\n' "$name" "$r" "${figures// /$tab}" >>"$results"
    done <<<"$out"
  done
done

# Memory: the append case at each of MEM_ROWS, peak RSS of the Embulk JVM, same heap.
for n in $MEM_ROWS; do
  if [[ "$n" == "$ROWS" && " $CASES " == *" append "* ]]; then
    # Same config, data and heap as the append case measured above: its runs give this figure.
    awk -F'\t' -v n="$n" '$1 == "append" && $4 + 0 > rss { rss = $4 + 0; secs = $3 }
      END { printf "mem\t%s\t%s\t%s\n", n, secs, rss }' "$results" >>"$results.mem"
    cat "$results.mem" >>"$results"
    rm -f "$results.mem"
    say "memory: $n rows: peak RSS of the append runs above"
    continue
  fi
  mcsv="$(csv_for "$n")"
  cfg="$(write_config "mem-$n" "$mcsv" "$(pg_out "t_mem_$n" append)")"
  fresh_table "t_mem_$n"
  say "memory: append of $n rows"
  out="$(run_embulk "mem-$n" "$cfg")"
  expect_rows "t_mem_$n" "$n"
  psql_ -c "DROP TABLE $S.t_mem_$n;"
  say "memory: $n rows: ${out%% *} s, peak RSS ${out##* } kB"
  printf 'mem\t%s\t%s\t%s\n' "$n" ${out} >>"$results"
done

psql_ -c "DROP SCHEMA IF EXISTS $S CASCADE;"

python3 "$here/report.py" "$results" "$ROWS" "$csv" "$MAX_THREADS" "$HEAP" "$REPS" "$WARMUP" "$load_start" | tee "$work/report-$stamp.txt"
