"""Prints the figures table of run.sh from its results file (case, rep, seconds, peak RSS kB)."""
import os
import subprocess
import sys

results, rows, csv, max_threads, heap, reps, warmup, load_start = sys.argv[1:9]
rows = int(rows)

runs = {}    # case -> [(seconds, rss_kb or None)]
mem = []     # (rows, seconds, rss_kb)
with open(results) as f:
    for line in f:
        case, rep, secs, rss = line.rstrip("\n").split("\t")
        rss = None if rss == "-" else int(rss)
        if case == "mem":
            mem.append((int(rep), float(secs), rss))
        else:
            runs.setdefault(case, []).append((float(secs), rss))

best = {c: min(r, key=lambda x: x[0]) for c, r in runs.items()}


def server_version():
    try:
        return subprocess.run(["psql", "-X", "-A", "-t", "-c", "SHOW server_version"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return "?"


size_mb = os.path.getsize(csv) / 1e6
print()
print(f"PostgreSQL output benchmark: {rows:,} rows x 8 columns ({size_mb:.0f} MB CSV), "
      f"best of {reps} after {warmup} warm-up")
print(f"Embulk: exec.max_threads={max_threads}, JAVA_TOOL_OPTIONS='{heap}'; "
      f"PostgreSQL {server_version()} at {os.environ.get('PGHOST', '?')}:{os.environ.get('PGPORT', '?')}; "
      f"{os.cpu_count()} CPUs; load average at start {load_start}, at end "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
print()

copy = best.get("copy", (None,))[0]
null = best.get("null", (None,))[0]
labels = {"copy": "psql \\copy", "null": "embulk -> null"}
header = f"{'case':<16}{'best s':>8}  {'all runs s':<20}{'peak RSS MB':>12}{'(x-null)/copy':>15}{'x/null':>8}"
print(header)
print("-" * len(header))
for case in ["copy", "null", "append", "append_direct", "replace", "truncate", "merge"]:
    if case not in best:
        continue
    secs, rss = best[case]
    all_runs = " ".join(f"{s:.2f}" for s, _ in runs[case])
    rss_s = f"{rss / 1024:.0f}" if rss else "-"
    marginal = ratio = "-"
    if case not in ("copy", "null") and null is not None:
        ratio = f"{secs / null:.2f}"
        if copy:
            marginal = f"{(secs - null) / copy:.2f}"
    label = labels.get(case, case)
    print(f"{label:<16}{secs:>8.2f}  {all_runs:<20}{rss_s:>12}{marginal:>15}{ratio:>8}")
print()
if "append" in best and copy and null is not None:
    m = (best["append"][0] - null) / copy
    print(f"(append - null) / copy = {m:.2f}  (target <= 1.2: {'met' if m <= 1.2 else 'NOT met'})")

if mem:
    print()
    print(f"Memory: append, peak RSS of the Embulk JVM (JAVA_TOOL_OPTIONS='{heap}')")
    for n, secs, rss in mem:
        print(f"  {n:>12,} rows: {rss / 1024:8.0f} MB  ({secs:.1f} s, {n / secs:,.0f} rows/s)")
    if len(mem) >= 2:
        lo, hi = mem[0], mem[-1]
        r = hi[2] / lo[2]
        print(f"  ratio {hi[0]:,} / {lo[0]:,} rows: {r:.3f}  (target <= 1.10: {'met' if r <= 1.10 else 'NOT met'})")
