"""The bare loop a sweep is measured against: the same runs, with the same seeds, by ``simulate`` alone.

    .venv/bin/python benchmarks/bench_sweep.py --replicates 50      # 5 stick values x 50 runs

Time it against the sweep with farm-bench (benchmarks/README.md):

    farm-bench -n 5 -- sh -c 'rm -rf /tmp/bs && exec .venv/bin/negosim sweep scenarios/istanbul-2025.yaml \
        --vary "actors.usa.pressure[0].stick=0:0.2:5" --replicates 50 --workers 1 --no-figures --out /tmp/bs' \
        --vs '.venv/bin/python benchmarks/bench_sweep.py --replicates 50'
"""

from __future__ import annotations

import argparse
from pathlib import Path

import negosim
from negosim.engine.compiled import compile_scenario
from negosim.scenario.overrides import apply_overrides
from negosim.sweep.seeds import run_seed

ROOT = Path(__file__).resolve().parents[1]
PATH = "actors.usa.pressure[0].stick"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicates", type=int, default=50)
    args = ap.parse_args()
    sc = negosim.load_scenario(ROOT / "scenarios" / "istanbul-2025.yaml")
    outcomes: dict[str, int] = {}
    for p, stick in enumerate((0.0, 0.05, 0.1, 0.15, 0.2)):
        compiled = compile_scenario(apply_overrides(sc, {PATH: stick}))
        for r in range(args.replicates):
            res = negosim.simulate(compiled, seed=run_seed(0, p, r))
            outcomes[res.outcome] = outcomes.get(res.outcome, 0) + 1
    print(outcomes)


if __name__ == "__main__":
    main()
