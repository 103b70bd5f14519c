"""Comparative statics: each "what if" moves the outcome in the direction the literature gives.

Every test sweeps one number of tests/theory/statics.yaml (two sides at war over a territory, a
ceasefire that can be settled on its own, a summit, a mediator, a host) with the sweep machinery,
the same seeds at every value (common random numbers: the same battles), and checks the direction
on the change per seed with 95% intervals: from the lowest to the highest value the measure must
move (its interval clear of no change), and between neighbouring values it must never move the
other way by more than the noise. A model whose effect is missing or reversed fails.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

import pytest

import negosim
from negosim.analysis import fearon_range

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
STATICS = HERE / "statics.yaml"
SEEDS = 16
Z = 1.96


class Estimate(NamedTuple):
    """A mean and its standard error."""

    mean: float
    se: float


def sweep(tmp_path: Path, path: str, values: list, replicates: int = SEEDS, scenario: Path = STATICS, **fixed) -> dict:
    """``{value: runs}`` of a one-factor sweep of ``scenario``, every value on the same seeds (``fixed``:
    overrides for every run, ``a__b__0__c`` for ``a.b[0].c``)."""
    spec = f"{path}={','.join(str(v) for v in values)}"
    overrides = {k.replace("__", ".").replace(".0.", "[0]."): v for k, v in fixed.items()} or None
    res = negosim.sweep(scenario, [spec], replicates=replicates, out=tmp_path / "s", workers=1, figures=False,
                        paired=True, overrides=overrides)  # fmt: skip
    assert res.complete and res.failed == 0
    return {v: res.runs[res.runs[path] == v].set_index("replicate").sort_index() for v in values}


def mean(column: str):
    """The measure: ``column`` of each run, as a number."""
    return lambda runs: runs[column].astype(float)


def share(column: str, value=True):
    """The measure: whether ``column`` of each run is ``value`` (1 or 0), whose mean is a share."""
    return lambda runs: (runs[column] == value).astype(float)


def change(a, b) -> Estimate:
    """The mean change from runs ``a`` to runs ``b`` on the same seeds, and its standard error."""
    d = (b - a).to_numpy()
    return Estimate(float(d.mean()), float(d.std(ddof=1)) / math.sqrt(len(d)) if len(d) > 1 else 0.0)


def rises(by: dict, measure, what: str) -> None:
    """``measure`` rises with the factor: clearly (its 95% interval above 0) from the first value to the last,
    and between neighbours it never falls by more than the 95% interval of the change."""
    runs = [measure(r) for r in by.values()]
    keys = list(by)
    for n in range(len(runs) - 1):
        step = change(runs[n], runs[n + 1])
        assert step.mean >= -Z * step.se - 1e-12, f"{what} falls from {keys[n]} to {keys[n + 1]}: {step}"
    whole = change(runs[0], runs[-1])
    assert whole.mean - Z * whole.se > 0, f"{what} does not rise from {keys[0]} to {keys[-1]}: {whole}"


def falls(by: dict, measure, what: str) -> None:
    rises(by, lambda runs: -measure(runs), f"minus {what}")


def test_a_side_more_optimistic_about_the_war_demands_more_and_settles_no_sooner(tmp_path):
    """Fearon (1995); Slantchev (2003): the more a side expects to win, the more it demands, and the
    later (never sooner) it settles. Side A's belief Beta(alpha, 5): its expected chance 0.29, 0.5, 0.67."""
    by = sweep(tmp_path, "conflict.beliefs.a[0]", [2, 5, 10])
    rises(by, mean("utility_a"), "A's utility of the outcome")
    means = [float(r["round"].mean()) for r in by.values()]
    assert means == sorted(means), f"agreement comes sooner as A grows optimistic: {means}"


def test_higher_costs_of_war_widen_the_range_and_bring_agreement_no_later(tmp_path):
    """Fearon (1995): costs c_A, c_B open the range [p - c_A, p + c_B] of deals both prefer to war, and
    settlement comes no later. The range is pinned in the analysis; in a run, the parties' room over their
    values of no deal (1 - d_a - d_b: their utilities sum to 1 on every package here) widens with A's cost."""
    lo, hi = fearon_range(0.6, 0.1, 0.15)
    assert (lo, hi) == pytest.approx((0.5, 0.75)) and hi - lo == pytest.approx(0.25)
    assert fearon_range(0.6, 0.2, 0.15)[1] - fearon_range(0.6, 0.2, 0.15)[0] == pytest.approx(0.35)
    room = []
    for cost in (0.0, 0.005, 0.015):
        res = negosim.simulate(STATICS, seed=0, overrides={"conflict.cost_per_round.a": cost}, analysis=False)
        d = res.history[res.history["round"] == 1].set_index("actor")["no_deal_value"]
        room.append(1 - d["a"] - d["b"])
    assert room[0] < room[1] < room[2]
    falls(sweep(tmp_path, "conflict.cost_per_round.a", [0.0, 0.005, 0.015]), mean("round"), "the round")


