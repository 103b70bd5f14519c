"""A small war with a discrete issue that the sweep tests share: agreements, partial agreements, deadlines."""

from __future__ import annotations

import copy

OPTIONS = ["UN", "neighbours", "nobody"]
GUARANTOR = {
    "negosim": 1,
    "name": "War, talks and a guarantor",
    "rounds": 14,
    "issues": {"territory": {"name": "Territory held by A"}, "ceasefire": {"name": "Ceasefire"},
               "guarantor": {"name": "Who guarantees the deal", "kind": "discrete", "options": OPTIONS}},
    "actors": {
        "a": {"name": "A", "reservation": 0.3, "strategy": {"tactic": "boulware", "beta": 0.5},
              "positions": {"territory": {"ideal": 1, "salience": 0.6}, "ceasefire": {"ideal": 0, "salience": 0.2},
                            "guarantor": {"values": {"UN": 1, "neighbours": 0.5}, "salience": 0.2}},
              "red_lines": [{"issue": "territory", "min": 0.4}]},
        "b": {"name": "B", "reservation": 0.3, "strategy": {"tactic": "boulware", "beta": 0.5},
              "positions": {"territory": {"ideal": 0, "salience": 0.6}, "ceasefire": {"ideal": 1, "salience": 0.2},
                            "guarantor": {"values": {"nobody": 1, "neighbours": 0.6}, "salience": 0.2}},
              "red_lines": [{"issue": "territory", "max": 0.6}]},
    },
    "conflict": {"sides": {"a": ["a"], "b": ["b"]}, "p": 0.7, "beliefs": {"a": [2, 2], "b": [2, 2]},
                 "cost_per_round": {"a": 0.01, "b": 0.01}, "contested": {"territory": 0.02},
                 "front": {"territory": 0.5}, "horizon": 10, "ceasefire": {"issue": "ceasefire", "at_least": 0.9}},
}  # fmt: skip
RED_LINE = "actors.a.red_lines[0].min"  # at 0.62 A's red line and B's (0.6) leave no deal on territory


def guarantor(name: str | None = None, a: str | None = None, b: str | None = None) -> dict:
    """The scenario, with another name or actor names if given."""
    data = copy.deepcopy(GUARANTOR)
    if name:
        data["name"] = name
    for aid, actor in (("a", a), ("b", b)):
        if actor:
            data["actors"][aid]["name"] = actor
    return data
