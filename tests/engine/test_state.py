"""The round state: a demo-style loop steps a run and reads every round's snapshot; the outcome and
``running`` are right at any round; a result taken mid-run is a copy that says "running"."""

from __future__ import annotations

import numpy as np
import pytest

import negosim
from negosim.engine.model import NegotiationModel
from negosim.engine.result import RunResult
from tests.conftest import ISTANBUL, build, pie


def test_a_demo_loop_steps_a_run_and_reads_each_round():
    model = NegotiationModel(negosim.load_scenario(ISTANBUL), seed=0)
    start = model.snapshot()
    assert (start.round, start.running, start.outcome) == (0, True, "running")
    assert [e.kind for e in start.events] == ["start"] and np.isnan(start.offers).all()
    states = []
    while model.running:
        model.step()
        states.append(model.snapshot())
    whole = negosim.simulate(ISTANBUL, seed=0)
    assert [s.round for s in states] == list(range(1, whole.round + 1))
    assert all(s.running for s in states[:-1]) and not states[-1].running
    assert [s.outcome for s in states] == ["running"] * (whole.round - 1) + [whole.outcome]
    # the rounds' events, one after another, are the run's events; each round's offers are the history's
    assert [e for s in [start, *states] for e in s.events] == list(whole.events)
    for s in states:
        assert np.array_equal(s.offers, whole.offers[s.round - 1], equal_nan=True)
        assert all(e.round == s.round for e in s.events)
    week7 = states[6]
    assert ("ukraine", "ceasefire-first", "waived") in week7.preconditions
    assert week7.war is not None and set(week7.war) == {"front", "beliefs", "paid", "ceasefire"}
    summit = next(e.round for e in whole.events if e.kind == "interim" and e.issue == "leaders_meeting")
    assert states[summit - 1].settled[1] == 1.0 and np.isnan(states[summit - 2].settled[1])  # settled that week


def test_a_snapshot_cannot_be_changed_and_does_not_change():
    model = NegotiationModel(build(pie()))
    model.step()
    first = model.snapshot()
    offers = first.offers.copy()
    with pytest.raises(ValueError):
        first.offers[0, 0] = 0.3
    model.step()
    assert np.array_equal(first.offers, offers)  # the next round leaves the earlier snapshot alone
    assert first.offer("a") == {"x": pytest.approx(offers[0, 0])}


def test_a_result_taken_mid_run_says_running_and_is_a_copy():
    model = NegotiationModel(build(pie(rounds=11)))
    for _ in range(3):
        model.step()
    mid = RunResult.from_model(model, seed=0, overrides={})
    assert (mid.outcome, mid.round, mid.summary["outcome"]) == ("running", 3, "running")
    assert mid.headline() == "running: 3 rounds played of 11"
    before = mid.offers.copy()
    while model.running:
        model.step()
    assert np.array_equal(mid.offers, before) and len(mid.offers) == 3  # no view of the model's buffers
    end = RunResult.from_model(model, seed=0, overrides={})
    assert end.outcome == "agreement" and len(end.offers) == end.round
