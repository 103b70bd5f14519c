"""Two-level games (model doc, section 15; Putnam 1988): a principal never bargains; it ratifies an agreement
its party accepted, or vetoes it, and a vetoed package is never the outcome."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import negosim
from negosim.engine.model import NegotiationModel
from tests.conftest import build, pie


def two_level(line: float | None = 0.6, reservation: float = 0.0, protocol: str = "alternating", **rb) -> dict:
    """The pie, with A answering to a principal who wants all of it and will not ratify less than ``line``."""
    data = pie(rounds=20, protocol=protocol)
    boss = {"name": "Boss", "role": "principal", "reservation": reservation,
            "positions": {"x": {"ideal": 1, "salience": 1}}}  # fmt: skip
    if line is not None:
        boss["red_lines"] = [{"issue": "x", "min": line}]
    data["actors"]["boss"] = boss
    data["actors"]["a"]["ratified_by"] = {"by": ["boss"], **rb} if rb else "boss"
    if protocol == "mediated":
        data["actors"]["m"] = {"name": "Mediator", "role": "mediator"}
    return data


def kinds(res, kind: str) -> list:
    return [e for e in res.events if e.kind == kind]


def test_without_a_principal_the_pie_is_split_inside_what_the_principal_would_veto():
    """The baseline the next tests need: left alone, A agrees to less than its principal's red line."""
    res = negosim.simulate(build(pie(rounds=20)), seed=0)
    assert res.agreement is not None and res.agreement[0] < 0.6


def test_an_agreement_across_the_principals_red_line_is_vetoed_and_a_later_one_inside_it_agreed():
    res = negosim.simulate(build(two_level()), seed=0)
    (veto,) = kinds(res, "veto")
    assert veto.actor == "boss" and veto.party == "a" and "x >= 0.60" in veto.why and veto.withdrawn
    assert res.outcome == "agreement" and res.agreement[0] >= 0.6 - 1e-9
    assert veto.round < res.round
    assert [e.actor for e in kinds(res, "ratify")] == ["boss"] and kinds(res, "ratify")[0].round == res.round
    assert res.summary["ratification"] == [
        {"round": veto.round, "party": "a", "ratified_by": [], "vetoed_by": ["boss"], "ratified": False},
        {"round": res.round, "party": "a", "ratified_by": ["boss"], "vetoed_by": [], "ratified": True},
    ]
    assert any("boss vetoes the agreement a accepted" in r for r in res.reasons())
    assert "boss ratified it" in res.reasons()


def test_after_a_veto_the_party_holds_its_principals_red_line():
    m = NegotiationModel(build(two_level()), seed=0)
    a = m.space.actors.index("a")
    assert m.space.lo[a, 0] == -np.inf
    while m.running and not any(e.kind == "veto" for e in m.events):
        m.step()
    assert m.space.lo[a, 0] == pytest.approx(0.6)  # its offers and what it accepts follow
    assert m.ratification.learned == {0}


def test_a_principal_vetoes_what_is_worth_less_to_it_than_no_deal():
    res = negosim.simulate(build(two_level(line=None, reservation=0.7)), seed=0)
    (veto,) = kinds(res, "veto")  # taught by it, A accepts nothing its principal would veto again
    assert "less than no deal (0.70)" in veto.why
    assert res.agreement is None or res.agreement[0] >= 0.7 - 1e-9  # its offers follow its own utility: maybe none


def test_a_veto_ends_the_talks_where_the_scenario_says_so():
    res = negosim.simulate(build(two_level(on_veto="end", assumed="t")), seed=0)
    assert res.outcome == "breakdown" and res.agreement is None
    (veto,) = kinds(res, "veto")
    assert veto.end and res.round == veto.round
    assert res.reasons()[0] == veto.text and veto.text.endswith("the talks end")


def test_a_quota_of_principals_carries_an_agreement_one_votes_against():
    data = two_level(by=["boss", "house", "senate"], quota=2, assumed="t")
    for name in ("house", "senate"):
        data["actors"][name] = {"name": name, "role": "principal", "positions": {"x": {"ideal": 0.5, "salience": 1}}}
    res = negosim.simulate(build(data), seed=0)
    assert res.agreement is not None and res.agreement[0] < 0.6  # carried by house and senate
    (against,) = kinds(res, "veto")
    assert against.actor == "boss" and not against.withdrawn and "enough others ratify it" in against.text
    assert res.summary["ratification"][-1]["ratified"] is True


@pytest.mark.parametrize("protocol", ["mediated", "simultaneous"])
def test_every_protocol_submits_its_agreement_to_the_principal(protocol):
    res = negosim.simulate(build(two_level(protocol=protocol)), seed=0)
    assert res.agreement is None or res.agreement[0] >= 0.6 - 1e-9
    assert kinds(res, "veto") or kinds(res, "ratify")


def test_a_principal_never_bargains_and_a_run_with_one_is_a_function_of_its_seed():
    data = two_level()
    res = negosim.simulate(build(data), seed=3)
    assert res.party_names == ["a", "b"] and not any(e.actor == "boss" for e in kinds(res, "offer"))
    again = negosim.simulate(build(copy.deepcopy(data)), seed=3)
    assert [str(e) for e in res.events] == [str(e) for e in again.events]
