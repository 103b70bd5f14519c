"""A compiled scenario: the scenario and its arrays, built once and passed to as many runs as needed."""

from __future__ import annotations

from dataclasses import dataclass

from negosim.scenario.models import Scenario
from negosim.space import Space, build_space
from negosim.space.offers import Branching, OfferChooser, chooser


@dataclass(frozen=True, eq=False)
class Compiled:
    """A validated scenario with its issue space and each party's offer chooser (the arrays a run needs)."""

    scenario: Scenario
    space: Space
    choosers: dict[int, OfferChooser | Branching]  # party actor index -> its trade-off offers, red lines as written


def compile_scenario(scenario: Scenario) -> Compiled:
    """Build the arrays of ``scenario`` once (a sweep compiles each design point once)."""
    space = build_space(scenario)
    return Compiled(scenario, space, {int(a): chooser(space, int(a)) for a in space.parties})
