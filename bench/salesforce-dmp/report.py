"""Prints the figures of run.sh from its results file (case, rep, seconds, peak RSS kB or the baseline's split)."""
import os
import sys

results, rows, csv, lines, max_threads, heap, reps, warmup, load_start = sys.argv[1:10]
rows = int(rows)

runs = {}   # case -> [(seconds, extra)]
mem = []    # (rows, seconds, rss_kb)
with open(results) as f:
    for line in f:
        case, rep, secs, extra = line.rstrip("\n").split("\t")
        if case == "mem":
            mem.append((int(rep), float(secs), int(extra)))
        else:
            runs.setdefault(case, []).append((float(secs), extra))

best = {c: min(r, key=lambda x: x[0]) for c, r in runs.items()}
print()
print(f"salesforce_dmp output benchmark: {rows:,} records, 5 attributes ({os.path.getsize(csv) / 1e6:.0f} MB CSV, "
      f"{os.path.getsize(lines) / 1e6:.0f} MB of lines), best of {reps} after {warmup} warm-up")
print(f"Embulk: exec.max_threads={max_threads}, JAVA_TOOL_OPTIONS='{heap}'; S3Proxy 4.1.0 (file-system store) on "
      f"127.0.0.1; {os.cpu_count()} CPUs; load average at start {load_start}, at end "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
print(f"salesforce_dmp options beyond the defaults: {os.environ.get('OUT_OPTIONS') or '(none)'}")
print()
base = best["baseline"][0]
null = best["null"][0]
header = f"{'case':<34}{'best s':>8}  {'all runs s':<22}{'peak RSS MB':>12}"
print(header)
print("-" * len(header))
labels = {"baseline": "JDK gzip + one PUT (gzip+PUT s)", "null": "Embulk -> null", "dmp": "Embulk -> salesforce_dmp"}
for case in ["baseline", "null", "dmp"]:
    secs, extra = best[case]
    all_runs = " ".join(f"{s:.2f}" for s, _ in runs[case])
    rss = "-" if case == "baseline" else f"{int(extra) / 1024:.0f}"
    label = labels[case] if case != "baseline" else f"JDK gzip + one PUT ({extra})"
    print(f"{label:<34}{secs:>8.2f}  {all_runs:<22}{rss:>12}")
print()
ratio = (best["dmp"][0] - null) / base
print(f"(salesforce_dmp - null) / (gzip + PUT) = {ratio:.2f}  (target <= 1.3: {'met' if ratio <= 1.3 else 'NOT met'})")
print(f"salesforce_dmp / null = {best['dmp'][0] / null:.2f}")
if mem:
    print()
    print(f"Memory: salesforce_dmp, peak RSS of the Embulk JVM (JAVA_TOOL_OPTIONS='{heap}')")
    for n, secs, rss in mem:
        print(f"  {n:>12,} rows: {rss / 1024:8.0f} MB  ({secs:.1f} s, {n / secs:,.0f} rows/s)")
    if len(mem) >= 2:
        lo, hi = mem[0], mem[-1]
        r = hi[2] / lo[2]
        print(f"  ratio {hi[0]:,} / {lo[0]:,} rows: {r:.3f}  (target <= 1.10: {'met' if r <= 1.10 else 'NOT met'})")
