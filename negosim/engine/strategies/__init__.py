"""Concession strategies, one module per family, looked up by the scenario's ``tactic:``.

Each strategy is a small class with a ``classifier`` dict and a docstring citing its source
(after Axelrod-Python's strategies/). A strategy gives the utility a party demands when it
proposes (``aspiration(t)``) and the least it accepts (``acceptance(t)``), t in [0, 1] being
round over deadline.
"""

from __future__ import annotations

from negosim.engine.strategies.base import Strategy
from negosim.engine.strategies.hardliner import Hardliner
from negosim.engine.strategies.rubinstein import Rubinstein
from negosim.engine.strategies.time_dependent import Boulware, Conceder, Linear, TimeDependent
from negosim.engine.strategies.tit_for_tat import TitForTat
from negosim.engine.strategies.zeuthen import Zeuthen
from negosim.scenario.models import Strategy as StrategySpec

STRATEGIES: dict[str, type[Strategy]] = {
    cls.name: cls for cls in (Boulware, Linear, Conceder, Rubinstein, Hardliner, TitForTat, Zeuthen)
}


def make_strategy(spec: StrategySpec, best: float, reservation: float, equilibrium: tuple = ()) -> Strategy:
    """The strategy object for a validated ``strategy:`` block; ``equilibrium``: (demand, accept) for rubinstein."""
    cls = STRATEGIES[spec.tactic]
    if cls is Rubinstein:
        demand, accept = equilibrium or (best, best)  # no deal both prefer to none: hold out
        return Rubinstein(demand, accept, best=best, reservation=reservation)
    if issubclass(cls, TimeDependent):
        return cls(spec.beta_value, spec.kappa, best=best, reservation=reservation, form=spec.form)
    if cls is TitForTat:
        return TitForTat(best=best, reservation=reservation, mode=spec.mode)
    if cls is Zeuthen:
        return Zeuthen(best=best, reservation=reservation, step=spec.step)
    return cls(best=best, reservation=reservation)


__all__ = [
    "STRATEGIES",
    "Boulware",
    "Conceder",
    "Hardliner",
    "Linear",
    "Rubinstein",
    "Strategy",
    "TitForTat",
    "Zeuthen",
    "make_strategy",
]
