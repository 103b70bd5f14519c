"""Concession strategies: time-dependent tactics (Faratin, Sierra & Jennings 1998), their parameter
schemas and capabilities, and what a strategy sees (an observation, never the model)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import negosim
from negosim.strategies import STRATEGIES, StrategyParams, TitForTat, make_strategy
from negosim.strategies.base import Observation
from negosim.strategies.time_dependent import alpha_exponential, alpha_polynomial
from tests.conftest import build, pie

BLOCK = TypeAdapter(StrategyParams)


def strategy(best: float = 1.0, no_deal: float = 0.0, **block):
    return make_strategy(BLOCK.validate_python(block), best=best, no_deal=no_deal)


@pytest.mark.parametrize(("beta", "alpha"), [(0.5, 0.25), (1.0, 0.5), (2.0, 0.7071068)])
def test_alpha_at_half_time(beta, alpha):
    assert alpha_polynomial(0.5, beta, kappa=0.0) == pytest.approx(alpha, abs=1e-7)


def test_kappa_is_the_opening_concession_and_time_is_clamped():
    assert alpha_polynomial(0.0, 0.3, kappa=0.2) == pytest.approx(0.2)
    assert alpha_polynomial(1.7, 0.3, kappa=0.2) == pytest.approx(1.0)


def test_aspiration_runs_from_best_to_the_value_of_no_deal():
    s = strategy(best=0.9, no_deal=0.3, tactic="boulware", beta=0.2)
    assert s.aspiration(0.0) == pytest.approx(0.9)
    assert s.aspiration(1.0) == pytest.approx(0.3)
    assert s.aspiration(0.5) == pytest.approx(0.9 - 0.5**5 * 0.6)
    at_half = [strategy(tactic=t).aspiration(0.5) for t in ("boulware", "linear", "conceder")]
    assert at_half == pytest.approx([1 - 0.5**5, 0.5, 1 - 0.5**0.5])  # default betas 0.2, 1 and 2


def test_each_tactic_s_block_takes_its_own_parameters_and_defaults():
    assert strategy(tactic="conceder").beta == 2.0 and strategy(tactic="boulware", beta=0.3).beta == 0.3
    assert strategy(tactic="zeuthen").step == 0.2 and strategy(tactic="tit-for-tat", mode="relative").mode == "relative"
    with pytest.raises(ValidationError, match="discount"):
        BLOCK.validate_python({"tactic": "rubinstein"})  # its discount is required
    with pytest.raises(ValidationError, match="beta"):
        BLOCK.validate_python({"tactic": "rubinstein", "discount": 0.9, "beta": 0.5})
    with pytest.raises(ValidationError, match="exponential form needs kappa > 0"):
        BLOCK.validate_python({"tactic": "boulware", "form": "exponential"})


def test_the_generic_time_dependent_tactic_runs_from_boulware_to_conceder():
    betas = [0.2, 0.5, 1, 2, 5]
    at_half = [strategy(tactic="time-dependent", beta=b).aspiration(0.5) for b in betas]
    assert at_half == pytest.approx([1 - 0.5 ** (1 / b) for b in betas])
    assert at_half == sorted(at_half, reverse=True)  # the higher beta, the earlier the concession
    data = pie()
    data["actors"]["a"]["strategy"] = {"tactic": "time-dependent", "beta": 0.2}
    for beta in betas:  # a sweep over beta needs no change of tactic name
        assert negosim.simulate(build(data), overrides={"actors.a.strategy.beta": beta}).outcome == "agreement"


def test_exponential_form_starts_at_kappa_and_ends_conceded():
    s = strategy(tactic="boulware", beta=0.5, kappa=0.1, form="exponential")
    assert s.alpha(0.0) == pytest.approx(0.1)
    assert s.alpha(1.0) == pytest.approx(1.0)
    assert alpha_exponential(0.5, 1.0, 0.1) == pytest.approx(0.1**0.5)


def test_hardliner_never_moves():
    h = strategy(best=0.8, no_deal=0.1, tactic="hardliner")
    assert [h.aspiration(t) for t in (0, 0.5, 1)] == [0.8, 0.8, 0.8]
    assert h.acceptance(1.0) == 0.8


@pytest.mark.parametrize("tactic", [n for n, cls in STRATEGIES.items() if cls.classifier.get("parties") == 2])
def test_a_tactic_for_two_parties_is_refused_with_three(tactic):
    data = pie()
    data["actors"]["c"] = {"name": "C", "positions": {"x": {"ideal": 0.5, "salience": 1}}}
    for a in data["actors"].values():
        a["strategy"] = {"tactic": tactic, **({"discount": 0.9} if tactic == "rubinstein" else {})}
    with pytest.raises(negosim.ScenarioError, match=f"{tactic} needs exactly two parties"):
        build(data)


@pytest.mark.parametrize(
    "tactic", [n for n, cls in STRATEGIES.items() if cls.classifier.get("family") != "time-dependent"]
)
def test_only_clock_tactics_run_on_a_mediator_s_text(tactic):
    data = pie(protocol="mediated")
    data["actors"]["m"] = {"name": "M", "role": "mediator"}
    data["actors"]["a"]["strategy"] = {"tactic": tactic, **({"discount": 0.9} if tactic == "rubinstein" else {})}
    with pytest.raises(negosim.ScenarioError, match=f"{tactic} does not work with the mediated protocol"):
        build(data)


def observation(offers, no_deal=(0.0, 0.0), me=0) -> Observation:
    """Two parties on the pie: party 0 wants x = 1, party 1 wants x = 0."""
    offers = np.array(offers, dtype=float)
    return Observation(t=0.5, me=me, best=1.0, no_deal=np.array(no_deal), offers=offers,
                       has_offer=~np.isnan(offers[:, 0]), utility=lambda x: np.stack([x[..., 0], 1 - x[..., 0]]),
                       offer_at=lambda level: np.array([level]))  # fmt: skip


def test_tit_for_tat_gives_up_what_the_other_gave_up_and_never_goes_below_no_deal():
    tft = strategy(tactic="tit-for-tat", no_deal=0.3)
    assert tft.update(observation([[1.0], [0.0]], no_deal=(0.3, 0.0))) == (1.0, 1.0)  # nothing to answer yet
    assert tft.update(observation([[1.0], [0.2]], no_deal=(0.3, 0.0))) == pytest.approx((0.8, 0.8))  # B gave 0.2
    assert tft.update(observation([[1.0], [0.9]], no_deal=(0.3, 0.0))) == pytest.approx((0.3, 0.3))  # floor
    rel = strategy(tactic="tit-for-tat", mode="relative")
    rel.update(observation([[1.0], [0.0]], no_deal=(0.0, 0.5)))
    # B gave up 0.25 of its room above its value of no deal (1 - 0.5): A gives up the same share of its own
    assert rel.update(observation([[1.0], [0.125]], no_deal=(0.0, 0.5)))[0] == pytest.approx(0.75)
    assert isinstance(rel, TitForTat)


def test_zeuthen_concedes_by_the_flip_point_or_its_least_step_and_snaps_only_when_close():
    # A (wants x = 1) at level 0.56 has the smaller Nash product (0.56 * 0.44 < 0.45 * 0.55): it concedes.
    # The gap to B's offer is 0.11 of its room, more than the 2% snap: it goes to the lower of the flip
    # point (0.55, where its product matches B's) and its least step (0.56 - 0.2 * 0.11 = 0.538), never
    # past the product's peak (0.5).
    z = strategy(tactic="zeuthen")
    z.level = 0.56
    assert z.update(observation([[0.56], [0.45]]))[0] == pytest.approx(0.538, abs=1e-6)
    z.level = 0.56  # within 2% of its room (gap 0.015) it goes to the peak of the product between the two
    assert z.update(observation([[0.56], [0.545]]))[0] == pytest.approx(0.545, abs=1e-6)  # offers: B's


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 14), st.data())
def test_two_zeuthen_parties_on_a_grid_agree_at_the_grid_s_nash_point(n, data):
    """On one ordered issue of n options with unevenly curved values (any increasing values for A, any
    decreasing for B), the party less willing to risk breakdown concedes package by package: the
    talks end in agreement on an option whose Nash product is the grid's largest."""
    grid = st.lists(st.integers(0, 1000), min_size=n - 2, max_size=n - 2)
    va = np.array([0, *sorted(data.draw(grid)), 1000]) / 1000
    vb = np.array([1000, *sorted(data.draw(grid), reverse=True), 0]) / 1000
    options = [str(k) for k in range(n)]
    scenario = {
        "negosim": 1, "name": "grid", "rounds": 4 * n + 20,
        "issues": {"x": {"name": "X", "kind": "discrete", "options": options, "ordered": True}},
        "actors": {
            party: {"name": party.upper(), "strategy": {"tactic": "zeuthen"},
                    "positions": {"x": {"values": dict(zip(options, map(float, v), strict=True)), "salience": 1}}}
            for party, v in (("a", va), ("b", vb))
        },
    }  # fmt: skip
    res = negosim.simulate(build(scenario))
    assert res.outcome == "agreement"
    k = int(res.summary["agreement"]["x"])
    assert va[k] * vb[k] == pytest.approx((va * vb).max(), abs=1e-12)
