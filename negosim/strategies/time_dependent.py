"""Time-dependent tactics: concede by the clock alone (Faratin, Sierra & Jennings 1998)."""

from __future__ import annotations

import math
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from negosim.strategies.base import Params, Strategy


def alpha_polynomial(t: float, beta: float, kappa: float = 0.0) -> float:
    """Share of the concession range given up at time t in [0, 1].

    ``alpha(t) = kappa + (1 - kappa) * min(t, 1) ** (1 / beta)``; beta < 1 Boulware,
    beta = 1 linear, beta > 1 Conceder (Faratin, Sierra & Jennings 1998, eq. 5).
    """
    return kappa + (1.0 - kappa) * min(max(t, 0.0), 1.0) ** (1.0 / beta)


def alpha_exponential(t: float, beta: float, kappa: float) -> float:
    """``alpha(t) = exp((1 - min(t, 1)) ** beta * ln(kappa))`` (Faratin, Sierra & Jennings 1998, eq. 6)."""
    return math.exp((1.0 - min(max(t, 0.0), 1.0)) ** beta * math.log(kappa))


class TimeDependentParams(Params):
    """Concedes by the clock: ``beta`` < 1 holds out (Boulware), 1 is linear, > 1 concedes early (Conceder)."""

    tactic: Literal["time-dependent"] = Field(description="`time-dependent`")
    beta: float = Field(1.0, gt=0, description="concession exponent: < 1 holds out, 1 linear, > 1 concedes early")
    kappa: float = Field(0.0, ge=0, lt=1, description="share of the concession made at once")
    form: Literal["polynomial", "exponential"] = Field(
        "polynomial", description="shape of the concession curve (exponential needs kappa > 0)"
    )

    @model_validator(mode="after")
    def _exponential_needs_kappa(self) -> Any:
        if self.form == "exponential" and self.kappa <= 0:
            raise ValueError("the exponential form needs kappa > 0 (its curve starts at alpha = kappa)")
        return self

    def how(self) -> str:
        return f"beta {self.beta:g}" + (f", {self.form}" if self.form != "polynomial" else "")


class BoulwareParams(TimeDependentParams):
    """Boulware: holds out and concedes late, beta < 1."""

    tactic: Literal["boulware"] = Field(description="`boulware`")  # type: ignore[assignment]
    beta: float = Field(0.2, gt=0, description="concession exponent, below 1")

    @model_validator(mode="after")
    def _below_one(self) -> Any:
        if not self.beta < 1:
            raise ValueError(f"boulware needs beta < 1 (got {self.beta:g}); beta = 1 is linear, beta > 1 conceder")
        return self


class LinearParams(TimeDependentParams):
    """Linear: concedes at a constant rate, beta = 1."""

    tactic: Literal["linear"] = Field(description="`linear`")  # type: ignore[assignment]
    beta: float = Field(1.0, gt=0, description="concession exponent: 1")

    @model_validator(mode="after")
    def _one(self) -> Any:
        if self.beta != 1:
            raise ValueError(f"linear means beta = 1 (got {self.beta:g}); leave beta out, or use boulware or conceder")
        return self


class ConcederParams(TimeDependentParams):
    """Conceder: concedes early, beta > 1."""

    tactic: Literal["conceder"] = Field(description="`conceder`")  # type: ignore[assignment]
    beta: float = Field(2.0, gt=0, description="concession exponent, above 1")

    @model_validator(mode="after")
    def _above_one(self) -> Any:
        if not self.beta > 1:
            raise ValueError(f"conceder needs beta > 1 (got {self.beta:g}); beta = 1 is linear, beta < 1 boulware")
        return self


class TimeDependent(Strategy):
    """Aspiration ``a(t) = best - alpha(t) * (best - no_deal)`` (Faratin et al. 1998).

    ``best`` is the party's highest utility inside its own red lines (1 without them), so the
    party opens at its ideal package and reaches its value of no deal at the deadline.
    """

    name: ClassVar[str] = "time-dependent"
    classifier: ClassVar[dict[str, Any]] = {"family": "time-dependent", "offers": True, "parties": None,
                                            "responsive": False, "clock": True}  # fmt: skip
    Params: ClassVar[type[Params]] = TimeDependentParams

    def __init__(self, params: TimeDependentParams, best: float = 1.0, no_deal: float = 0.0, **kw: Any):
        super().__init__(params, best, no_deal)
        self.beta, self.kappa, self.form = params.beta, params.kappa, params.form

    def alpha(self, t: float) -> float:
        if self.form == "exponential":
            return alpha_exponential(t, self.beta, self.kappa)
        return alpha_polynomial(t, self.beta, self.kappa)

    def aspiration(self, t: float) -> float:
        return self.best - self.alpha(t) * (self.best - self.no_deal)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(beta={self.beta:g}, kappa={self.kappa:g}, form={self.form})"


class Boulware(TimeDependent):
    """Holds out and concedes late: beta < 1 (Faratin, Sierra & Jennings 1998)."""

    name: ClassVar[str] = "boulware"
    Params: ClassVar[type[Params]] = BoulwareParams


class Linear(TimeDependent):
    """Concedes at a constant rate: beta = 1 (Faratin, Sierra & Jennings 1998)."""

    name: ClassVar[str] = "linear"
    Params: ClassVar[type[Params]] = LinearParams


class Conceder(TimeDependent):
    """Concedes early: beta > 1 (Faratin, Sierra & Jennings 1998)."""

    name: ClassVar[str] = "conceder"
    Params: ClassVar[type[Params]] = ConcederParams


#: The named members of the family, told apart by beta alone.
NAMED = ("boulware", "linear", "conceder")


def named_for(beta: float) -> str:
    """The named tactic a concession exponent makes: boulware below 1, linear at 1, conceder above."""
    return "boulware" if beta < 1 else "linear" if beta == 1 else "conceder"
