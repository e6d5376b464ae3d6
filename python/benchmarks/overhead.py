"""Overhead of the Python client: implicitl1.limit on (m, N, s) = (20, 50, 3) vs the bare CLI call on the same .npy
files (median of RUNS interleaved runs each, after one warm-up). Run: python3 python/benchmarks/overhead.py"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import numpy as np  # noqa: E402

import implicitl1  # noqa: E402

RUNS = int(os.environ.get("RUNS", "9"))
inst = implicitl1.generate(20, 50, 3, seed=1)
tool = implicitl1.find_tool()
with tempfile.TemporaryDirectory() as folder:
    np.save(os.path.join(folder, "A.npy"), inst.A)
    np.save(os.path.join(folder, "y.npy"), inst.y)
    bare_args = tool.command + ["limit", "--A", "A.npy", "--y", "y.npy", "--depth", "2", "--format", "json"]

    def bare():
        subprocess.run(bare_args, cwd=folder, check=True, capture_output=True)

    def python():
        implicitl1.limit(inst.A, inst.y, depth=2)

    bare()
    python()
    runs = {"bare CLI": [], "implicitl1.limit": []}
    for _ in range(RUNS):  # interleaved, so that a change in machine load affects both alike
        for name, f in (("bare CLI", bare), ("implicitl1.limit", python)):
            t = time.perf_counter()
            f()
            runs[name].append(time.perf_counter() - t)
    timings = {name: statistics.median(r) for name, r in runs.items()}
ratio = timings["implicitl1.limit"] / timings["bare CLI"]
print(f"tool: {' '.join(tool.command)}")
for name, t in timings.items():
    print(f"{name:18s} median of {RUNS}: {t * 1000:.0f} ms")
print(f"ratio: {ratio:.2f}")
