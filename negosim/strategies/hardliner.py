"""Hardliner: never concedes (docs/explanation/model.md, section 5)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from negosim.strategies.base import Params, Strategy


class HardlinerParams(Params):
    """Hardliner: demands and accepts only its best package; no parameters."""

    tactic: Literal["hardliner"] = Field(description="`hardliner`")

    def how(self) -> str:
        return "never concedes"


class Hardliner(Strategy):
    """Demands and accepts only its best package inside its red lines, whatever the time."""

    name: ClassVar[str] = "hardliner"
    classifier: ClassVar[dict[str, Any]] = {"family": "hardliner", "offers": True, "parties": None,
                                            "responsive": False, "clock": True}  # fmt: skip
    Params: ClassVar[type[Params]] = HardlinerParams

    def aspiration(self, t: float) -> float:
        return self.best
