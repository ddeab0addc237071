#!/usr/bin/env bash
# Where the Java CPU time of a td run goes: starts the fake Treasure Data, runs the td case WARMUP times (untimed,
# to warm up the fake), then once more with Java Flight Recorder on in the Embulk JVM (settings=profile), and prints,
# per kind of thread (output tasks: this plugin's encoding; input: file + csv parser; uploads), the most frequent
# top frames of the Java samples and how the output tasks' samples divide into encoding steps. Uses the runtime
# and the fake that the last run.sh froze (run that first).
#
#   bash bench/td/profile.sh [ROWS]          (default 1000000)
#
# Environment: WARMUP=1, HEAP="-Xmx1g", FAKE_HEAP="-Xmx6g", TOP=15
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/target"
ROWS="${1:-1000000}"
WARMUP="${WARMUP:-1}"
HEAP="${HEAP:--Xmx1g}"
FAKE_HEAP="${FAKE_HEAP:--Xmx6g}"
TOP="${TOP:-15}"
KEY=1/6265e6368e2d2f4f1a3b5c7d9e0f1a2b3c4d5e6f
DB=bench

frozen="$work/frozen"
csv="$work/events-$ROWS.csv"
[[ -f "$frozen/embulk-runtime.jar" && -d "$work/fake/test-classes" && -f "$csv" && -f "$work/null.yml" ]] || {
  echo "profile.sh: run 'bash bench/td/run.sh $ROWS' first (it freezes the runtime and the fake, and makes the CSV)" >&2
  exit 1
}
command -v jfr >/dev/null || { echo "profile.sh: the JDK's jfr tool is needed" >&2; exit 1; }

fake_cp="$work/fake/test-classes:$work/fake/classes"
for jar in "$work"/fake/lib/*.jar; do fake_cp+=":$jar"; done
fifo="$work/profile-fake.stdin"
rm -f "$fifo"
mkfifo "$fifo"
# shellcheck disable=SC2086
java $FAKE_HEAP -cp "$fake_cp" io.github.resultexport.embulk.output.td.fake.FakeTreasureDataMain "$KEY" "$DB" \
  <"$fifo" >"$work/logs/profile-fake.out" 2>"$work/logs/profile-fake.log" &
fake_pid=$!
exec 7>"$fifo"
trap 'exec 7>&-; wait "$fake_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q '^fake-td ready' "$work/logs/profile-fake.out" && break; sleep 0.5; done
port="$(sed -n 's/^fake-td ready port=\([0-9]*\).*/\1/p' "$work/logs/profile-fake.out")"
[[ -n "$port" ]] || { echo "profile.sh: the fake did not start; see $work/logs/profile-fake.log" >&2; exit 1; }

run() { # label [extra JVM options]
  local cfg="$work/profile-$1.yml"
  sed '/^out:/,$d' "$work/null.yml" | sed "s|path_prefix: .*|path_prefix: '$csv'|" >"$cfg"
  printf 'out:\n  type: td\n  endpoint: 127.0.0.1\n  port: %s\n  use_ssl: false\n  apikey: %s\n' "$port" "$KEY" >>"$cfg"
  printf '  database: %s\n  table: profile_%s\n  mode: append\n  time_column: created_at\n' "$DB" "$1" >>"$cfg"
  JAVA_TOOL_OPTIONS="$HEAP ${2:-}" EMBULK_HOME="$frozen/home" java -jar "$frozen/embulk-runtime.jar" run "$cfg" \
    >"$work/logs/profile-$1.log" 2>&1 7>&- || { tail -n 30 "$work/logs/profile-$1.log" >&2; exit 1; }
  grep -h 'td: .* rows written' "$work/logs/profile-$1.log" | sed 's/.*(0001:transaction): /  /' >&2
}

for ((w = 1; w <= WARMUP; w++)); do
  echo "profile.sh: warm-up run $w" >&2
  run "warmup$w"
