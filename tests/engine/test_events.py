"""Typed events: one dataclass per kind with named fields and its own sentence; events.jsonl holds
the fields and reads back into the same events."""

from __future__ import annotations

import dataclasses
import json

import negosim
from negosim import events as ev
from negosim.output import write_run
from negosim.runfolder import load_run
from tests.conftest import ISTANBUL, build, pie


def test_every_kind_is_a_frozen_dataclass_with_its_sentence():
    for kind, cls in ev.KINDS.items():
        assert cls.kind == kind and dataclasses.is_dataclass(cls)
        assert cls.__dataclass_params__.frozen
    offer = ev.Offer(3, "russia", {"ceasefire": 0.0, "border": "old"}, 0.8)
    assert offer.text == "russia proposes ceasefire 0.00, border old (own utility 0.80)"
    press = ev.Press(1, "usa", "russia", 0.06, 0.0, 0.13)
    assert press.text == "usa presses russia (a stick takes 6% of its value of no deal, now 0.13)"
    assert (
        ev.Partial(52, None, ("a",), ("b", "c"), "week").text == "deadline after 52 weeks: partial: a settled; b, c not"
    )


def test_the_event_log_reads_back_into_the_same_events(tmp_path):
    res = negosim.simulate(ISTANBUL, seed=2)
    write_run(res, tmp_path / "run", figures=False)
    lines = [json.loads(line) for line in (tmp_path / "run" / "events.jsonl").read_text().splitlines()]
    assert lines[1]["kind"] == "battle" and set(lines[1]) >= {"winner", "side", "front", "text", "run_id"}
    assert {line["kind"] for line in lines} >= {
        "start",
        "press",
        "erode",
        "deadlock",
        "waive",
        "interim",
        "ceasefire",
        "accept",
        "agreement",
    }
    assert list(load_run(tmp_path / "run").events) == list(res.events)


def test_a_log_without_fields_still_reads_as_sentences():
    old = ev.from_record({"round": 4, "kind": "offer", "actor": "a", "text": "a proposes x 0.50 (own utility 0.50)"})
    assert (old.kind, old.round, old.text) == ("offer", 4, "a proposes x 0.50 (own utility 0.50)")
    assert ev.from_record(negosim.simulate(build(pie())).events[1].record()) == negosim.simulate(build(pie())).events[1]


def test_the_reference_lists_every_kind_with_its_fields():
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "reference" / "outputs.md").read_text()
    for kind, cls in ev.KINDS.items():
        fields = ", ".join(f"`{f.name}`" for f in dataclasses.fields(cls) if f.name not in ("round", "actor"))
        assert f"| `{kind}` | {fields or '-'} |" in page, kind
