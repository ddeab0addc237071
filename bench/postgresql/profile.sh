#!/usr/bin/env bash
# Where the time of an append goes: runs the append case (or CASE=null / append_direct) once (ROWS rows, default
# 1000000) and takes a thread dump
# of the Embulk JVM (SIGQUIT) every INTERVAL seconds, then counts the top frames of the Embulk task
# threads that were RUNNABLE. Uses the runtime frozen by the last run.sh (run that first).
#
#   bash bench/postgresql/profile.sh [ROWS]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/target"
ROWS="${1:-1000000}"
INTERVAL="${INTERVAL:-0.5}"
CASE="${CASE:-append}"
case "$CASE" in null|append|append_direct) ;; *) echo "profile.sh: CASE is null, append or append_direct" >&2; exit 2;; esac
HEAP="${HEAP:--Xms1g -Xmx1g}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGDATABASE="${PGDATABASE:-postgres}"

frozen="$work/frozen"
config="$work/$CASE.yml"
csv="$work/rows-$ROWS.csv"
[[ -f "$frozen/embulk-runtime.jar" && -f "$config" && -f "$csv" ]] || {
  echo "profile.sh: run 'bash bench/postgresql/run.sh $ROWS' first (it freezes the runtime and writes the config)" >&2
  exit 1
}
grep -q "rows-$ROWS.csv" "$config" || { echo "profile.sh: $config is not for $ROWS rows; run run.sh $ROWS" >&2; exit 1; }

psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
S="${BENCH_SCHEMA:-bench}"   # the schema run.sh wrote into the config
psql_ -c "CREATE SCHEMA IF NOT EXISTS $S; DROP TABLE IF EXISTS $S.t_$CASE;"

JAVA_TOOL_OPTIONS="$HEAP" EMBULK_HOME="$frozen/home" java -jar "$frozen/embulk-runtime.jar" run "$config" \
  >"$work/logs/profile.log" 2>&1 &
pid=$!
# SIGQUIT makes the JVM print a thread dump to its stdout (no attach needed, cheap); the dumps land in the log.
sleep 3
while kill -0 "$pid" 2>/dev/null; do
  kill -QUIT "$pid" 2>/dev/null || true
  sleep "$INTERVAL"
done
wait "$pid" || { tail -n 30 "$work/logs/profile.log" >&2; exit 1; }
top_cpu="$(grep -h 'rows written' "$work/logs/profile.log" || true)"
psql_ -c "DROP SCHEMA $S CASCADE;"

python3 - "$work/logs/profile.log" <<'EOF'
import collections
import re
import sys

text = open(sys.argv[1], errors="replace").read()
top = collections.defaultdict(collections.Counter)     # thread kind -> first frame of RUNNABLE samples
ours = collections.defaultdict(collections.Counter)    # thread kind -> first plugin frame on RUNNABLE stacks
states = collections.defaultdict(collections.Counter)
cpu = {}                                              # thread name -> cpu ms at its last dump
for block in text.split("\n\n"):
    lines = block.strip().splitlines()
    if not lines or not lines[0].startswith('"'):
        continue
    name = lines[0].split('"')[1]
    m = re.search(r"cpu=([\d.]+)ms", lines[0])
    if m:
        cpu[name] = float(m.group(1))
    if name.startswith("embulk-output-executor"):
        kind = "output task threads (our plugin)"
    elif name.startswith("embulk-input-executor") or re.search(r":task-\d+", name):
        kind = "input task thread (file + csv parser)"
    else:
        continue
    m = re.search(r"java.lang.Thread.State: (\S+)", block)
    state = m.group(1) if m else "?"
    frames = [re.sub(r"\(.*", "", l.strip()[3:]) for l in lines if l.strip().startswith("at ")]
    if not frames:
        continue
    states[kind][state] += 1
    if state != "RUNNABLE":
        continue
    top[kind][frames[0]] += 1
    for f in frames:
        if "resultexport" in f or "org.embulk.parser" in f or "org.postgresql" in f:
            ours[kind][f] += 1
            break

print("CPU time per thread at the last dump (ms):")
for name, ms in sorted(cpu.items(), key=lambda kv: -kv[1])[:12]:
    print(f"  {ms:10.0f}  {name}")
for kind in sorted(states):
    print(f"\n{kind}: samples by state {dict(states[kind])}")
    print("  top frames when RUNNABLE:")
    for f, n in top[kind].most_common(12):
        print(f"    {n:5d}  {f}")
    print("  first plugin / pgjdbc / parser frame when RUNNABLE:")
    for f, n in ours[kind].most_common(8):
        print(f"    {n:5d}  {f}")
EOF
echo "$top_cpu"
