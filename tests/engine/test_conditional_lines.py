"""Conditional red lines (model.md, section 3): ``{issue: enrichment, max: 0, unless: {issue: inspections,
at_least: 0.8}}`` holds only while the package does not meet the condition. Offers, acceptance, the
mediator's text and the analysis all work on the union of boxes the condition makes (Space.branches)."""

from __future__ import annotations

import copy
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negosim
from negosim.analysis import nash_package, two_party
from negosim.analysis.points import ks_point, nash_point
from negosim.engine.compiled import compile_scenario
from negosim.errors import ScenarioError
from tests.conftest import build
from tests.engine.test_properties import scenarios


def nuclear(protocol: str = "alternating", unless: bool = True, rounds: int = 20) -> dict:
    """Iran wants to enrich and will not go to zero; the US wants zero enrichment unless inspections are
    intrusive (at least 0.8): without the condition no deal exists, with it only deals with inspections."""
    us_line = {"issue": "enrichment", "max": 0}
    if unless:
        us_line["unless"] = {"issue": "inspections", "at_least": 0.8}
    data = {
        "negosim": 1,
        "name": "Nuclear",
        "rounds": rounds,
        "protocol": protocol,
        "issues": {"enrichment": {"name": "Enrichment", "range": [0, 5]}, "inspections": {"name": "Inspections"}},
        "actors": {
            "iran": {"name": "Iran", "strategy": {"tactic": "linear"}, "reservation": 0.2,
                     "positions": {"enrichment": {"ideal": 3.67, "salience": 0.7},
                                   "inspections": {"ideal": 0, "salience": 0.3}},
                     "red_lines": [{"issue": "enrichment", "min": 1}]},
            "us": {"name": "US", "strategy": {"tactic": "linear"}, "reservation": 0.2,
                   "positions": {"enrichment": {"ideal": 0, "salience": 0.6},
                                 "inspections": {"ideal": 1, "salience": 0.4}},
                   "red_lines": [us_line]},
        },
    }  # fmt: skip
    if protocol == "mediated":
        data["actors"]["oman"] = {"name": "Oman", "role": "mediator"}
    return data


def u_iran(e, i):
    return 0.7 * (1 - abs(e - 3.67) / 5) + 0.3 * (1 - i)


def u_us(e, i):
    return 0.6 * (1 - e / 5) + 0.4 * i


def us_accepts(e, i):
    return (np.asarray(e) <= 1e-9) | (np.asarray(i) >= 0.8 - 1e-9)


@pytest.mark.parametrize("protocol", ["alternating", "simultaneous", "mediated"])
def test_the_condition_makes_the_only_deals_possible_and_every_deal_meets_it(protocol):
    for seed in range(3):
        res = negosim.simulate(build(nuclear(protocol)), seed=seed)
        assert res.outcome == "agreement"
        x = res.summary["agreement"]
        assert x["inspections"] >= 0.8 - 1e-9 and x["enrichment"] >= 1 - 1e-9
        lifted = [e.text for e in res.events if e.kind == "lifted"]
        assert lifted == [
            f"us's red line enrichment <= 0.00 does not bind: the agreement's inspections {x['inspections']:.2f} "
            "meets inspections >= 0.80, which lifts it"
        ]
        assert res.summary["why"][0] == (
            "us's red line enrichment <= 0.00 did not bind: the agreement meets inspections >= 0.80"
        )
    # the same line without its condition leaves no deal: the two red lines clash
    assert negosim.simulate(build(nuclear(protocol, unless=False)), seed=0).outcome != "agreement"


def test_feasibility_is_the_line_or_its_condition():
    s = compile_scenario(build(nuclear())).space
    us = s.actors.index("us")
    grid = np.array(list(itertools.product(np.linspace(0, 5, 11), np.linspace(0, 1, 11))))
    want = np.array([us_accepts(e, i) for e, i in grid])
    assert np.array_equal(s.feasible(grid)[us], want)
    assert s.crossed_line(us, np.array([2.0, 0.5])) == "enrichment <= 0.00 unless inspections >= 0.80"
    assert s.crossed_line(us, np.array([2.0, 0.9])) is None
    # two boxes: the line kept, or the condition met
    boxes = s.branches([us])
    assert [(b.hi[us, 0], b.lo[us, 1]) for b in boxes] == [(0.0, -np.inf), (np.inf, 0.8)]
    assert not boxes[0].conditional and not boxes[1].conditional


