"""Concession strategies, one module per family, looked up by the scenario's ``tactic:``.

Each strategy is a small class with a ``classifier`` of capabilities, a ``Params`` model (its
block of the format) and a docstring citing its source (after Axelrod-Python's strategies/). A
strategy gives the utility a party demands when it proposes and the least it accepts, from an
``Observation`` of the talks.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field

from negosim.strategies.base import Observation, Params, Strategy
from negosim.strategies.hardliner import Hardliner
from negosim.strategies.rubinstein import Rubinstein
from negosim.strategies.time_dependent import Boulware, Conceder, Linear, TimeDependent
from negosim.strategies.tit_for_tat import TitForTat
from negosim.strategies.zeuthen import Zeuthen

#: Every tactic by the name the format gives it (``strategy: {tactic: NAME}``).
STRATEGIES: dict[str, type[Strategy]] = {
    cls.name: cls for cls in (Boulware, Linear, Conceder, Rubinstein, Hardliner, TitForTat, Zeuthen, TimeDependent)
}

#: The ``strategy:`` block of the format: one parameter model per tactic, told apart by ``tactic``.
StrategyParams = Annotated[
    Union[tuple(cls.Params for cls in STRATEGIES.values())],  # noqa: UP007  (a Union built from the registry)
    Field(discriminator="tactic"),
]

DEFAULT_TACTIC = "boulware"


def make_strategy(params: Params, **context: Any) -> Strategy:
    """The strategy object for a validated ``strategy:`` block; ``context``: best, no_deal, equilibrium."""
    return STRATEGIES[params.tactic](params, **context)


def tactics(**capabilities: Any) -> list[str]:
    """The tactics whose classifier has every one of ``capabilities`` (``tactics(clock=True)``)."""
    return [n for n, cls in STRATEGIES.items() if all(cls.classifier.get(k) == v for k, v in capabilities.items())]


__all__ = [
    "DEFAULT_TACTIC",
    "STRATEGIES",
    "Boulware",
    "Conceder",
    "Hardliner",
    "Linear",
    "Observation",
    "Params",
    "Rubinstein",
    "Strategy",
    "StrategyParams",
    "TimeDependent",
    "TitForTat",
    "Zeuthen",
    "make_strategy",
]
