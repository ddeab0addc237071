"""Prints the figures tables of run.sh from its results file.

Each line: case, rep, seconds, peak RSS kB ('-' when not an Embulk run); the merge cases add the final
transaction's seconds (from the plugin's log), the rows that got a new version, the n_tup_upd added and the heap
bytes added. Floor lines are named floor_<case>/<statement>.
"""
import os
import subprocess
import sys

results, rows, csv, max_threads, heap, reps, warmup, load_start = sys.argv[1:9]
rows = int(rows)

runs = {}    # case -> [(seconds, rss_kb or None, extra figures)]
mem = []     # (rows, seconds, rss_kb)
with open(results) as f:
    for line in f:
        case, rep, secs, rss, *extra = line.rstrip("\n").split("\t")
        rss = None if rss == "-" else int(rss)
        if case == "mem":
            mem.append((int(rep), float(secs), rss))
        else:
            runs.setdefault(case, []).append((float(secs), rss, extra))

best = {c: min(r, key=lambda x: x[0]) for c, r in runs.items()}
# Shown, but not the floor: its plan is fast only when the rows lie in key order (see README.md).
NOT_FLOOR = "/merge_ordered"


def server_version():
    try:
        return subprocess.run(["psql", "-X", "-A", "-t", "-c", "SHOW server_version"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return "?"


def met(ok):
    return "met" if ok else "NOT met"


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
for case in ["copy", "null", "append", "append_direct", "replace", "truncate", "merge_new", "merge_changed",
             "merge_same"]:
    if case not in best:
        continue
    secs, rss, _ = best[case]
    all_runs = " ".join(f"{s:.2f}" for s, _, _ in runs[case])
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
    print(f"(append - null) / copy = {m:.2f}  (target <= 1.2: {met(m <= 1.2)})")
if "merge_new" in best and copy and null is not None:
    m = (best["merge_new"][0] - null) / copy
    print(f"(merge_new - null) / copy = {m:.2f}  (target <= 1.5: {met(m <= 1.5)})")

merges = [c for c in ("new", "changed", "same") if "merge_" + c in runs]
if merges:
    print()
    print("merge: the plugin's final transaction (its log: 'final transaction committed in N ms', best of the runs)")
    print("against the floor: the fastest plain SQL doing the same merge from an already loaded staging table (psql,")
    print("BEGIN … DROP TABLE staging; COMMIT, server time by \\timing; best of the runs of each statement)")
    header = (f"{'case':<16}{'final s':>8}  {'all runs s':<20}{'floor s':>8}  {'floor statement':<15}"
              f"{'final/floor':>12}{'rows written':>14}{'n_tup_upd +':>13}{'heap MB +':>11}")
    print(header)
    print("-" * len(header))
    for c in merges:
        finals = [float(extra[0]) for _, _, extra in runs["merge_" + c]]
        final = min(finals)
        _, _, extra = min(runs["merge_" + c], key=lambda r: float(r[2][0]))
        written, upd, growth = int(extra[1]), int(extra[2]), int(extra[3])
        floors = {k.split("/", 1)[1]: b[0] for k, b in best.items() if k.startswith("floor_" + c + "/")
                  and not k.endswith(NOT_FLOOR)}
        floor_s = floor_stmt = ratio = "-"
        if floors:
            floor_stmt = min(floors, key=floors.get)
            floor_s = f"{floors[floor_stmt]:.2f}"
            ratio = f"{final / floors[floor_stmt]:.2f}"
        all_finals = " ".join(f"{s:.2f}" for s in finals)
        print(f"{'merge_' + c:<16}{final:>8.2f}  {all_finals:<20}{floor_s:>8}  {floor_stmt:<15}{ratio:>12}"
              f"{written:>14,}{upd:>13,}{growth / 1e6:>11.1f}")
    print()
    for c in merges:
        floors = sorted((k.split("/", 1)[1], runs[k]) for k in runs if k.startswith("floor_" + c + "/"))
        if floors:
            print(f"floor_{c} statements: " + "; ".join(f"{stmt} {min(s for s, _, _ in r):.2f} s (all: "
                                             + " ".join(f"{s:.2f}" for s, _, _ in r) + ")" for stmt, r in floors))
    for c in merges:
        floors = [b[0] for k, b in best.items() if k.startswith("floor_" + c + "/") and not k.endswith(NOT_FLOOR)]
        if floors:
            final = min(float(extra[0]) for _, _, extra in runs["merge_" + c])
            print(f"merge_{c}: final / floor = {final / min(floors):.2f}  (target <= 1.2: "
                  f"{met(final / min(floors) <= 1.2)})")
    if "same" in merges:
        ok = all(int(extra[1]) == 0 and int(extra[2]) == 0 and int(extra[3]) == 0
                 for _, _, extra in runs["merge_same"])
        print(f"merge_same: no row written, n_tup_upd unchanged, no table growth in every run: {met(ok)}")

if mem:
    print()
    print(f"Memory: append, peak RSS of the Embulk JVM (JAVA_TOOL_OPTIONS='{heap}')")
    for n, secs, rss in mem:
        print(f"  {n:>12,} rows: {rss / 1024:8.0f} MB  ({secs:.1f} s, {n / secs:,.0f} rows/s)")
    if len(mem) >= 2:
        lo, hi = mem[0], mem[-1]
        r = hi[2] / lo[2]
        print(f"  ratio {hi[0]:,} / {lo[0]:,} rows: {r:.3f}  (target <= 1.10: {met(r <= 1.10)})")
