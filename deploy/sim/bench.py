#!/usr/bin/env python3
"""Benchmark of the simulated cluster: warm start time, memory, and pod start-up throughput.

    python3 deploy/sim/bench.py [--starts 3] [--pods 300] [--out docs/bench]

Prints the figures and writes a chart (PNG, if matplotlib is importable) and the raw numbers (JSON).
Uses its own cluster name (bench) so it never touches the demo or test clusters.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

SIM = Path(__file__).resolve().parent / "air9-sim"
NAME = "bench"
COMPONENTS = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"]


def sim(*args):
    return subprocess.run([str(SIM), *args, "--name", NAME], check=True, capture_output=True, text=True).stdout.strip()


def kubectl(*args, stdin=None):
    kubeconfig = sim("kubeconfig")
    binary = Path(sim("bin")) / "kubectl"
    return subprocess.run([str(binary), "--kubeconfig", kubeconfig, *args], check=True, capture_output=True,
                          text=True, input=stdin).stdout


def rss_mib_by_component():
    """Resident memory of the cluster's processes, by component (MiB), read from /proc."""
    cluster_dir = str(Path(sim("kubeconfig")).parent)
    usage = {c: 0.0 for c in COMPONENTS}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if cluster_dir not in cmdline:
                continue
            exe = os.path.basename(cmdline.split(" ")[0])
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    name = next((c for c in COMPONENTS if exe.startswith(c)), None)
                    if name:
                        usage[name] += int(line.split()[1]) / 1024
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return usage


def pod_throughput(pods):
    """Creates a Deployment of `pods` replicas; returns seconds until all are Ready, and samples."""
    kubectl("create", "namespace", "bench")
    manifest = f"""
apiVersion: apps/v1
kind: Deployment
metadata: {{name: load, namespace: bench}}
spec:
  replicas: {pods}
  selector: {{matchLabels: {{app: load}}}}
  template:
    metadata: {{labels: {{app: load}}}}
    spec:
      containers: [{{name: main, image: busybox, resources: {{requests: {{cpu: 10m, memory: 16Mi}}}}}}]
"""
    start = time.monotonic()
    kubectl("apply", "-f", "-", stdin=manifest)
    samples = []
    while True:
        out = kubectl("get", "deployment", "load", "-n", "bench", "-o", "jsonpath={.status.readyReplicas}")
        ready = int(out or 0)
        samples.append((round(time.monotonic() - start, 2), ready))
        if ready >= pods:
            return time.monotonic() - start, samples
        if time.monotonic() - start > 600:
            raise SystemExit(f"only {ready}/{pods} pods ready after 600 s")
        time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--pods", type=int, default=300)
    parser.add_argument("--out", default="docs/bench")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    sim("build")
    sim("down")
    starts = []
    for i in range(args.starts):
        t = time.monotonic()
        sim("up")
        starts.append(time.monotonic() - t)
        print(f"warm start {i + 1}: {starts[-1]:.1f} s", flush=True)
        if i < args.starts - 1:
            sim("down")
    time.sleep(5)
    idle = rss_mib_by_component()
    print(f"memory at idle: {sum(idle.values()):.0f} MiB " + ", ".join(f"{k} {v:.0f}" for k, v in idle.items()))
    seconds, samples = pod_throughput(args.pods)
    print(f"{args.pods} pods Ready in {seconds:.1f} s ({args.pods / seconds:.0f} pods/s)")
    loaded = rss_mib_by_component()
    print(f"memory with {args.pods} pods: {sum(loaded.values()):.0f} MiB "
          + ", ".join(f"{k} {v:.0f}" for k, v in loaded.items()))
    t = time.monotonic()
    sim("down")
    print(f"stop: {time.monotonic() - t:.1f} s")

    result = {"warm_start_seconds": starts, "rss_mib_idle": idle, "rss_mib_loaded": loaded,
              "pods": args.pods, "pods_ready_seconds": seconds, "ready_samples": samples}
    (out / "sim-cluster.json").write_text(json.dumps(result, indent=2))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no chart (pip install matplotlib)")
        return
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    axes[0].bar(range(1, len(starts) + 1), starts, color="#4c72b0")
    axes[0].axhline(20, color="#c44e52", linestyle="--", label="target 20 s")
    axes[0].set_xticks(range(1, len(starts) + 1))
    axes[0].set(title="Warm start of the simulated cluster", xlabel="start #", ylabel="seconds")
    axes[0].legend()
    names = list(idle)
    x = range(len(names))
    axes[1].bar([i - 0.2 for i in x], [idle[n] for n in names], width=0.4, label="idle")
    axes[1].bar([i + 0.2 for i in x], [loaded[n] for n in names], width=0.4, label=f"{args.pods} pods")
    axes[1].set_xticks(list(x), [n.replace("kube-", "") for n in names], rotation=20)
    axes[1].set(title="Resident memory by process", ylabel="MiB")
    axes[1].legend()
    axes[2].plot([s[0] for s in samples], [s[1] for s in samples], color="#55a868")
    axes[2].set(title=f"Pods Ready after applying a {args.pods}-replica Deployment", xlabel="seconds",
                ylabel="ready pods")
    fig.tight_layout()
    fig.savefig(out / "sim-cluster.png", dpi=90)
    print(f"chart: {out / 'sim-cluster.png'}")


if __name__ == "__main__":
    sys.exit(main())
