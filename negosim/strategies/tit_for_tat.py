"""Behaviour-dependent tactics: concede as the others concede (Faratin, Sierra & Jennings 1998)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from negosim.strategies.base import Observation, Params, Strategy


class TitForTatParams(Params):
    """Tit-for-tat: concedes as much as the others conceded in their last moves."""

    tactic: Literal["tit-for-tat"] = Field(description="`tit-for-tat`")
    mode: Literal["absolute", "relative"] = Field(
        "absolute", description="imitate the others' concession in utility, or as a share of their room"
    )

    def how(self) -> str:
        return f"{self.mode} imitation"


class TitForTat(Strategy):
    """Imitates the others' last concession, measured in their own utility (Faratin et al. 1998, s. 4.3).

    ``absolute``: gives up as much utility as the others gave up (their mean, in their utility);
    ``relative``: gives up the same share of its room above its value of no deal as they gave up of
    theirs (above theirs). Never concedes below its value of no deal (the floor). Starts at its best
    package and never concedes first, so two tit-for-tat parties stay put.
    """

    name: ClassVar[str] = "tit-for-tat"
    classifier: ClassVar[dict[str, Any]] = {"family": "behaviour-dependent", "offers": True, "parties": None,
                                            "responsive": True, "clock": False}  # fmt: skip
    Params: ClassVar[type[Params]] = TitForTatParams

    def __init__(self, params: TitForTatParams, best: float = 1.0, no_deal: float = 0.0, **kw: Any):
        super().__init__(params, best, no_deal)
        self.mode = params.mode
        self.level = best
        self.seen: dict[int, np.ndarray] = {}  # other party -> its offer when last looked at

    def update(self, obs: Observation) -> tuple[float, float]:
        self.no_deal = min(float(obs.no_deal[obs.me]), self.best)
        conceded = []
        for p in np.flatnonzero(obs.has_offer):
            if p == obs.me:
                continue
            now, before = obs.offers[p], self.seen.get(p)
            if before is not None and not np.allclose(now, before, rtol=0, atol=1e-9):
                u_before, u_now = obs.utility(np.stack([before, now]))[p]
                gave = max(u_before - u_now, 0.0)
                d = float(obs.no_deal[p])
                conceded.append(gave / max(u_before - d, 1e-12) if self.mode == "relative" else gave)
            self.seen[p] = now.copy()
        if conceded:
            mean = float(np.mean(conceded))
            step = mean * (self.level - self.no_deal) if self.mode == "relative" else mean
            self.level = self.clamp(self.level - step)
        return self.level, self.level
