"""The class's pages (``negosim demo FILE --class``): the teacher's (``/?teacher=TOKEN``) and the
students' (``/``), faces on the one ``ClassRoom`` the server holds. Every page redraws when the
class changes (it watches ``ClassRoom.version``)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import solara

from negosim.demo import figures
from negosim.demo.classroom import ClassRoom, Refused
from negosim.scenario.loader import load_scenario

_ROOM: ClassRoom | None = None
_LOCK = threading.Lock()


def room() -> ClassRoom:
    """The server's class, made at the first page (or by ``negosim demo --class`` before serving)."""
    global _ROOM
    with _LOCK:
        if _ROOM is None:
            sc = load_scenario(os.environ.get("NEGOSIM_DEMO_FILE", "scenarios/istanbul-2025.yaml"))
            out = os.environ.get("NEGOSIM_DEMO_OUT")
            _ROOM = ClassRoom(sc, seed=int(os.environ.get("NEGOSIM_DEMO_SEED", "0")), out=Path(out) if out else None,
                              timer=float(os.environ.get("NEGOSIM_DEMO_TIMER", "90")),
                              pick=os.environ.get("NEGOSIM_DEMO_PICK", "1") == "1")  # fmt: skip
        return _ROOM


def use_class_version(r: ClassRoom) -> int:
    """The class's version, redrawn whenever it changes (and every second for the timers)."""
    version, set_version = solara.use_state(r.version)

    def watch(cancel):
        seen = -1
        while not cancel.is_set():
            with r._cond:
                r._cond.wait(1.0)
            if r.version != seen or r.turns:
                seen = r.version
                set_version(r.version + (int(time.time()) if r.turns else 0))

    solara.use_thread(watch, dependencies=[], intrusive_cancel=False)
    return version


@solara.component
def ClassPage():
    r = room()
    router = solara.use_router()
    search = dict(p.split("=", 1) for p in (router.search or "").split("&") if "=" in p)
    if search.get("teacher") == r.teacher_token:
        TeacherPage(r)
    else:
        StudentPage(r, search.get("seat"))


@solara.component
def TeacherPage(r: ClassRoom):
    from negosim.demo.app import Board, Shocks

    version = use_class_version(r)
    token = r.teacher_token
    sc = r.model.spec
    live = solara.use_memo(lambda: (figures.Worth(sc), figures.Offers(sc)), [])
    worth = solara.use_memo(lambda: live[0].png(r.states), [len(r.states)])
    offers = solara.use_memo(lambda: live[1].png(r.states), [len(r.states)])
    solara.Title(f"negosim class: {sc.name}")
    with solara.Column(style={"padding": "8px 16px"}):
        solara.Markdown(f"## {sc.name}: the class (teacher)")
        solara.Text(f"join code {r.code}", classes=["join-code"], style={"font-size": "1.6em", "font-weight": "bold"})
        solara.Text("Students open this page's address without ?teacher=..., enter the code and their name.",
                    style={"display": "block"})  # fmt: skip
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text(f"{sc.round_unit} {r.model.round} of {sc.rounds}", classes=["round-counter"],
                        style={"font-size": "1.3em", "font-weight": "bold", "margin-right": "16px"})  # fmt: skip
            solara.Button("Pause" if r.running else "Start", color="primary", disabled=r.ended,
                          on_click=lambda: r.pause(token) if r.running else r.start(token))  # fmt: skip
            solara.Button("End and debrief", on_click=lambda: r.end(token), disabled=r.folder is not None)
            solara.Checkbox(label="students pick their seats", value=r.pick,
                            on_value=lambda v: r.set_pick(token, v))  # fmt: skip
            with solara.Div(style={"width": "240px", "margin-left": "12px"}):
                solara.SliderInt(f"seconds a turn: {int(r.timer)}", value=int(r.timer), min=5, max=300,
                                 on_value=lambda v: r.set_timer(token, v))  # fmt: skip
        Seats(r, version)
        if r.folder is not None:
            Debrief(r, offers, worth, version)
            return

        def side():
            Shocks(sc, lambda: r.model.round, lambda **f: r.shock(token, **f), lambda: None, version)
            Refusals(r, version)

        Board(worth, offers, list(r.model.events), sc.round_unit, version, side)


@solara.component
def Seats(r: ClassRoom, version: int):
    """Who holds each seat, who is waiting, and the teacher's assignment."""
    names = {s.token: s.name for s in r.students.values()}
    choices = ["the agents", *names.values()]
    solara.Markdown(f"### Seats ({len(r.students)} students joined)")
    for party, holder in r.seats.items():
        wait = ""
        if party in r.turns:
            wait = f": their turn, {max(0, int(r.deadline.get(party, 0) - time.time()))} s left"

        def give(name, party=party):
            token = next((t for t, n in names.items() if n == name), None)
            with contextlib.suppress(Refused):  # logged in the class's refusals
                r.assign(r.teacher_token, party, token)

        with solara.Row(style={"align-items": "center"}, classes=["seat-row"]):
            solara.Text(f"{party}: {names.get(holder, 'the agents')}{wait}", style={"min-width": "320px"})
            solara.Select(f"give {party}'s seat to", values=choices, value=names.get(holder, "the agents"),
                          on_value=give, style={"max-width": "260px"})  # fmt: skip


@solara.component
def Refusals(r: ClassRoom, version: int):
    solara.Markdown("### Refused requests")
    with solara.Div(classes=["refusals"]):
        for x in reversed(r.refusals[-50:]):
            solara.Text(f"{time.strftime('%H:%M:%S', time.localtime(x.at))} {x.who}: {x.what}: {x.why}",
                        style={"display": "block", "font-size": "0.85em"})  # fmt: skip


