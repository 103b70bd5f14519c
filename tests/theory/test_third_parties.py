"""Mediators, hosts and observers with more than two parties (model doc, section 7), on
tests/theory/third-parties.yaml; the n-party Nash point against exhaustive search."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negosim
from negosim.analysis import nash_package
from tests.conftest import build

THREE = Path(__file__).parent / "third-parties.yaml"


def test_three_parties_settle_on_the_mediators_text():
    res = negosim.simulate(THREE)
    s = res.space
    texts = [e for e in res.events if e.kind == "text"]
    first = nash_package(s, s.parties, s.reservation[s.parties])
    assert texts[0].round == 1 and np.allclose(res.text[0], first)
    assert res.outcome == "agreement" and np.allclose(res.agreement, res.text[-1])
    rejected = {e.actor for e in res.events if e.kind == "reject" and e.round == 1}
    assert rejected == {"a", "b", "c"}  # all three still aim higher at first
    assert "worth too little to it yet" in next(e for e in res.events if e.kind == "reject").text


def test_a_host_makes_the_summit_easier_to_accept():
    plain = negosim.simulate(THREE)
    hosted = negosim.simulate(THREE, overrides={"actors.venue.hosting": {"issue": "summit", "bonus": 0.2}})
    assert hosted.outcome == plain.outcome == "agreement"
    assert hosted.round < plain.round  # each party weighs the summit in the text with up to 0.2 more
    assert "host venue (its venue favours summit)" in hosted.events[0].text


def test_an_observer_reports_its_view_and_presses():
    res = negosim.simulate(THREE, overrides={"actors.watcher.pressure": [{"target": "b", "stick": 0.05}]})
    assert "watcher" in res.summary["utilities"]  # its utility of the agreement is reported
    presses = [e for e in res.events if e.kind == "press"]
    assert presses and all(e.actor == "watcher" for e in presses)
    assert presses[0].text == "watcher presses b (a stick takes 5% of its value of no deal, now 0.19)"


def test_hosting_is_for_hosts_and_needs_an_issue_with_two_ends():
    with pytest.raises(negosim.NegosimError, match="only a host has hosting"):
        negosim.simulate(THREE, overrides={"actors.watcher.hosting": {"issue": "summit", "bonus": 0.1}})
    data = {
        "negosim": 1, "name": "h",
        "issues": {"x": {"name": "X"}, "c": {"name": "C", "kind": "discrete", "options": ["p", "q"]}},
        "actors": {
            "a": {"name": "A", "positions": {"x": {"ideal": 1, "salience": 1}}},
            "b": {"name": "B", "positions": {"x": {"ideal": 0, "salience": 1}}},
            "h": {"name": "H", "role": "host", "hosting": {"issue": "c", "bonus": 0.1}},
        },
    }  # fmt: skip
    with pytest.raises(negosim.ScenarioError, match="a venue favours an issue with a low and a high end"):
        build(data)


def test_the_summary_reports_the_three_party_nash_point():
    res = negosim.simulate(THREE)
    sm = res.summary
    s = res.space
    x = nash_package(s, s.parties, s.reservation[s.parties])
    assert sm["nash"]["agreement"] == pytest.approx(s.as_dict(x))
    assert sm["nash_distance"] == pytest.approx(0, abs=1e-9)  # the text was the Nash point, and it was agreed
    assert sm["kalai_smorodinsky"] is None  # defined here for two parties only
