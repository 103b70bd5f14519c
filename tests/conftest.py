"""Shared fixtures: small scenarios built as dicts and written to YAML."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from hypothesis import settings
from ruamel.yaml import YAML

from negosim.scenario.loader import from_data

# Property tests find the same examples on every machine and never lean on a local example database: a
# failure found once is found again on a clean clone (HYPOTHESIS_PROFILE=explore searches afresh each run).
settings.register_profile("ci", database=None, derandomize=True)
settings.register_profile("explore", database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
ISTANBUL = ROOT / "scenarios" / "istanbul-2025.yaml"


def pie(rounds: int = 11, tactic: str = "linear", protocol: str = "alternating") -> dict:
    """Two parties split one issue: A wants 1, B wants 0 (the textbook pie)."""
    return {
        "negosim": 1,
        "name": "Pie",
        "rounds": rounds,
        "protocol": protocol,
        "issues": {"x": {"name": "Share of A", "range": [0, 1]}},
        "actors": {
            "a": {"name": "A", "strategy": {"tactic": tactic}, "positions": {"x": {"ideal": 1, "salience": 1}}},
            "b": {"name": "B", "strategy": {"tactic": tactic}, "positions": {"x": {"ideal": 0, "salience": 1}}},
        },
    }


def logroll(rounds: int = 11) -> dict:
    """Two issues, opposite ideals, opposite saliences: the integrative deal gives each its issue."""
    return {
        "negosim": 1,
        "name": "Logroll",
        "rounds": rounds,
        "issues": {"x": {"name": "X"}, "y": {"name": "Y"}},
        "actors": {
            "a": {
                "name": "A",
                "strategy": {"tactic": "linear"},
                "positions": {"x": {"ideal": 1, "salience": 0.8}, "y": {"ideal": 1, "salience": 0.2}},
            },
            "b": {
                "name": "B",
                "strategy": {"tactic": "linear"},
                "positions": {"x": {"ideal": 0, "salience": 0.2}, "y": {"ideal": 0, "salience": 0.8}},
            },
        },
    }


def write_yaml(path: Path, data: dict) -> Path:
    with path.open("w") as fh:
        YAML().dump(copy.deepcopy(data), fh)
    return path


def build(data: dict):
    return from_data(copy.deepcopy(data))


@pytest.fixture
def istanbul_path() -> Path:
    return ISTANBUL


def strategy(tactic: str) -> dict:
    """A valid ``strategy:`` block for any registered tactic: a value inside its bounds for every required
    number (a discount factor, so far)."""
    from negosim.strategies import STRATEGIES

    block = {"tactic": tactic}
    for name, field in STRATEGIES[tactic].Params.model_fields.items():
        if field.is_required() and name != "tactic":
            block[name] = 0.9
    return block
