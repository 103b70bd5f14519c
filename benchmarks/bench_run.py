"""Time single runs: the Istanbul scenario and textbook domains (not part of the test run).

    python benchmarks/bench_run.py [--repeat N]

Prints runs per second on one core for each case. The NegMAS 0.16 reference figures are from
architecture.md (about 70 negotiations/s for 2 parties x 3 issues x 10 values, 100 rounds,
Boulware; 2.3/s at 5 issues; 23/s with 4 parties, on a 2-core machine).
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import numpy as np

import negosim
from negosim.scenario.loader import from_data

ROOT = Path(__file__).resolve().parents[1]


def domain(n_parties: int, n_issues: int, n_values: int | None, rounds: int = 100, seed: int = 0) -> dict:
    """Random linear-additive domain; ``n_values=None`` makes the issues continuous."""
    rng = np.random.default_rng(seed)
    if n_values is None:
        issues = {f"i{k}": {"name": f"I{k}"} for k in range(n_issues)}
    else:
        opts = [f"v{n}" for n in range(n_values)]
        issues = {f"i{k}": {"name": f"I{k}", "kind": "discrete", "options": opts} for k in range(n_issues)}
    actors = {}
    for p in range(n_parties):
        pos = {}
        for k in issues:
            sal = float(rng.uniform(0.1, 1))
            if n_values is None:
                pos[k] = {"ideal": float(rng.random()), "salience": sal}
            else:
                pos[k] = {
                    "values": {o: float(v) for o, v in zip(opts, rng.random(n_values), strict=True)},
                    "salience": sal,
                }
        actors[f"p{p}"] = {
            "name": f"P{p}",
            "strategy": {"tactic": "boulware", "beta": 0.2},
            "reservation": 0.0,
            "positions": pos,
        }
    return {"negosim": 1, "name": "bench", "rounds": rounds, "issues": issues, "actors": actors}


def rate(sc, repeat: int) -> tuple[float, float]:
    """Runs per second over ``repeat`` seeded runs, and the mean number of rounds."""
    negosim.simulate(sc, seed=0)  # warm caches
    t0 = time.perf_counter()
    rounds = [negosim.simulate(sc, seed=s).round for s in range(repeat)]
    return repeat / (time.perf_counter() - t0), float(np.mean(rounds))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    cases = {
        "istanbul-2025 (2 parties, 5 issues, 52 rounds)": negosim.load_scenario(ROOT / "scenarios/istanbul-2025.yaml"),
        "2 parties x 3 issues x 10 values, 100 rounds": from_data(domain(2, 3, 10)),
        "2 parties x 3 continuous issues, 100 rounds": from_data(domain(2, 3, None)),
        "2 parties x 5 issues x 10 values, 100 rounds": from_data(domain(2, 5, 10)),
        "4 parties x 3 issues x 10 values, 100 rounds": from_data(domain(4, 3, 10)),
        "2 parties x 10 issues x 10 values, 100 rounds": from_data(domain(2, 10, 10)),
    }
    print(f"negosim {negosim.__version__}, Python {platform.python_version()}, one core")
    for name, sc in cases.items():
        r, rounds = rate(sc, args.repeat)
        print(f"{name:<50} {r:8.1f} runs/s  ({1e3 / r:6.2f} ms/run, {rounds:.0f} rounds)")


if __name__ == "__main__":
    main()
