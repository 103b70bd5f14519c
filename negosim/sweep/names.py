"""How a sweep's tables, figures and report name the scenario's parts and the outcome measures, from what
the manifest keeps (the scenario file may have moved since)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from negosim.sweep.api import SweepResult


@dataclass(frozen=True)
class Names:
    """How figures name a sweep's scenario, issues, options, actors and rounds."""

    scenario: str
    unit: str = "round"
    issues: dict[str, str] = field(default_factory=dict)
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)  # discrete issue -> its options
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # continuous issue -> [lo, hi]
    actors: dict[str, str] = field(default_factory=dict)
    moves: str = "offers"  # what the parties' proposals are: offers, or (a forecasting model) positions

    def issue(self, iid: str) -> str:
        return self.issues.get(iid, iid)

    def actor(self, aid: str) -> str:
        return self.actors.get(aid, aid)


def names_of(result: SweepResult) -> Names:
    """Names of the scenario's parts as the manifest keeps them (the ids where it has none)."""
    meta = result.manifest.get("scenario") or {}
    kept = result.manifest.get("names") or {}
    return Names(
        meta.get("name") or "sweep",
        kept.get("round_unit", "round"),
        dict(kept.get("issues", {})),
        {iid: tuple(opts) for iid, opts in kept.get("options", {}).items()},
        {iid: (float(r[0]), float(r[1])) for iid, r in kept.get("ranges", {}).items()},
        dict(kept.get("actors", {})),
        "positions" if result.manifest.get("forecasts") else "offers",
    )
