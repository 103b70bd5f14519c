"""Time-dependent tactics: concede by the clock alone (Faratin, Sierra & Jennings 1998)."""

from __future__ import annotations

from typing import ClassVar


def alpha_polynomial(t: float, beta: float, kappa: float = 0.0) -> float:
    """Share of the concession range given up at time t in [0, 1].

    ``alpha(t) = kappa + (1 - kappa) * min(t, 1) ** (1 / beta)``; beta < 1 Boulware,
    beta = 1 linear, beta > 1 Conceder (Faratin, Sierra & Jennings 1998, eq. 5).
    """
    return kappa + (1.0 - kappa) * min(max(t, 0.0), 1.0) ** (1.0 / beta)


class TimeDependent:
    """Aspiration ``a(t) = best - alpha(t) * (best - reservation)`` (Faratin et al. 1998).

    ``best`` is the party's highest utility inside its own red lines (1 without them), so the
    party opens at its ideal package and reaches its reservation value at the deadline.
    """

    name = "time-dependent"
    classifier: ClassVar[dict[str, object]] = {"family": "time-dependent", "responsive": False, "stochastic": False}

    def __init__(self, beta: float, kappa: float = 0.0, best: float = 1.0, reservation: float = 0.0):
        self.beta = beta
        self.kappa = kappa
        self.best = best
        self.reservation = min(reservation, best)

    def aspiration(self, t: float) -> float:
        return self.best - alpha_polynomial(t, self.beta, self.kappa) * (self.best - self.reservation)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(beta={self.beta:g}, kappa={self.kappa:g})"


class Boulware(TimeDependent):
    """Holds out and concedes late: beta < 1 (Faratin, Sierra & Jennings 1998)."""

    name = "boulware"


class Linear(TimeDependent):
    """Concedes at a constant rate: beta = 1 (Faratin, Sierra & Jennings 1998)."""

    name = "linear"


class Conceder(TimeDependent):
    """Concedes early: beta > 1 (Faratin, Sierra & Jennings 1998)."""

    name = "conceder"
