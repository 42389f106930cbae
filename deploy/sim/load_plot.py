#!/usr/bin/env python3
"""Plots the CSV of a load scenario (platform-sim LoadScenario) as a CDF of creation-to-Running times.

    python3 deploy/sim/load_plot.py target/load/load-5x20.csv docs/bench/load.png
"""
import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

rows = list(csv.DictReader(open(sys.argv[1])))
times = sorted(float(r["seconds_to_running"]) for r in rows if not math.isnan(float(r["seconds_to_running"])))
n = len(rows)
fig, ax = plt.subplots(figsize=(7, 4))
ax.step(times, [100 * (i + 1) / n for i in range(len(times))], where="post", color="#4c72b0")
for p in (50, 90, 99):
    t = times[max(0, math.ceil(p / 100 * len(times)) - 1)]
    ax.axvline(t, color="#999", linestyle=":", linewidth=1)
    ax.text(t, 3 + p / 3, f" p{p} {t:.1f} s", fontsize=8)
ax.set(title=f"{n} workspaces: creation to Running (operator + simulated cluster)", xlabel="seconds",
       ylabel="% of workspaces Running", ylim=(0, 101))
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=90)
print(f"{len(times)}/{n} Running; chart {sys.argv[2]}")
