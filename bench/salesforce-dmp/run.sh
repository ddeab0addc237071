#!/usr/bin/env bash
# salesforce_dmp output benchmark, against baselines measured in the same run: the JDK's gzip of the very lines the
# plugin writes plus one PUT of the result to S3Proxy, and Embulk reading the same CSV into the `null` output; then
# the peak RSS of a salesforce_dmp run at each of MEM_ROWS rows. See README.md beside this file.
#
#   bash bench/salesforce-dmp/run.sh [ROWS]          (default 1000000)
#
# Environment (all optional):
#   REPS=3                        measured repetitions per case (the best is reported), after WARMUP untimed ones
#   WARMUP=1
#   MEM_ROWS="1000000 10000000"   row counts of the memory comparison; MEM_ROWS= (empty) skips it
#   HEAP="-Xmx1g"                 JVM options of every Embulk run (passed as JAVA_TOOL_OPTIONS)
#   MAX_THREADS=2                 exec.max_threads of every Embulk run
#   PORT=9155                     where S3Proxy listens (127.0.0.1)
#   OUT_OPTIONS=                  more options of the salesforce_dmp output, as YAML flow mapping entries,
#                                 e.g. OUT_OPTIONS='compression_level: 1, part_size: 16777216'
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
PORT="${PORT:-9155}"
OUT_OPTIONS="${OUT_OPTIONS:-}"
S3PROXY_VERSION=4.1.0
KEY=bench-identity
SECRET=bench-credential

[[ "$ROWS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [ROWS]" >&2; exit 2; }
for tool in java mvn curl gzip python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 1; }
done

mkdir -p "$work/logs"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$work/results-$stamp.tsv"    # case, rep, seconds, peak RSS kB (Embulk runs) or gzip+put split (baseline)
: >"$results"
say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ns() { date +%s%N; }
seconds_since() { awk -v s="$1" -v e="$(now_ns)" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'; }

# ---------------------------------------------------------------------------------------------------------------
# Data: target/segments-<N>.csv and target/lines-<N>.txt (the lines salesforce_dmp writes for it), made once per N.
data_for() { # n -> prints "csv lines"
  local n="$1" csv="$work/segments-$1.csv" lines="$work/lines-$1.txt"
  if [[ ! -s "$csv" || ! -s "$lines" ]]; then
    say "generating $csv and $lines"
    java "$here/Gen.java" "$n" "$csv" "$lines"
  fi
  printf '%s %s\n' "$csv" "$lines"
}

# ---------------------------------------------------------------------------------------------------------------
# S3Proxy (the standalone jar from Maven Central) with a file-system store under target/s3, signatures checked.
s3_jar="$root/target/s3proxy/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
store="$work/s3"
if [[ ! -f "$s3_jar" ]]; then
  say "fetching S3Proxy $S3PROXY_VERSION"
  (cd "$root" && mvn -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" -DoutputDirectory="$root/target/s3proxy")
fi
rm -rf "$store"
mkdir -p "$store/data/krux-partners"
cat >"$store/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v4
s3proxy.identity=$KEY
s3proxy.credential=$SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$store/data
PROPERTIES
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
answers && { echo "run.sh: something already answers on 127.0.0.1:$PORT (set PORT)" >&2; exit 1; }
java -Xmx1g -jar "$s3_jar" --properties "$store/s3proxy.properties" >"$work/logs/s3proxy.log" 2>&1 &
s3proxy_pid=$!
trap 'kill "$s3proxy_pid" 2>/dev/null; wait "$s3proxy_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do answers && break; sleep 0.5; done
answers || { echo "run.sh: S3Proxy did not start; see $work/logs/s3proxy.log" >&2; exit 1; }
endpoint="http://127.0.0.1:$PORT"

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
    - {name: user_id, type: string}
    - {name: td_segment, type: string}
    - {name: email, type: string}
    - {name: city, type: string}
    - {name: visits, type: long}
    - {name: score, type: double}
    - {name: last_seen, type: timestamp, format: '%Y-%m-%d %H:%M:%S'}
out:
$3
YAML
  printf '%s\n' "$file"
}
dmp_out="$(printf '  type: salesforce_dmp\n  client_name: bench\n  aws_access_key_id: %s\n  aws_secret_access_key: %s\n  endpoint: %s\n  path_style_access: true' \
  "$KEY" "$SECRET" "$endpoint")"
if [[ -n "$OUT_OPTIONS" ]]; then
  dmp_out+="$(printf '\n  %s' "$(sed 's/, */\n  /g' <<<"$OUT_OPTIONS")")"
fi

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

run_embulk() { # label config -> prints "seconds rss_kb"
  local log="$work/logs/$1.log" timefile="$work/logs/$1.time" start secs
  start="$(now_ns)"
  if ! JAVA_TOOL_OPTIONS="$HEAP" /usr/bin/time -v -o "$timefile" "${embulk_cmd[@]}" run "$2" >"$log" 2>&1; then
    echo "run.sh: Embulk failed ($1); last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  secs="$(seconds_since "$start")"
  printf '%s %s\n' "$secs" "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timefile")"
}

