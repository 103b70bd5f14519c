"""Run one negotiation: Scenario (+ overrides, seed) -> NegotiationModel -> RunResult."""

from __future__ import annotations

from typing import Any

from negosim.engine.compiled import Compiled, compile_scenario
from negosim.engine.mesa_core import Agent
from negosim.engine.model import NegotiationModel
from negosim.engine.result import RunResult
from negosim.scenario.models import Scenario
from negosim.scenario.overrides import apply_overrides


def simulate(
    scenario: Scenario | Compiled,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    analysis: bool = True,
) -> RunResult:
    """Run the scenario once with ``seed``; ``overrides`` map dotted paths to new values.

    Pass a ``Compiled`` scenario (``compile_scenario``) to run it many times without building its
    arrays again; ``analysis=False`` leaves the Nash and Kalai-Smorodinsky points out of the summary.
    The engine never reads a file: ``negosim.simulate`` also takes a scenario file's path.
    """
    if not isinstance(scenario, Scenario | Compiled):
        raise TypeError(f"simulate takes a Scenario or a Compiled one, not {type(scenario).__name__}: "
                        "negosim.simulate(path) loads a scenario file first")  # fmt: skip
    overrides = dict(overrides or {})
    if overrides:
        sc = scenario.scenario if isinstance(scenario, Compiled) else scenario
        scenario = compile_scenario(apply_overrides(sc, overrides))
    model = NegotiationModel(scenario, seed=seed)
    while model.running:
        model.step()
    result = RunResult.from_model(model, seed=seed, overrides=overrides, analysis=analysis)
    release(model)
    return result


def release(model: NegotiationModel) -> None:
    """Let a finished model be freed: Mesa 3.3 keeps every model in ``Agent._ids`` for good (mesa
    issue #3179, about 0.34 MiB a run); later versions have no such registry."""
    ids = getattr(Agent, "_ids", None)
    if isinstance(ids, dict):
        ids.pop(model, None)
