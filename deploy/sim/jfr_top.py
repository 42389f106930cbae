#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: inclusive share per method (and per thread group).

    python3 deploy/sim/jfr_top.py target/bench/<run>/operator-burst.jfr [--top 40] [--match io.air9,io.javaoperatorsdk]

Reads `jfr print --events jdk.ExecutionSample --stack-depth 80` (the JDK's jfr tool) and counts, for each method,
the share of samples whose stack contains it (inclusive), as in docs/benchmarks.md.
"""
import argparse
import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("jfr")
ap.add_argument("--top", type=int, default=40)
ap.add_argument("--match", default="", help="comma-separated prefixes of methods to list (default: all)")
args = ap.parse_args()
jfr = shutil.which("jfr") or str(Path(sys.executable).parent / "jfr")
out = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "80", args.jfr],
                     check=True, capture_output=True, text=True).stdout
frame = re.compile(r"^\s+([\w$.<>]+)\(.*\)\s+line:")
thread = re.compile(r'sampledThread = "([^"]*)"')
counts, threads, total = collections.Counter(), collections.Counter(), 0
for event in out.split("jdk.ExecutionSample")[1:]:
    total += 1
    t = thread.search(event)
    threads[re.sub(r"[-#]?\d+$", "", t.group(1)) if t else "?"] += 1
    counts.update({m.group(1) for line in event.splitlines() if (m := frame.match(line))})
prefixes = tuple(p for p in args.match.split(",") if p)
print(f"{total} samples")
for name, n in threads.most_common(8):
    print(f"  thread {name}: {100 * n / total:.0f}%")
shown = [(m, n) for m, n in counts.most_common() if not prefixes or m.startswith(prefixes)][: args.top]
for m, n in shown:
    print(f"{100 * n / total:5.1f}%  {m}")
