"""Properties that must hold for every scenario: red lines, utility bounds, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import negosim
from negosim.engine.model import NegotiationModel
from negosim.protocols import PROTOCOLS
from negosim.strategies import STRATEGIES
from tests.conftest import build, strategy

#: Bargaining protocols and tactics, from their registries: a new one is drawn here with no edit
PROTOCOL_NAMES = [name for name, cls in PROTOCOLS.items() if cls.tactics != ()]
unit = st.floats(0, 1, allow_nan=False)


def tactics(protocol: str, parties: int) -> list[str]:
    """The tactics ``protocol`` takes that can play with ``parties`` parties."""
    allowed = PROTOCOLS[protocol].tactics
    return [t for t, cls in STRATEGIES.items() if (allowed is None or t in allowed)
            and cls.classifier.get("parties") in (None, parties)]  # fmt: skip


@st.composite
def scenarios(draw) -> dict:
    n_parties = draw(st.integers(2, 3))
    n_issues = draw(st.integers(1, 4))
    issues = {}
    for k in range(n_issues):
        if draw(st.booleans()):
            lo = draw(st.floats(-5, 5, allow_nan=False))
            issues[f"i{k}"] = {"name": f"I{k}", "range": [lo, lo + draw(st.floats(0.5, 10))]}
        else:
            n = draw(st.integers(2, 5))
            numeric = draw(st.booleans())  # options that look like numbers: "0", "25", ...
            issues[f"i{k}"] = {
                "name": f"I{k}",
                "kind": "discrete",
                "options": [str(25 * j) if numeric else f"o{j}" for j in range(n)],
                "ordered": draw(st.booleans()),
            }
    protocol = draw(st.sampled_from(PROTOCOL_NAMES))
    playable = tactics(protocol, n_parties)
    lead = draw(st.sampled_from(playable))  # a tactic that only plays against itself sets everyone's
    together = STRATEGIES[lead].classifier.get("same_tactic")
    mixable = [t for t in playable if not STRATEGIES[t].classifier.get("same_tactic")]
    actors = {}
    for p in range(n_parties):
        positions, red_lines = {}, []
        for n_issue, (iid, issue) in enumerate(issues.items()):
            if n_issue > 0 and draw(st.integers(0, 4)) == 0:
                continue  # sometimes a party has no position on an issue
            sal = draw(st.floats(0.05, 1))
            if issue.get("kind") == "discrete":
                opts = issue["options"]
                positions[iid] = {"values": {o: draw(unit) for o in opts}, "salience": sal}
                if draw(st.booleans()):
                    banned = draw(st.lists(st.sampled_from(opts), max_size=len(opts) - 1, unique=True))
                    if banned:  # numeric-looking options written as numbers, as a user would
                        red_lines.append({"issue": iid, "not_in": [int(b) if b.isdigit() else b for b in banned]})
            else:
                lo, hi = issue["range"]
                positions[iid] = {
                    "ideal": draw(st.floats(lo, hi)),
                    "salience": sal,
                    "shape": draw(st.sampled_from(["linear", "quadratic"])),
                }
                if draw(st.booleans()):
                    a, b = sorted([draw(st.floats(lo, hi)), draw(st.floats(lo, hi))])
                    red_lines.append({"issue": iid, "min": a, "max": b})
        for rl in red_lines:  # some red lines erode under pressure
            rl["firmness"] = draw(st.sampled_from([1.0, 0.5, 0.0]))
        actors[f"p{p}"] = {
            "name": f"P{p}",
            "strategy": strategy(lead if p == 0 or together else draw(st.sampled_from(mixable))),
            "reservation": draw(st.floats(0, 1)),
            "positions": positions,
            "red_lines": red_lines,
            "pressure": [{"target": f"p{(p + 1) % n_parties}", "stick": draw(st.floats(0, 0.3))}]
            if draw(st.booleans())
            else [],
        }
        first = next(iter(issues))
        if draw(st.integers(0, 3)) == 0:  # a precondition on the first issue, or a refusal to settle it first
            issue = issues[first]
            own_line = any(rl["issue"] == first for rl in red_lines)  # a requirement must fit the holder's lines
            if own_line or draw(st.booleans()):
                pc = {"no_interim": [first]}
            elif issue.get("kind") == "discrete":
                pc = {"require": {"issue": first, "equals": draw(st.sampled_from(issue["options"]))}}
            else:
                pc = {"require": {"issue": first, "at_least": draw(st.floats(*issue["range"]))}}
            actors[f"p{p}"]["preconditions"] = [{"id": "first", "firmness": draw(st.sampled_from([1.0, 0.3])), **pc}]
    for issue in issues.values():
        issue["separable"] = draw(st.booleans())
    if draw(st.booleans()):
        actors["host"] = {"name": "Host", "role": "host", "hosting": {"issue": next(iter(issues)), "bonus": 0.1}}
        if issues[next(iter(issues))].get("kind") == "discrete":
            issues[next(iter(issues))]["ordered"] = True
    data = {
        "negosim": 1,
        "name": "random",
        "rounds": draw(st.integers(1, 15)),
        "protocol": protocol,
        "issues": issues,
        "actors": actors,
    }
    if PROTOCOLS[protocol].needs_mediator:  # parties vote on a mediator's text
        actors["m"] = {"name": "Mediator", "role": "mediator"}
    continuous = [iid for iid, i in issues.items() if i.get("kind") != "discrete"]
    if continuous and draw(st.booleans()):  # a war over the first continuous issue
        iid, (lo, hi) = continuous[0], issues[continuous[0]]["range"]
        data["conflict"] = {
            "sides": {"a": ["p0"], "b": ["p1"]},
            "p": draw(st.floats(0.05, 0.95)),
            "beliefs": {"a": [draw(st.floats(0.5, 20)), draw(st.floats(0.5, 20))]},
            "cost_per_round": {"p0": draw(st.floats(0, 0.05)), "p1": draw(st.floats(0, 0.05))},
            "contested": {iid: draw(st.floats(0, (hi - lo) / 5))},
            "front": {iid: draw(st.floats(lo, hi))},
            "horizon": draw(st.integers(1, 30)),
        }
    data["shocks"] = draw(shocks(data))
    if "m" in actors:
        actors["m"].update(draw(mediation(data)))
    return data


@st.composite
def mediation(draw, data: dict) -> dict:
    """Sometimes a mediator with positions and a lean, and a package of its own tabled before any change of format."""
    out, issues = {}, data["issues"]
    if draw(st.booleans()):
        out["lean"] = draw(st.sampled_from([0.3, 0.7, 1.0]))
        out["positions"] = {iid: {"salience": draw(st.floats(0.05, 1)), **_point(draw, issue, "values")}
                            for iid, issue in issues.items()}  # fmt: skip
    switch = min((s["round"] for s in data["shocks"] if s["kind"] == "protocol"), default=data["rounds"] + 1)
    if switch > 1 and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(sorted(issues)), min_size=1, unique=True))
        package = {iid: _point(draw, issues[iid], "value")["value"] for iid in chosen}
        out["proposals"] = [{"round": draw(st.integers(1, switch - 1)), "package": package, "assumed": "drawn"}]
    return out


def _point(draw, issue: dict, key: str) -> dict:
    """A drawn point on ``issue``: ``{ideal: x}`` or ``{values: {...}}`` (``key`` values), or ``{value: x}``."""
    if issue.get("kind") == "discrete":
        if key == "values":
            return {"values": {o: draw(unit) for o in issue["options"]}}
        return {"value": draw(st.sampled_from(issue["options"]))}
    x = draw(st.floats(*issue["range"]))
    return {"ideal": x} if key == "values" else {"value": x}


@st.composite
def shocks(draw, data: dict) -> list[dict]:
    """Sometimes a demand that moves (p0's position on an issue it holds one on), a red line drawn anew for p0,
    and a change of format (to a protocol that takes every party's tactic), each at a drawn round."""
    out, rounds, p0 = [], data["rounds"], data["actors"]["p0"]
    if draw(st.integers(0, 2)) == 0:
        iid = draw(st.sampled_from(sorted(p0["positions"])))
        issue = data["issues"][iid]
        moved = ({"values": {o: draw(unit) for o in issue["options"]}} if issue.get("kind") == "discrete"
                 else {"ideal": draw(st.floats(*issue["range"]))})  # fmt: skip
        out.append({"round": draw(st.integers(1, rounds)), "kind": "position", "actor": "p0", "issue": iid,
                    "assumed": "drawn", **moved})  # fmt: skip
    if draw(st.integers(0, 2)) == 0:  # a line drawn anew (or moved) at a round
        iid = draw(st.sampled_from(sorted(data["issues"])))
        issue = data["issues"][iid]
        if issue.get("kind") == "discrete":
            opts = issue["options"]
            line = {"not_in": draw(st.lists(st.sampled_from(opts), min_size=1, max_size=len(opts) - 1, unique=True))}
        else:
            line = {"max": draw(st.floats(*issue["range"]))}
        out.append({"round": draw(st.integers(1, rounds)), "kind": "red_line", "actor": "p0", "issue": iid,
                    "firmness": draw(st.sampled_from([1.0, 0.5])), "assumed": "drawn", **line})  # fmt: skip
    played = {a["strategy"]["tactic"] for a in data["actors"].values() if "strategy" in a}
    mediator = "m" in data["actors"]
    formats = [n for n, cls in PROTOCOLS.items() if n != data["protocol"] and cls.tactics != ()
               and (cls.tactics is None or played <= set(cls.tactics)) and (mediator or not cls.needs_mediator)
               and PROTOCOLS[data["protocol"]].tactics != ()]  # fmt: skip
    if formats and draw(st.integers(0, 3)) == 0:
        to = draw(st.sampled_from(formats))
        out.append({"round": draw(st.integers(1, rounds)), "kind": "protocol", "protocol": to, "assumed": "drawn"})
    return out


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def inside(state, party: str, package: dict) -> bool:
    """Whether ``package`` (as events give it) lies inside ``party``'s red lines as they stood in ``state``."""
    p = state.parties.index(party)
    for k, iid in enumerate(state.issues):
        v = package[iid]
        if state.options[k]:
            if not state.allowed[p, k, state.options[k].index(v)]:
                return False
        elif not state.lo[p, k] - 1e-9 <= v <= state.hi[p, k] + 1e-9:
            return False
    return True


@SETTINGS
@given(scenarios(), st.integers(0, 2**31))
def test_no_party_proposes_or_accepts_a_package_across_its_current_red_lines(data, seed):
    """Read through the model's seam, a round at a time: every offer and every acceptance of a round lies
    inside the party's red lines as they stood that round, and an agreement inside every party's."""
    model = NegotiationModel(build(data), seed=seed)
    standing = None
    while model.running:
        model.step()
        state = model.snapshot()
        for e in state.events:
            if e.kind == "offer":
                assert inside(state, e.actor, e.package), ("proposes across", e)
                standing = e.package
            elif e.kind in ("text", "proposal"):
                standing = e.package
            elif e.kind == "accept":
                assert inside(state, e.actor, standing), ("accepts across", e)
            elif e.kind == "agreement":
                assert all(inside(state, p, e.package) for p in state.parties)
    assert model.outcome in ("agreement", "partial", "breakdown", "stalemate", "deadline")


@SETTINGS
@given(scenarios(), st.integers(0, 2**31))
def test_utilities_stay_in_the_unit_interval(data, seed):
    res = negosim.simulate(build(data), seed=seed)
    h = res.history
    for col in ("aspiration", "utility_own_offer", "utility_standing"):
        vals = h[col].dropna().to_numpy()
        assert ((vals >= -1e-12) & (vals <= 1 + 1e-12)).all(), col
    assert all(0 <= u <= 1 for u in res.summary["utilities"].values())
    d = h["distance"].dropna().to_numpy()
    assert ((d >= 0) & (d <= 1 + 1e-12)).all()


@settings(max_examples=25, deadline=None)
@given(scenarios(), st.integers(0, 2**31))
def test_a_run_is_a_pure_function_of_scenario_and_seed(data, seed):
    one, two = negosim.simulate(build(data), seed=seed), negosim.simulate(build(data), seed=seed)
    assert one.summary == two.summary
    pd.testing.assert_frame_equal(one.history, two.history)
    assert [str(e) for e in one.events] == [str(e) for e in two.events]
    assert np.array_equal(one.offers, two.offers, equal_nan=True)


@SETTINGS
@given(scenarios(), st.integers(0, 2**31), st.data())
def test_nothing_is_offered_or_agreed_from_a_breakdown_round_on(data, seed, draw):
    """A breakdown shock at round r: the talks end by round r; in round r and after, no offer, text, acceptance
    or agreement; if they were still running, they end in breakdown with the shock's cause."""
    if PROTOCOLS[data["protocol"]].shock_kinds is not None:  # the eum model takes no breakdown
        return
    at = draw.draw(st.integers(1, data["rounds"]))
    data["shocks"] = [*data["shocks"], {"round": at, "kind": "breakdown", "cause": "strikes", "assumed": "drawn"}]
    res = negosim.simulate(build(data), seed=seed)
    assert res.round <= at
    assert not [e for e in res.events if e.round >= at and e.kind in ("offer", "text", "accept", "agreement")]
    if res.round == at:
        assert res.outcome == "breakdown" and res.events[-1].text == "the talks break down: strikes"


@st.composite
def with_principals(draw) -> dict:
    """A drawn scenario where p0 answers to one principal, or to two or three of whom a quota must ratify; each
    principal has drawn positions, a red line on some issue and a reservation."""
    data = draw(scenarios())
    names = [f"boss{n}" for n in range(draw(st.integers(1, 3)))]
    for name in names:
        positions, red_lines = {}, []
        for iid, issue in data["issues"].items():
            if issue.get("kind") == "discrete":
                opts = issue["options"]
                positions[iid] = {"values": {o: draw(unit) for o in opts}, "salience": draw(st.floats(0.05, 1))}
                if draw(st.booleans()):
                    red_lines.append(
                        {
                            "issue": iid,
                            "not_in": draw(
                                st.lists(st.sampled_from(opts), min_size=1, max_size=len(opts) - 1, unique=True)
                            ),
                        }
                    )
            else:
                lo, hi = issue["range"]
                positions[iid] = {"ideal": draw(st.floats(lo, hi)), "salience": draw(st.floats(0.05, 1))}
                if draw(st.booleans()):
                    red_lines.append({"issue": iid, "min": draw(st.floats(lo, hi))})
        data["actors"][name] = {"name": name, "role": "principal", "reservation": draw(st.floats(0, 0.8)),
                                "positions": positions, "red_lines": red_lines}  # fmt: skip
    quota = draw(st.integers(1, len(names)))
    data["actors"]["p0"]["ratified_by"] = {"by": names, "quota": quota,
                                           "on_veto": draw(st.sampled_from(["continue", "end"]))}  # fmt: skip
    return data


@SETTINGS
@given(with_principals(), st.integers(0, 2**31))
def test_a_vetoed_deal_is_never_the_outcome(data, seed):
    """An agreement, if any, is one p0's quota of principals ratifies as they stood when it was made: inside
    their red lines and worth their value of no deal (model doc, section 15)."""
    model = NegotiationModel(build(data), seed=seed)
    while model.running:
        model.step()
    if model.agreement is None:
        return
    s, x = model.space, model.agreement
    rb = model.spec.actors["p0"].ratified_by
    yes = [s.feasible(x)[b] and s.utility(x)[b] + model.carrot[b] >= model.batna[b] - 1e-9
           for b in (s.actors.index(name) for name in rb.by)]  # fmt: skip
    assert sum(yes) >= rb.needed or 0 in model.endings.walked
    assert any(e.kind == "ratify" for e in model.events) or 0 in model.endings.walked or rb.needed == 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)  # few draws have a lean
@given(scenarios(), st.integers(0, 2**31))
def test_a_leaning_text_crosses_no_red_line_the_nash_text_respects(data, seed):
    """Each round, the text a mediator with a lean drafts lies inside every red line (as it stands) that the
    parties' Nash text lies inside, and gives every party more than no deal where the Nash text does."""
    assume(data["actors"].get("m", {}).get("lean"))
    model = NegotiationModel(build(data), seed=seed)
    mediator = model.mediators[0]
    while model.running:
        model.step()
        leaning = mediator.draft()
        mediator.lean, mediator._drafts = 0.0, {}
        nash = mediator.draft()
        mediator.lean, mediator._drafts = data["actors"]["m"]["lean"], {}
        assert (leaning is None) == (nash is None)
        if nash is None:
            continue
        parties = model.space.parties
        ok_nash, ok_lean = model.space.feasible(nash)[parties], model.space.feasible(leaning)[parties]
        assert not (ok_nash & ~ok_lean).any(), (nash, leaning)
        assert (model.space.utility(leaning)[parties] > model.batna[parties] - 1e-9).all()


@st.composite
def with_spoilers(draw) -> dict:
    """A drawn scenario with an observer who spoils: when a deal it dislikes is in sight (its positions drawn on
    every issue) or at a drawn round, with a drawn chance and reach, by a breakdown."""
    data = draw(scenarios())
    assume(PROTOCOLS[data["protocol"]].shock_kinds is None)  # the eum model has no table to attack
    positions = {}
    for iid, issue in data["issues"].items():
        if issue.get("kind") == "discrete":
            positions[iid] = {"values": {o: draw(unit) for o in issue["options"]}, "salience": draw(st.floats(0.05, 1))}
        else:
            lo, hi = issue["range"]
            positions[iid] = {"ideal": draw(st.floats(lo, hi)), "salience": draw(st.floats(0.05, 1))}
    when = draw(st.sampled_from(["near_deal", {"round": draw(st.integers(1, data["rounds"]))}]))
    spoil = {"when": when, "chance": draw(unit), "does": "breakdown", "text": "strikes", "assumed": "drawn"}
    if when == "near_deal":
        spoil["reach"] = draw(st.floats(0, 0.5))
    data["actors"]["spoiler"] = {"name": "Spoiler", "role": "observer", "reservation": draw(unit),
                                 "positions": positions, "spoils": [spoil]}  # fmt: skip
    return data


@SETTINGS
@given(with_spoilers(), st.integers(0, 2**31))
def test_nothing_is_offered_or_agreed_from_a_spoiler_s_strike_on_and_a_run_is_its_seed_s(data, seed):
    """A spoiler that strikes in round r ends the talks there in breakdown: nothing offered, drafted, accepted or
    agreed in round r or after; a spoiler decides once; the same seed gives the same run (model doc, section 7)."""
    res = negosim.simulate(build(data), seed=seed)
    spoils = [e for e in res.events if e.kind == "spoil"]
    assert len(spoils) <= 1
    if spoils and spoils[0].struck:
        at = spoils[0].round
        assert res.round == at and res.outcome == "breakdown" and res.events[-1].text == "the talks break down: strikes"
        assert not [e for e in res.events if e.round >= at and e.kind in ("offer", "text", "accept", "agreement")]
    again = negosim.simulate(build(data), seed=seed)
    assert [str(e) for e in res.events] == [str(e) for e in again.events]


@st.composite
def with_threats(draw) -> dict:
    """A drawn scenario whose every pressure may be a threat (issue 27 item 6): a credibility, sometimes a belief
    of its own and an ultimatum inside the talks, then a breakdown or (with a war) the war."""
    data = draw(scenarios())
    then = ["breakdown", "war"] if "conflict" in data else ["breakdown"]
    for actor in data["actors"].values():
        for pr in actor.get("pressure", []):
            if draw(st.booleans()):
                pr.update(credibility=draw(unit), then=draw(st.sampled_from(then)))
                if draw(st.booleans()):
                    pr["believed"] = draw(unit)
                if draw(st.booleans()):
                    pr["ultimatum"] = draw(st.integers(1, data["rounds"]))
    return data


@SETTINGS
@given(with_threats(), st.integers(0, 2**31))
def test_with_threats_utilities_stay_in_the_unit_interval_and_a_run_is_a_function_of_scenario_and_seed(data, seed):
    """Threats drawn and carried out or not: utilities and values of no deal stay in [0, 1]; the same seed gives
    the same run, threats falling due alike; each threat falls due at most once."""
    one, two = negosim.simulate(build(data), seed=seed), negosim.simulate(build(data), seed=seed)
    h = one.history
    for col in ("aspiration", "utility_own_offer", "utility_standing"):
        vals = h[col].dropna().to_numpy()
        assert ((vals >= -1e-12) & (vals <= 1 + 1e-12)).all(), col
    assert all(0 <= u <= 1 for u in one.summary["utilities"].values())
    assert ((one.batna_history >= -1e-12) & (one.batna_history <= 1 + 1e-12)).all()
    assert [str(e) for e in one.events] == [str(e) for e in two.events]
    assert one.summary == two.summary
    threats = [(e.actor, e.target) for e in one.events if e.kind == "threat"]
    assert len(threats) <= sum(1 for a in data["actors"].values() for pr in a.get("pressure", []) if "then" in pr)
