"""What every concession strategy provides, what it sees, and how it declares its parameters.

A strategy is a small class (after Axelrod-Python's players): a ``name`` (the scenario's ``tactic:``),
a ``classifier`` of capabilities that validation and tests rely on, a ``Params`` model (the
``strategy:`` block of the format for that tactic, validated by pydantic), and ``update``, which
reads an ``Observation`` and returns what the party demands and what it accepts. A strategy never
sees the model: only the observation its party is given each turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple

import numpy as np

from negosim.sourced import Sourced


class Observation(NamedTuple):
    """What a party knows when its strategy moves: read-only, rebuilt each turn.

    ``offers`` and ``has_offer`` are the parties' last offers (rows in party order, NaN before a
    party's first); ``no_deal`` every party's value of no deal now (its reservation, its value of
    war, less the sticks it has received): the one disagreement point of every tactic.
    """

    t: float  # the clock: 0 in the first round, 1 in the last
    me: int  # this party's row
    best: float  # the best utility this party can still get (inside its red lines, settled issues fixed)
    no_deal: np.ndarray  # (P,)
    offers: np.ndarray  # (P, K)
    has_offer: np.ndarray  # (P,) bool
    utility: Callable[[np.ndarray], np.ndarray]  # packages (..., K) -> every party's utility (P, ...)
    offer_at: Callable[[float], np.ndarray]  # this party's trade-off package at a utility level
    finite: bool = False  # every issue has options: finitely many packages


class Params(Sourced):
    """A tactic's parameters: the ``strategy:`` block of the format, with its evidence or assumption."""

    tactic: str

    def how(self) -> str:
        """The parameters in words, as ``negosim explain`` shows them."""
        return ""


class Strategy:
    """A party's concession rule: the utility it demands when proposing and accepts when responding.

    ``best`` is the party's highest utility inside its own red lines, ``no_deal`` its value of no
    agreement; both bound what a strategy may demand. Time-dependent strategies implement
    ``aspiration(t)`` (and ``acceptance(t)``); responsive ones override ``update``, which reads the
    offers on the table and is called again at each of the party's turns.
    """

    name: ClassVar[str] = "strategy"
    #: Capabilities: ``offers`` (makes offers of its own, rather than only accepting texts), ``parties``
    #: (the number of parties it needs, or None), ``responsive`` (answers the others' offers),
    #: ``family`` (time-dependent, behaviour-dependent, ...) and ``clock`` (concedes by time alone).
    classifier: ClassVar[dict[str, Any]] = {"offers": True, "parties": None, "responsive": False, "clock": True}
    Params: ClassVar[type[Params]] = Params

    def __init__(self, params: Params, best: float = 1.0, no_deal: float = 0.0, **_: Any):
        self.params = params
        self.best = best
        self.no_deal = min(no_deal, best)

    def aspiration(self, t: float) -> float:
        """The utility the party demands in its offer at time ``t`` in [0, 1]."""
        raise NotImplementedError

    def acceptance(self, t: float) -> float:
        """The least utility the party accepts at time ``t``; by default what it demands."""
        return self.aspiration(t)

    def update(self, obs: Observation) -> tuple[float, float]:
        """(aspiration, acceptance) for this turn."""
        self.no_deal = min(float(obs.no_deal[obs.me]), self.best)
        level = self.aspiration(obs.t)
        same = type(self).acceptance is Strategy.acceptance  # accepts what it demands: one level
        return level, level if same else self.acceptance(obs.t)

    def clamp(self, level: float) -> float:
        """A level kept between the value of no deal and the best reachable utility."""
        return min(max(level, self.no_deal), self.best)
