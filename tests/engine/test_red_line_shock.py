"""A red line that moves (model.md, section 14): a shock ``kind: red_line`` gives an actor's line on an issue new
bounds from its round (a demand that hardens into a line: "could not authorise even one per cent")."""

from __future__ import annotations

import numpy as np
import pytest

import negosim
from negosim.engine.model import NegotiationModel
from negosim.errors import ScenarioError
from tests.conftest import build
from tests.engine.test_conditional_lines import nuclear


def hardening(at: int, firmness: float | None = None) -> dict:
    """The US accepts enrichment up to 3.67, Iran wants at least 1; at round ``at`` the US line falls to 0."""
    data = nuclear("mediated", unless=False)
    data["actors"]["us"]["red_lines"] = [{"issue": "enrichment", "max": 3.67}]
    data["actors"]["iran"]["red_lines"] = [{"issue": "enrichment", "min": 1}]
    shock = {"round": at, "kind": "red_line", "actor": "us", "issue": "enrichment", "max": 0, "assumed": "a test"}
    data["shocks"] = [shock | ({"firmness": firmness} if firmness is not None else {})]
    return data


def test_a_line_that_hardens_before_the_deal_leaves_none():
    early, late = negosim.simulate(build(hardening(5)), seed=0), negosim.simulate(build(hardening(15)), seed=0)
    assert late.outcome == "agreement" and late.round < 15  # the deal came before the line moved
    assert early.outcome == "deadline"
    said = [e.text for e in early.events if e.kind == "shock"]
    assert said == ["shock: us's red line on enrichment: enrichment <= 0.00 (before: enrichment <= 3.67); firmness 1"]


def test_from_its_round_the_new_bounds_bind_offers_and_votes():
    m = NegotiationModel(build(hardening(3)), seed=0)
    for _ in range(2):
        m.step()
    us = m.space.actors.index("us")
    assert m.space.hi[us, 0] == pytest.approx(3.67)
    m.step()
    assert m.space.hi[us, 0] == 0.0 and not m.space.feasible(np.array([0.5, 1.0]))[us]
    assert m.base.hi[us, 0] == pytest.approx(3.67)  # the scenario as written: durable judges against it


def test_a_soft_new_line_erodes_from_where_the_shock_puts_it():
    data = hardening(2, firmness=0.5)
    data["actors"]["oman"]["pressure"] = [{"target": "us", "stick": 0.3}]
    m = NegotiationModel(build(data), seed=0)
    m.step()
    m.step()
    m.step()
    erode = [e for e in m.events if e.kind == "erode" and e.round >= 2]
    assert erode and erode[0].changes[0].startswith("enrichment <= 0.000 -> <= ")


def test_a_discrete_line_drawn_anew():
    data = nuclear("alternating")
    data["issues"]["inspections"] = {"name": "Inspections", "kind": "discrete", "options": ["none", "iaea", "anywhere"]}
    data["actors"]["iran"]["positions"]["inspections"] = {"values": {"none": 1, "iaea": 0.6}, "salience": 0.3}
    data["actors"]["us"]["positions"]["inspections"] = {"values": {"anywhere": 1, "iaea": 0.5}, "salience": 0.4}
    data["actors"]["us"]["red_lines"][0]["unless"] = {"issue": "inspections", "equals": "iaea"}
    data["shocks"] = [{"round": 1, "kind": "red_line", "actor": "iran", "issue": "inspections",
                       "not_in": ["anywhere"], "assumed": "a test"}]  # fmt: skip
    res = negosim.simulate(build(data), seed=0)
    assert res.outcome == "agreement" and res.summary["agreement"]["inspections"] == "iaea"
    assert [e.text for e in res.events if e.kind == "shock"] == [
        "shock: iran's red line on inspections: inspections in {none, iaea} (before: inspections in {none, iaea, "
        "anywhere}); firmness 1"
    ]


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        ({"max": None, "min": None}, "shocks[0]", "needs one of min, max, equals, not_in"),
        ({"max": 30}, "shocks[0].max", "outside the issue's range"),
        ({"actor": "oman"}, "shocks[0].actor", "only a party or a principal"),
        ({"issue": "enrichmint"}, "shocks[0].issue", "enrichment"),
    ],
)
def test_located_errors(change, where, says):
    data = hardening(3)
    data["shocks"][0] = {k: v for k, v in (data["shocks"][0] | change).items() if v is not None}
    with pytest.raises(ScenarioError) as err:
        build(data)
    assert any(p.path == where and says in p.message for p in err.value.problems), err.value.problems


def test_explain_says_it():
    from negosim.scenario.explain import explain

    assert "round 5: US's red line on Enrichment becomes: at most 0" in explain(build(hardening(5)))
