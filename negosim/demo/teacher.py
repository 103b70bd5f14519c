"""The teacher's page of a class (``/?teacher=TOKEN``): the board, the seats, refusals, shocks and
the debrief."""

from __future__ import annotations

import contextlib
import time

import solara

from negosim.demo import figures
from negosim.demo.classroom import ClassRoom, Refused
from negosim.demo.shared_class import use_class_version


@solara.component
def TeacherPage(r: ClassRoom):
    from negosim.demo.board import Board
    from negosim.demo.panels import Shocks

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
