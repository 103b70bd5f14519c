"""Fingerprint what the engine computes, to show a speed-up changed no number.

    python benchmarks/same_numbers.py --write before.json     # on the old engine
    python benchmarks/same_numbers.py --check before.json     # on the new one: every run the same

Each run is reduced to a SHA-256 of its outcome, round, agreement, every recorded array (offers,
aspirations, utilities, distances, texts, values of no deal, red lines, the war), every event's
text and its summary.json (with the Nash and Kalai-Smorodinsky points): bit for bit, not to a
tolerance. The runs: the Istanbul scenario over seeds 0-99, every scenario of tests/theory/ over
seeds 0-4, and random domains under every protocol and tactic (bench_domains.domain).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from bench_domains import domain

import negosim
from negosim.scenario.loader import from_data

ROOT = Path(__file__).resolve().parents[1]


def cases() -> dict[str, tuple[object, range]]:
    """Scenario name -> (scenario, seeds)."""
    out: dict[str, tuple[object, range]] = {
        "istanbul-2025": (negosim.load_scenario(ROOT / "scenarios/istanbul-2025.yaml"), range(100))
    }
    for path in sorted((ROOT / "tests/theory").glob("*.yaml")):
        out[f"theory/{path.stem}"] = (negosim.load_scenario(path), range(5))
    shapes = [
        (2, 3, 10),
        (4, 3, 10),
        (2, 5, 10),
        (2, 3, None),
        (3, 4, None),
        (2, 10, 10),
        (6, 6, 5),
        (12, 9, 10),
        (25, 12, 6),
    ]
    tactics = ["boulware", "linear", "conceder", "tit-for-tat", "hardliner"]
    for protocol in ("alternating", "simultaneous"):
        for n, (P, K, V) in enumerate(shapes):
            tactic = tactics[n % len(tactics)]
            data = domain(P, K, V, rounds=60 if P < 10 else 15, seed=n, tactic=tactic, protocol=protocol)
            out[f"{protocol}/{P}x{K}x{V}/{tactic}"] = (from_data(data), range(3))
    return out


#: summary.json's sentences about the run (its reasons and the scenario's warnings): words, not numbers
WORDS = ("why", "nash_why", "durable_why", "warnings")


def fingerprint(res) -> str:
    h = hashlib.sha256()
    h.update(f"{res.outcome}|{res.round}".encode())
    for name in ("agreement", "offers", "aspiration", "standing_utility", "distance", "text", "batna",
                 "batna_history", "ripe", "interim", "interim_round"):  # fmt: skip
        a = getattr(res, name)
        h.update(name.encode() + (b"-" if a is None else np.ascontiguousarray(a).tobytes()))
    for a in res.bounds or ():
        h.update(np.ascontiguousarray(a).tobytes())
    for a in (res.war_history or {}).values():
        h.update(np.ascontiguousarray(a).tobytes())
    for e in res.events:
        h.update(e.text.encode())
    numbers = {k: v for k, v in res.summary.items() if k not in WORDS}
    h.update(json.dumps(numbers, sort_keys=True, default=str).encode())
    return h.hexdigest()


def run_all() -> dict[str, str]:
    prints = {}
    for name, (sc, seeds) in cases().items():
        for seed in seeds:
            prints[f"{name}#{seed}"] = fingerprint(negosim.simulate(sc, seed=seed))
    return prints


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the fingerprints here")
    group.add_argument("--check", type=Path, help="compare with fingerprints written before")
    args = ap.parse_args()
    prints = run_all()
    if args.write:
        args.write.write_text(json.dumps(prints, indent=1) + "\n")
        print(f"{len(prints)} runs fingerprinted into {args.write}")
        return 0
    before = json.loads(args.check.read_text())
    differ = [k for k in before if prints.get(k) != before[k]]
    missing = sorted(set(before) ^ set(prints))
    for k in differ[:20]:
        print(f"differs: {k}")
    print(f"{len(before) - len(differ)} of {len(before)} runs identical; {len(missing)} not in both")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
