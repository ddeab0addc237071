#!/usr/bin/env bash
# Where the time of an sfdc run's output tasks goes: starts the fake Salesforce, runs the sfdc case WARMUP times
# (untimed, to warm up the fake), then once more with Java Flight Recorder on in the Embulk JVM (settings=profile),
# and prints how the output tasks' samples divide into steps: Java samples (jdk.ExecutionSample: code running in
# Java) and native samples (jdk.NativeMethodSample: a thread in a native method — zlib's deflate and inflate are CPU,
# a socket read is waiting for the fake), then the most frequent top frames of the Java samples. Uses the runtime and
# the fake that the last run.sh froze (run that first).
#
#   bash bench/sfdc/profile.sh [ROWS]          (default 1000000)
#
# Environment: WARMUP=1, HEAP="-Xmx1g", FAKE_HEAP="-Xmx4g", TOP=15
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/target"
ROWS="${1:-1000000}"
WARMUP="${WARMUP:-1}"
HEAP="${HEAP:--Xmx1g}"
FAKE_HEAP="${FAKE_HEAP:--Xmx4g}"
TOP="${TOP:-15}"

frozen="$work/frozen"
csv="$work/rows-$ROWS.csv"
[[ -f "$frozen/embulk-runtime.jar" && -d "$work/fake/test-classes" && -f "$csv" && -f "$work/null.yml" ]] || {
  echo "profile.sh: run 'bash bench/sfdc/run.sh $ROWS' first (it freezes the runtime and the fake, and makes the CSV)" >&2
  exit 1
}
command -v jfr >/dev/null || { echo "profile.sh: the JDK's jfr tool is needed" >&2; exit 1; }

fake_cp="$work/fake/test-classes:$work/fake/classes"
for jar in "$work"/fake/lib/*.jar; do fake_cp+=":$jar"; done
fifo="$work/profile-fake.stdin"
out="$work/logs/profile-fake.out"
rm -f "$fifo"
mkfifo "$fifo"
: >"$out"
# shellcheck disable=SC2086
java $FAKE_HEAP -cp "$fake_cp" io.github.resultexport.embulk.output.sfdc.fake.FakeSalesforceMain \
  loader@example.com s3cret-Pa55 TOKENabc123xyz Result__c <"$fifo" >"$out" 2>"$work/logs/profile-fake.log" &
fake_pid=$!
exec 7>"$fifo"
trap 'exec 7>&-; wait "$fake_pid" 2>/dev/null || true' EXIT

ready() { # the n-th ready line's URL, once it is there
  local url=""
  for _ in $(seq 1 240); do
    url="$(grep '^fake-sfdc ready' "$out" | sed -n "$1{s/.* url=\([^ ]*\).*/\1/p}")"
    [[ -z "$url" ]] || break
    sleep 0.25
  done
  [[ -n "$url" ]] || { echo "profile.sh: the fake did not start; see $work/logs/profile-fake.log" >&2; exit 1; }
  printf '%s\n' "$url"
}
starts=1
url="$(ready 1)"

run() { # label [extra JVM options]
  local cfg="$work/profile-$1.yml"
  if ((starts > 1)) || [[ "$1" != warmup1 ]]; then   # a fresh fake for every run
    printf 'new\n' >&7
    starts=$((starts + 1))
    url="$(ready "$starts")"
  fi
  sed '/^out:/,$d' "$work/null.yml" | sed "s|path_prefix: .*|path_prefix: '$csv'|" >"$cfg"
  printf 'out:\n  type: sfdc\n  login_url: %s\n  username: loader@example.com\n  password: s3cret-Pa55\n' "$url" >>"$cfg"
  printf '  security_token: TOKENabc123xyz\n  object: Result__c\n  mode: append\n' >>"$cfg"
  printf '  poll_interval_millis: 5\n  poll_max_interval_millis: 50\n' >>"$cfg"
  JAVA_TOOL_OPTIONS="$HEAP ${2:-}" EMBULK_HOME="$frozen/home" java -jar "$frozen/embulk-runtime.jar" run "$cfg" \
    >"$work/logs/profile-$1.log" 2>&1 7>&- || { tail -n 30 "$work/logs/profile-$1.log" >&2; exit 1; }
  grep -h 'sfdc: .* rows written' "$work/logs/profile-$1.log" | sed 's/.*(0001:transaction): /  /' >&2
}

