"""A spoiler as claims (issue 27 item 7): explain, --set, --assumptions, the demo's sliders, --strict, warnings."""

from __future__ import annotations

import pytest

from negosim.demo.controls import controls
from negosim.errors import OverrideError
from negosim.scenario.claims import claims
from negosim.scenario.explain import explain
from negosim.scenario.loader import from_data
from negosim.scenario.overrides import apply_overrides
from negosim.sweep.assumptions import assumption_factors
from tests.engine.test_spoilers import spoiled


def scenario(**spoil):
    return from_data(spoiled(**spoil))


def test_explain_says_the_spoiler_s_moment_chance_and_effect_with_its_basis():
    text = " ".join(explain(scenario(reach=0.2)).split())
    assert "Spoils the talks" in text
    assert ("once a deal worth less to it than no deal (0.8) is in sight, every party within 0.2 of accepting it, it "
            "strikes with chance 1 (else it holds back for good): the talks break down (\"S strikes the reactor\")"
            ) in text  # fmt: skip
    assert "judged a test" in text


def test_chance_and_a_written_reach_are_judged_numbers_and_set_moves_them():
    factors = {f.path: f for f in assumption_factors(scenario(chance=0.4, reach=0.2))}
    assert factors["actors.s.spoils[0].chance"].lo == pytest.approx(0.3)
    assert factors["actors.s.spoils[0].reach"].hi == pytest.approx(0.25)
    assert "actors.s.positions.x.ideal" not in factors  # its positions carry no assumed of their own here
    moved = apply_overrides(scenario(), {"actors.s.spoils[0].chance": 0.25, "actors.s.spoils[0].reach": 0.3})
    assert (moved.actors["s"].spoils[0].chance, moved.actors["s"].spoils[0].reach) == (0.25, 0.3)
    with pytest.raises(OverrideError):
        apply_overrides(scenario(), {"actors.s.spoils[0].chance": 1.5})


def test_the_demo_has_chance_and_reach_sliders_and_strict_wants_a_basis():
    cs = {c.path: c for c in controls(scenario(chance=0.5))}
    chance, reach = cs["actors.s.spoils[0].chance"], cs["actors.s.spoils[0].reach"]
    assert (chance.value, chance.lo, chance.hi, chance.assumed) == (0.5, 0.0, 1.0, "a test")
    assert (reach.value, reach.lo, reach.hi) == (0.1, 0.0, 0.5)
    assert cs["actors.s.reservation"].value == 0.8
    data = spoiled()
    del data["actors"]["s"]["spoils"][0]["assumed"]
    assert ("actors", "s", "spoils", 0) in {c.loc for c in claims(from_data(data))["s"] if c.unsourced}


def test_a_near_deal_spoiler_s_positions_are_not_idle():
    assert not [w for w in scenario().warnings if "move nothing" in w.message]
    at_a_round = spoiled(when={"round": 3})
    assert [w for w in from_data(at_a_round).warnings if "move nothing" in w.message]
