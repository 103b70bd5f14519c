"""negosim: negotiation scenarios from the news, simulated on Mesa.

import negosim
sc = negosim.load_scenario("scenarios/istanbul-2025.yaml")
res = negosim.simulate(sc, seed=1, overrides={"actors.russia.strategy.beta": 0.5})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from negosim.errors import NegosimError, OverrideError, ScenarioError

__version__ = "0.1.0"

if TYPE_CHECKING:
    from negosim.engine.events import Event
    from negosim.engine.result import RunResult
    from negosim.engine.simulate import simulate
    from negosim.scenario.loader import load_scenario
    from negosim.scenario.models import Scenario
    from negosim.sweep.api import SweepResult, load_sweep, sweep

_LAZY = {
    "load_scenario": "negosim.scenario.loader",
    "Scenario": "negosim.scenario.models",
    "simulate": "negosim.engine.simulate",
    "RunResult": "negosim.engine.result",
    "Event": "negosim.engine.events",
    "load_sweep": "negosim.sweep.api",
    "SweepResult": "negosim.sweep.api",
}


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
    "load_scenario",
    "load_sweep",
    "simulate",
    "sweep",
]
