"""A mediator's lean and proposals as claims: explain, --set, --assumptions, the demo's slider, --strict."""

from __future__ import annotations

import pytest

from negosim.demo.controls import controls
from negosim.errors import OverrideError
from negosim.scenario.explain import explain
from negosim.scenario.loader import from_data
from negosim.scenario.overrides import apply_overrides
from negosim.sweep.assumptions import assumption_factors
from tests.conftest import pie


def scenario(**mediator):
    d = pie(rounds=6, protocol="mediated")
    d["issues"]["z"] = {"name": "Venue", "kind": "discrete", "options": ["oman", "rome"]}
    for a in ("a", "b"):
        d["actors"][a]["positions"]["z"] = {"values": {"oman": 1}, "salience": 0.1}
    d["actors"]["m"] = {"name": "Oman", "role": "mediator", "lean": 0.3, "assumed": "its own interest, a judgement",
                        "positions": {"x": {"ideal": 1, "salience": 1, "assumed": "judged"}},
                        "proposals": [{"round": 3, "package": {"x": 0.7, "z": "rome"}, "assumed": "judged"}],
                        **mediator}  # fmt: skip
    return from_data(d)


def test_explain_says_the_lean_and_the_proposal_with_their_basis():
    text = " ".join(explain(scenario()).split())
    assert "its gain weighs 0.3 in the Nash product it maximises, the parties' 0.7" in text
    assert "round 3: tables its own package, Share of A 0.7, Venue rome" in text
    assert "judged its own interest, a judgement" in text


def test_lean_and_a_proposal_value_are_judged_numbers_and_a_proposal_round_is_not():
    paths = [f.path for f in assumption_factors(scenario())]
    assert paths.count("actors.m.lean") == 1  # the actor's block and its lean claim are one block, varied once
    factors = {f.path: f for f in assumption_factors(scenario())}
    assert factors["actors.m.lean"].lo == pytest.approx(0.225) and factors["actors.m.lean"].hi == pytest.approx(0.375)
    assert "actors.m.proposals[0].package.x" in factors and "actors.m.proposals[0].round" not in factors
    assert "actors.m.proposals[0].package.z" not in factors  # an option is no number to vary
    assert "actors.m.positions.x.ideal" in factors  # a leaning mediator's positions move the text


def test_set_moves_the_lean_and_refuses_one_outside_zero_one():
    assert apply_overrides(scenario(), {"actors.m.lean": 0.6}).actors["m"].lean == 0.6
    with pytest.raises(OverrideError):
        apply_overrides(scenario(), {"actors.m.lean": 1.5})


def test_the_demo_has_a_lean_slider_and_strict_wants_a_proposal_basis():
    lean = next(c for c in controls(scenario()) if c.path == "actors.m.lean")
    assert (lean.value, lean.lo, lean.hi, lean.assumed) == (0.3, 0.0, 1.0, "its own interest, a judgement")
    bare = scenario(proposals=[{"round": 3, "package": {"x": 0.7}}])
    assert ("actors", "m", "proposals", 0) in {c.loc for c in _claims(bare) if c.unsourced}


def _claims(sc):
    from negosim.scenario.claims import claims

    return claims(sc)["m"]
