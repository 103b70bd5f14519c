"""Protocols as registered classes: the registry is the only way to one, a decision rule is a
parameter (unanimity or a weighted quota), and the simultaneous protocol picks the best offer."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import negosim
from negosim.engine.model import NegotiationModel
from negosim.protocols import PROTOCOLS, Rule
from tests.conftest import build, pie

PACKAGE = Path(negosim.__file__).parent


def test_no_protocol_is_named_outside_its_own_module():
    """Adding a protocol is one module: nothing else compares a protocol's name."""
    names = "|".join(PROTOCOLS)
    compare = re.compile(rf"""(==|!=|\bin\b)\s*\(?\s*["']({names})["']|["']({names})["']\s*(==|!=)""")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in PACKAGE.rglob("*.py")
        if "protocols" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if compare.search(line)
    ]
    assert offenders == []


def test_unanimity_and_a_weighted_quota():
    yes = np.array([True, True, False])
    assert not Rule().agreed(yes)
    assert Rule(quota=0.6).agreed(yes) and not Rule(quota=0.7).agreed(yes)
    assert not Rule(quota=0.6, weights=np.array([1.0, 1.0, 3.0])).agreed(yes)  # 2 of 5 votes
    assert Rule(quota=0.6).agreed(np.array([[True, False], [True, True], [False, True]])).tolist() == [True, True]


def three_on_a_pie(protocol) -> dict:
    """A, B and C split x; A and B want it low (and never accept it above 0.5), C high and never
    concedes: a quota of two of three lets A and B decide."""
    data = pie(rounds=30, tactic="conceder")
    data["protocol"] = protocol
    for party, ideal in (("a", 0.0), ("b", 0.1)):
        data["actors"][party]["positions"]["x"]["ideal"] = ideal
        data["actors"][party]["reservation"] = 0.5
    data["actors"]["c"] = {
        "name": "C",
        "strategy": {"tactic": "hardliner"},
        "positions": {"x": {"ideal": 1, "salience": 1}},
    }
    return data


def test_a_quota_is_a_parameter_of_the_simultaneous_protocol():
    unanimous = negosim.simulate(build(three_on_a_pie("simultaneous")))
    assert unanimous.outcome == "deadline"  # C never concedes, and every party must accept
    quota = negosim.simulate(build(three_on_a_pie({"name": "simultaneous", "quota": 0.6})))
    assert quota.outcome == "agreement" and quota.round < 30
    assert quota.agreement[0] <= 0.5  # what A and B accept: C's view is outvoted
    assert quota.utilities["c"] < 0.5 <= min(quota.utilities["a"], quota.utilities["b"])
    weighted = negosim.simulate(build(three_on_a_pie({"name": "simultaneous", "quota": 0.6, "weights": {"c": 3}})))
    assert (weighted.outcome, weighted.round, weighted.agreement.tolist()) == ("agreement", 1, [1.0])  # C's 3 of 5
    # votes carry the quota alone: its own first offer is agreed, against A's and B's


def test_of_offers_every_party_accepts_the_one_with_the_largest_nash_product_settles():
    model = NegotiationModel(build(pie(protocol="simultaneous")))
    proto, m = model.protocol, model
    m.offers[:] = [[0.8], [0.5]]  # Nash products 0.8 * 0.2 = 0.16 and 0.5 * 0.5 = 0.25
    m.has_offer[:] = True
    proto.u, proto.ok = m.space.utility(m.offers), m.space.feasible(m.offers)
    proto.votes[:] = True
    proto.settle()
    assert m.agreement.tolist() == [0.5]


@pytest.mark.parametrize("name", list(PROTOCOLS))
def test_every_protocol_says_what_its_moves_are_and_runs(name):
    data = pie(protocol=name)
    if PROTOCOLS[name].needs_mediator:
        data["actors"]["m"] = {"name": "M", "role": "mediator"}
    if name == "eum":  # stakeholders with capabilities, moved by challenges, not tactics
        for actor in data["actors"].values():
            actor["capability"] = 1.0
            del actor["strategy"]
    res = negosim.simulate(build(data))
    assert res.outcome == "agreement" and res.agreement[0] == pytest.approx(0.5, abs=0.06)
    assert res.protocol.move in ("offer", "position") and res.protocol.words in res.events[0].text
    assert ("text_x" in res.history) is PROTOCOLS[name].has_text


def test_under_alternating_a_quota_the_proposer_carries_alone_agrees_its_offer():
    data = pie(protocol={"name": "alternating", "quota": 0.6, "weights": {"a": 3}})
    res = negosim.simulate(build(data))
    assert (res.outcome, res.round, res.agreement.tolist()) == ("agreement", 1, [1.0])


def test_a_walk_out_ends_the_talks_only_when_the_others_cannot_agree_without_it():
    data = three_on_a_pie("simultaneous")
    data["actors"]["c"]["reservation"] = 1.0  # c's best package is worth 1: no deal is worth as much...
    data["actors"]["c"]["red_lines"] = [{"issue": "x", "max": 0.5}]  # ... while its red line caps it at 0.5
    assert negosim.simulate(build(data)).outcome == "breakdown"
    data["protocol"] = {"name": "simultaneous", "quota": 0.6}
    res = negosim.simulate(build(data))
    assert res.outcome == "agreement" and [e.actor for e in res.events if e.kind == "breakdown"] == ["c"]


def test_weights_name_parties_and_a_quota_with_preconditions_is_warned():
    data = pie(protocol={"name": "simultaneous", "quota": 0.6, "weights": {"aa": 2}})
    with pytest.raises(negosim.ScenarioError, match=r'protocol.weights.aa: "aa" is not a party: only parties vote '
                       r'\(did you mean "a"\?\)'):  # fmt: skip
        build(data)
    data = pie(protocol={"name": "simultaneous", "quota": 0.6})
    data["actors"]["a"]["preconditions"] = [{"id": "first", "no_interim": "all"}]
    [warning] = build(data).warnings
    assert "with a quota, preconditions still bind every party" in warning.message
