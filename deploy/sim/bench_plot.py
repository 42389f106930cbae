#!/usr/bin/env python3
"""Charts of one benchmark run (deploy/sim/bench): latency over time, operator CPU and heap over time.

    python3 deploy/sim/bench_plot.py target/bench/<run> docs/bench

Writes <scenario>-<N>-<phase>.png per timed phase (share of workspaces ready over time, operator against the
bare-client baseline, and creation-to-ready percentiles by creation time) and <scenario>-<N>-operator.png
(operator CPU in cores and heap/RSS in MiB over the run); for the api scenario <scenario>-<N>-api.png (paged list
latency, and each change's arrival on the open event streams).
"""
import csv
import json
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

run, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
result = json.loads((run / "result.json").read_text())
n = result["workspaces"]
stem = f"{result['scenario']}-{n}"
COLORS = {"operator": "#c44e52", "baseline": "#4c72b0", "cluster": "#55a868"}


def rows(path):
    return list(csv.DictReader(open(path))) if path.exists() else []


def pct(values, p):
    values = sorted(values)
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)] if values else float("nan")


written = []
for phase in result["phases"]:
    sides = {s: rows(run / f"latencies-{s}-{phase}.csv") for s in ("baseline", "operator", "cluster")}
    if not any(sides.values()):
        continue
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.2))
    for side, data in sides.items():
        if not data:
            continue
        ready = sorted(float(r["ready_s"]) for r in data if r["ready_s"] != "NaN")
        ax1.step([0] + ready, [0] + [100 * (i + 1) / len(data) for i in range(len(ready))], where="post",
                 color=COLORS[side], label=f"{side}: all at {ready[-1]:.1f} s" if len(ready) == len(data)
                 else f"{side}: {len(ready)}/{len(data)}")
        # creation-to-ready percentiles of the workspaces created in each 2 s window
        buckets = {}
        for r in data:
            if r["ready_s"] != "NaN":
                buckets.setdefault(int(float(r["created_s"]) // 2) * 2, []).append(float(r["latency_s"]))
        xs = sorted(buckets)
        for p, style in ((50, "-"), (99, "--")):
            ax2.plot(xs, [pct(buckets[x], p) for x in xs], style, color=COLORS[side], label=f"{side} p{p}")
    ratio = result["phases"][phase].get("ratioAllReady")
    ax1.set(title=f"{phase}: {n} workspaces" + (f" (operator/baseline {ratio}x)" if ratio and ratio == ratio
                                                  else ""),
            xlabel="seconds since the phase began", ylabel="% of workspaces done", ylim=(0, 101))
    ax1.legend(loc="lower right", fontsize=8)
    ax2.set(title="creation-to-done latency by creation time (2 s windows)", xlabel="created at (s)",
            ylabel="seconds")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    path = out / f"{stem}-{phase}.png"
    fig.savefig(path, dpi=90)
    written.append(path)

samples = rows(run / "operator-samples.csv")
if samples:
    t = [float(r["t_s"]) for r in samples]
    cpu = [float(r["cpu_s"]) for r in samples]
    # CPU in cores over the last >= 5 s (samples can come late and in bunches on a loaded machine)
    cores, j = [], 0
    for i in range(len(t)):
        while j < i and t[i] - t[j + 1] >= 5:
            j += 1
        cores.append((cpu[i] - cpu[j]) / (t[i] - t[j]) if t[i] - t[j] >= 1 else 0)
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    ax1.plot(t, cores, color="#c44e52", linewidth=0.8)
    ax1.set(ylabel="operator CPU (cores, 5 s)", title=f"operator during '{result['scenario']}' with {n} workspaces")
    ax2.plot(t, [float(r["rss_mib"]) for r in samples], label="resident (RSS)", color="#8172b2")
    ax2.plot(t, [float(r["heap_committed_mib"]) for r in samples], label="heap committed", color="#999999")
    ax2.plot(t, [float(r["heap_used_mib"]) for r in samples], label="heap used", color="#55a868")
    ax2.set(xlabel="seconds since the benchmark began", ylabel="MiB")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    path = out / f"{stem}-operator.png"
    fig.savefig(path, dpi=90)
    written.append(path)

listed, delivered = rows(run / "api-list-latencies.csv"), rows(run / "api-sse-delivery.csv")
if listed or delivered:
    api = result["phases"]["api"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.2))
    for clients in sorted({r["clients"] for r in listed}, key=int):
        ms = sorted(float(r["ms"]) for r in listed if r["clients"] == clients)
        ax1.step(ms, [100 * (i + 1) / len(ms) for i in range(len(ms))], where="post",
                 label=f"{clients} client(s): p99 {pct(ms, 99):.1f} ms")
    ax1.axvline(50, color="#999999", linestyle=":", label="target p99 50 ms")
    ax1.set(title=f"paged list (50 per page) of {n} workspaces in one team", xlabel="ms", xscale="log",
            ylabel="% of requests")
    ax1.legend(fontsize=8, loc="lower right")
    for change in sorted({r["change"] for r in delivered}, key=int):
        ms = sorted(float(r["ms"]) for r in delivered if r["change"] == change and r["ms"] != "NaN")
        total = sum(1 for r in delivered if r["change"] == change)
        ax2.step(ms, [100 * (i + 1) / total for i in range(len(ms))], where="post",
                 label=f"change {change}: {len(ms)}/{total}, last {ms[-1]:.0f} ms" if ms else f"change {change}: 0")
    ax2.axvline(2000, color="#999999", linestyle=":", label="target 2 s")
    sse = api.get("sse", {})
    ax2.set(title=f"one change to {sse.get('streams', '?')} open event streams", xlabel="ms after the write",
            ylabel="% of streams that got it", ylim=(0, 101))
    ax2.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    path = out / f"{stem}-api.png"
    fig.savefig(path, dpi=90)
    written.append(path)

for p in written:
    print(f"chart: {p}")
