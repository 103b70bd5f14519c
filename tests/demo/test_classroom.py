"""A class negotiating together, without a browser: who may do what (refused and logged otherwise),
each student's own brief only, the timer, the teacher's shock and end, the debrief's run folder."""

from __future__ import annotations

import copy
import json

import pytest

import negosim
from negosim.demo.classroom import ClassRoom, Refused
from negosim.engine.seats import Move
from negosim.scenario.loader import from_data
from tests.conftest import ISTANBUL, pie


def until(room: ClassRoom, check, timeout: float = 10.0):
    """What ``check`` gives once it is true, waiting on the class's changes (no polling)."""
    got = room.wait_for(lambda: (v := check()) is not None and v is not False and v, timeout)
    assert got, "timed out"
    return got


@pytest.fixture
def room(tmp_path):
    r = ClassRoom(from_data(copy.deepcopy(pie(rounds=11))), out=tmp_path / "class", timer=30, delay=0)
    yield r
    r.close()


def test_joining_needs_the_code_and_a_name_and_each_refusal_is_logged(room):
    with pytest.raises(Refused, match="not this class's code"):
        room.join("WRONG", "Ana")
    with pytest.raises(Refused, match="give your name"):
        room.join(room.code, " ")
    token = room.join(room.code.lower(), "Ana")
    assert room.students[token].name == "Ana"
    assert [(r.who, r.what) for r in room.refusals] == [("Ana", "join"), ("someone", "join")]


def test_a_student_acts_only_for_its_own_seat_and_only_the_teacher_steers(room):
    ana, ben = room.join(room.code, "Ana"), room.join(room.code, "Ben")
    room.take(ana, "a")
    with pytest.raises(Refused, match="a's seat is held by Ana"):
        room.take(ben, "a")
    room.take(ben, "b")
    with pytest.raises(Refused, match="you do not hold a's seat"):
        room.move(ben, "a", Move(package={"x": 0.0}))
    with pytest.raises(Refused, match="it is not b's turn"):
        room.move(ben, "b", Move(package={"x": 0.0}))
    for act in (lambda: room.start(ben), lambda: room.assign(ben, "a", None), lambda: room.end(ana),
                lambda: room.shock(ana, kind="pressure", actor="a", target="b", stick=0.5)):  # fmt: skip
        with pytest.raises(Refused, match="only the teacher can do that"):
            act()
    with pytest.raises(Refused, match="join the class first"):
        room.move("forged-token", "a", Move(accept=True))
    assert len(room.refusals) == 8
    assert (room.refusals[1].who, room.refusals[1].what) == ("student Ben", "move for a")


def test_the_round_waits_for_the_seated_student_and_takes_its_move(room):
    ana = room.join(room.code, "Ana")
    room.take(ana, "a")
    room.start(room.teacher_token)
    brief = until(room, lambda: (b := room.brief(ana)) and b["turn"] and b)
    assert brief["seat"] == "a" and brief["view"].round == 1 and brief["view"].actor == "a"
    with pytest.raises(Refused, match="x: 2 is not a number"):
        room.move(ana, "a", Move(package={"x": 2}))
    room.move(ana, "a", Move(package={"x": 0.9}))
    until(room, lambda: len(room.states) >= 1)
    first = next(e for e in room.model.events if e.kind == "offer")
    assert (first.round, first.text) == (1, "a proposes x 0.90 (own utility 0.90)")


def test_a_student_who_does_not_move_in_time_is_played_by_the_agent(tmp_path):
    room = ClassRoom(from_data(copy.deepcopy(pie(rounds=11))), out=tmp_path / "c", timer=1.0, delay=0)
    try:
        room.take(room.join(room.code, "Ana"), "a")
        room.set_timer(room.teacher_token, 0.2)
        room.start(room.teacher_token)
        until(room, lambda: not room.model.running or None, timeout=30)
        plain = negosim.simulate(from_data(copy.deepcopy(pie(rounds=11))))
        texts = [e.text for e in room.model.events if e.kind in ("offer", "accept", "agreement")]
        assert texts == [e.text for e in plain.events if e.kind in ("offer", "accept", "agreement")]
        assert until(room, lambda: room.folder) == tmp_path / "c"
    finally:
        room.close()


def test_each_student_sees_its_own_actors_private_events_only(tmp_path):
    room = ClassRoom(negosim.load_scenario(ISTANBUL), out=tmp_path / "c", timer=0.05, delay=0)
    try:
        kyiv, moscow = room.join(room.code, "Kyiv"), room.join(room.code, "Moscow")
        room.take(kyiv, "ukraine")
        room.take(moscow, "russia")
        room.shock(room.teacher_token, kind="firmness", actor="russia", issue="crimea", firmness=0.5)
        room.start(room.teacher_token)
        until(room, lambda: len(room.states) >= 2 or None, timeout=30)
        room.pause(room.teacher_token)
        seen = {who: [e.text for e in room.brief(t)["events"]] for who, t in (("kyiv", kyiv), ("moscow", moscow))}
        assert any("erodes ukraine's red line" in t for t in seen["kyiv"])
        assert not any("erodes russia's red line" in t for t in seen["kyiv"])
        assert not any("presses russia" in t for t in seen["kyiv"])  # russia's value of no deal is its own
        assert any("erodes russia's red line" in t for t in seen["moscow"])
        assert "shock: russia's red line on crimea: firmness 1.00 -> 0.50" in seen["moscow"]
        assert "shock: russia makes a statement" in seen["kyiv"]
    finally:
        room.close()


def test_the_teacher_ends_the_talks_and_the_debrief_is_a_run_folder(room, tmp_path):
    ben = room.join(room.code, "Ben")
    room.assign(room.teacher_token, "b", ben)
    assert room.seats["b"] == ben and room.students[ben].seat == "b"
    room.start(room.teacher_token)
    until(room, lambda: room.brief(ben)["turn"] or None)
    room.move(ben, "b", Move(package={"x": 0.2}))
    until(room, lambda: len(room.states) >= 1 or None)
    folder = room.end(room.teacher_token)
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["seats"] == ["b"] and (folder / "report.html").exists()
    assert {"kind": "offer", "actor": "b"}.items() <= next(
        json.loads(line) for line in (folder / "events.jsonl").read_text().splitlines() if '"actor": "b"' in line
        and '"offer"' in line).items()  # fmt: skip
