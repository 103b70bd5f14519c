"""Speed and peak memory of a sweep: runs ``negosim sweep`` and samples the RSS of it and its workers.

    python benchmarks/bench_sweep_memory.py --replicates 2000   # 5 points x 2000 = 10,000 runs

Prints the wall time, the main process's and each worker's peak RSS, and each worker's RSS after
the first 1,000 runs (a worker that grew with the runs it did would show it).
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
MIB = 1 << 20


def measure(replicates: int, workers: int = 2, mark: int = 1000, every: float = 0.5) -> dict:
    """Sweep the Istanbul scenario over five stick values x ``replicates`` runs with ``workers``."""
    out = Path(tempfile.mkdtemp()) / "sweep"
    total = 5 * replicates
    cmd = [str(Path(sys.executable).parent / "negosim"), "sweep", str(ROOT / "scenarios" / "istanbul-2025.yaml"),
           "--vary", "actors.usa.pressure[0].stick=0:0.2:5", "--replicates", str(replicates),
           "--workers", str(workers), "--out", str(out), "--no-figures"]  # fmt: skip
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main_proc = psutil.Process(proc.pid)
    peak_main, peaks, at_mark = 0, {}, {}
    while proc.poll() is None:
        try:
            peak_main = max(peak_main, main_proc.memory_info().rss)
            done = _runs_done(out)
            for child in main_proc.children(recursive=True):
                rss = child.memory_info().rss
                peaks[child.pid] = max(peaks.get(child.pid, 0), rss)
                if done <= mark or child.pid not in at_mark:
                    at_mark[child.pid] = rss
        except (psutil.NoSuchProcess, FileNotFoundError):
            pass
        time.sleep(every)
    seconds = time.monotonic() - start
    shutil.rmtree(out.parent, ignore_errors=True)
    busy = [pid for pid, peak in peaks.items() if peak > 60 * MIB]  # the workers, not a forkserver's stub
    return {
        "runs": total, "n_workers": workers, "seconds": seconds, "runs_per_s": total / seconds,
        "exit": proc.returncode, "peak_main_mib": peak_main / MIB,
        "workers": [{"peak_mib": peaks[p] / MIB, "at_mark_mib": at_mark.get(p, 0) / MIB} for p in sorted(busy)],
        "mark": mark,
    }  # fmt: skip


_CACHE: dict = {"t": 0.0, "n": 0}


def _runs_done(out: Path) -> int:
    """Runs kept so far (read at most every 2 s: reading the parts costs time)."""
    if time.monotonic() - _CACHE["t"] > 2:
        import pyarrow.parquet as pq

        parts = list((out / "runs").glob("part-*.parquet")) if (out / "runs").exists() else []
        _CACHE["n"] = sum(pq.read_metadata(p).num_rows for p in parts)
        _CACHE["t"] = time.monotonic()
    return _CACHE["n"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicates", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    m = measure(args.replicates, args.workers)
    print(f"{m['runs']} runs, {args.workers} workers, {m['seconds']:.0f} s ({m['runs_per_s']:.1f} runs/s), "
          f"exit {m['exit']}")  # fmt: skip
    print(f"main process peak RSS: {m['peak_main_mib']:.0f} MiB")
    for n, w in enumerate(m["workers"]):
        print(f"worker {n}: {w['at_mark_mib']:.0f} MiB after {m['mark']:,} runs, peak {w['peak_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
