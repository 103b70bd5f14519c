"""Nash, Kalai-Smorodinsky and Fearon numbers pinned on scenario files in this folder."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import negosim
from negosim.analysis import TwoParty, fearon_range, settlement_possible
from negosim.engine.compiled import compile_scenario
from negosim.scenario.overrides import apply_overrides
from tests.conftest import ISTANBUL

HERE = Path(__file__).parent


def two_party(file: str, overrides: dict | None = None) -> TwoParty:
    sc = apply_overrides(negosim.load_scenario(HERE / file), overrides or {})
    return TwoParty(compile_scenario(sc).space, 0, 1)


def test_nash_on_the_pie_splits_in_the_middle():
    nash = two_party("pie.yaml").nash()
    assert nash.package[0] == pytest.approx(0.5, abs=1e-8)
    assert nash.utilities == pytest.approx((0.5, 0.5), abs=1e-8)


def test_nash_moves_with_the_disagreement_point():
    # maximise (x - 0.2)(0.9 - x): x = 0.55
    nash = two_party("pie.yaml", {"actors.a.reservation": 0.2, "actors.b.reservation": 0.1}).nash()
    assert nash.package[0] == pytest.approx(0.55, abs=1e-8)


def test_nash_and_kalai_smorodinsky_differ_on_a_curved_frontier():
    tp = two_party("curved-pie.yaml")
    assert tp.nash().package[0] == pytest.approx(1 / math.sqrt(3), abs=1e-7)  # 0.577350
    assert tp.kalai_smorodinsky().package[0] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-7)  # 0.618034
    assert tp.nash().utilities[1] == pytest.approx(2 / 3, abs=1e-7)


def test_frontier_is_pareto_and_respects_both_red_lines():
    tp = two_party(
        "pie.yaml",
        {
            "actors.a.red_lines": [{"issue": "share", "min": 0.3}],
            "actors.b.red_lines": [{"issue": "share", "max": 0.8}],
        },
    )
    pts = tp.frontier(11)
    xs = [p.package[0] for p in pts]
    assert min(xs) == pytest.approx(0.3) and max(xs) == pytest.approx(0.8)
    assert all(p.utilities[0] + p.utilities[1] == pytest.approx(1.0) for p in pts)


def test_no_frontier_where_red_lines_exclude_each_other():
    tp = two_party(
        "pie.yaml",
        {
            "actors.a.red_lines": [{"issue": "share", "min": 0.7}],
            "actors.b.red_lines": [{"issue": "share", "max": 0.4}],
        },
    )
    assert tp.frontier() == [] and tp.nash() is None and tp.kalai_smorodinsky() is None


def test_fearon_range_and_beliefs():
    assert fearon_range(0.6, 0.1, 0.15) == pytest.approx((0.5, 0.75))
    assert not settlement_possible(0.7, 0.4, 0.1, 0.15)  # optimism gap 0.3 > 0.25: no deal
    assert settlement_possible(0.65, 0.5, 0.1, 0.15)


def test_kalai_smorodinsky_measures_gains_among_deals_both_prefer_to_none():
    # d = (0.2, 0): A's best such deal 1, B's 0.8; equal shares (x - 0.2)/0.8 = (1 - x)/0.8 at x = 0.6
    ks = two_party("pie.yaml", {"actors.a.reservation": 0.2}).kalai_smorodinsky()
    assert ks.package[0] == pytest.approx(0.6, abs=1e-8)
    assert two_party("pie.yaml", {"actors.a.reservation": 0.7, "actors.b.reservation": 0.7}).kalai_smorodinsky() is None


def test_nash_on_discrete_issues_matches_enumeration():
    import itertools

    import numpy as np

    data = {
        "negosim": 1,
        "name": "two discrete issues",
        "issues": {k: {"name": k, "kind": "discrete", "options": ["p", "q", "r", "s"]} for k in ("x", "y")},
        "actors": {
            "a": {
                "name": "A",
                "positions": {
                    "x": {"values": {"p": 1, "q": 0.7, "r": 0.2}, "salience": 0.6},
                    "y": {"values": {"q": 1, "s": 0.5}, "salience": 0.4},
                },
            },
            "b": {
                "name": "B",
                "positions": {
                    "x": {"values": {"s": 1, "r": 0.8, "q": 0.3}, "salience": 0.3},
                    "y": {"values": {"p": 1, "r": 0.9}, "salience": 0.7},
                },
            },
        },
    }
    from negosim.scenario.loader import from_data

    space = compile_scenario(from_data(data)).space
    nash = TwoParty(space, 0, 1).nash()
    packages = np.array(list(itertools.product(range(4), repeat=2)), dtype=float)
    u = space.utility(packages)
    assert nash.utilities[0] * nash.utilities[1] == pytest.approx((u[0] * u[1]).max())


def test_rubinstein_splits_the_surplus_above_the_reservations():
    # 1 - a = 0.9 (1 - (0.9 a + 0.1 * 0.2)) + 0.1 * 0.1  =>  a = 0.108 / 0.19 = 0.568421
    res = negosim.simulate(
        HERE / "rubinstein-0.9-0.9.yaml", overrides={"actors.a.reservation": 0.2, "actors.b.reservation": 0.1}
    )
    assert (res.outcome, res.round) == ("agreement", 1)
    assert res.summary["agreement"]["share"] == pytest.approx(0.108 / 0.19, abs=1e-7)


def test_zeuthen_concedes_at_most_once_per_new_pair_of_offers():
    res = negosim.simulate(HERE / "zeuthen-pie.yaml")
    h = res.history
    b = h[h.actor == "b"]["aspiration"].to_numpy()
    a = h[h.actor == "a"]["aspiration"].to_numpy()
    # round 2: A concedes once against B's opening (equal risks), by its least step of 20% of the gap;
    # B answers A's new offer once, to the flip point: its offer's product 0.2 * 0.8 matches A's 0.8 * 0.2
    assert a[1] == pytest.approx(0.8)
    assert b[1] == pytest.approx(0.8)


def test_a_compiled_scenario_runs_many_times_and_no_run_changes_it():
    """A sweep compiles once and runs many seeds: a run with eroding red lines and interim agreements
    must leave the compiled arrays as they were, and give what a fresh compile gives."""

    sc = negosim.load_scenario(ISTANBUL)
    compiled = compile_scenario(sc)
    before = {k: getattr(compiled.space, k).copy() for k in ("lo", "hi", "allowed", "reservation", "weight")}
    first = negosim.simulate(compiled, seed=3)
    assert first.red_lines and first.interim_issues()  # lines moved and an issue settled in that run
    for k, a in before.items():
        assert np.array_equal(getattr(compiled.space, k), a), k
    assert negosim.simulate(compiled, seed=3).summary == first.summary == negosim.simulate(sc, seed=3).summary


def test_the_summary_reports_both_solutions_and_the_agreement_s_distance_to_each():
    res = negosim.simulate(HERE / "curved-pie.yaml", overrides={"rounds": 41})
    sm = res.summary
    assert sm["nash"]["agreement"]["share"] == pytest.approx(1 / math.sqrt(3), abs=1e-6)
    assert sm["kalai_smorodinsky"]["agreement"]["share"] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-6)
    u = res.space.utility(res.agreement)[res.space.parties]
    nash_u = (1 / math.sqrt(3), 2 / 3)
    assert sm["nash_distance"] == pytest.approx(math.dist(u, nash_u), abs=1e-6)
    ks = (math.sqrt(5) - 1) / 2
    assert sm["ks_distance"] == pytest.approx(math.dist(u, (ks, ks)), abs=1e-6)


def war_range(res) -> tuple[float, float]:
    """The shares both sides prefer to war in round 1: x >= A's value of war, 1 - x >= B's."""
    h = res.history[res.history["round"] == 1].set_index("actor")["no_deal_value"]
    return float(h["a"]), float(1 - h["b"])


def test_the_war_model_reproduces_fearons_range():
    res = negosim.simulate(HERE / "fearon.yaml", seed=1)
    assert war_range(res) == pytest.approx(fearon_range(0.6, 0.1, 0.15), abs=2e-3)  # [0.5, 0.75]
    assert res.outcome == "agreement" and 0.5 - 2e-3 <= res.agreement[0] <= 0.75 + 2e-3


def test_optimists_on_both_sides_leave_no_deal():
    # A believes 0.7, B 0.4: 0.7 - 0.4 > 0.1 + 0.15, so no share suits both (Fearon 1995)
    beliefs = {"a": [70000, 30000], "b": [40000, 60000]}
    res = negosim.simulate(HERE / "fearon.yaml", seed=1, overrides={"conflict.beliefs": beliefs})
    low, high = war_range(res)
    assert (low, high) == pytest.approx((0.6, 0.55), abs=2e-3) and low > high
    assert not settlement_possible(0.7, 0.4, 0.1, 0.15)
    assert res.outcome != "agreement"
