"""A student's page of a class (``/``): join with the class's code, take a seat, read the brief, move."""

from __future__ import annotations

import time

import solara

from negosim.demo import figures
from negosim.demo.classroom import ClassRoom, Refused
from negosim.demo.shared_class import use_class_version


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
    from negosim.demo.panels import Turn

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
