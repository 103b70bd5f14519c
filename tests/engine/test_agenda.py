"""The agenda (model.md, section 4): an issue a party refuses to discuss stays at its status quo, never
offered nor settled; an issue in ``agenda`` opens once the package on the table meets its condition."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negosim
from negosim.errors import ScenarioError
from tests.conftest import build
from tests.engine.test_properties import scenarios


def talks(refuse: bool = True, agenda: bool = False, protocol: str = "alternating") -> dict:
    """Enrichment, sanctions and missiles; Iran will not discuss missiles, which the US wants limited."""
    data = {
        "negosim": 1,
        "name": "Agenda",
        "rounds": 20,
        "protocol": protocol,
        "issues": {"enrichment": {"name": "Enrichment", "range": [0, 5]},
                   "sanctions": {"name": "Sanctions relief"},
                   "missiles": {"name": "Missile limits", "status_quo": 0}},
        "actors": {
            "iran": {"name": "Iran", "strategy": {"tactic": "linear"}, "reservation": 0.1,
                     "positions": {"enrichment": {"ideal": 3.67, "salience": 0.5},
                                   "sanctions": {"ideal": 1, "salience": 0.3},
                                   "missiles": {"ideal": 0, "salience": 0.2}}},
            "us": {"name": "US", "strategy": {"tactic": "linear"}, "reservation": 0.1,
                   "positions": {"enrichment": {"ideal": 0, "salience": 0.5},
                                 "sanctions": {"ideal": 0, "salience": 0.2},
                                 "missiles": {"ideal": 1, "salience": 0.3}}},
        },
    }  # fmt: skip
    if refuse:
        data["actors"]["iran"]["refuses_to_discuss"] = ["missiles"]
    if agenda:
        data["agenda"] = {"missiles": {"opens_when": {"issue": "sanctions", "at_least": 0.5}}}
    if protocol == "mediated":
        data["actors"]["oman"] = {"name": "Oman", "role": "mediator"}
    return data


@pytest.mark.parametrize("protocol", ["alternating", "simultaneous", "mediated"])
def test_an_issue_a_party_refuses_to_discuss_stays_at_its_status_quo(protocol):
    res = negosim.simulate(build(talks(protocol=protocol)), seed=0)
    offers = [e.package["missiles"] for e in res.events if e.kind in ("offer", "text")]
    assert offers and set(offers) == {0.0}  # never offered anything but where it stands
    assert res.outcome == "agreement" and res.summary["agreement"]["missiles"] == 0.0
    assert res.summary["off_agenda"] == ["missiles"]
    said = [e.text for e in res.events if e.kind in ("off_agenda", "agreement")]
    assert said[0] == "missiles is off the agenda: iran will not discuss it; meanwhile it stays at its status quo, 0.00"
    assert said[-1].endswith("(missiles off the agenda: left at the status quo)")
    assert (
        "missiles never came onto the agenda (iran will not discuss it): it stays at its status quo, 0.00"
        in (res.summary["why"])
    )
    # discussed, the US gets missile limits it values: the refusal is not the same claim as a red line of 0
    free = negosim.simulate(build(talks(refuse=False, protocol=protocol)), seed=0)
    assert free.summary["agreement"]["missiles"] > 0.5 and "off_agenda" not in free.summary


@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
def test_an_issue_opens_once_the_package_on_the_table_meets_its_condition(protocol):
    res = negosim.simulate(build(talks(refuse=False, agenda=True, protocol=protocol)), seed=0)
    opened = [e for e in res.events if e.kind == "opened"]
    assert len(opened) == 1 and opened[0].issue == "missiles"
    r = opened[0].round
    table = [e for e in res.events if e.kind in ("offer", "text") and e.round == r]
    assert table and table[-1].package["sanctions"] >= 0.5  # what was on the table when it opened
    before = [e.package["missiles"] for e in res.events if e.kind in ("offer", "text") and e.round <= r]
    after = [e.package["missiles"] for e in res.events if e.kind in ("offer", "text") and e.round > r]
    assert set(before) == {0.0} and max(after) > 0.5  # held at the status quo until then, discussed after
    assert "off_agenda" not in res.summary
    # a condition that is never met keeps it off for good
    never = talks(refuse=False, agenda=True, protocol=protocol)
    never["agenda"]["missiles"]["opens_when"] = {"issue": "sanctions", "at_least": 1.0}
    never["actors"]["us"]["red_lines"] = [{"issue": "sanctions", "max": 0.9}]
    res = negosim.simulate(build(never), seed=0)
    assert not [e for e in res.events if e.kind == "opened"] and res.summary.get("off_agenda") == ["missiles"]


def test_an_issue_off_the_agenda_is_never_settled_ahead():
    data = talks()
    data["issues"]["missiles"]["separable"] = True
    res = negosim.simulate(build(data), seed=0)
    assert not [e for e in res.events if e.kind == "interim" and e.issue == "missiles"]


def test_a_discrete_issue_stays_at_its_status_quo_option():
    data = talks()
    data["issues"]["missiles"] = {"name": "Missiles", "kind": "discrete", "options": ["none", "range cap", "ban"],
                                  "status_quo": "none"}  # fmt: skip
    data["actors"]["iran"]["positions"]["missiles"] = {"values": {"none": 1, "range cap": 0.3}, "salience": 0.2}
    data["actors"]["us"]["positions"]["missiles"] = {"values": {"ban": 1, "range cap": 0.6}, "salience": 0.3}
    res = negosim.simulate(build(data), seed=1)
    assert {e.package["missiles"] for e in res.events if e.kind == "offer"} == {"none"}


def problems(data: dict) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        build(data)
    return [f"{p.path}: {p.message}" for p in err.value.problems]


def test_located_errors():
    data = talks()
    del data["issues"]["missiles"]["status_quo"]
    assert any(p.startswith("actors.iran.refuses_to_discuss[0]: ") and "status_quo" in p for p in problems(data))
    data = talks()
    data["actors"]["iran"]["refuses_to_discuss"] = ["missles"]
    assert any(p.startswith("actors.iran.refuses_to_discuss[0]: ") and "missiles" in p for p in problems(data))
    data = talks(refuse=False, agenda=True)
    data["agenda"]["missiles"]["opens_when"] = {"issue": "missiles", "at_least": 0.5}
    assert any("agenda.missiles.opens_when.issue" in p and "itself" in p for p in problems(data))
    data = talks(refuse=False, agenda=True)
    data["issues"]["missiles"]["status_quo"] = 3
    assert any("issues.missiles.status_quo" in p for p in problems(data))
    data = talks()
    data["actors"]["oman"] = {"name": "Oman", "role": "mediator", "refuses_to_discuss": ["missiles"]}
    assert any(p.startswith("actors.oman.refuses_to_discuss[0]") and "only parties" in p for p in problems(data))


def test_explain_and_strict_see_the_agenda():
    data = talks(refuse=False, agenda=True)
    data["actors"]["iran"]["refuses_to_discuss"] = [{"issue": "missiles", "assumed": "a judgement"}]
    sc = build(data)
    from negosim.scenario.explain import explain

    text = explain(sc)
    assert "will not discuss Missile limits: off the agenda, it stays at its status quo (0)" in text
    assert "Missile limits is off the agenda, at its status quo (0), until the package on the table meets" in text
    from negosim.scenario.checks import unsourced

    bare = [loc for loc, _ in unsourced(sc.raw)]
    assert ("agenda", "missiles") in bare and ("actors", "iran", "refuses_to_discuss", 0) not in bare


@st.composite
def refusing(draw) -> dict:
    """A drawn scenario where p0 refuses to discuss its first issue, which has a status quo."""
    data = draw(scenarios())
    iid, issue = next(iter(data["issues"].items()))
    issue["status_quo"] = (draw(st.sampled_from(issue["options"])) if issue.get("kind") == "discrete"
                           else draw(st.floats(*issue["range"])))  # fmt: skip
    data["actors"]["p0"]["refuses_to_discuss"] = [iid]
    if "m" in data["actors"]:  # a mediator's proposal cannot name an issue off the agenda (a located error)
        props = [p | {"package": {k: v for k, v in p["package"].items() if k != iid}}
                 for p in data["actors"]["m"].get("proposals", [])]  # fmt: skip
        data["actors"]["m"]["proposals"] = [p for p in props if p["package"]]
    for actor in data["actors"].values():  # a precondition or a host's venue on the issue is another story
        actor.pop("preconditions", None)
        actor.pop("hosting", None)
        if actor.get("role") == "host":
            actor["role"] = "observer"
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(refusing(), st.integers(0, 2**31))
def test_an_issue_off_the_agenda_is_never_offered_nor_settled(data, seed):
    iid = next(iter(data["issues"]))
    sq = data["issues"][iid]["status_quo"]
    res = negosim.simulate(build(copy.deepcopy(data)), seed=seed)
    for e in res.events:
        if e.kind in ("offer", "text", "proposal", "agreement"):
            assert e.package[iid] == pytest.approx(sq) if not isinstance(sq, str) else e.package[iid] == sq, e
        assert not (e.kind == "interim" and e.issue == iid), e


def test_a_mediators_proposal_leaves_an_issue_off_the_agenda_where_it_stands():
    data = talks(protocol="mediated")
    data["actors"]["oman"]["proposals"] = [{"round": 2, "package": {"enrichment": 0.3}, "assumed": "a test"}]
    res = negosim.simulate(build(data), seed=0)
    (prop,) = [e for e in res.events if e.kind == "proposal"]
    assert prop.package["missiles"] == 0.0
    data["actors"]["oman"]["proposals"][0]["package"]["missiles"] = 0.5
    with pytest.raises(ScenarioError) as err:
        build(data)
    assert any(p.path == "actors.oman.proposals[0].package.missiles" for p in err.value.problems)


def test_a_judged_agenda_is_varied_by_assumptions():
    from negosim.sweep.assumptions import assumption_factors

    data = talks(refuse=False, agenda=True)
    data["agenda"]["missiles"]["assumed"] = "a judgement"
    (f,) = [f for f in assumption_factors(build(data)) if f.path.startswith("agenda.")]
    assert f.path == "agenda.missiles.opens_when.at_least" and f.label.startswith("the agenda: what opens Missile")


def test_a_precondition_on_an_issue_a_party_refuses_to_discuss_is_a_stalemate_at_once():
    from tests.engine.test_in_principle import sequencing

    data = sequencing(separable=True, in_principle=False)
    data["issues"]["cease"]["status_quo"] = 0
    data["actors"]["south"]["refuses_to_discuss"] = ["cease"]
    res = negosim.simulate(build(data), seed=0)
    assert res.outcome == "stalemate" and res.round == 1


def test_the_reasons_and_the_analysis_see_an_issue_held_off_the_agenda():
    """A US line that the status quo of an issue Iran will not discuss crosses leaves no deal, and the run says
    so (before: 'conceded too slowly', and a Nash point that discussed missiles)."""
    data = talks()
    data["actors"]["us"]["red_lines"] = [{"issue": "missiles", "min": 0.5}]
    res = negosim.simulate(build(data), seed=0)
    assert res.outcome == "deadline" and res.summary["nash"] is None
    assert res.summary["why"][0].startswith("on missiles the red lines as they stood at the end leave no common value")
    assert negosim.simulate(build(talks()), seed=0).summary["nash"]["agreement"]["missiles"] == 0.0
