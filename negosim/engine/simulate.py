"""Run one negotiation: Scenario (+ overrides, seed) -> NegotiationModel -> RunResult."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from negosim.engine.model import NegotiationModel
from negosim.engine.result import RunResult
from negosim.scenario.loader import load_scenario
from negosim.scenario.models import Scenario
from negosim.scenario.overrides import apply_overrides


def simulate(scenario: Scenario | str | Path, seed: int = 0, overrides: dict[str, Any] | None = None) -> RunResult:
    """Run the scenario once with ``seed``; ``overrides`` map dotted paths to new values."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    overrides = dict(overrides or {})
    sc = apply_overrides(sc, overrides)
    model = NegotiationModel(sc, seed=seed)
    while model.running:
        model.step()
    return RunResult.from_model(model, seed=seed, overrides=overrides)