def test_the_nash_point_is_the_best_over_the_region_the_condition_opens():
    """An independent grid search of the Nash product over the packages the two parties accept."""
    s = compile_scenario(build(nuclear())).space
    e, i = np.meshgrid(np.linspace(1, 5, 801), np.linspace(0, 1, 201))
    ok = us_accepts(e, i)  # Iran's line (e >= 1, the grid's start) leaves only the region the condition opens
    product = np.where(ok, np.maximum(u_iran(e, i) - 0.2, 0) * np.maximum(u_us(e, i) - 0.2, 0), -1)
    best = float(product.max())
    for point in (nash_point(s), two_party(s, 0, 1).nash()):
        got = (point.utilities[0] - 0.2) * (point.utilities[1] - 0.2)
        assert got == pytest.approx(best, rel=1e-3)
        assert point.package[1] >= 0.8 - 1e-9
    x = nash_package(s, s.parties, s.reservation[s.parties])
    assert float(np.prod(s.utility(x)[s.parties] - 0.2)) == pytest.approx(best, rel=1e-3)
    ks = ks_point(s)
    assert ks is not None and ks.package[1] >= 0.8 - 1e-9
    assert all(p.package[1] >= 0.8 - 1e-9 for p in two_party(s, 0, 1).frontier(21))


def test_the_analysis_reports_the_region_the_condition_opens():
    res = negosim.simulate(build(nuclear("mediated")), seed=0)
    from negosim.analysis.outcomes import analyze

    out = analyze(res.scenario, res.space)
    assert out["with_red_lines"]["nash"]["agreement"]["inspections"] >= 0.8 - 1e-9
    assert all(p["agreement"]["inspections"] >= 0.8 - 1e-9 for p in out["with_red_lines"]["pareto"]["packages"])


def test_a_discrete_condition_and_a_discrete_line():
    data = nuclear("alternating")
    data["issues"]["inspections"] = {"name": "Inspections", "kind": "discrete", "options": ["none", "iaea", "anywhere"]}
    data["actors"]["iran"]["positions"]["inspections"] = {
        "values": {"none": 1, "iaea": 0.6, "anywhere": 0},
        "salience": 0.3,
    }
    data["actors"]["us"]["positions"]["inspections"] = {
        "values": {"none": 0, "iaea": 0.5, "anywhere": 1},
        "salience": 0.4,
    }
    data["actors"]["us"]["red_lines"][0]["unless"] = {"issue": "inspections", "equals": "anywhere"}
    for seed in range(3):
        res = negosim.simulate(build(data), seed=seed)
        assert res.outcome == "agreement" and res.summary["agreement"]["inspections"] == "anywhere"


def errors(data: dict) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        build(data)
    return [f"{p.path}: {p.message}" for p in err.value.problems]


def test_located_errors():
    data = nuclear()
    data["actors"]["us"]["red_lines"][0]["unless"] = {"issue": "inspektions", "at_least": 0.8}
    assert any("actors.us.red_lines[0].unless.issue" in e and "inspektions" in e for e in errors(data))
    data["actors"]["us"]["red_lines"][0]["unless"] = {"issue": "enrichment", "at_least": 0.8}
    assert any("unless.issue" in e and "the issue of the line itself" in e for e in errors(data))
    data["actors"]["us"]["red_lines"][0]["unless"] = {"issue": "inspections", "at_least": 7}
    assert any("unless.at_least" in e for e in errors(data))
    data["actors"]["us"]["red_lines"][0]["unless"] = {"issue": "inspections"}
    assert any("unless" in e for e in errors(data))


def test_no_false_warning_of_a_clash_the_condition_resolves():
    assert not any("leave no acceptable value" in w.message for w in build(nuclear()).warnings)
    assert any("leave no acceptable value" in w.message for w in build(nuclear(unless=False)).warnings)


@st.composite
def with_conditional(draw) -> dict:
    """A drawn scenario of two issues or more where p0 holds a firm conditional red line on its first issue."""
    data = draw(scenarios())
    issues = list(data["issues"].items())
    if len(issues) < 2:
        data["issues"]["extra"] = {"name": "Extra", "range": [0, 1]}
        issues = list(data["issues"].items())
    (iid, issue), (wid, when) = issues[0], issues[1]
    if issue.get("kind") == "discrete":
        banned = draw(st.lists(st.sampled_from(issue["options"]), min_size=1, max_size=len(issue["options"]) - 1,
                               unique=True))  # fmt: skip
        line = {"issue": iid, "not_in": banned}
    else:
        lo, hi = issue["range"]
        line = {"issue": iid, "max": draw(st.floats(lo, hi))}
    if when.get("kind") == "discrete":
        line["unless"] = {"issue": wid, "equals": draw(st.sampled_from(when["options"]))}
    else:
        line["unless"] = {"issue": wid, "at_least": draw(st.floats(*when["range"]))}
    data["actors"]["p0"]["red_lines"] = [rl for rl in data["actors"]["p0"]["red_lines"] if rl["issue"] != iid]
    data["actors"]["p0"]["red_lines"].append(line)
    data["actors"]["p0"].pop("preconditions", None)  # a requirement must fit lines that are no longer there
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_conditional(), st.integers(0, 2**31))
def test_a_conditional_red_line_is_never_crossed_while_its_condition_is_unmet(data, seed):
    res = negosim.simulate(build(copy.deepcopy(data)), seed=seed)
    s = res.space
    p0 = s.actors.index("p0")
    c = next(c for c in s.conditional if c.actor == p0)

    def array(package: dict) -> np.ndarray:
        return np.array([s.options[k].index(package[i]) if s.discrete[k] else package[i]
                         for k, i in enumerate(s.issues)], dtype=float)  # fmt: skip

    standing = None
    for e in res.events:
        if e.kind in ("offer", "text", "proposal"):
            standing = e.package
            if e.kind == "offer" and e.actor == "p0":
                assert s.holds(c, array(e.package)), ("p0 proposes across", e)
        elif e.kind == "accept" and e.actor == "p0":
            assert s.holds(c, array(standing)), ("p0 accepts across", e)
    if res.agreement is not None:
        assert s.holds(c, res.agreement)
        assert all(0 <= u <= 1 for u in res.summary["utilities"].values())


