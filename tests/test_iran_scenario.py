"""The US-Iran 2025 scenario: it validates strictly, runs and tells its story; every quote is a speaker's words as
the source notes give them; and what it claims holds in the engine (missiles off the agenda, the conditional line
and the principal's line respected, the US demand that hardens, the deal resting on the judged US line)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from ruamel.yaml import YAML

import negosim
from negosim.cli import app
from tests.conftest import ROOT

IRAN = ROOT / "scenarios" / "iran-us-2025.yaml"
SEEDS = range(4)


@pytest.fixture(scope="module")
def scenario():
    return negosim.load_scenario(IRAN, strict=True)


@pytest.fixture(scope="module")
def runs(scenario):
    return [negosim.simulate(scenario, seed=s) for s in SEEDS]


def quotes(node):
    """Every ``{source, quote}`` in the scenario's raw YAML."""
    if isinstance(node, dict):
        if "quote" in node and "source" in node:
            yield node["source"], node["quote"]
        for v in node.values():
            yield from quotes(v)
    elif isinstance(node, list):
        for v in node:
            yield from quotes(v)


def test_it_validates_strictly_without_warnings(scenario):
    assert not scenario.warnings
    assert [a for a, x in scenario.actors.items() if x.role == "party"] == ["iran", "us"]


def test_every_quote_is_a_speakers_words_not_the_notes_prose():
    raw = YAML(typ="safe").load(IRAN.read_text(encoding="utf-8"))
    found = list(quotes(raw))
    assert len(found) > 20
    for source, quote in found:
        text = (IRAN.parent / raw["sources"][source]["path"]).read_text(encoding="utf-8")
        # the speakers' words come after "Quoted statements:"; above it is the notes' paraphrase
        statements = " ".join(text.split("Quoted statements:", 1)[1].split())
        spans = re.findall(r"\"([^\"]+)\"", statements)
        for piece in re.split(r"\s*(?:\.\.\.|…)\s*", quote.strip('"')):
            assert any(piece in span for span in spans), f"{source}: {piece!r} is not inside a quoted statement"


def test_a_run_tells_its_story_and_why_it_ended(tmp_path):
    from typer.testing import CliRunner

    out = CliRunner().invoke(app, ["run", str(IRAN), "--out", str(tmp_path), "--no-figures"])
    assert out.exit_code == 0, out.output
    assert "US-Iran nuclear talks, 2025:" in out.output and "why:" in out.output
    assert "missiles never came onto the agenda" in out.output


def test_missiles_stay_off_the_agenda_at_the_status_quo(runs, scenario):
    k = list(scenario.issues).index("missiles")
    for res in runs:
        assert res.off_agenda == ("missiles",)
        assert np.all(res.offers[:, :, k] == 0) and np.all(res.text[~np.isnan(res.text[:, k]), k] == 0)
        assert res.agreement is None or res.agreement[k] == 0


def test_the_us_demand_hardens_at_round_5(runs, scenario):
    """Before the fifth round the US position on enrichment sits at its April ideal (the red line allows no more);
    from it, at Witkoff's 0 or below the April ideal."""
    k, us = list(scenario.issues).index("enrichment"), runs[0].party_names.index("us")
    for res in runs:
        shock = [e for e in res.events if e.kind == "shock" and e.what == "position"]
        assert [e.round for e in shock] == [5]
        assert np.all(res.offers[:4, us, k] == pytest.approx(3.67))
        assert res.offers[4:, us, k].min() < 3.67


@pytest.fixture(scope="module")
def april(scenario):
    """The counterfactual where the US line stays at its April stance (3.67%): the red_line shock moves nothing."""
    return [negosim.simulate(scenario, seed=s, overrides={"shocks[1].max": 3.67}) for s in SEEDS]


def test_each_agreement_keeps_the_conditional_line_and_the_principals_line(april, scenario):
    """Where a deal is possible (the April line kept), the agreement lies inside Iran's conditional line as it stood
    (or meets guarantees >= 0.7, which lifts it), above Khamenei's firm line, and is never a package he vetoed."""
    issues = list(scenario.issues)
    e, g = issues.index("enrichment"), issues.index("guarantees")
    iran = april[0].party_names.index("iran")
    for res in april:
        assert res.outcome == "agreement"
        x, (lo, _hi, _allowed) = res.agreement, res.bounds
        assert x[e] >= 3.67 - 1e-9  # Khamenei's firm line: 3.67 and above
        conditional = next(r for r in res.red_lines if r["actor"] == "iran" and "20" in str(r["from"]))
        line_now = float((re.findall(r"[\d.]+", conditional["to"]) or [0])[-1])  # "anything": worn away
        assert x[e] >= line_now - 1e-6 or x[g] >= 0.7 - 1e-9
        assert x[e] >= lo[res.round - 1, iran, e] - 1e-9  # its unconditional line as it stood at the end
        vetoed = [ev for ev in res.events if ev.kind == "veto"]
        assert all(ev.round < res.round for ev in vetoed)


def test_witkoffs_words_as_a_line_leave_no_deal_and_the_threatened_war_follows(runs, scenario):
    """From round 5 the US line is zero enrichment (Witkoff's words, a red_line shock) and Iran's lines exclude
    zero: no run agrees; when the talks fail the US threat falls due, carried out (the war) or not."""
    for res in runs:
        said = [e.text for e in res.events if e.kind == "shock" and e.what == "red_line"]
        assert said and "us's red line on enrichment: enrichment <= 0.00 (before: enrichment <= 3.67)" in said[0]
        assert res.agreement is None and res.outcome in {"deadline", "partial"}
        (threat,) = [e for e in res.events if e.kind == "threat"]
        assert threat.round == 12 and threat.actor == "us" and threat.target == "iran"
