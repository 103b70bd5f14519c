"""The format of two-level games (model doc, section 15): ratified_by in its two forms, what explain and
--strict say of it, its quota as a judged number, and the faces (demo session, play, run folder) on it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import negosim
from negosim.cli import app
from negosim.demo.controls import controls
from negosim.demo.session import DemoSession
from negosim.errors import OverrideError, ScenarioError
from negosim.scenario.checks import unsourced
from negosim.scenario.explain import explain
from negosim.sweep.assumptions import assumption_factors
from tests.conftest import build
from tests.engine.test_ratify import two_level


def test_the_string_form_is_one_principal_who_must_approve_and_the_talks_go_on_after_a_veto():
    rb = build(two_level()).actors["a"].ratified_by
    assert (rb.by, rb.needed, rb.on_veto) == (("boss",), 1, "continue")


def test_explain_lists_the_ratification_and_strict_wants_a_basis_for_it():
    sc = build(two_level())
    text = explain(sc)
    assert "Ratification" in text and "must be ratified by Boss; after a veto the agreement is withdrawn" in text
    assert tuple(loc for loc, _ in unsourced(sc.raw) if "ratified_by" in loc) == (("actors", "a", "ratified_by"),)
    judged = build(two_level(by=["boss"], assumed="the leader's word is final"))
    assert not [loc for loc, _ in unsourced(judged.raw) if "ratified_by" in loc]


def test_a_judged_quota_is_overridable_and_varies_with_assumptions_within_the_principals_named():
    data = two_level(by=["boss", "house", "senate"], quota=2, assumed="a majority of three")
    for name in ("house", "senate"):
        data["actors"][name] = {"name": name, "role": "principal", "positions": {"x": {"ideal": 0.5, "salience": 1}}}
    sc = build(data)
    (f,) = [f for f in assumption_factors(sc) if f.path == "actors.a.ratified_by.quota"]
    assert (f.lo, f.hi, f.integer) == (1, 3, True) and "ratification" in f.label
    res = negosim.simulate(sc, overrides={"actors.a.ratified_by.quota": 3})
    assert res.scenario.actors["a"].ratified_by.needed == 3
    with pytest.raises(OverrideError, match=r"it must lie in 1\.\.3"):
        negosim.simulate(sc, overrides={"actors.a.ratified_by.quota": 4})


def test_a_principal_is_no_party_of_the_talks():
    sc = build(two_level())
    assert sc.parties == ["a", "b"]
    data = two_level()
    data["actors"].pop("b")
    with pytest.raises(ScenarioError):  # a principal does not make the second party
        build(data)


def test_the_demo_and_a_run_folder_carry_a_scenario_with_a_principal(tmp_path):
    sc = build(two_level())
    assert any(c.path == "actors.boss.reservation" for c in controls(sc))
    s = DemoSession(sc, out=tmp_path / "demo")
    s.run(20)
    assert any(e.kind == "veto" for e in s.events)
    summary = json.loads((s.save() / "summary.json").read_text())
    assert summary["ratification"][0]["vetoed_by"] == ["boss"]


def test_negosim_play_takes_the_seat_of_a_party_that_answers_to_a_principal(tmp_path):
    from ruamel.yaml import YAML

    path = tmp_path / "two.yaml"
    YAML().dump(two_level(), path.open("w"))
    res = CliRunner().invoke(app, ["play", str(path), "--as", "a", "--no-figures", "--out", str(tmp_path / "p")],
                             input="accept\n" * 25)  # fmt: skip
    assert "Traceback" not in res.output, res.output
    res = CliRunner().invoke(app, ["play", str(path), "--as", "boss", "--no-figures", "--out", str(tmp_path / "q")])
    assert res.exit_code != 0 and "Traceback" not in res.output
