"""Trade-off offer choice: exactly on the aspiration, inside red lines, logrolling by saliences."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import negosim
from negosim.engine.compiled import compile_scenario
from negosim.space import build_space
from negosim.space.offers import OfferChooser
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


def _finite_space(seed: int, n_issues: int = 3, n_values: int = 6, parties: int = 3, ordered: bool = True):
    """A random space of discrete issues (every party values every option), red lines on one issue."""
    rng = np.random.default_rng(seed)
    opts = [f"o{n}" for n in range(n_values)]
    issues = {
        f"i{k}": {"name": f"I{k}", "kind": "discrete", "options": opts, "ordered": ordered} for k in range(n_issues)
    }
    actors = {
        f"p{p}": {
            "name": f"P{p}",
            "positions": {
                iid: {
                    "values": dict(zip(opts, map(float, rng.random(n_values)), strict=True)),
                    "salience": float(rng.uniform(0.1, 1)),
                }
                for iid in issues
            },
        }
        for p in range(parties)
    }
    actors["p0"]["red_lines"] = [{"issue": "i0", "not_in": ["o0"], "assumed": "a test red line"}]
    return build_space(build({"negosim": 1, "name": "F", "issues": issues, "actors": actors}))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("ordered", [True, False], ids=["ordered", "categorical"])  # categorical: costs tie
def test_a_chooser_that_keeps_its_greedy_paths_answers_as_a_fresh_one(seed, ordered):
    """On discrete issues a chooser keeps the greedy's path per targets; asked again with the same targets
    (and other aspirations, other saliences, other targets in between) it answers bit for bit as a
    chooser that keeps nothing and computes every step with arrays."""
    s = _finite_space(seed, ordered=ordered)
    rng = np.random.default_rng(100 + seed)
    kept = OfferChooser(s, 0)
    packages = [s.best_package(a) for a in (1, 2)] + [rng.integers(0, 6, 3).astype(float) for _ in range(3)]
    for _ in range(60):
        targets = np.array([packages[i] for i in rng.choice(len(packages), size=rng.integers(1, 3), replace=False)])
        weight = s.weight[rng.choice([1, 2], size=len(targets))]
        if rng.random() < 0.3:
            weight = weight * rng.uniform(0.5, 1.5)  # the same targets with other saliences
        level = float(rng.uniform(0.2, kept.umax))
        assert kept.choose(level, targets, weight).tobytes() == _reference(s).choose(level, targets, weight).tobytes()
    assert kept._paths  # it did keep paths


def _reference(s, actor: int = 0) -> OfferChooser:
    """A chooser that keeps nothing and takes the arrays' way through every step (as on continuous issues)."""
    ref = OfferChooser(s, actor)
    ref.all_discrete = False
    return ref


def test_a_chooser_rebuilt_under_new_red_lines_keeps_none_of_the_old_paths():
    s = _finite_space(0)
    ch = OfferChooser(s, 0)
    targets, weight = s.best_package(1)[None, :], s.weight[[1]]
    ch.choose(0.6, targets, weight)
    narrower = s.allowed.copy()
    narrower[0, 1, :3] = False  # red lines moved: options 0-2 of issue 1 are out for actor 0
    from dataclasses import replace

    moved = replace(s, allowed=narrower)
    rebuilt = ch.rebound(moved)
    assert not rebuilt._paths
    for level in (0.5, 0.6, 0.7, 0.8):
        x = rebuilt.choose(level, targets, weight)
        assert x.tobytes() == _reference(moved).choose(level, targets, weight).tobytes()
        assert moved.feasible(x)[0]


def test_a_finite_space_keeps_utilities_it_computed_and_they_cannot_be_changed():
    s = _finite_space(1)
    x = s.best_package(0)
    u = s.utility(x)
    assert u.tolist() == s._utility(x).tolist() and s.utility(x) is u
    assert s.feasible(x).tolist() == s._feasible(x).tolist()
    with pytest.raises(ValueError):
        u[0] = 2.0


def test_of_equally_close_options_that_reach_the_aspiration_the_first_is_offered():
    """Categorical issue, the other side wants o3: every other option is equally far from it. At 0.5, o1
    (0.6) and o2 (0.9) both reach the aspiration; the tie goes to the first option (``np.argmin``'s rule),
    on a kept path as on the arrays' way."""
    data = {
        "negosim": 1,
        "name": "T",
        "issues": {"c": {"name": "C", "kind": "discrete", "options": ["o0", "o1", "o2", "o3"]}},
        "actors": {
            "a": {"name": "A", "positions": {"c": {"values": dict(o0=0.2, o1=0.6, o2=0.9, o3=0.1), "salience": 1}}},
            "b": {"name": "B", "positions": {"c": {"values": dict(o0=0.0, o1=0.0, o2=0.0, o3=1.0), "salience": 1}}},
        },
    }
    s = build_space(build(data))
    targets, weight = np.array([[3.0]]), s.weight[[1]]
    assert OfferChooser(s, 0).choose(0.5, targets, weight).tolist() == [1.0]
    assert _reference(s).choose(0.5, targets, weight).tolist() == [1.0]
    assert OfferChooser(s, 0).choose(0.7, targets, weight).tolist() == [2.0]  # only o2 reaches 0.7


@pytest.mark.parametrize("ordered", [True, False], ids=["ordered", "categorical"])
def test_a_frontier_traced_on_one_kept_path_is_the_frontier_traced_afresh(ordered):
    """``favour`` keeps one greedy path per other actor: points of the frontier asked in any order, again and
    again, are bit for bit those of a chooser asked once at each level, by the arrays' way."""
    s = _finite_space(3, ordered=ordered)
    kept = OfferChooser(s, 0)
    levels = np.random.default_rng(7).uniform(0.1, kept.umax, 40)
    for level in [*levels, *levels[::-1]]:
        for other in (1, 2):
            x = kept.favour(float(level), other)
            assert x.tobytes() == _reference(s).favour(float(level), other).tobytes()
            assert s.utility(x)[0] >= level - 1e-9
    assert {key for key in kept._paths if key[0] == "favour"} == {("favour", 1), ("favour", 2)}
