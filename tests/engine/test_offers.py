"""Trade-off offer choice: exactly on the aspiration, inside red lines, logrolling by saliences."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import negosim
from negosim.engine.compiled import compile_scenario
from negosim.engine.offers import OfferChooser
from negosim.engine.space import build_space
from tests.conftest import build, logroll, pie


def test_single_issue_offer_lies_exactly_on_the_aspiration():
    s = build_space(build(pie()))
    ch = OfferChooser(s, 0)
    x = ch.choose(0.526316, targets=np.array([[0.0]]), target_weight=np.array([[1.0]]))
    assert x[0] == pytest.approx(0.526316)
    assert s.utility(x)[0] == pytest.approx(0.526316)


def test_no_targets_means_the_best_package():
    s = build_space(build(pie()))
    assert OfferChooser(s, 1).choose(0.3, np.empty((0, 1)), np.empty((0, 1))).tolist() == [0.0]


def test_logrolling_gains_on_own_salient_issue_first():
    s = build_space(build(logroll()))
    ch = OfferChooser(s, 0)  # A: x weighs 0.8, y 0.2; B's offer (0, 0) weighs x 0.2, y 0.8
    x = ch.choose(0.8, targets=np.array([[0.0, 0.0]]), target_weight=s.weight[[1]])
    assert x.tolist() == pytest.approx([1.0, 0.0])


def test_offer_never_crosses_red_lines_even_when_the_target_does():
    data = pie()
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.6}]
    s = build_space(build(data))
    ch = OfferChooser(s, 0)
    for asp in np.linspace(0.0, 1.0, 11):
        x = ch.choose(asp, targets=np.array([[0.0]]), target_weight=np.array([[1.0]]))
        assert s.feasible(x)[0]
        assert s.utility(x)[0] >= min(asp, 1.0) - 1e-9


def test_discrete_offer_is_the_closest_package_above_the_aspiration():
    """On a small discrete space the greedy finds what enumeration finds."""
    data = {
        "negosim": 1,
        "name": "D",
        "issues": {
            k: {"name": k, "kind": "discrete", "options": ["o0", "o1", "o2", "o3"], "ordered": True}
            for k in ("p", "q", "r")
        },
        "actors": {
            "a": {
                "name": "A",
                "positions": {
                    "p": {"values": {"o0": 0, "o1": 0.3, "o2": 0.7, "o3": 1}, "salience": 0.5},
                    "q": {"values": {"o0": 1, "o1": 0.6, "o2": 0.3, "o3": 0}, "salience": 0.3},
                    "r": {"values": {"o0": 0, "o1": 0.5, "o2": 0.8, "o3": 1}, "salience": 0.2},
                },
            },
            "b": {
                "name": "B",
                "positions": {
                    "p": {"values": {"o0": 1, "o1": 0.7, "o2": 0.3, "o3": 0}, "salience": 0.2},
                    "q": {"values": {"o0": 0, "o1": 0.3, "o2": 0.7, "o3": 1}, "salience": 0.3},
                    "r": {"values": {"o0": 1, "o1": 0.6, "o2": 0.2, "o3": 0}, "salience": 0.5},
                },
            },
        },
    }
    s = build_space(build(data))
    ch = OfferChooser(s, 0)
    target = np.array([[0.0, 3.0, 0.0]])  # B's ideal
    packages = np.array(list(itertools.product(range(4), repeat=3)), dtype=float)
    u = s.utility(packages)[0]
    cost = (s.distance(packages, target) * s.weight[1]).sum(axis=1)
    for asp in (0.9, 0.7, 0.5, 0.3):
        x = ch.choose(asp, target, s.weight[[1]])
        assert s.utility(x)[0] >= asp - 1e-9
        best = cost[u >= asp - 1e-9].min()
        got = float((s.distance(x, target[0]) * s.weight[1]).sum())
        assert got == pytest.approx(best)  # the greedy is LP-optimal; on this space it is exact


def test_ten_issues_of_ten_values_without_enumeration():
    issues = {
        f"i{k}": {"name": f"I{k}", "kind": "discrete", "options": [f"v{n}" for n in range(10)], "ordered": True}
        for k in range(10)
    }
    rng = np.random.default_rng(3)
    actors = {}
    for a in ("a", "b"):
        actors[a] = {
            "name": a,
            "positions": {
                k: {
                    "values": {f"v{n}": float(v) for n, v in enumerate(rng.random(10))},
                    "salience": float(rng.random()),
                }
                for k in issues
            },
        }
    s = build_space(build({"negosim": 1, "name": "big", "issues": issues, "actors": actors}))
    ch = OfferChooser(s, 0)
    target = s.best_package(1)[None, :]
    for asp in (0.95, 0.8, 0.6):
        x = ch.choose(asp * ch.umax, target, s.weight[[1]])
        assert s.utility(x)[0] >= asp * ch.umax - 1e-9


def test_an_issue_without_a_position_is_offered_inside_its_range():
    data = pie()
    data["issues"]["price"] = {"name": "Price", "range": [100, 200]}
    data["actors"]["b"]["positions"]["price"] = {"ideal": 150, "salience": 1}
    space = build_space(build(data))
    best = OfferChooser(space, 0).best
    assert 100 <= best[1] <= 200
    res = negosim.simulate(build(data))
    assert np.nanmin(res.offers[:, :, 1]) >= 100 and np.nanmax(res.offers[:, :, 1]) <= 200
    assert all(0 <= u <= 1 for u in res.summary["utilities"].values())


def test_the_last_step_takes_the_cheapest_issue_not_only_the_steepest():
    # A gains most per unit of distance on x, but needs only a little more utility, which y gives cheaper.
    data = {
        "negosim": 1,
        "name": "t",
        "issues": {"x": {"name": "X"}, "y": {"name": "Y", "kind": "discrete", "options": ["p", "q"]}},
        "actors": {
            "a": {
                "name": "A",
                "positions": {"x": {"ideal": 1, "salience": 0.5}, "y": {"values": {"q": 1}, "salience": 0.5}},
            },
            "b": {
                "name": "B",
                "positions": {"x": {"ideal": 0, "salience": 0.9}, "y": {"values": {"p": 1}, "salience": 0.1}},
            },
        },
    }
    s = build_space(build(data))
    x = OfferChooser(s, 0).choose(0.5, targets=np.array([[0.0, 0.0]]), target_weight=s.weight[[1]])
    assert s.utility(x)[0] >= 0.5 - 1e-9
    assert x.tolist() == [0.0, 1.0]  # give B its x, take y (cost 0.1), rather than move x to 1 (cost 0.9)


def test_at_its_best_a_party_keeps_its_best_exactly_and_gives_what_it_does_not_care_about():
    data = pie()
    data["issues"]["y"] = {"name": "Y"}  # A has no position on y
    space = compile_scenario(build(data)).space
    chooser = OfferChooser(space, 0)
    for target in ([[0.3, 0.7]], [[0.3 + 1e-12, 0.25]], [[0.9, 0.1]]):
        x = chooser.choose(chooser.umax, np.array(target), np.array([[1.0, 1.0]]))
        assert x[0] == 1.0  # its ideal on x, exactly, whatever the others offer
        assert x[1] == target[0][1]  # on y, what the others want


def test_tit_for_tat_answers_what_was_conceded_and_a_hardliner_concedes_nothing():
    """A linear party gives up 1/9 of its utility a round (10 rounds); a hardliner gives up nothing. The
    tit-for-tat party gives up the mean of the concessions it sees: 1/9 a round, as the hardliner's offer
    never moves."""
    issues = {"x": {"name": "X"}, "y": {"name": "Y"}}
    actors = {
        "a": {"name": "A", "strategy": {"tactic": "linear"},
              "positions": {"x": {"ideal": 0.9, "salience": 1}, "y": {"ideal": 0.1, "salience": 0.5}}},
        "b": {"name": "B", "strategy": {"tactic": "hardliner"},
              "positions": {"x": {"ideal": 0.3, "salience": 0.7}, "y": {"ideal": 0.3, "salience": 1}}},
        "c": {"name": "C", "strategy": {"tactic": "tit-for-tat"},
              "positions": {"x": {"ideal": 0.1, "salience": 1}, "y": {"ideal": 0.9, "salience": 1}}},
    }  # fmt: skip
    res = negosim.simulate(build({"negosim": 1, "name": "T", "rounds": 10, "issues": issues, "actors": actors}))
    assert np.abs(np.diff(res.offers[:, 1], axis=0)).max() == 0.0  # the hardliner's offer never moves
    assert res.aspiration[:5, 2] == pytest.approx([1, 8 / 9, 7 / 9, 6 / 9, 5 / 9], abs=1e-6)