for ((w = 1; w <= WARMUP; w++)); do
  echo "profile.sh: warm-up run $w" >&2
  run "warmup$w"
done
recording="$work/profile.jfr"
echo "profile.sh: profiled run" >&2
run profiled "-XX:StartFlightRecording=filename=$recording,settings=profile"
jfr print --json --stack-depth 128 --events jdk.ExecutionSample,jdk.NativeMethodSample "$recording" \
  >"$work/profile-samples.json"

python3 - "$work/profile-samples.json" "$TOP" <<'PY'
import collections
import json
import sys

events = json.load(open(sys.argv[1]))["recording"]["events"]
top_n = int(sys.argv[2])

# Each output-task sample goes to the first step found walking from the innermost frame outwards.
STEPS = [
    ("waiting for the fake (socket read)", ("NioSocketImpl.park", "SocketDispatcher.read", "NioSocketImpl.read",
                                            "Net.poll")),
    ("request gzip (force-wsc compression, Deflater)", ("java/util/zip/Deflater", "GZIPOutputStream")),
    ("reply gunzip (Inflater)", ("java/util/zip/Inflater", "GZIPInputStream")),
    ("socket write", ("SocketDispatcher.write", "NioSocketImpl.write")),
    ("sha256 of each batch", ("java/security/MessageDigest", "sun/security/provider/")),
    ("force-wsc XML (BatchInfo, JobInfo)", ("com/sforce/ws/parser/", "com/sforce/ws/bind/", "XmlInputStream")),
    ("results CSV read", ("BulkApi.readCsv", "com/sforce/async/CSVReader")),
    ("HTTP (java.net, force-wsc transport)", ("sun/net/www/", "com/sforce/ws/transport/")),
    ("double column: BigDecimal", ("java/math/BigDecimal",)),
    ("date, datetime columns: DateTimeFormatter", ("java/time/format/",)),
    ("PageReader getters (strings, timestamps)", ("PageReaderImpl.", "org/embulk/spi/PageReader.")),
    ("CSV line building (quoting)", ("encode/CsvText.", "encode/RecordEncoder.")),
    ("batch filling (UTF-8 bytes, copies)", ("stage/Batch.", "BatchPipeline.add", "String.getBytes")),
    ("page loop, progress", ("sfdc/SfdcPageOutput.",)),
]


def step_of(frames):
    for f in frames:
        for label, needles in STEPS:
            if any(n in f for n in needles):
                return label
    return "other"


java_top = collections.Counter()
steps = {"jdk.ExecutionSample": collections.Counter(), "jdk.NativeMethodSample": collections.Counter()}
for e in events:
    v = e["values"]
    thread = v["sampledThread"]["javaName"] or v["sampledThread"]["osName"] or ""
    if not thread.startswith(("embulk-output-executor", "sfdc-add-batch-", "sfdc-await-batch-")):
        continue
    frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in v["stackTrace"]["frames"]]
    if not frames:
        continue
    steps[e["type"]][step_of(frames)] += 1
    if e["type"] == "jdk.ExecutionSample":
        java_top[frames[0].replace("/", ".")] += 1

print()
print("Samples of the output tasks (embulk-output-executor-*, and their sfdc-add-batch-* and sfdc-await-batch-*"
      " threads) of the profiled sfdc run")
for kind, label in (("jdk.ExecutionSample", "Java (running Java code)"),
                    ("jdk.NativeMethodSample", "native (in a native method: running or waiting)")):
    n = sum(steps[kind].values())
    print()
    print(f"{label}: {n} samples")
    for step, c in steps[kind].most_common():
        print(f"  {100 * c / max(n, 1):5.1f}%  {step}")
n = sum(java_top.values())
print()
print(f"Top frames of the Java samples ({n})")
for frame, c in java_top.most_common(top_n):
    print(f"  {100 * c / max(n, 1):5.1f}%  {frame}")
PY
