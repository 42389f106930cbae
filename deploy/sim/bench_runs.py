"""Every clean burst of 1000 on one chart: each run's baseline and operator times and their ratio against the target.

Usage: bench_runs.py RUNS.csv OUT.png (docs/bench/burst-1000-runs.csv, one row per run: run, session, operator,
baseline_all_ready_s, operator_all_running_s). The runs are the target table's (docs/benchmarks.md); a row is added
by hand after a clean run, from its result.json (phases.burst.baseline/operator.allReadySeconds).
"""
import csv
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TARGET = 1.3

src, out = Path(sys.argv[1]), Path(sys.argv[2])
with src.open() as f:
    runs = list(csv.DictReader(f))
base = [float(r["baseline_all_ready_s"]) for r in runs]
oper = [float(r["operator_all_running_s"]) for r in runs]
ratio = [o / b for o, b in zip(oper, base)]
labels = [f"s{r['session']} {r['run'][-6:]}\n{r['operator']}" for r in runs]
x = range(len(runs))

fig, (top, bottom) = plt.subplots(2, 1, figsize=(max(10, 0.75 * len(runs)), 8), sharex=True,
                                  gridspec_kw={"height_ratios": [3, 2]})
w = 0.38
top.bar([i - w / 2 for i in x], base, w, label="baseline (bare client) all Ready", color="#8c8c8c")
top.bar([i + w / 2 for i in x], oper, w, label="operator all Running", color="#3b6fb6")
top.set_ylabel("seconds from the first write")
top.set_title(f"Bursts of 1000 workspaces (10 teams), clean runs: {sum(r <= TARGET for r in ratio)} of "
              f"{len(runs)} within {TARGET}x")
top.legend(loc="upper left")
top.grid(axis="y", alpha=0.3)
colors = ["#2e8b57" if r <= TARGET else "#c0392b" for r in ratio]
bottom.scatter(list(x), ratio, c=colors, zorder=3)
for i, r in zip(x, ratio):
    bottom.annotate(f"{r:.2f}", (i, r), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
bottom.axhline(TARGET, color="#c0392b", linestyle="--", label=f"target {TARGET}x")
bottom.set_ylabel("operator / baseline")
bottom.set_ylim(0.9, max(ratio) + 0.2)
bottom.legend(loc="upper left")
bottom.grid(axis="y", alpha=0.3)
bottom.set_xticks(list(x))
bottom.set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
fig.tight_layout()
fig.savefig(out, dpi=110)
print(f"chart: {out}")
