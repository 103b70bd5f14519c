"""Spoilers (issue 27 item 7; model doc, section 7): an observer or a host strikes at a round, or once a deal it
likes less than no deal is within reach, with its chance drawn from a stream of its own; a strike ends the talks,
starts the war or is any shock; an observer's pressure presses. A scenario without spoilers runs as before
(benchmarks/same_numbers.py)."""

from __future__ import annotations

import math

import pytest

from negosim.engine.result import RunResult
from negosim.errors import ScenarioError
from negosim.scenario.loader import from_data
from tests.conftest import pie
from tests.engine.test_shocks import run, war

CAUSE = "S strikes the reactor"


def spoiled(reservation: float = 0.8, chance: float = 1.0, **spoil) -> dict:
    """The pie (A wants 1, B wants 0; linear, they meet at 0.5 in round 7) with an observer S that wants 1 and
    values no deal at ``reservation``: at 0.5 the deal in sight is worth 0.5 to it."""
    data = pie(rounds=11)
    block = {"when": "near_deal", "chance": chance, "does": "breakdown", "text": CAUSE, "assumed": "a test", **spoil}
    data["actors"]["s"] = {"name": "S", "role": "observer", "reservation": reservation,
                           "positions": {"x": {"ideal": 1, "salience": 1}}, "spoils": [block]}  # fmt: skip
    return data


def test_a_spoiler_that_dislikes_the_deal_in_sight_strikes_before_it_is_agreed_and_the_talks_break_down():
    plain = run(pie(rounds=11))
    assert plain.outcome == "agreement"
    m = run(spoiled())
    assert m.outcome == "breakdown" and m.agreement is None and m.round <= plain.round  # in time, before the accept
    spoil = [e for e in m.events if e.kind == "spoil"]
    assert len(spoil) == 1 and spoil[0].struck and spoil[0].actor == "s" and spoil[0].round == m.round
    assert spoil[0].text.startswith(f"s strikes: {CAUSE} (chance 1; a deal is in sight worth 0.")
    assert m.events[-1].kind == "breakdown" and m.events[-1].text == f"the talks break down: {CAUSE}"
    assert not [e for e in m.events if e.round == m.round and e.kind in ("offer", "accept", "agreement")]
    reasons = RunResult.from_model(m, 0, {}).reasons()
    assert reasons[0] == f"the talks break down: {CAUSE}" and reasons[1].startswith(f"in round {m.round} s struck")


def test_a_spoiler_that_likes_the_deal_in_sight_never_strikes_and_the_talks_run_as_without_it():
    plain, m = run(pie(rounds=11)), run(spoiled(reservation=0.2))
    assert m.outcome == plain.outcome == "agreement" and m.round == plain.round
    assert (m.agreement == plain.agreement).all()
    assert not [e for e in m.events if e.kind == "spoil"]


def test_a_deal_is_in_sight_only_within_reach_of_every_party_s_bar():
    """The wider the reach, the earlier the spoiler's moment; with none, a deal struck inside one round (an offer
    made and accepted at once) is never in sight."""
    runs = {reach: run(spoiled(reach=reach)) for reach in (0.0, 0.1, 0.3)}
    assert runs[0.0].outcome == "agreement" and not [e for e in runs[0.0].events if e.kind == "spoil"]
    assert runs[0.0].round >= runs[0.1].round > runs[0.3].round
    assert runs[0.1].outcome == runs[0.3].outcome == "breakdown"


def test_a_spoiler_strikes_with_its_chance_over_seeds():
    """Struck in about ``chance`` of the runs, within a binomial tolerance (4 sigma), and holds back otherwise."""
    chance, n = 0.3, 300
    struck = sum(run(spoiled(chance=chance), seed=seed).outcome == "breakdown" for seed in range(n))
    assert abs(struck / n - chance) <= 4 * math.sqrt(chance * (1 - chance) / n)
    held = run(spoiled(chance=0.0))
    assert held.outcome == "agreement"
    assert [e.text.split(":")[0] for e in held.events if e.kind == "spoil"] == ["s holds back (chance of a strike 0)"]


def test_a_spoiler_decides_once_and_draws_from_its_own_stream_so_the_battles_stay_the_same():
    data = war(rounds=12)
    data["actors"]["s"] = {"name": "S", "role": "observer", "spoils": [
        {"when": {"round": 3}, "chance": 0.0, "does": {"kind": "pressure", "actor": "s", "target": "a", "stick": 0.2},
         "assumed": "t"}]}  # fmt: skip
    for seed in range(4):  # it draws and holds back: every battle and move is as without it
        plain, m = run(war(rounds=12), seed=seed), run(data, seed=seed)
        assert [str(e) for e in plain.events[1:]] == [str(e) for e in m.events[1:] if e.kind != "spoil"]
        assert len([e for e in m.events if e.kind == "spoil"]) == 1


def test_a_strike_at_a_round_can_start_the_war_and_be_any_shock():
    data = war(rounds=10, conflict={**war()["conflict"], "starts": 9})
    data["actors"]["s"] = {"name": "S", "role": "observer", "spoils": [
        {"when": {"round": 3}, "chance": 1, "does": "war", "assumed": "t"},
        {"when": {"round": 4}, "chance": 1, "does": {"kind": "pressure", "actor": "s", "target": "b", "stick": 0.3},
         "assumed": "t"}]}  # fmt: skip
    m = run(data, seed=1)
    started = [e for e in m.events if e.kind == "shock" and e.what == "war"]
    assert [e.round for e in started][:1] == [3] and "the war begins" in started[0].change
    assert min(e.round for e in m.events if e.kind == "battle") == 4  # the strike comes after round 3's battle stage
    assert [e.round for e in m.events if e.kind == "press" and e.actor == "s"][:1] == [5]  # built up from round 4


def test_an_observer_s_pressure_presses_its_target():
    data = pie(rounds=6)
    data["actors"]["a"]["reservation"] = 0.4
    data["actors"]["o"] = {"name": "O", "role": "observer", "pressure": [{"target": "a", "stick": 0.5}]}
    m = run(data)
    press = [e for e in m.events if e.kind == "press"]
    assert press and press[0].actor == "o" and press[0].target == "a"
    assert m.batna[m.space.actors.index("a")] == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        (lambda d: d["actors"]["a"].update(spoils=d["actors"]["s"].pop("spoils")), "actors.a.spoils",
         "a party does not spoil"),
        (lambda d: d["actors"]["s"].update(role="mediator"), "actors.s.spoils", "only an observer or a host spoils"),
        (lambda d: d["actors"]["s"].pop("positions"), "actors.s.spoils[0].when", "needs positions"),
        (lambda d: d["actors"]["s"]["spoils"][0].update(does="war"), "actors.s.spoils[0].does", "needs a war"),
        (lambda d: d["actors"]["s"]["spoils"][0].update(when={"round": 30}), "actors.s.spoils[0].when.round",
         "after the last round"),
        (lambda d: d["actors"]["s"]["spoils"][0].update(chance=1.5), "actors.s.spoils[0].chance", "less than or equal"),
    ],
)  # fmt: skip
def test_a_spoiler_the_talks_cannot_hold_is_refused_where_it_is_written(change, where, says):
    data = spoiled()
    change(data)
    with pytest.raises(ScenarioError) as info:
        from_data(data)
    assert any(p.path == where and says in p.message for p in info.value.problems), info.value.problems