def test_a_bigger_stick_on_a_party_makes_it_concede_no_less(tmp_path):
    """Beardsley (2008, 2011): a mediator's stick lowers the target's value of no agreement, so it
    concedes more; what it keeps of the agreement falls (its concession, 1 - its utility, rises)."""
    by = sweep(tmp_path, "actors.m.pressure[0].stick", [0.0, 0.2, 0.4])
    falls(by, mean("utility_b"), "B's utility of the outcome")


def test_a_firmer_red_line_brings_agreement_no_more_often(tmp_path):
    """A red line of firmness f gives q (1 - f) / (f R) of its way a round (model doc, section 3): firmer, it
    holds longer and gives less, and a deal that needs it to give way comes no more often. A's firm line
    (territory >= 0.5) meets B's line (territory <= 0.4), which only the war's pressure wears down."""
    by = sweep(tmp_path, "actors.b.red_lines[0].firmness", [0.5, 0.9, 0.95, 1.0],
               actors__a__red_lines=[{"issue": "territory", "min": 0.5}])  # fmt: skip
    falls(by, share("outcome", "agreement"), "the share of agreements")
    assert (by[1.0]["outcome"] != "agreement").all()  # a firm line never gives way


def test_a_longer_deadline_for_boulware_parties_brings_agreement_no_sooner(tmp_path):
    """Faratin, Sierra & Jennings (1998): a Boulware party concedes by the clock, so a later deadline
    stretches its concession and the deal comes later."""
    rises(sweep(tmp_path, "rounds", [20, 30, 45]), mean("round"), "the round of the outcome")


def test_a_bigger_host_bonus_settles_the_hosted_issue_no_less_often(tmp_path):
    """Hosting (model doc, section 7): the venue adds to every party's weighing of a package with the
    summit, so the talks that carry it succeed no less often. B's line firm, 24 rounds: a close call."""
    by = sweep(tmp_path, "actors.h.hosting.bonus", [0.01, 0.15, 0.4], replicates=32,
               actors__b__red_lines__0__firmness=1.0, rounds=24)  # fmt: skip
    rises(by, share("settled_summit"), "the share of runs that settle the summit")


def test_a_more_patient_party_gets_a_bigger_rubinstein_share(tmp_path):
    """Rubinstein (1982): the first proposer's share is (1 - d_b) / (1 - d_a d_b), rising in its own
    discount factor d_a; agreed at once. With d_b = 0.8: 0.6522, 0.7143, 0.8333 for d_a = 0.85, 0.9, 0.95."""
    by = sweep(tmp_path, "actors.a.strategy.discount", [0.85, 0.9, 0.95], replicates=2,
               scenario=HERE / "rubinstein-0.9-0.8.yaml")  # fmt: skip
    shares = [float(runs["value_share"].iloc[0]) for runs in by.values()]
    assert shares == pytest.approx([0.2 / (1 - 0.85 * 0.8), 0.2 / (1 - 0.9 * 0.8), 0.2 / (1 - 0.95 * 0.8)], abs=1e-6)
    assert all((runs["round"] == 1).all() for runs in by.values())


def test_kyivs_crimea_firmness_moves_the_istanbul_outcome_by_degrees(tmp_path):
    """Issue 25: a firmness is a degree of resistance, not a switch at 1. Sweeping Kyiv's Crimea line (no
    recognition, max 0.5) from 0.6 to 1 on the same seeds gives several distinct outcomes (the share of
    runs that agree falls by steps: 1.00, 0.93, 0.47, 0.23, 0.07, 0 over 40 seeds measured), never more
    favourable to Russia as the line grows firmer, and no agreement at all when it is firm."""
    values = [0.6, 0.8, 0.9, 0.95, 0.99, 1.0]
    istanbul = ROOT / "scenarios" / "istanbul-2025.yaml"
    by = sweep(tmp_path, "actors.ukraine.red_lines[0].firmness", values, scenario=istanbul)
    shares = [float((runs["outcome"] == "agreement").mean()) for runs in by.values()]
    assert len(set(shares)) >= 3, shares
    assert shares == sorted(shares, reverse=True) and shares[-1] == 0, shares
    falls(by, share("outcome", "agreement"), "the share of agreements")
    falls(by, mean("utility_russia"), "Russia's utility of the outcome")
