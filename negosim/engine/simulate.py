"""Run one negotiation: Scenario (+ overrides, seed) -> NegotiationModel -> RunResult."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from negosim.engine.model import NegotiationModel
from negosim.engine.result import RunResult
from negosim.engine.space import Space, build_space
from negosim.scenario.loader import load_scenario
from negosim.scenario.models import Scenario
from negosim.scenario.overrides import apply_overrides


def compiled(sc: Scenario) -> Space:
    """The scenario's arrays, built once per Scenario object (sweeps run one scenario many times)."""
    if sc._compiled is None:
        sc._compiled = build_space(sc)
    return sc._compiled


def simulate(scenario: Scenario | str | Path, seed: int = 0, overrides: dict[str, Any] | None = None) -> RunResult:
    """Run the scenario once with ``seed``; ``overrides`` map dotted paths to new values."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    overrides = dict(overrides or {})
    sc = apply_overrides(sc, overrides)
    model = NegotiationModel(sc, seed=seed, space=compiled(sc))
    while model.running:
        model.step()
    return RunResult.from_model(model, seed=seed, overrides=overrides)
