"""Concession strategies, one module per family, looked up by the scenario's ``tactic:``.

Each strategy is a small class with a ``classifier`` dict and a docstring citing its source
(after Axelrod-Python's strategies/). ``aspiration(t)`` gives the utility the party still
insists on at time ``t`` in [0, 1] (round over deadline).
"""

from __future__ import annotations

from negosim.engine.strategies.time_dependent import Boulware, Conceder, Linear, TimeDependent
from negosim.scenario.models import Strategy as StrategySpec

STRATEGIES: dict[str, type[TimeDependent]] = {cls.name: cls for cls in (Boulware, Linear, Conceder)}


def make_strategy(spec: StrategySpec, best: float, reservation: float) -> TimeDependent:
    """The strategy object for a validated ``strategy:`` block."""
    return STRATEGIES[spec.tactic](beta=spec.beta_value, kappa=spec.kappa, best=best, reservation=reservation)


__all__ = ["STRATEGIES", "Boulware", "Conceder", "Linear", "TimeDependent", "make_strategy"]
