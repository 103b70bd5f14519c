"""Time-dependent concession (Faratin, Sierra & Jennings 1998)."""

from __future__ import annotations

import pytest

from negosim.engine.strategies import STRATEGIES, Boulware, Conceder, Hardliner, Linear, make_strategy
from negosim.engine.strategies.time_dependent import alpha_exponential, alpha_polynomial
from negosim.scenario.models import Strategy


@pytest.mark.parametrize(("beta", "alpha"), [(0.5, 0.25), (1.0, 0.5), (2.0, 0.7071068)])
def test_alpha_at_half_time(beta, alpha):
    assert alpha_polynomial(0.5, beta, kappa=0.0) == pytest.approx(alpha, abs=1e-7)


def test_kappa_is_the_opening_concession_and_time_is_clamped():
    assert alpha_polynomial(0.0, 0.3, kappa=0.2) == pytest.approx(0.2)
    assert alpha_polynomial(1.7, 0.3, kappa=0.2) == pytest.approx(1.0)


def test_aspiration_runs_from_best_to_reservation():
    s = Boulware(beta=0.2, best=0.9, reservation=0.3)
    assert s.aspiration(0.0) == pytest.approx(0.9)
    assert s.aspiration(1.0) == pytest.approx(0.3)
    assert Boulware(0.2).aspiration(0.5) > Linear(1.0).aspiration(0.5) > Conceder(2.0).aspiration(0.5)


def test_registry_and_defaults_per_tactic():
    assert set(STRATEGIES) == {"boulware", "linear", "conceder", "rubinstein", "hardliner", "tit-for-tat", "zeuthen"}
    assert all(cls.__doc__ and cls.classifier for cls in STRATEGIES.values())
    assert make_strategy(Strategy(tactic="conceder"), 1.0, 0.0).beta == 2.0
    assert make_strategy(Strategy(tactic="boulware", beta=0.3), 1.0, 0.0).beta == 0.3


def test_exponential_form_starts_at_kappa_and_ends_conceded():
    s = Boulware(beta=0.5, kappa=0.1, form="exponential")
    assert s.alpha(0.0) == pytest.approx(0.1)
    assert s.alpha(1.0) == pytest.approx(1.0)
    assert alpha_exponential(0.5, 1.0, 0.1) == pytest.approx(0.1**0.5)


def test_parameters_are_validated_per_tactic():
    with pytest.raises(ValueError, match="beta does not apply to tactic rubinstein"):
        Strategy(tactic="rubinstein", discount=0.9, beta=0.5)
    with pytest.raises(ValueError, match="rubinstein needs discount"):
        Strategy(tactic="rubinstein")
    with pytest.raises(ValueError, match="discount does not apply to tactic boulware"):
        Strategy(tactic="boulware", discount=0.9)
    with pytest.raises(ValueError, match="exponential form needs kappa > 0"):
        Strategy(tactic="boulware", form="exponential")


def test_hardliner_never_moves():
    h = Hardliner(best=0.8, reservation=0.1)
    assert [h.aspiration(t) for t in (0, 0.5, 1)] == [0.8, 0.8, 0.8]
    assert h.acceptance(1.0) == 0.8
