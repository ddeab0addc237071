"""Prints the figures of run.sh from its results file.

Each line: case, rep, seconds, peak RSS kB, CPU seconds, the fake's CPU seconds ('-' where not measured). For the
baseline the seconds and CPU seconds are MsgpackGz.java's own (measured inside its JVM); for Embulk runs they are
the whole command's wall clock and its user + system time (/usr/bin/time); the fake's CPU seconds are the fake
Treasure Data process's user + system time during a td run (/proc/<pid>/stat). Memory lines: mem, rows, then the
same four figures.
"""
import os
import sys

results, rows, csv, max_threads, heap, reps, warmup, load_start, fake_heap = sys.argv[1:10]
rows = int(rows)


def num(s):
    return None if s == "-" else float(s)


runs = {}   # case -> [(seconds, rss_kb, cpu_s, fake_cpu_s)]
mem = []    # (rows, seconds, rss_kb, cpu_s, fake_cpu_s)
with open(results) as f:
    for line in f:
        case, rep, *figures = line.rstrip("\n").split("\t")
        secs, rss, cpu, fake = (num(x) for x in figures)
        if case == "mem":
            mem.append((int(rep), secs, rss, cpu, fake))
        else:
            runs.setdefault(case, []).append((secs, rss, cpu, fake))


def met(ok):
    return "met" if ok else "NOT met"


best = {c: min(r, key=lambda x: x[0]) for c, r in runs.items()}
base, null, td = best["baseline"][0], best["null"][0], best["td"][0]
# The td run with the least wall clock once the fake's share of the CPUs is taken off: its CPU seconds divided by
# the number of CPUs, the wall-clock time it took from Embulk while every CPU was busy.
cpus = os.cpu_count()
td_net = min(s - fake / cpus for s, _, _, fake in runs["td"])
cpu_best = {c: min(x[2] for x in r) for c, r in runs.items()}

print()
print(f"td output benchmark: {rows:,} rows x 8 columns ({os.path.getsize(csv) / 1e6:.0f} MB CSV), best of {reps} "
      f"after {warmup} warm-up")
print(f"Embulk: exec.max_threads={max_threads}, JAVA_TOOL_OPTIONS='{heap}'; fake Treasure Data in its own JVM "
      f"({fake_heap}{', every row kept' if os.environ.get('KEEP_ROWS') == '1' else ', row counts kept'}) on "
      f"127.0.0.1; {os.cpu_count()} CPUs; load average at start {load_start}, at end "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
if os.environ.get("MACHINE"):
    wall, busy, others, steal = (float(x) for x in os.environ["MACHINE"].split())
    print(f"Machine during the whole run ({wall:.0f} s x {os.cpu_count()} CPUs = {wall * os.cpu_count():.0f} CPU s): "
          f"{busy:.0f} CPU s busy, of which {max(others, 0):.1f} s not this benchmark's; {steal:.1f} s stolen by the "
          f"hypervisor")
print(f"td options beyond the defaults: mode append (a new table each run), time_column created_at"
      f"{', ' + os.environ['OUT_OPTIONS'] if os.environ.get('OUT_OPTIONS') else ''}")
print()
header = f"{'case':<30}{'best s':>8}  {'all runs s':<22}{'CPU s':>7}{'fake CPU s':>12}{'peak RSS MB':>13}"
print(header)
print("-" * len(header))
labels = {"baseline": "msgpack-core + gzip (MsgpackGz)", "null": "Embulk -> null", "td": "Embulk -> td (fake)",
          "td_dry": "Embulk -> td, dry_run: true"}
for case in [c for c in ["baseline", "null", "td", "td_dry"] if c in best]:
    secs, rss, cpu, fake = best[case]
    all_runs = " ".join(f"{r[0]:.2f}" for r in runs[case])
    fake_s = "-" if fake is None else f"{fake:.2f}"
    rss_s = "-" if rss is None else f"{rss / 1024:.0f}"
    print(f"{labels[case]:<30}{secs:>8.2f}  {all_runs:<22}{cpu:>7.2f}{fake_s:>12}{rss_s:>13}")
print("CPU s and fake CPU s: of the best run. The baseline's seconds and CPU are measured inside its JVM, with the")
print("CSV already in memory; the Embulk runs' are the whole command's (JVM start included).")
print()
raw = (td - null) / base
net = (td_net - null) / base
cpu_ratio = (cpu_best["td"] - cpu_best["null"]) / cpu_best["baseline"]
print(f"(td - null) / baseline                = {raw:5.2f}  {'(for information)':<26}"
      f"raw: the fake's work included")
print(f"{'(td - fake CPU/' + str(cpus) + ' - null) / baseline':<38}= {net:5.2f}  {'(target <= 1.3: ' + met(net <= 1.3) + ')':<26}"
      f"the fake's work excluded: its CPU seconds / {cpus}")
print(f"{'':<75}taken off each td run (its share of the CPUs)")
print(f"(td CPU - null CPU) / baseline CPU    = {cpu_ratio:5.2f}  {'(for information)':<26}"
      f"the least CPU seconds of each case")
if "td_dry" in best:
    dry = (best["td_dry"][0] - null) / base
    print(f"(td_dry - null) / baseline            = {dry:5.2f}  {'(for information)':<26}"
          f"dry_run: encoding and gzip alone, no uploads")
print(f"td / null = {td / null:.2f}")

if mem:
    print()
    print(f"Memory: td, peak RSS of the Embulk JVM (JAVA_TOOL_OPTIONS='{heap}')")
    for n, secs, rss, cpu, fake in mem:
        print(f"  {n:>12,} rows: {rss / 1024:8.0f} MB  ({secs:.1f} s, {n / secs:,.0f} rows/s; Embulk CPU {cpu:.1f} s,"
              f" fake CPU {fake:.1f} s)")
    if len(mem) >= 2:
        lo, hi = mem[0], mem[-1]
        r = hi[2] / lo[2]
        print(f"  ratio {hi[0]:,} / {lo[0]:,} rows: {r:.3f}  (target <= 1.10: {met(r <= 1.10)})")
