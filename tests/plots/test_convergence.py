"""The convergence figure: one line per party per issue, red lines as they stood each round,
interim agreements and the agreement marked."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.collections import PolyCollection

import negosim
from negosim.engine.model import NegotiationModel
from negosim.plots.convergence import convergence

THEORY = Path(__file__).parents[1] / "theory"


def bands(ax) -> list[np.ndarray]:
    """The hatched areas (each also has a light fill under it, drawn separately for vector formats)."""
    return [c.get_paths()[0].vertices for c in ax.collections if isinstance(c, PolyCollection) and c.get_hatch()]


def test_an_eroding_red_line_is_drawn_where_it_stood_each_round():
    res = negosim.simulate(THEORY / "erosion.yaml")
    ax = convergence(res).axes[0]
    assert sum(line.get_label() in ("North", "South") for line in ax.lines) == 2  # one line per party
    (band,) = bands(ax)  # North's red line: values above its max are refused
    edges = set(np.round(band[:, 1], 6)) - {1.04}  # the top of the band is the top of the panel
    R = NegotiationModel(res.scenario, seed=0).redlines.lines[0].breaking  # North's resolve this run
    # the bound each round, after that round's pressure: 0.1 / R of its way to the broker's 0.7 a round
    assert edges == {round(0.5 + min(n * 0.1 / R, 1) * 0.2, 6) for n in range(1, 13)}


def test_an_interim_agreement_is_marked_on_its_issue():
    res = negosim.simulate(
        THEORY / "preconditions.yaml",
        overrides={
            "actors.south.preconditions": [], "actors.north.preconditions": [],
            "actors.north.positions.ceasefire.ideal": 0.6, "actors.south.positions.ceasefire.ideal": 0.6,
            "actors.north.red_lines": [{"issue": "border", "max": 0.3}],
            "actors.south.red_lines": [{"issue": "border", "min": 0.7}],
        },
    )  # fmt: skip
    ceasefire, border = convergence(res).axes[:2]
    marks = [line for line in ceasefire.lines if line.get_label() == "interim agreement"]
    assert len(marks) == 1 and marks[0].get_ydata()[0] == np.float64(0.6)
    assert not [line for line in border.lines if line.get_label() == "interim agreement"]


def test_waivers_and_met_preconditions_are_marked_where_they_happened():
    res = negosim.simulate(THEORY / "preconditions.yaml", overrides={
        "actors.south.preconditions[0].firmness": 0.5, "actors.broker.pressure": [{"target": "south", "stick": 0.1}],
    })  # fmt: skip
    ax = convergence(res).axes[0]
    notes = {t.get_text(): t.xy[0] for t in ax.texts}
    R = NegotiationModel(res.scenario, seed=0).pcs[1].breaking  # South's resolve: waived after ceil(10 R) rounds
    assert notes["south waived no-preconditions"] == math.ceil(10 * R - 1e-9)
    met = next(e.round for e in res.events if e.kind == "met")
    assert notes["north met ceasefire-first"] == met


def test_a_line_that_goes_back_and_forth_between_packages_of_equal_worth_is_captioned():
    import dataclasses

    from tests.conftest import build, logroll

    data = logroll(rounds=8)
    data["actors"]["a"]["positions"]["y"]["salience"] = 0  # A does not care about y at all
    for actor in data["actors"].values():
        actor["strategy"] = {"tactic": "hardliner"}  # eight rounds, no deal
    res = negosim.simulate(build(data))
    offers = res.offers.copy()
    n = len(offers)
    offers[:, 0, 1] = [0.2, 0.8] * (n // 2) + [0.2] * (n % 2)  # A's y: back and forth, worth the same to A
    offers[:, 1, 0] = [0.2, 0.8] * (n // 2) + [0.2] * (n % 2)  # B's x: back and forth, and B cares about x
    texts = lambda r: [t.get_text() for ax in convergence(r).axes for t in ax.texts]  # noqa: E731
    notes = [t for t in texts(dataclasses.replace(res, offers=offers)) if "back and forth" in t]
    assert notes == ["A: back and forth between packages worth the same to it"]
    assert not [t for t in texts(res) if "back and forth" in t]
