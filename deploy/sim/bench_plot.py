#!/usr/bin/env python3
"""Charts of one benchmark run (deploy/sim/bench): latency over time, operator CPU and heap over time.

    python3 deploy/sim/bench_plot.py target/bench/<run> docs/bench

Writes <scenario>-<N>-<phase>.png per timed phase (share of workspaces ready over time, operator against the
bare-client baseline, and creation-to-ready percentiles by creation time) and <scenario>-<N>-operator.png
(operator CPU in cores, stacked by thread group when recorded, and heap/RSS in MiB over the run); for the api scenario <scenario>-<N>-api.png (paged list
latency, and each change's arrival on the open event streams); for the events scenario <scenario>-<N>-cost.png (the
operator's CPU per watch event, stacked by thread group, one bar per round: kind and filler size); and, where recorded,
<scenario>-<N>-machine-cpu.png (the whole machine's CPU per workspace by process, baseline against operator); for the
writes scenario <scenario>-<N>-writes.png (the machine's CPU per status write by process, one bar per round).
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

if result["scenario"] == "login-rush":
    # creation-to-ready percentiles per minute of arrival, operator against the baseline of the same arrivals
    fig, ax = plt.subplots(figsize=(10, 4.2))
    for side in ("baseline", "operator"):
        minutes = result["phases"].get("rush", {}).get(side, {}).get("byArrivalMinute", [])
        xs = [m["minute"] + 0.5 for m in minutes]
        for p, style in ((50, "-"), (90, "--"), (99, ":")):
            ax.plot(xs, [m[f"p{p}Seconds"] for m in minutes], style, marker="o", markersize=3,
                    color=COLORS[side], label=f"{side} p{p}")
    ax.set(title=f"login rush: {n} users over {result.get('arrivalMinutes')} min, creation-to-Running by minute of "
           "arrival", xlabel="minute of arrival", ylabel="seconds", ylim=(0, None))
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    path = out / f"{stem}-rush-minutes.png"
    fig.savefig(path, dpi=90)
    written.append(path)

timelines = {s: rows(run / f"day-timeline-{s}.csv") for s in ("baseline", "operator")}
if any(timelines.values()):
    # the day's curves: running and queued workspaces, culls so far, CPU and GPU allocated, by simulated hour
    fig, axes = plt.subplots(2, 2, figsize=(12, 7), sharex=True)
    day = result["phases"].get("day", {})
    for side, data in timelines.items():
        if not data:
            continue
        h = [float(r["hour"]) for r in data]
        kw = dict(color=COLORS[side], linewidth=1.2)
        axes[0][0].plot(h, [int(r["running"]) for r in data], label=f"{side}: peak {day.get(side, {}).get('peakRunning')}",
                        **kw)
        axes[0][1].plot(h, [int(r["queued"]) for r in data], label=f"{side}: peak {day.get(side, {}).get('peakQueued')}",
                        **kw)
        axes[1][0].plot(h, [int(r["culls"]) for r in data], label=f"{side}: {day.get(side, {}).get('culls')} culls",
                        **kw)
        cpu_total = day.get(side, {}).get("cpuAllocatable") or 1
        gpu_total = day.get(side, {}).get("gpuAllocatable") or 1
        axes[1][1].plot(h, [100 * float(r["cpu_alloc_cores"]) / cpu_total for r in data], label=f"{side} CPU", **kw)
        axes[1][1].plot(h, [100 * float(r["gpu_alloc"]) / gpu_total for r in data], "--", label=f"{side} GPU",
                        **kw)
    axes[0][0].set(title="running workspaces", ylabel="workspaces")
    axes[0][1].set(title="queued (operator: phase Queued; baseline: pods unschedulable)", ylabel="workspaces")
    axes[1][0].set(title="culls so far", ylabel="culls", xlabel="simulated hour")
    axes[1][1].set(title="allocated: requested / allocatable", ylabel="%", xlabel="simulated hour", ylim=(0, 101))
    for ax in (a for row in axes for a in row):
        ax.legend(fontsize=8)
        ax.set_xticks(range(7, 25, 2))
    op = day.get("operator", {})
    fig.suptitle(f"a working day of {n} users in {result.get('dayMinutes')} min ({op.get('gpuUsers')} ask for a GPU; "
                 f"starts p50 operator/baseline {day.get('ratioStartP50')}x)", fontsize=10)
    fig.tight_layout()
    path = out / f"{stem}-day.png"
    fig.savefig(path, dpi=90)
    written.append(path)

samples = rows(run / "operator-samples.csv")
if samples:
    t = [float(r["t_s"]) for r in samples]
    cpu = [float(r["cpu_s"]) for r in samples]
    # CPU in cores over the last >= 5 s (samples can come late and in bunches on a loaded machine)
    window, j = [], 0
    for i in range(len(t)):
        while j < i and t[i] - t[j + 1] >= 5:
            j += 1
        window.append(j)

    def rate(series):
        return [(series[i] - series[j]) / (t[i] - t[j]) if t[i] - t[j] >= 1 else 0 for i, j in enumerate(window)]

    cores = rate(cpu)
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    # by thread group when the run recorded it (cpu_<group>_s: CPU since the operator got ready), stacked
    groups = [c for c in samples[0] if c.startswith("cpu_") and c != "cpu_s"]
    if groups:
        groups.sort(key=lambda c: -float(samples[-1][c] or 0))
        ax1.stackplot(t, *[rate([float(r[c] or 0) for r in samples]) for c in groups], linewidth=0,
                      labels=[c[4:-2].replace("_", " ") for c in groups], alpha=0.8)
        ax1.legend(fontsize=7, ncol=3, loc="upper right")
    ax1.plot(t, cores, color="#c44e52" if not groups else "black", linewidth=0.8)
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

def stacked_bars(name, labels, parts, totals, title, ylabel, width=1.6):
    """One bar per label, stacked by part (largest overall at the bottom), each total written on top; saved as
    <stem>-<name>.png. parts: one dict per bar, part name to value; totals: the figure written above each bar."""
    order = sorted({k for p in parts for k in p}, key=lambda k: -sum(p.get(k, 0) for p in parts))
    fig, ax = plt.subplots(figsize=(max(6.5, width * len(labels) + 4), 4.3))
    bottom = [0.0] * len(labels)
    for k in order:
        values = [p.get(k, 0) for p in parts]
        ax.bar(labels, values, bottom=bottom, label=k, width=0.55)
        bottom = [b + v for b, v in zip(bottom, values)]
    for x, total in enumerate(totals):
        ax.annotate(total, (x, bottom[x]), ha="center", va="bottom", fontsize=9)
    ax.set_title(title, fontsize=10, loc="left")
    ax.set(ylabel=ylabel, ylim=(0, max(bottom) * 1.2))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    path = out / f"{stem}-{name}.png"
    fig.savefig(path, dpi=90)
    written.append(path)


def kernel_workers_merged(by_process):
    """The kernel's workers (kworker/..., renamed after the queue they serve) under one name, as MachineCpu does."""
    merged = {}
    for p, v in by_process.items():
        p = "kworker (the kernel's workers)" if p.startswith("kworker/") else p
        merged[p] = merged.get(p, 0) + v
    return merged


