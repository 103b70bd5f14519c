"""The demo's settings, read once: which scenario, seed and output folder, and for a class its timer
and whether students pick their seats. ``negosim demo`` writes them to the environment (the channel
Solara's app module is loaded through); the pages read them here, never from the environment."""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PREFIX = "NEGOSIM_DEMO_"


@dataclass(frozen=True)
class DemoConfig:
    """What ``negosim demo`` was asked to show."""

    file: str = "scenarios/istanbul-2025.yaml"
    seed: int = 0
    out: Path | None = None
    klass: bool = False  # one shared run for a class (``--class``)
    timer: float = 90.0  # seconds a student has for a move
    pick: bool = True  # students pick their own seats
    compare: tuple[tuple[str, Any], ...] = ()  # the counterfactual's overrides (``--compare PATH=VALUE``)

    @property
    def compared(self) -> dict[str, Any]:
        return dict(self.compare)

    def environ(self) -> dict[str, str]:
        """The settings as environment variables."""
        env = {"FILE": self.file, "SEED": str(self.seed), "OUT": "" if self.out is None else str(self.out),
               "CLASS": "1" if self.klass else "0", "TIMER": str(self.timer), "PICK": "1" if self.pick else "0",
               "COMPARE": json.dumps(self.compared)}  # fmt: skip
        return {PREFIX + k: v for k, v in env.items()}

    @classmethod
    def from_environ(cls, env: dict[str, str]) -> DemoConfig:
        """The settings an environment holds (the defaults where it holds none)."""

        def get(key: str) -> str | None:
            return env.get(PREFIX + key) or None

        out = get("OUT")
        return cls(
            file=get("FILE") or cls.file,
            seed=int(get("SEED") or cls.seed),
            out=Path(out) if out else None,
            klass=get("CLASS") == "1",
            timer=float(get("TIMER") or cls.timer),
            pick=(get("PICK") or "1") == "1",
            compare=tuple(json.loads(get("COMPARE") or "{}").items()),
        )


@functools.cache
def settings() -> DemoConfig:
    """The demo's settings, read from the environment once (``configure`` reads them again)."""
    return DemoConfig.from_environ(dict(os.environ))
