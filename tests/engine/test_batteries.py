"""Batteries over every registered tactic, protocol and shock kind (after Axelrod-Python's TestPlayer): a
new one is tested here by being registered, with no other edit. Each runs on a small table built from the
registry and the tactic's classifier, and must be deterministic, keep its numbers in bounds, respect every
red line as it stands, render every event as a sentence that reads back, and appear in the schema and the
format reference."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

import negosim
from negosim import events as ev
from negosim.engine.model import NegotiationModel
from negosim.protocols import PROTOCOLS
from negosim.scenario import reference
from negosim.scenario.loader import from_data
from negosim.scenario.models import SHOCK_FIELDS
from negosim.scenario.schema import json_schema
from negosim.strategies import STRATEGIES
from tests.conftest import strategy
from tests.engine.test_properties import inside

#: Every bargaining protocol and every tactic it takes (a protocol with ``tactics == ()`` has none: eum).
PAIRS = [(p, t) for p, cls in PROTOCOLS.items() if cls.tactics != () for t in STRATEGIES
         if cls.tactics is None or t in cls.tactics]  # fmt: skip


def table(protocol: str, tactic: str | None = None) -> dict:
    """Parties (two, or three where the tactic allows) on a continuous and a discrete issue, soft and firm red
    lines, a mediator who presses, a war that hurts; ``tactic`` for every party (none under eum)."""
    two = tactic is not None and STRATEGIES[tactic].classifier.get("parties") == 2
    names = ["a", "b"] if two else ["a", "b", "c"]
    issues = {"x": {"name": "X", "separable": True},
              "y": {"name": "Y", "kind": "discrete", "options": ["low", "mid", "high"], "ordered": True}}  # fmt: skip
    actors = {}
    for n, who in enumerate(names):
        ideal = n / (len(names) - 1)
        actors[who] = {
            "name": who.upper(),
            "reservation": 0.2,
            "positions": {"x": {"ideal": ideal, "salience": 0.6},
                          "y": {"values": {"low": 1 - ideal, "mid": 0.5, "high": ideal}, "salience": 0.4}},
        }  # fmt: skip
        if tactic is None:
            actors[who]["capability"] = 1.0 + n
        else:
            actors[who]["strategy"] = strategy(tactic)
    if tactic is not None:
        actors["a"]["red_lines"] = [{"issue": "x", "max": 0.6, "firmness": 0.5}, {"issue": "y", "not_in": ["high"]}]
        actors["b"]["red_lines"] = [{"issue": "x", "min": 0.3}]
        actors["m"] = {"name": "M", "role": "mediator", "positions": {"x": {"ideal": 0.8, "salience": 1}},
                       "pressure": [{"target": "a", "stick": 0.2, "carrot": 0.05, "over": 3}]}  # fmt: skip
    if tactic is None:  # a collective decision (eum): positions on a line only
        del issues["y"]
        for actor in actors.values():
            del actor["positions"]["y"]
    data = {"negosim": 1, "name": f"battery {protocol} {tactic}", "rounds": 12, "protocol": protocol,
            "issues": issues, "actors": actors}  # fmt: skip
    if tactic is not None:
        data["conflict"] = {"sides": {"a": ["a"], "b": ["b"]}, "p": 0.5, "cost_per_round": {"a": 0.01, "b": 0.01},
                            "contested": {"x": 0.02}, "front": {"x": 0.5}, "horizon": 5}  # fmt: skip
    return data


def played(data: dict, seed: int = 3) -> tuple[NegotiationModel, list]:
    """The talks played to their end, with the snapshot of every round."""
    m = NegotiationModel(from_data(copy.deepcopy(data)), seed=seed)
    states = []
    while m.running:
        m.step()
        states.append(m.snapshot())
    return m, states


def check_run(data: dict) -> None:
    m, states = played(data)
    res = negosim.simulate(from_data(copy.deepcopy(data)), seed=3)
    # deterministic: the same scenario and seed give the same run, the stepped model and simulate alike
    again = negosim.simulate(from_data(copy.deepcopy(data)), seed=3)
    assert res.summary == again.summary and [e.text for e in res.events] == [e.text for e in m.events]
    # bounds: utilities, aspirations and the distance stay in [0, 1]
    h = res.history
    for col in ("aspiration", "utility_own_offer", "utility_standing", "distance"):
        if col in h:
            vals = h[col].dropna().to_numpy()
            assert ((vals >= -1e-9) & (vals <= 1 + 1e-9)).all(), col
    assert all(0 <= u <= 1 for u in res.summary["utilities"].values())
    # red lines: no party proposes or accepts across its lines as they stood that round
    for state in states:
        standing = None
        for e in state.events:
            if e.kind == "offer":
                assert inside(state, e.actor, e.package), e
                standing = e.package
            elif e.kind == "text":
                standing = e.package
            elif e.kind == "accept" and standing is not None:
                assert inside(state, e.actor, standing), e
    # events: a sentence each, no template left in it, and each reads back from its record as it was
    for e in res.events:
        assert e.kind in ev.KINDS and e.text and "{" not in e.text and "None" not in e.text, e
        assert ev.from_record(json.loads(json.dumps(e.record()))).text == e.text
    assert res.reasons()  # and the run says why it ended


@pytest.mark.parametrize(("protocol", "tactic"), PAIRS, ids=[f"{p}-{t}" for p, t in PAIRS])
def test_every_tactic_under_every_protocol_that_takes_it(protocol, tactic):
    check_run(table(protocol, tactic))


@pytest.mark.parametrize("protocol", [p for p, cls in PROTOCOLS.items() if cls.tactics == ()])
def test_every_protocol_without_tactics(protocol):
    check_run(table(protocol))


@pytest.mark.parametrize("kind", list(SHOCK_FIELDS))
def test_every_shock_kind_applies_at_its_round_as_an_event(kind):
    data = table("alternating", "linear")
    fields = {"battle": {"winner": "b"}, "firmness": {"actor": "b", "issue": "x", "firmness": 0.4},
              "salience": {"actor": "a", "issue": "y", "salience": 0.9},
              "pressure": {"actor": "m", "target": "b", "stick": 0.3},
              "mediator": {"actor": "m", "present": False},
              "position": {"actor": "a", "issue": "x", "ideal": 0.5},
              "protocol": {"protocol": "simultaneous"}, "breakdown": {"cause": "strikes on b's sites"},
              "war": {"action": "stop"}, "red_line": {"actor": "a", "issue": "x", "min": 0.2}}  # fmt: skip
    assert set(fields) == set(SHOCK_FIELDS), "a new shock kind: give it fields here"
    assert set(SHOCK_FIELDS[kind]) <= set(fields[kind])  # the battery writes every field the kind needs
    data["shocks"] = [{"round": 3, "kind": kind, "assumed": "a test", **fields[kind]}]
    check_run(data)
    m, _ = played(data)
    [shock] = [e for e in m.events if e.kind == "shock"]
    assert shock.round == 3 and shock.what == kind


@pytest.mark.parametrize("name", [*STRATEGIES, *PROTOCOLS])
def test_every_tactic_and_protocol_is_in_the_schema_and_the_format_reference(name):
    text, schema = reference.markdown(), json.dumps(json_schema())
    assert f"tactic: {name}" in text or f"name: {name}" in text
    assert f'"{name}"' in schema


def test_the_table_of_a_battery_is_a_valid_scenario_for_every_registered_pair():
    # the batteries test what they mean to: each table loads, and its tactic and protocol are the ones asked
    for protocol, tactic in PAIRS:
        sc = from_data(table(protocol, tactic))
        assert sc.protocol.name == protocol and {a.strategy.tactic for a in sc.actors.values()
                                                 if a.role == "party"} == {tactic}  # fmt: skip
    assert np.isfinite([len(PAIRS)]).all() and len(PAIRS) >= len(STRATEGIES)