events = result["phases"].get("events", {}).get("operator")
if result["scenario"] == "events" and events and events.get("runs"):
    rounds = events["runs"]
    stacked_bars("cost", [f"{r.get('kind', events.get('kind', 'StatefulSet'))}\n{r['objectBytes'] / 1000:.1f} KB as read"
                          for r in rounds],
                 [{g: v for g, v in r["cpuMsPerEventByGroup"].items() if v > 0.005} for r in rounds],
                 [f"{r['cpuMsPerEvent']:.2f} ms" for r in rounds],
                 f"operator CPU per watch event it reads and drops\n({events['events']} events per bar, {n} workspaces "
                 "Running)", "ms of CPU per event", width=1.8)

writes = result["phases"].get("writes", {}).get("cluster")
if result["scenario"] == "writes" and writes and writes.get("runs"):
    rounds = writes["runs"]
    stacked_bars("writes", [f"{i + 1}: {r['mode']}" for i, r in enumerate(rounds)],
                 [kernel_workers_merged(r["cpuMsPerWriteByProcess"]) for r in rounds],
                 [f"{r['cpuMsPerWrite']:.1f} ms" for r in rounds],
                 f"the machine's CPU per status write of a Workspace, by process\n({writes['writes']} writes per "
                 f"round over {writes['workspaces']} workspaces, rounds in order)", "ms of CPU per write", width=1.4)

# the whole machine's CPU per workspace by process, baseline against operator, one pair of bars per timed phase
machine = [(phase, side, r[side]["machineCpu"]) for phase, r in result["phases"].items()
           for side in ("baseline", "operator") if isinstance(r.get(side), dict) and "machineCpu" in r[side]]
if machine:
    stacked_bars("machine-cpu", [f"{phase}\n{side}" for phase, side, _ in machine],
                 [kernel_workers_merged(m["msPerWorkspaceByProcess"]) for _, _, m in machine],
                 [f"{m['totalMsPerWorkspace']:.0f} ms" for _, _, m in machine],
                 f"the machine's CPU per workspace, by process ({n} workspaces)", "ms of CPU per workspace")

for p in written:
    print(f"chart: {p}")
