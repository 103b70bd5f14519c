"""A threat as a claim: explain, --set, --assumptions, the demo's sliders, the report (issue 27 item 6)."""

from __future__ import annotations

import pytest

from negosim.demo.controls import controls
from negosim.errors import OverrideError
from negosim.scenario.explain import explain
from negosim.scenario.loader import from_data
from negosim.scenario.overrides import apply_overrides
from negosim.sweep.assumptions import assumption_factors
from tests.engine.test_shocks import war


def scenario(**threat):
    """The US-Iran sentence: "a threat of military action if diplomacy fails", which "Iran knows ... is not real"."""
    d = war(rounds=12)
    d["conflict"]["starts"] = 13  # no war unless the threat is carried out
    d["actors"]["a"]["pressure"] = [{"target": "b", "stick": 0.3, "credibility": 0.4, "believed": 0.1, "then": "war",
                                     "assumed": "a judgement of the threat", **threat}]  # fmt: skip
    return from_data(d)


def test_explain_says_the_threat_its_credibility_the_targets_belief_and_what_follows():
    text = " ".join(explain(scenario()).split())
    assert "a threat to take 30% of its value of no deal" in text
    assert "a threat carried out with chance 0.4 (B believes 0.1, so the stick deters as 3%)" in text
    assert "when the talks fail: the war begins" in text
    text = " ".join(explain(scenario(believed=None, ultimatum=8)).split())
    assert "(B believes as much, so the stick deters as 12%) in round 8 if there is no agreement by then" in text


def test_credibility_belief_and_ultimatum_are_judged_numbers():
    factors = {f.path: f for f in assumption_factors(scenario(ultimatum=8))}
    cred = factors["actors.a.pressure[0].credibility"]
    assert (cred.lo, cred.hi) == (pytest.approx(0.3), pytest.approx(0.5))
    assert "actors.a.pressure[0].believed" in factors
    ultimatum = factors["actors.a.pressure[0].ultimatum"]
    assert ultimatum.integer and ultimatum.lo >= 1 and ultimatum.hi <= 12  # inside the talks


def test_set_moves_credibility_and_belief_and_refuses_them_outside_zero_one():
    sc = apply_overrides(scenario(), {"actors.a.pressure[0].credibility": 0.9, "actors.a.pressure[0].believed": 0.8})
    assert (sc.actors["a"].pressure[0].credibility, sc.actors["a"].pressure[0].believed) == (0.9, 0.8)
    for path in ("actors.a.pressure[0].credibility", "actors.a.pressure[0].believed"):
        with pytest.raises(OverrideError):
            apply_overrides(scenario(), {path: 1.5})


def test_the_demo_has_sliders_for_a_threats_credibility_and_the_targets_belief():
    by = {c.path: c for c in controls(scenario(believed=None))}
    assert by["actors.a.pressure[0].credibility"].value == 0.4
    assert by["actors.a.pressure[0].believed"].value == 0.4  # the credibility, where the scenario does not say
    assert by["actors.a.pressure[0].credibility"].assumed == "a judgement of the threat"
    assert "actors.a.pressure[0].carrot" not in by  # a threat is a stick


def test_the_report_tells_the_threat_falling_due():
    import negosim
    from negosim.report import report_html

    res = negosim.simulate(scenario(ultimatum=3), seed=0)
    (event,) = [e for e in res.events if e.kind == "threat"]
    assert event.round == 3 and any("threat against b" in r for r in res.reasons())
    assert res.summary["threats"] == [{"round": 3, "actor": "a", "target": "b", "then": "war",
                                       "carried_out": event.carried_out}]  # fmt: skip
    page = report_html(res, images={})
    assert event.text.replace("'", "&#39;") in page


def test_a_run_folder_reads_its_threat_events_and_summary_back(tmp_path):
    import negosim
    from negosim.output import write_run
    from negosim.runfolder import load_run

    res = negosim.simulate(scenario(ultimatum=3), seed=1)
    write_run(res, tmp_path / "run", figures=False)
    back = load_run(tmp_path / "run")
    assert list(back.events) == list(res.events) and any(e.kind == "threat" for e in back.events)
    assert back.summary["threats"] == res.summary["threats"]
