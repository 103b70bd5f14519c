"""Hardliner: never concedes (model doc, section 5)."""

from __future__ import annotations

from typing import ClassVar

from negosim.engine.strategies.base import Strategy


class Hardliner(Strategy):
    """Demands and accepts only its best package inside its red lines, whatever the time."""

    name = "hardliner"
    classifier: ClassVar[dict[str, object]] = {"family": "hardliner", "responsive": False, "stochastic": False}

    def aspiration(self, t: float) -> float:
        return self.best
