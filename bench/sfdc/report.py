"""Prints the figures of run.sh from its results file.

Each line: case, rep, seconds, peak RSS kB, CPU seconds, the most heap in use after a GC (MB), the largest heap
size (MB), the fake's CPU seconds ('-' where not measured). For the baseline the seconds and CPU seconds are
PlainCsv.java's own (measured inside its JVM); for Embulk runs they are the whole command's wall clock and its
user + system time (/usr/bin/time), the heap figures from its GC log; the fake's CPU seconds are the fake
Salesforce process's user + system time during an sfdc run (/proc/<pid>/stat). Memory lines: mem, rows, then the
same six figures.
"""
import os
import sys

results, rows, csv, max_threads, heap, reps, warmup, load_start, fake_heap = sys.argv[1:10]
rows = int(rows)
TARGET = 1.5


def num(s):
    return None if s == "-" else float(s)


runs = {}   # case -> [(seconds, rss_kb, cpu_s, fake_cpu_s)]
mem = []    # (rows, seconds, rss_kb, cpu_s, fake_cpu_s, live_mb, heap_mb)
with open(results) as f:
    for line in f:
        case, rep, *figures = line.rstrip("\n").split("\t")
        secs, rss, cpu, live, heap_mb, fake = (num(x) for x in figures)
        if case == "mem":
            mem.append((int(rep), secs, rss, cpu, fake, live, heap_mb))
        else:
            runs.setdefault(case, []).append((secs, rss, cpu, fake))


def met(ok):
    return "met" if ok else "NOT met"


best = {c: min(r, key=lambda x: x[0]) for c, r in runs.items()}
rounds = all(c in best for c in ("baseline", "null", "sfdc"))

print()
print(f"sfdc output benchmark: {rows:,} rows x 8 columns ({os.path.getsize(csv) / 1e6:.0f} MB CSV), best of {reps} "
      f"after {warmup} warm-up")
print(f"Embulk: exec.max_threads={max_threads}, JAVA_TOOL_OPTIONS='{heap}'; fake Salesforce in its own JVM "
      f"({fake_heap}, every record kept, a fresh fake for each run) on 127.0.0.1; {os.cpu_count()} CPUs; "
      f"load average at start {load_start}, at end {' '.join(open('/proc/loadavg').read().split()[:3])}")
if os.environ.get("MACHINE"):
    wall, busy, others, steal = (float(x) for x in os.environ["MACHINE"].split())
    print(f"Machine during the whole run ({wall:.0f} s x {os.cpu_count()} CPUs = {wall * os.cpu_count():.0f} CPU s): "
          f"{busy:.0f} CPU s busy, of which {max(others, 0):.1f} s not this benchmark's; {steal:.1f} s stolen by the "
          f"hypervisor")
print(f"sfdc options beyond the defaults: mode append, poll_interval_millis 5, poll_max_interval_millis 50"
      f"{', ' + os.environ['OUT_OPTIONS'] if os.environ.get('OUT_OPTIONS') else ''}")
if rounds:
    base, null, sfdc = best["baseline"][0], best["null"][0], best["sfdc"][0]
    # The sfdc run with the least wall clock once the fake's share of the CPUs is taken off: its CPU seconds divided
    # by the number of CPUs, the wall-clock time it took from Embulk while every CPU was busy.
    cpus = os.cpu_count()
    sfdc_net = min(s - fake / cpus for s, _, _, fake in runs["sfdc"])
    cpu_best = {c: min(x[2] for x in r) for c, r in runs.items()}
else:
    print("(no rounds: the memory comparison alone)")
print()
if rounds:
    header = f"{'case':<30}{'best s':>8}  {'all runs s':<22}{'CPU s':>7}{'fake CPU s':>12}{'peak RSS MB':>13}"
    print(header)
    print("-" * len(header))
    labels = {"baseline": "plain writer (PlainCsv)", "null": "Embulk -> null", "sfdc": "Embulk -> sfdc (fake)"}
    for case in [c for c in ["baseline", "null", "sfdc"] if c in best]:
        secs, rss, cpu, fake = best[case]
        all_runs = " ".join(f"{r[0]:.2f}" for r in runs[case])
        fake_s = "-" if fake is None else f"{fake:.2f}"
        rss_s = "-" if rss is None else f"{rss / 1024:.0f}"
        print(f"{labels[case]:<30}{secs:>8.2f}  {all_runs:<22}{cpu:>7.2f}{fake_s:>12}{rss_s:>13}")
    print("CPU s and fake CPU s: of the best run. The baseline's seconds and CPU are measured inside its JVM, with the")
    print("CSV already in memory; the Embulk runs' are the whole command's (JVM start included).")
    print()
    raw = (sfdc - null) / base
    net = (sfdc_net - null) / base
    cpu_ratio = (cpu_best["sfdc"] - cpu_best["null"]) / cpu_best["baseline"]
    print(f"{'(sfdc - null) / baseline':<40}= {raw:5.2f}  {'(for information)':<26}"
          f"raw: the fake's (instant) work included")
    print(f"{'(sfdc - fake CPU/' + str(cpus) + ' - null) / baseline':<40}= {net:5.2f}  "
          f"{'(target <= ' + str(TARGET) + ': ' + met(net <= TARGET) + ')':<26}the fake's work excluded: its CPU")
    print(f"{'':<75}seconds / {cpus} taken off each sfdc run")
    print(f"{'(sfdc CPU - null CPU) / baseline CPU':<40}= {cpu_ratio:5.2f}  {'(for information)':<26}"
          f"the least CPU seconds of each case")
    print(f"sfdc / null = {sfdc / null:.2f}")

if mem:
    print()
    print(f"Memory: sfdc, peak RSS of the Embulk JVM (JAVA_TOOL_OPTIONS='{heap}')")
    for n, secs, rss, cpu, fake, live, heap_mb in mem:
        fake_s = "not measured" if fake is None else f"{fake:.1f} s"
        print(f"  {n:>12,} rows: {rss / 1024:8.0f} MB  ({secs:.1f} s, {n / secs:,.0f} rows/s; Embulk CPU {cpu:.1f} s,"
              f" fake CPU {fake_s})")
        print(f"  {'':>12}       heap after GC at most {live:.0f} MB, heap size at most {heap_mb:.0f} MB (GC log)")
    if len(mem) >= 2:
        lo, hi = mem[0], mem[-1]
        r = hi[2] / lo[2]
        print(f"  ratio {hi[0]:,} / {lo[0]:,} rows: {r:.3f}  (target <= 1.10: {met(r <= 1.10)})")
        print(f"  heap after GC, ratio: {hi[5] / lo[5]:.3f}; heap size, ratio: {hi[6] / lo[6]:.3f}  (for information:"
              f" what the run retains, and how large G1 let the heap grow)")
