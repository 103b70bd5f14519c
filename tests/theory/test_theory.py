"""Theory negosim must reproduce, each case a scenario file in this folder run through negosim.simulate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negosim
from negosim.analysis import TwoParty
from negosim.engine.compiled import compile_scenario

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    ("file", "share"), [("rubinstein-0.9-0.9.yaml", 0.526316), ("rubinstein-0.9-0.8.yaml", 0.714286)]
)
def test_rubinstein_shares_agreed_in_the_first_round(file, share):
    res = negosim.simulate(HERE / file)
    assert (res.outcome, res.round) == ("agreement", 1)
    assert res.summary["agreement"]["share"] == pytest.approx(share, abs=5e-7)
    assert res.summary["utilities"]["b"] == pytest.approx(1 - share, abs=5e-7)


@pytest.mark.parametrize(("own", "other"), [(0.9, 0.9), (0.9, 0.8), (0.5, 0.01), (0.3, 0.95)])
def test_the_frontier_solution_is_rubinstein_s_closed_form_on_the_unit_pie(own, other):
    space = compile_scenario(negosim.load_scenario(HERE / "pie.yaml")).space
    demand, accept, *_ = TwoParty(space, 0, 1).rubinstein(own, other)
    share = (1 - other) / (1 - own * other)  # Rubinstein (1982)
    assert demand == pytest.approx(share, abs=1e-9)
    assert accept == pytest.approx(own * share, abs=1e-9)


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


@pytest.mark.parametrize(
    ("overrides", "share"), [({}, 0.5), ({"actors.a.reservation": 0.2, "actors.b.reservation": 0.1}, 0.55)]
)
@pytest.mark.parametrize("protocol", ["alternating", "simultaneous"])
def test_zeuthen_converges_to_the_nash_solution(overrides, share, protocol):
    res = negosim.simulate(HERE / "zeuthen-pie.yaml", overrides={**overrides, "protocol": protocol})
    assert res.outcome == "agreement"
    assert res.summary["agreement"]["share"] == pytest.approx(share, abs=1e-6)
    assert res.summary["nash_distance"] == pytest.approx(0.0, abs=1e-6)


def tft(a: str, b: str, **extra) -> negosim.RunResult:
    strategies = {"actors.a.strategy": {"tactic": a, **extra}, "actors.b.strategy": {"tactic": b}, "rounds": 21}
    return negosim.simulate(HERE / "pie.yaml", overrides=strategies)


def test_tit_for_tat_mirrors_the_other_partys_concessions_a_round_later():
    res = tft("tit-for-tat", "linear")
    h = res.history
    mine, theirs = h[h.actor == "a"]["aspiration"].to_numpy(), h[h.actor == "b"]["aspiration"].to_numpy()
    assert mine[2:6] == pytest.approx(theirs[1:5])  # B gives up 0.05 a round; A follows one round later
    assert res.outcome == "agreement" and res.summary["agreement"]["share"] == pytest.approx(0.5)


def test_two_tit_for_tat_parties_never_move():
    res = tft("tit-for-tat", "tit-for-tat")
    assert res.outcome == "deadline" and (res.history["aspiration"] == 1.0).all()


def test_relative_tit_for_tat_gives_up_the_same_share_of_its_room():
    res = negosim.simulate(
        HERE / "pie.yaml",
        overrides={
            "actors.a.strategy": {"tactic": "tit-for-tat", "mode": "relative"},
            "actors.a.reservation": 0.5,
            "actors.b.strategy": {"tactic": "linear"},
            "rounds": 21,
        },
    )
    h = res.history
    mine = h[h.actor == "a"]["aspiration"].to_numpy()
    # B gives up 5% of its room in its first move; A then gives up 5% of its room of 0.5
    assert mine[2] == pytest.approx(1 - 0.05 * 0.5)


def test_mediated_text_is_the_nash_solution_and_is_accepted_when_aspirations_reach_it():
    res = negosim.simulate(HERE / "mediated-pie.yaml")
    assert res.outcome == "agreement" and res.summary["agreement"]["share"] == pytest.approx(0.5)
    assert res.summary["durable"] is True and res.summary["nash_distance"] == pytest.approx(0.0, abs=1e-7)
    kinds = [e.kind for e in res.events]
    assert kinds.count("text") == 1 and "reject" in kinds
    assert res.text is not None and res.text[0, 0] == pytest.approx(0.5)


def pressed(reservations: tuple[float, float], stick: float = 0.5, over: int = 4, **more) -> negosim.RunResult:
    """The mediated pie with the mediator's stick on B: ``stick`` of B's value of no deal at full strength,
    reached over ``over`` rounds."""
    overrides = {"actors.m.pressure": [{"target": "b", "stick": stick, "over": over}],
                 "actors.a.reservation": reservations[0], "actors.b.reservation": reservations[1], **more}  # fmt: skip
    return negosim.simulate(HERE / "mediated-pie.yaml", overrides=overrides)


def test_a_stick_moves_the_text_toward_the_presser_up_to_its_bound():
    """Nash (1950) on the pie with d = (0.3, d_b): the text is (1 + 0.3 - d_b) / 2. The stick builds up over
    4 rounds (an eighth of B's 0.3 in round 1, half of it from round 4) and then moves nothing more
    (Beardsley 2011: leverage is bounded by what the mediator can take away)."""
    res = pressed((0.3, 0.3))
    texts = res.text[:, 0]
    assert texts[0] == pytest.approx((1 + 0.3 - 0.3 * (1 - 0.5 / 4)) / 2)
    assert (np.diff(texts) >= -1e-9).all()  # each round's stick moves the text toward A
    assert texts[3:] == pytest.approx(np.full(len(texts) - 3, (1 + 0.3 - 0.15) / 2))  # full strength: bounded
    presses = [e for e in res.events if e.kind == "press"]
    assert presses[0].text == "m presses b (a stick takes 12% of its value of no deal, now 0.26)"
    assert presses[3].no_deal == pytest.approx(0.15) and presses[-1].no_deal == pytest.approx(0.15)


def test_sticks_on_one_target_compound_and_never_take_everything():
    two = [{"target": "b", "stick": 0.5}, {"target": "b", "stick": 0.5}]
    res = negosim.simulate(
        HERE / "mediated-pie.yaml", overrides={"actors.m.pressure": two, "actors.b.reservation": 0.4}
    )
    assert res.batna[res.space.actors.index("b")] == pytest.approx(0.4 * 0.5 * 0.5)


def test_a_deal_reached_under_pressure_below_a_party_s_own_floor_is_not_durable():
    res = pressed((0.5, 0.45), over=1, rounds=40)
    assert res.outcome == "agreement"
    assert res.summary["utilities"]["b"] < 0.45 and res.summary["durable"] is False
