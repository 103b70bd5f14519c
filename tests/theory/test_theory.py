"""Theory negosim must reproduce, each case a scenario file in this folder run through negosim.simulate."""

from __future__ import annotations

from pathlib import Path

import pytest

import negosim
from negosim.engine.strategies.rubinstein import spe_share

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    ("file", "share"), [("rubinstein-0.9-0.9.yaml", 0.526316), ("rubinstein-0.9-0.8.yaml", 0.714286)]
)
def test_rubinstein_shares_agreed_in_the_first_round(file, share):
    res = negosim.simulate(HERE / file)
    assert (res.outcome, res.round) == ("agreement", 1)
    assert res.summary["agreement"]["share"] == pytest.approx(share, abs=5e-7)
    assert res.summary["utilities"]["b"] == pytest.approx(1 - share, abs=5e-7)


def test_spe_share_formula():
    assert spe_share(0.9, 0.9) == pytest.approx(0.1 / 0.19)
    assert spe_share(0.9, 0.8) == pytest.approx(0.2 / 0.28)
    assert spe_share(0.5, 0.0) == 1.0  # an impatient responder gets nothing


def test_a_more_patient_responder_gets_more():
    shares = [
        negosim.simulate(HERE / "rubinstein-0.9-0.9.yaml", overrides={"actors.b.strategy.discount": d}).summary[
            "agreement"
        ]["share"]
        for d in (0.5, 0.8, 0.95)
    ]
    assert shares == sorted(shares, reverse=True)


def test_hardliner_against_a_conceder_takes_everything():
    res = negosim.simulate(
        HERE / "rubinstein-0.9-0.9.yaml",
        overrides={"actors.a.strategy": {"tactic": "hardliner"}, "actors.b.strategy": {"tactic": "conceder"}},
    )
    assert res.outcome == "agreement" and res.summary["agreement"]["share"] == pytest.approx(1.0)