@solara.component
def Debrief(r: ClassRoom, offers: bytes, worth: bytes, version: int):
    res_folder = r.folder
    unit = r.model.spec.round_unit
    solara.Markdown(f"## The debrief\nThe class's run is saved as a run folder: `{res_folder}/` "
                    f"(open `{res_folder / 'report.html'}`).")  # fmt: skip
    how = r.model.outcome or "ended by the teacher"
    solara.Text(f"The talks end after {r.model.round} {unit}s: {how}", classes=["outcome"],
                style={"font-size": "1.15em", "font-weight": "bold", "display": "block"})  # fmt: skip
    if r.model.outcome:  # why, as the run folder's summary says it (engine/why.py)
        from negosim.engine.result import RunResult

        for reason in RunResult.from_model(r.model, seed=r.seed, overrides={}).reasons():
            solara.Text(f"· {reason}", classes=["why"], style={"display": "block"})
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.Image(worth)
        solara.Image(offers)
    solara.Markdown("### The story")
    with solara.Div(classes=["story"]):
        for e in r.model.events:
            solara.Text(f"{unit} {e.round}: {e.text}", style={"display": "block", "font-size": "0.9em"})


@solara.component
def StudentPage(r: ClassRoom, asked_seat: str | None):
    """A student's page: join with the class's code, then a seat (or none yet), the brief and the talks."""
    version = use_class_version(r)
    token, set_token = solara.use_state(None)
    code, set_code = solara.use_state("")
    name, set_name = solara.use_state("")
    problem, set_problem = solara.use_state("")
    sc = r.model.spec
    live = solara.use_memo(lambda: figures.Offers(sc), [])
    offers = solara.use_memo(lambda: live.png(r.states), [len(r.states)])

    def attempt(action):
        try:
            action()
            set_problem("")
        except Refused as why:
            set_problem(f"refused: {why}")

    def join():
        def go():
            t = r.join(code, name)
            set_token(t)
            if asked_seat:
                r.take(t, asked_seat)

        attempt(go)

    solara.Title(f"negosim class: {sc.name}")
    with solara.Column(style={"padding": "8px 16px"}, classes=["student-page"]):
        solara.Markdown(f"## {sc.name}")
        if token is None:
            solara.InputText("the class's code", value=code, on_value=set_code, continuous_update=True)
            solara.InputText("your name", value=name, on_value=set_name, continuous_update=True)
            solara.Button("Join", on_click=join, color="primary")
            if problem:
                solara.Text(problem, classes=["student-message"], style={"color": "#b00020"})
            return
        brief = r.brief(token)
        solara.Text(f"{sc.round_unit} {r.model.round} of {sc.rounds}", classes=["round-counter"],
                    style={"font-size": "1.3em", "font-weight": "bold"})  # fmt: skip
        if problem:
            solara.Text(problem, classes=["student-message"], style={"color": "#b00020", "display": "block"})
        if brief["seat"] is None:
            solara.Markdown("You have no seat yet." + ("" if r.pick else " The teacher will give you one."))
            with solara.Row():
                for party in brief["free"] if r.pick else ():
                    solara.Button(f"Take {party}'s seat", on_click=lambda p=party: attempt(lambda: r.take(token, p)))
            return
        SeatedStudent(r, token, brief, offers, version)


@solara.component
def SeatedStudent(r: ClassRoom, token: str, brief: dict, offers: bytes, version: int):
    """A seated student's brief, its turn (a timer, the move) or a wait, the offers and its side's events."""
    from negosim.demo.app import Turn

    sc, view = r.model.spec, brief["view"]
    Brief(view)
    if brief["turn"]:
        left = max(0, int((brief["deadline"] or 0) - time.time()))
        solara.Text(f"Your turn: {left} s left, then the agent moves for you.", classes=["turn-timer"])
        Turn(view, None, lambda m: r.answer(token, brief["seat"], m), lambda: None, version)
    else:
        solara.Text("Waiting for the others..." if not r.ended else "The talks have ended.",
                    classes=["waiting"], style={"display": "block"})  # fmt: skip
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Column(style={"flex": "0 0 auto"}):
            solara.Image(offers, classes=["figure-offers"])
        with solara.Column(style={"min-width": "320px", "flex": "1"}):
            solara.Markdown("### What happens (what your side can see)")
            with solara.Div(classes=["event-log"], style={"max-height": "340px", "overflow-y": "auto"}):
                for e in reversed(brief["events"][-200:]):
                    solara.Text(f"{sc.round_unit} {e.round}: {e.text}", style={"display": "block"})


@solara.component
def Brief(view):
    """The seat's private brief: its own positions, red lines, value of no deal, preconditions."""
    with solara.Card(f"Your brief: {view.name} ({view.actor})", classes=["private-brief"]):
        solara.Text(f"No deal is worth {view.no_deal:.2f} to you now; you accept nothing worth less.",
                    style={"display": "block"})  # fmt: skip
        for i in view.issues:
            if i.options:
                pos = "values " + ", ".join(f"{o} {v:.2f}" for o, v in i.values.items())
            else:
                pos = "no position" if i.ideal is None else f"ideal {i.ideal:.2f}"
            line = f"; red line {i.red_line}" if i.red_line else ""
            solara.Text(f"{i.id} ({i.name}): {pos}, weight {i.salience:.2f}{line}", style={"display": "block"})
        for pc in view.preconditions:
            solara.Text(f"your precondition {pc}", style={"display": "block"})