done
recording="$work/profile.jfr"
echo "profile.sh: profiled run" >&2
run profiled "-XX:StartFlightRecording=filename=$recording,settings=profile"
jfr print --json --stack-depth 128 --events jdk.ExecutionSample "$recording" >"$work/profile-samples.json"

python3 - "$work/profile-samples.json" "$TOP" <<'EOF'
import collections
import json
import sys

events = json.load(open(sys.argv[1]))["recording"]["events"]
top_n = int(sys.argv[2])


def kind(thread):
    if thread.startswith("embulk-output-executor"):
        return "output tasks (td encoding)"
    if thread.startswith("td-upload"):
        return "part uploads"
    if thread.startswith("embulk-input-executor") or ":task-" in thread:
        return "input (file + csv parser)"
    return None


# Each output sample goes to the first of these found walking from the innermost frame outwards.
STEPS = [
    ("gzip (Java side of Deflater)", ("java/util/zip/",)),
    ("part file writes", ("FileDispatcherImpl.write", "FileOutputStream.write")),
    ("json column: PageReader.getJson, Value.toJson, packString", ("FieldPackers.lambda$fromJson",)),
    ("timestamp column: TimestampFormatter.format, packString", ("FieldPackers.lambda$fromTimestamp",)),
    ("string columns: packString", ("FieldPackers.lambda$fromString",)),
    ("long, double, boolean columns", ("FieldPackers.lambda$fromLong", "FieldPackers.lambda$fromDouble",
                                       "FieldPackers.lambda$fromBoolean")),
    ("record packing: map header, keys, time, nulls", ("encode/RecordPacker.pack",)),
    ("page loop, part writer, progress", ("td/TdPageOutput.", "stage/PartWriter.", "ProgressLog.")),
]
PARTS = {  # within a step: (label, frame substrings)
    "json column: PageReader.getJson, Value.toJson, packString": [
        ("PageReader.getJson (Embulk's JsonValue converted to a msgpack Value)", ("PageReaderImpl.getJson",)),
        ("Value.toJson", ("ImmutableMapValueImpl.toJson", "ImmutableArrayValueImpl.toJson")),
        ("packString", ("MessagePacker.packString",))],
    "timestamp column: TimestampFormatter.format, packString": [
        ("java.util.Formatter (String.format)", ("java/util/Formatter.",)),
        ("packString", ("MessagePacker.packString",))],
}


def step_of(frames):
    for f in frames:
        for label, needles in STEPS:
            if any(n in f for n in needles):
                return label
    return "other"


samples = collections.Counter()
top = collections.defaultdict(collections.Counter)
steps = collections.Counter()
parts = collections.defaultdict(collections.Counter)
for e in events:
    v = e["values"]
    thread = v["sampledThread"]["javaName"] or v["sampledThread"]["osName"] or ""
    k = kind(thread)
    frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in v["stackTrace"]["frames"]]
    if k is None or not frames:
        continue
    samples[k] += 1
    top[k][frames[0].replace("/", ".")] += 1
    if k.startswith("output"):
        step = step_of(frames)
        steps[step] += 1
        for label, needles in PARTS.get(step, []):
            if any(n in f for f in frames for n in needles):
                parts[step][label] += 1

print()
print("Java CPU samples of the profiled td run (JFR jdk.ExecutionSample: code running in Java; time in native")
print("code, e.g. zlib's deflate under GZIPOutputStream, is not sampled)")
for k in ("output tasks (td encoding)", "input (file + csv parser)", "part uploads"):
    n = samples[k]
    print()
    print(f"{k}: {n} samples")
    if not n:
        continue
    for frame, c in top[k].most_common(top_n):
        print(f"  {100 * c / n:5.1f}%  {frame}")
    if k.startswith("output"):
        print("  by step (each sample counted once, innermost step first):")
        for label, _ in STEPS + [("other", ())]:
            print(f"  {100 * steps[label] / n:5.1f}%  {label}")
            for part, c in parts[label].most_common():
                print(f"  {100 * c / n:5.1f}%      of it {part}")
EOF
