"""Peak memory of a long sweep: runs ``negosim sweep`` and samples the RSS of it and its workers.

    .venv/bin/python benchmarks/bench_sweep_memory.py --replicates 4000   # 5 points x 4000 = 20,000 runs

Prints the main process's and each worker's peak RSS, and each worker's RSS after the first and
the last tenth of the runs (a worker that grew with the runs it did would show it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicates", type=int, default=4000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--every", type=float, default=1.0)
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp()) / "sweep"
    total = 5 * args.replicates
    cmd = [str(Path(sys.executable).parent / "negosim"), "sweep", str(ROOT / "scenarios" / "istanbul-2025.yaml"),
           "--vary", "actors.usa.pressure[0].stick=0:0.2:5", "--replicates", str(args.replicates),
           "--workers", str(args.workers), "--out", str(out), "--no-figures"]  # fmt: skip
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main_proc = psutil.Process(proc.pid)
    peak_main, peaks, early, late = 0, {}, {}, {}
    while proc.poll() is None:
        try:
            peak_main = max(peak_main, main_proc.memory_info().rss)
            for child in main_proc.children(recursive=True):
                rss = child.memory_info().rss
                peaks[child.pid] = max(peaks.get(child.pid, 0), rss)
                share = _runs_done(out) / total
                if share <= 0.1:
                    early[child.pid] = rss
                if share >= 0.9:
                    late[child.pid] = rss
        except (psutil.NoSuchProcess, FileNotFoundError):
            pass
        time.sleep(args.every)
    seconds = time.monotonic() - start
    mib = 1 << 20
    print(
        f"{total} runs, {args.workers} workers, {seconds:.0f} s ({total / seconds:.1f} runs/s), exit {proc.returncode}"
    )
    print(f"main process peak RSS: {peak_main / mib:.0f} MiB")
    for pid, peak in sorted(peaks.items()):
        e, l = early.get(pid), late.get(pid)
        grow = f", {e / mib:.0f} MiB after the first 10% of runs, {l / mib:.0f} MiB after 90%" if e and l else ""
        print(f"process {pid}: peak {peak / mib:.0f} MiB{grow}")
    shutil.rmtree(out.parent, ignore_errors=True)


_CACHE: dict = {"t": 0.0, "n": 0}


def _runs_done(out: Path) -> int:
    """Runs kept so far (read at most every 5 s: reading the parts costs time)."""
    if time.monotonic() - _CACHE["t"] > 5:
        import pyarrow.parquet as pq

        parts = list((out / "runs").glob("part-*.parquet")) if (out / "runs").exists() else []
        _CACHE["n"] = sum(pq.read_metadata(p).num_rows for p in parts)
        _CACHE["t"] = time.monotonic()
    return _CACHE["n"]


if __name__ == "__main__":
    main()
