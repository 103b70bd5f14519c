"""The expected-utility model's figures: positions with the forecasts, and who challenges whom."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negosim
from negosim import plots
from negosim.protocols import expected_utility as eum

EMISSIONS = Path(__file__).parents[2] / "scenarios" / "textbook" / "eu-car-emissions-1994.yaml"


@pytest.fixture(scope="module")
def run():
    return negosim.simulate(negosim.load_scenario(EMISSIONS))


def test_an_eum_run_draws_its_own_figures(run):
    assert list(plots.figures_for(run)) == ["positions", "challenges", "distance"]


def test_positions_draw_every_actor_from_round_0_and_both_forecasts(run):
    ax = plots.positions(run).axes[0]
    lines = {line.get_label(): line for line in ax.lines}
    for p, name in enumerate(run.party_names):
        y = lines[run.scenario.actors[name].name].get_ydata()
        assert y[0] == run.protocol_data["opening"][p, 0] and np.array_equal(y[1:], run.offers[:, p, 0])
    fc = run.summary["forecast"]
    assert list(lines["forecast: Condorcet median"].get_ydata()) == pytest.approx(fc["median"]["emissions"])
    assert list(lines["compromise model: weighted mean"].get_ydata()) == pytest.approx(fc["mean"]["emissions"])


def test_the_challenges_figure_is_round_one_as_the_engine_played_it(run):
    rnd = plots.forecast.round_of(run, 1)
    assert np.array_equal(rnd.x[0], run.offers[0, :, 0])  # the same moves as the run
    assert np.array_equal(rnd.move[0], run.protocol_data["move"][0, :, 0])
    later = plots.forecast.round_of(run, 3)
    assert np.array_equal(later.start[0], run.offers[1, :, 0]) and np.array_equal(later.x[0], run.offers[2, :, 0])
    fig = plots.challenges(run)
    left, right = fig.axes[0], fig.axes[1]
    frames = [p for p in left.patches if p.get_width() > 0]
    taken = int((rnd.by[0] >= 0).sum())
    assert len(frames) == int(rnd.offers[0].sum()) + taken  # a frame per offer, a thick one per offer taken
    assert sum(p.get_linewidth() > 2 for p in frames) == taken
    arrows = [c for c in right.get_children() if type(c).__name__ == "Annotation"]
    moving = rnd.move[0] != eum.NONE
    far = moving & (np.abs(rnd.x[0] - rnd.start[0]) >= 0.03 * run.space.width[0])  # Denmark's 4 -> 4.10 is not
    assert len(arrows) == int(far.sum()) == int(moving.sum()) - 1  # an arrow per actor that moves far enough
    ends = [line for line in right.lines if line.get_marker() == "|"]
    assert sorted(float(line.get_xdata()[0]) for line in ends) == sorted(rnd.x[0][moving].tolist())
    assert plots.forecast.round_of(run, run.round + 1) is None
