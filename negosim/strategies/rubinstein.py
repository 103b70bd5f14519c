"""Rubinstein's subgame-perfect equilibrium of alternating offers (Rubinstein 1982)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from negosim.strategies.base import Params, Strategy


class RubinsteinParams(Params):
    """Rubinstein: plays the equilibrium of alternating offers with its discount factor (two parties)."""

    tactic: Literal["rubinstein"] = Field(description="`rubinstein`")
    discount: float = Field(gt=0, lt=1, description="the party's discount factor per round (required)")

    def how(self) -> str:
        return f"discount {self.discount:g} per round"


class Rubinstein(Strategy):
    """Plays the stationary subgame-perfect equilibrium of alternating offers (Rubinstein 1982).

    ``equilibrium`` is (demand, accept): what the party keeps when it proposes and the least it takes
    as responder (``d + delta (demand - d)``), both from ``TwoParty.rubinstein`` on the two parties'
    frontier; on the unit pie without reservations they are ``x* = (1 - d_other) / (1 - d_own d_other)``
    and ``d_own x*``, and the first proposal is accepted at once (Econometrica 50:97). Without an
    equilibrium (no deal both prefer to none) the party holds out at its best.
    """

    name: ClassVar[str] = "rubinstein"
    classifier: ClassVar[dict[str, Any]] = {"family": "equilibrium", "offers": True, "parties": 2,
                                            "responsive": False, "clock": True, "same_tactic": True}  # fmt: skip
    Params: ClassVar[type[Params]] = RubinsteinParams

    def __init__(self, params: RubinsteinParams, best: float = 1.0, no_deal: float = 0.0,
                 equilibrium: tuple[float, float] | None = None, **kw: Any):  # fmt: skip
        super().__init__(params, best, no_deal)
        self.demand, self.accept = equilibrium or (best, best)

    def aspiration(self, t: float) -> float:
        return self.demand

    def acceptance(self, t: float) -> float:
        return self.accept
