"""negosim: negotiation scenarios from the news, simulated on Mesa.

import negosim
sc = negosim.load_scenario("scenarios/istanbul-2025.yaml")
res = negosim.simulate(sc, seed=1, overrides={"actors.russia.strategy.beta": 0.5})
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from negosim.errors import NegosimError, OverrideError, ScenarioError
from negosim.identity import __version__

if TYPE_CHECKING:
    from negosim.engine.compiled import Compiled
    from negosim.engine.result import RunResult
    from negosim.events import Event
    from negosim.scenario.loader import load_scenario
    from negosim.scenario.models import Scenario
    from negosim.sweep.api import SweepResult, load_sweep, sweep
    from negosim.sweep.evaluate import evaluate

_LAZY = {
    "load_scenario": "negosim.scenario.loader",
    "Scenario": "negosim.scenario.models",
    "RunResult": "negosim.engine.result",
    "Event": "negosim.events",
    "load_sweep": "negosim.sweep.api",
    "evaluate": "negosim.sweep.evaluate",
    "SweepResult": "negosim.sweep.api",
}


def simulate(
    scenario: Scenario | Compiled | str | Path,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    analysis: bool = True,
) -> RunResult:
    """Run the scenario (or the scenario file at a path) once with ``seed``; ``overrides`` map dotted
    paths to new values. A ``Compiled`` scenario runs many times without its arrays built again;
    ``analysis=False`` leaves the Nash and Kalai-Smorodinsky points out of the summary."""
    from negosim.engine.simulate import simulate as run
    from negosim.scenario.loader import load_scenario

    if isinstance(scenario, str | Path):
        scenario = load_scenario(scenario)
    return run(scenario, seed=seed, overrides=overrides, analysis=analysis)


def __getattr__(name: str) -> Any:
    """Import heavy parts (mesa, pydantic models) only when first used."""
    if name == "sweep":  # the package, callable as the function (negosim/sweep/__init__.py)
        import importlib

        return importlib.import_module("negosim.sweep")
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'negosim' has no attribute {name!r}")


__all__ = [
    "Event",
    "NegosimError",
    "OverrideError",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "SweepResult",
    "__version__",
    "evaluate",
    "load_scenario",
    "load_sweep",
    "simulate",
    "sweep",
]