def test_the_demo_lets_a_user_move_what_lifts_the_line():
    from negosim.demo.controls import controls

    found = {c.path: c for c in controls(build({**nuclear(), "rounds": 20}))}
    c = found["actors.us.red_lines[0].unless.at_least"]
    assert (c.value, c.lo, c.hi) == (0.8, 0.0, 1.0) and "lifts when inspections is at least" in c.label
    res = negosim.simulate(build(nuclear()), seed=0, overrides={c.path: 0.95})
    assert res.summary["agreement"]["inspections"] >= 0.95 - 1e-9


def test_a_soft_conditional_line_erodes_and_its_bounds_move_where_it_is_judged():
    from negosim.engine.model import NegotiationModel

    data = nuclear("mediated")
    data["actors"]["us"]["red_lines"][0]["firmness"] = 0.5
    data["actors"]["oman"]["pressure"] = [{"target": "us", "stick": 0.3}]
    m = NegotiationModel(build(data), seed=0)
    m.step()
    m.step()
    erode = [e for e in m.events if e.kind == "erode" and e.actor == "us"]
    assert erode and erode[0].changes[0].startswith("enrichment <= 0.000 -> <= ")
    moved_to = float(erode[-1].changes[-1].rsplit("<= ", 1)[1])
    c = next(c for c in m.space.conditional if m.space.actors[c.actor] == "us")
    assert c.line[1] == pytest.approx(moved_to, abs=1e-3) and moved_to > 0  # the line as it stands now
    x = np.array([moved_to / 2, 0.0])  # inside the worn line, the condition unmet: acceptable now, not before
    assert m.space.holds(c, x) and not m.base.holds(m.base.conditional[0], x)


def test_a_leaning_text_keeps_to_the_way_it_meets_a_conditional_line():
    """A mediator leaning to light inspections drafts inside the box where the condition is met (a text across
    the US line was drafted before: the bounds it kept were the plain ones, not the box's)."""
    for lean in (0.3, 0.6):
        data = nuclear("mediated")
        data["actors"]["oman"] |= {"positions": {"inspections": {"ideal": 0.3, "salience": 1}}, "lean": lean}
        res = negosim.simulate(build(data), seed=0)
        assert res.outcome == "agreement" and res.summary["agreement"]["inspections"] >= 0.8 - 1e-9
        assert not [e for e in res.events if e.kind == "reject" and "unless" in e.reason]


def test_a_quota_deal_across_a_conditional_line_is_not_said_to_lift_it():
    data = {
        "negosim": 1, "name": "Quota", "rounds": 20, "protocol": {"name": "simultaneous", "quota": 0.6},
        "issues": {"x": {"name": "X"}, "y": {"name": "Y"}},
        "actors": {p: {"name": p.upper(), "strategy": {"tactic": "linear"},
                       "positions": {"x": {"ideal": 1, "salience": 0.5}, "y": {"ideal": 1, "salience": 0.5}}}
                   for p in ("a", "b")},
    }  # fmt: skip
    line = {"issue": "x", "max": 0.3, "unless": {"issue": "y", "at_most": 0.2}}
    wants = {"x": {"ideal": 0, "salience": 0.5}, "y": {"ideal": 0, "salience": 0.5}}
    data["actors"]["c"] = {"name": "C", "strategy": {"tactic": "linear"}, "red_lines": [line], "positions": wants}
    res = negosim.simulate(build(data), seed=0)
    x = res.summary["agreement"]
    assert x["x"] > 0.3 and x["y"] > 0.2  # across c's line, its condition unmet: carried by the quota
    assert not [e for e in res.events if e.kind == "lifted"]
    assert res.summary["why"][0] == "agreed by a 0.6 quota over the objection of c"


def test_a_conditional_line_the_holders_other_lines_exclude_both_ways_is_an_error():
    data = nuclear()
    data["actors"]["us"]["red_lines"] += [{"issue": "enrichment", "min": 1}, {"issue": "inspections", "max": 0.5}]
    assert any(e.startswith("actors.us.red_lines[0]: ") and "would accept no package" in e for e in errors(data))
    data["actors"]["us"]["red_lines"][2]["max"] = 0.9  # now the condition can be met: no error
    build(data)
