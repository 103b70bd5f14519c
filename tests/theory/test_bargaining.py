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
    no_deal = res.history.pivot(index="round", columns="actor", values="no_deal_value")
    assert (no_deal["a"] + no_deal["b"] > 1).all()  # every round: no share gives both more than war
    assert res.outcome == "deadline" and res.agreement is None
    assert settlement_possible(0.6, 0.6, 0.1, 0.15) and not settlement_possible(0.7, 0.4, 0.1, 0.15)