run_baseline() { # label lines -> prints "seconds gzip+put"
  local gz="$work/baseline.gz" gzip_secs start put_secs
  gzip_secs="$(java "$here/GzipLines.java" "$2" "$gz")"
  start="$(now_ns)"
  curl -sS -f --aws-sigv4 "aws:amz:us-east-1:s3" -u "$KEY:$SECRET" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    -T "$gz" "$endpoint/krux-partners/baseline/lines.gz" -o /dev/null
  put_secs="$(seconds_since "$start")"
  awk -v g="$gzip_secs" -v p="$put_secs" 'BEGIN { printf "%.3f %s+%s\n", g + p, g, p }'
}

published() { # -> the day's file of client-bench
  find "$store/data/krux-partners/client-bench/uploads" -name 'client-bench_first_party_segment.gz' -type f \
    | sort | tail -n 1
}

verify() { # lines-file -> checks that the published file holds exactly those lines
  local want got
  want="$(LC_ALL=C sort -S 25% "$1" | md5sum | cut -d' ' -f1)"
  got="$(gzip -dc "$(published)" | LC_ALL=C sort -S 25% | md5sum | cut -d' ' -f1)"
  [[ "$want" == "$got" ]] || { echo "run.sh: the published file does not hold exactly the expected lines" >&2; exit 1; }
}

one() { # case label -> prints the result fields
  case "$1" in
    baseline) run_baseline "$2" "$lines" ;;
    null) run_embulk "$2" "$null_cfg" ;;
    dmp) run_embulk "$2" "$dmp_cfg" ;;
  esac
}

# ---------------------------------------------------------------------------------------------------------------
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
say "rows=$ROWS reps=$REPS warmup=$WARMUP max_threads=$MAX_THREADS heap='$HEAP'"
read -r csv lines <<<"$(data_for "$ROWS")"
null_cfg="$(write_config null "$csv" "  type: 'null'")"
dmp_cfg="$(write_config "dmp-$ROWS" "$csv" "$dmp_out")"

say "preflight: ./embulk run (salesforce_dmp), untimed; it builds what is missing"
"$root/embulk" run "$dmp_cfg" >"$work/logs/preflight.log" 2>&1 || { tail -n 30 "$work/logs/preflight.log" >&2; exit 1; }
freeze

for ((w = 1; w <= WARMUP; w++)); do
  for c in baseline null dmp; do say "warm-up $w: $c"; one "$c" "$c-warmup$w" >/dev/null; done
done
for ((r = 1; r <= REPS; r++)); do
  for c in baseline null dmp; do
    out="$(one "$c" "$c-$r")"
    say "round $r: $c: $out"
    printf '%s\t%s\t%s\t%s\n' "$c" "$r" $out >>"$results"
  done
done
say "checking the published file against the lines"
verify "$lines"

for n in $MEM_ROWS; do
  if [[ "$n" == "$ROWS" ]]; then
    awk -F'\t' -v n="$n" '$1 == "dmp" && $4 + 0 > rss { rss = $4 + 0; secs = $3 }
      END { printf "mem\t%s\t%s\t%s\n", n, secs, rss }' "$results" >"$results.mem"
    cat "$results.mem" >>"$results"
    rm -f "$results.mem"
    continue
  fi
  read -r mcsv mlines <<<"$(data_for "$n")"
  cfg="$(write_config "dmp-$n" "$mcsv" "$dmp_out")"
  say "memory: $n rows"
  out="$(run_embulk "mem-$n" "$cfg")"
  verify "$mlines"
  say "memory: $n rows: $out"
  printf 'mem\t%s\t%s\t%s\n' "$n" $out >>"$results"
done

OUT_OPTIONS="$OUT_OPTIONS" python3 "$here/report.py" "$results" "$ROWS" "$csv" "$lines" "$MAX_THREADS" "$HEAP" "$REPS" \
  "$WARMUP" "$load_start" \
  | tee "$work/report-$stamp.txt"
