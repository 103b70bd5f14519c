"""Each figure function on a small run: a Figure with the artists it promises."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from ruamel.yaml import YAML

import negosim
from negosim import plots
from negosim.plots import style
from negosim.scenario.loader import from_data

THEORY = Path(__file__).parents[1] / "theory"


def labels(ax) -> list[str]:
    return [line.get_label() for line in ax.lines if not line.get_label().startswith("_")]


def title(ax) -> str:
    return ax.get_title(loc="left")


@pytest.fixture(scope="module")
def war():
    return negosim.simulate(THEORY / "war.yaml", seed=3, overrides={"rounds": 12})


@pytest.fixture(scope="module")
def three():
    return negosim.simulate(THEORY / "third-parties.yaml")


def test_convergence_has_a_line_per_party_per_issue_red_lines_and_the_agreement():
    res = negosim.simulate(THEORY / "pie.yaml", overrides={"actors.a.red_lines": [{"issue": "share", "min": 0.3}]})
    fig = plots.convergence(res)
    ax = fig.axes[0]
    assert len([a for a in fig.axes if a.get_title(loc="left")]) == res.space.n_issues  # a panel per issue
    assert labels(ax).count("A") == 1 and labels(ax).count("B") == 1
    assert len([c for c in ax.collections if isinstance(c, PolyCollection) and c.get_hatch()]) == 1  # A's red line
    assert "agreement" in labels(ax) and ax.get_xlabel() == res.scenario.round_unit


def test_convergence_labels_issues_from_the_scenario_and_shows_the_mediators_text(three):
    fig = plots.convergence(three)
    names = [title(ax) for ax in fig.axes if title(ax)]
    assert names == ["Aid", "Summit"]
    for ax in fig.axes[:2]:  # every party's position, and the text put to them
        assert {"A", "B", "C", "mediator's text"} <= set(labels(ax))


def test_utilities_show_every_offer_the_aspiration_and_no_deal_for_each_party(war):
    fig = plots.utilities(war)
    panels = [ax for ax in fig.axes if title(ax)]
    assert [title(ax) for ax in panels] == [
        "utility to A (its own line thicker)",
        "utility to B (its own line thicker)",
    ]
    for ax in panels:
        got = labels(ax)
        assert {"offer of A", "offer of B", "aspiration (what it demands)", "value of no deal"} <= set(got)
    assert {t.get_text() for t in fig.legends[0].get_texts()} >= {"offer of A", "offer of B", "value of no deal"}


def test_distance_can_use_a_log_scale(war):
    assert plots.distance(war).axes[0].get_yscale() == "linear"
    ax = plots.distance(war, log=True).axes[0]
    assert ax.get_yscale() == "log"
    assert np.allclose(ax.lines[0].get_ydata(), war.distance, equal_nan=True)


def test_outcome_space_has_a_panel_per_pair_with_frontier_points_and_traces(three):
    fig = plots.outcome_space(three)
    panels = [ax for ax in fig.axes if ax.get_xlabel()]
    assert [(ax.get_xlabel(), ax.get_ylabel()) for ax in panels] == [
        ("utility of A", "utility of B"), ("utility of A", "utility of C"), ("utility of B", "utility of C"),
    ]  # fmt: skip
    for ax in panels:
        got = labels(ax)
        assert {"Pareto frontier inside both red lines", "Nash solution (all parties)", "agreement"} <= set(got)
        assert "mediator's text" in got
        assert len(ax.collections) >= 1  # the sampled packages


def test_outcome_space_of_two_parties_traces_both_parties_offers(war):
    ax = plots.outcome_space(war).axes[0]
    assert {"offers of A", "offers of B", "Nash solution", "Kalai-Smorodinsky point"} <= set(labels(ax))


def test_conflict_shows_front_beliefs_costs_and_ripe_rounds():
    res = negosim.simulate(THEORY / "war.yaml", seed=3, overrides={
        "conflict.p": 0.5, "conflict.cost_per_round": {"a": 0.03, "b": 0.03}, "rounds": 20,
    })  # fmt: skip
    front, belief, cost = plots.conflict(res).axes
    assert labels(front) == ["Territory held by A"]
    assert {"side a (a)", "side b (b)", "true p = 0.5"} <= set(labels(belief))
    assert len([c for c in belief.collections if isinstance(c, PolyCollection)]) >= 2  # the two 90% intervals
    assert labels(cost) == ["A", "B"]
    ripe = int(res.ripe.sum())
    assert ripe > 0 and sum(1 for p in front.patches) == ripe  # one shaded span per ripe round


def test_the_conflict_figure_needs_a_war():
    with pytest.raises(ValueError, match="no conflict"):
        plots.conflict(negosim.simulate(THEORY / "pie.yaml"))
    assert "conflict" not in plots.figures_for(negosim.simulate(THEORY / "pie.yaml"))


@pytest.mark.parametrize(
    ("extra", "drawn"),
    [
        ({}, True),  # fought from the first round
        ({"conflict.starts": 5}, True),  # begins in the talks
        ({"conflict.starts": 13, "deadline": {"then": "war"}}, False),  # only threatened for after the talks
    ],
)
def test_the_conflict_figure_only_for_a_war_fought_during_the_talks(extra, drawn):
    data = YAML(typ="safe").load((THEORY / "war.yaml").read_text())
    data["rounds"] = 12
    for key, value in extra.items():
        if key == "conflict.starts":
            data["conflict"]["starts"] = value
        else:
            data["deadline"] = {"rounds": data.pop("rounds"), **value}
    res = negosim.simulate(from_data(data), seed=3)
    assert res.war_history is not None
    assert ("conflict" in plots.figures_for(res)) is drawn


def test_beta_interval_matches_known_quantiles():
    from negosim.plots.conflict import beta_interval

    lo, hi = beta_interval(1, 1)  # uniform: 5% and 95%
    assert (lo, hi) == pytest.approx((0.05, 0.95), abs=1e-4)
    lo, hi = beta_interval(2, 2)  # Beta(2, 2): F(x) = 3x^2 - 2x^3; F(0.1354) ~= 0.05
    assert lo == pytest.approx(0.135350, abs=1e-4) and hi == pytest.approx(1 - 0.135350, abs=1e-4)


def test_with_three_parties_the_nash_mark_is_the_point_the_summary_reports(three):
    ax = plots.outcome_space(three).axes[0]
    (nash,) = [line for line in ax.lines if line.get_label() == "Nash solution (all parties)"]
    (star,) = [line for line in ax.lines if line.get_label() == "agreement"]
    assert three.summary["nash_distance"] == pytest.approx(0, abs=1e-9)  # the text was the Nash point
    assert np.allclose(nash.get_xydata(), star.get_xydata())


def test_names_in_other_scripts_use_an_installed_font_or_warn_once(monkeypatch):
    res = negosim.simulate(THEORY / "pie.yaml", overrides={"actors.a.name": "Россия", "actors.b.name": "乌克兰"})
    monkeypatch.setattr(style, "font_families", lambda: ("DejaVu Sans",))  # a machine with matplotlib's font only
    with pytest.warns(
        style.FontWarning, match='no installed font has the characters 乌 克 兰 \\(in "utility to 乌克兰 '
    ) as caught:
        plots.utilities(res)
    assert len(caught) == 1  # Cyrillic is in DejaVu Sans: only the Chinese name is missing


@pytest.mark.skipif(
    style.missing_characters(["乌克兰"]) != "",
    reason="no font for Chinese installed (Debian: fonts-wqy-microhei; CI installs it)",
)
def test_an_installed_font_draws_what_dejavu_cannot(recwarn):
    res = negosim.simulate(THEORY / "pie.yaml", overrides={"actors.b.name": "乌克兰"})
    fig = plots.utilities(res)
    assert not [w for w in recwarn if issubclass(w.category, style.FontWarning)]
    text = next(t for ax in fig.axes for t in [ax.title, ax._left_title] if "乌克兰" in t.get_text())
    assert len(text.get_fontfamily()) > 1 and text.get_fontfamily()[0] == "DejaVu Sans"
