"""Time-dependent tactics: concede by the clock alone (Faratin, Sierra & Jennings 1998)."""

from __future__ import annotations

import math
from typing import ClassVar

from negosim.engine.strategies.base import Strategy


def alpha_polynomial(t: float, beta: float, kappa: float = 0.0) -> float:
    """Share of the concession range given up at time t in [0, 1].

    ``alpha(t) = kappa + (1 - kappa) * min(t, 1) ** (1 / beta)``; beta < 1 Boulware,
    beta = 1 linear, beta > 1 Conceder (Faratin, Sierra & Jennings 1998, eq. 5).
    """
    return kappa + (1.0 - kappa) * min(max(t, 0.0), 1.0) ** (1.0 / beta)


def alpha_exponential(t: float, beta: float, kappa: float) -> float:
    """``alpha(t) = exp((1 - min(t, 1)) ** beta * ln(kappa))`` (Faratin, Sierra & Jennings 1998, eq. 6)."""
    return math.exp((1.0 - min(max(t, 0.0), 1.0)) ** beta * math.log(kappa))


class TimeDependent(Strategy):
    """Aspiration ``a(t) = best - alpha(t) * (best - reservation)`` (Faratin et al. 1998).

    ``best`` is the party's highest utility inside its own red lines (1 without them), so the
    party opens at its ideal package and reaches its reservation value at the deadline.
    """

    name = "time-dependent"
    classifier: ClassVar[dict[str, object]] = {"family": "time-dependent", "responsive": False, "stochastic": False}

    def __init__(
        self, beta: float, kappa: float = 0.0, best: float = 1.0, reservation: float = 0.0, form: str = "polynomial"
    ):
        super().__init__(best, reservation)
        self.beta, self.kappa, self.form = beta, kappa, form

    def alpha(self, t: float) -> float:
        if self.form == "exponential":
            return alpha_exponential(t, self.beta, self.kappa)
        return alpha_polynomial(t, self.beta, self.kappa)

    def aspiration(self, t: float) -> float:
        return self.best - self.alpha(t) * (self.best - self.reservation)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(beta={self.beta:g}, kappa={self.kappa:g}, form={self.form})"


class Boulware(TimeDependent):
    """Holds out and concedes late: beta < 1 (Faratin, Sierra & Jennings 1998)."""

    name = "boulware"


class Linear(TimeDependent):
    """Concedes at a constant rate: beta = 1 (Faratin, Sierra & Jennings 1998)."""

    name = "linear"


class Conceder(TimeDependent):
    """Concedes early: beta > 1 (Faratin, Sierra & Jennings 1998)."""

    name = "conceder"
