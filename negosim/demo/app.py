"""The demo's page (Solara): a thin face on ``DemoSession``. Each browser session (a Solara virtual
kernel) holds its own session, so two tabs never share a run. The scenario, seed and output folder
come from ``negosim demo`` through the environment (``NEGOSIM_DEMO_FILE``, ``NEGOSIM_DEMO_SEED``,
``NEGOSIM_DEMO_OUT``)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import solara

from negosim.demo import figures
from negosim.demo.session import DemoSession
from negosim.engine.seats import Move
from negosim.errors import NegosimError
from negosim.events import package_text
from negosim.protocols import protocol_class
from negosim.scenario.loader import load_scenario
from negosim.scenario.overrides import apply_overrides

SHOCKS = ("battle", "firmness", "salience", "pressure", "mediator")


def new_session() -> DemoSession:
    sc = load_scenario(os.environ.get("NEGOSIM_DEMO_FILE", "scenarios/istanbul-2025.yaml"))
    out = os.environ.get("NEGOSIM_DEMO_OUT")
    return DemoSession(sc, seed=int(os.environ.get("NEGOSIM_DEMO_SEED", "0")), out=Path(out) if out else None)


def compare_session() -> DemoSession | None:
    """The counterfactual beside the talks (``negosim demo --compare PATH=VALUE``), or None."""
    compare = json.loads(os.environ.get("NEGOSIM_DEMO_COMPARE") or "{}")
    if not compare:
        return None
    base = new_session()
    sc = apply_overrides(base.scenario, compare)
    return DemoSession(sc, seed=base.seed, out=base.out.with_name(base.out.name + "-counterfactual"))


def compare_words() -> str:
    compare = json.loads(os.environ.get("NEGOSIM_DEMO_COMPARE") or "{}")
    return ", ".join(f"{k} = {v}" for k, v in compare.items())


@solara.component
def Page():
    """The demo, or with ``negosim demo --class`` the class's pages (demo/class_app.py)."""
    if os.environ.get("NEGOSIM_DEMO_CLASS") == "1":
        from negosim.demo.class_app import ClassPage

        ClassPage()
    else:
        Solo()


@solara.component
def Solo():
    """One person's demo: this browser session's own talks."""
    session = solara.use_memo(new_session, [])
    other = solara.use_memo(compare_session, [])
    tick, set_tick = solara.use_state(0)
    values, set_values = solara.use_state(dict(session.values))
    message, set_message = solara.use_state("")
    playing, set_playing = solara.use_state(False)
    delay, set_delay = solara.use_state(0.5)

    def redraw():
        set_tick(lambda t: t + 1)

    def play(cancel):
        while playing and not cancel.is_set() and session.turn is None and _going(session, other):
            _step(session, other)
            redraw()
            time.sleep(delay)
        if playing:
            set_playing(False)

    solara.use_thread(play, dependencies=[playing, delay], intrusive_cancel=False)

    def step():
        _step(session, other)
        redraw()

    def reset():
        refused = _reset(session, other, values)
        set_message(refused or "")
        if refused is None:
            set_playing(False)
            redraw()

    def save():
        folder = session.save()
        set_message(f"saved the run folder {folder}/ (open {folder / 'report.html'})")

    sc = session.model.spec
    model = session.model
    live = solara.use_memo(lambda: (figures.Worth(sc), figures.Offers(sc)), [model])  # a new frame per run
    worth_png = solara.use_memo(lambda: live[0].png(session.states), [live, tick, session.round])
    offers_png = solara.use_memo(lambda: live[1].png(session.states), [live, tick, session.round])
    solara.Title(f"negosim: {sc.name}")
    with solara.Sidebar():
        Controls(session, values, set_values)
    with solara.Column(style={"padding": "8px 16px"}):
        solara.Markdown(f"## {sc.name}")
        Toolbar(session, other, (playing, set_playing), (delay, set_delay), {"Step": step, "Reset": reset,
                "Save run": save}, tick)  # fmt: skip
        Outcome(session, tick)
        if message:
            solara.Text(message, classes=["demo-message"], style={"color": "#8a4b00"})
        Seat(session, redraw, tick)
        if other is not None:
            Compare(session, other, worth_png, tick)
            return
        Board(worth_png, offers_png, session.events, sc.round_unit, tick,
              lambda: Shocks(session.model.spec, lambda: session.round, session.shock, redraw, tick))  # fmt: skip


@solara.component
def Toolbar(session: DemoSession, other: DemoSession | None, playing: tuple, delay: tuple, act: dict, tick: int):
    """The round counter, Step, Play/Pause, Reset, Save run and the speed of play (``playing`` and ``delay``:
    (value, setter); ``act``: the buttons' actions by label; ``tick``: redrawn as rounds pass)."""
    sc, going = session.model.spec, _going(session, other)
    (on, set_on), (seconds, set_seconds) = playing, delay
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(f"{sc.round_unit} {session.round} of {sc.rounds}", classes=["round-counter"],
                    style={"font-size": "1.3em", "font-weight": "bold", "margin-right": "16px"})  # fmt: skip
        solara.Button("Step", on_click=act["Step"], disabled=not going or session.turn is not None, color="primary")
        solara.Button("Pause" if on else "Play", on_click=lambda: set_on(not on), disabled=not going)
        solara.Button("Reset", on_click=act["Reset"])
        solara.Button("Save run", on_click=act["Save run"])
        with solara.Div(style={"width": "220px", "margin-left": "12px"}):
            solara.SliderFloat("seconds a round", value=seconds, on_value=set_seconds, min=0.05, max=2.0, step=0.05)


def _reset(session: DemoSession, other: DemoSession | None, values: dict) -> str | None:
    """The talks (and their counterfactual, but for the numbers it compares) again with ``values``; None, or
    why the values were not applied."""
    try:
        session.reset(values)
        if other is not None:
            compared = json.loads(os.environ.get("NEGOSIM_DEMO_COMPARE") or "{}")
            other.reset({k: v for k, v in values.items() if k not in compared})
    except NegosimError as err:
        return "not applied: " + "; ".join(str(p) for p in err.problems)
    return None


def _going(session: DemoSession, other: DemoSession | None) -> bool:
    """Whether the talks (or their counterfactual beside them) still run."""
    return session.running or (other is not None and other.running)


def _step(session: DemoSession, other: DemoSession | None) -> None:
    """A round of the talks, and of their counterfactual beside them."""
    session.step()
    if other is not None:
        other.step()


def Board(worth_png: bytes, offers_png: bytes, events, unit: str, tick: int, side) -> None:
    """The talks' board: what the offers are worth with the log beside it, the offers with ``side()`` (the
    shocks panel) beside them. Shared by the demo and the teacher's page of a class."""
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Column(style={"flex": "0 0 auto"}):
            solara.Image(worth_png, classes=["figure-worth"])
        with solara.Column(style={"min-width": "360px", "flex": "1"}):
            Log(events, unit, tick)
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Column(style={"flex": "0 0 auto"}):
            solara.Image(offers_png, classes=["figure-offers"])
        with solara.Column(style={"min-width": "300px", "flex": "1"}):
            side()


@solara.component
def Compare(session: DemoSession, other: DemoSession, worth_png: bytes, tick: int):
    """The talks and their counterfactual side by side: counter, outcome, what the offers are worth, the log."""
    sc = other.model.spec
    live = solara.use_memo(lambda: figures.Worth(sc), [other.model])
    other_png = solara.use_memo(lambda: live.png(other.states), [live, tick, other.round])
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}, classes=["compare"]):
        for title, s, png, css in (("As written", session, worth_png, "baseline"),
                                   (f"What if: {compare_words()}", other, other_png, "counterfactual")):  # fmt: skip
            with solara.Column(style={"flex": "1", "min-width": "460px"}, classes=[css]):
                solara.Markdown(f"### {title}")
                solara.Text(f"{sc.round_unit} {s.round} of {s.model.spec.rounds}", classes=["side-counter"])
                Outcome(s, tick)
                solara.Image(png)
                Log(s.events, sc.round_unit, tick)


@solara.component
def Outcome(session: DemoSession, tick: int):
    """How the talks ended (``tick``: redrawn as rounds pass)."""
    if session.running:
        return
    res = session.result()
    bold = {"font-size": "1.15em", "font-weight": "bold"}
    solara.Text(f"The talks end: {res.headline()}", classes=["outcome"], style=bold)
    with solara.Div(classes=["why"], style={"font-size": "0.95em"}):
        for reason in res.reasons():  # why, in a short list (engine/why.py)
            solara.Text(f"· {reason}", style={"display": "block"})


@solara.component
def Log(events: list, unit: str, tick: int):
    """The events as sentences, the newest first."""
    lines = [f"{unit} {e.round}: {e.text}" for e in events]
    solara.Markdown("### What happens")
    with solara.Div(classes=["event-log"], style={"max-height": "340px", "overflow-y": "auto", "font-size": "0.9em"}):
        for line in reversed(lines[-200:]):
            solara.Text(line, style={"display": "block"})


@solara.component
def Controls(session: DemoSession, values: dict, set_values):
    """The scenario's numbers, judged ones first with their assumed text; applied at Reset."""
    solara.Markdown("### The scenario's numbers\nChanged values take effect at **Reset**.")
    groups: dict[str, list] = {}
    for c in session.controls:
        groups.setdefault(c.group, []).append(c)
    for group, cs in groups.items():
        with solara.Details(group, expand=group == next(iter(groups))):
            for n, c in enumerate(cs):
                Control(c, values, set_values, n == 0 or c.assumed != cs[n - 1].assumed)


@solara.component
def Control(c, values: dict, set_values, say_assumed: bool = True):
    def set_to(v):
        set_values({**values, c.path: v})

    v = values.get(c.path, c.value)
    changed = " (changed)" if v != c.value else ""
    if c.choices:
        solara.Select(c.label + changed, values=list(c.choices), value=v, on_value=set_to)
    else:
        shown = f"{int(v)}" if c.integer else f"{float(v):.3g}"
        solara.Text(f"{c.label}: {shown}{changed}", classes=["control-label"],
                    style={"display": "block", "font-size": "0.9em", "margin-top": "6px"})  # fmt: skip
        if c.integer:
            solara.SliderInt("", value=int(v), min=int(c.lo), max=int(c.hi), on_value=set_to)
        else:
            solara.SliderFloat("", value=float(v), min=c.lo, max=c.hi, step=c.step, on_value=set_to)
    if c.assumed and say_assumed:
        solara.Text(f"assumed: {c.assumed}", style={"font-size": "0.75em", "color": "#555", "display": "block"})


@solara.component
def Seat(session: DemoSession, redraw, tick: int):
    """Take a party's seat, and play it when its turn comes."""
    parties = session.scenario.parties
    labels = ["agents play every seat", *parties]
    if why := session.model.protocol.seats:
        solara.Text(why, style={"font-size": "0.85em", "color": "#555"})
        return

    def sit(label):
        session.sit(None if label == labels[0] else label)
        redraw()

    with solara.Row(style={"align-items": "center"}):
        solara.Select("your seat", values=labels, value=session.seated or labels[0], on_value=sit,
                      style={"max-width": "280px"})  # fmt: skip
    if session.turn is not None:
        Turn(session.turn.view, session.turn.refused, session.answer, redraw, tick)


@solara.component
def Turn(view, refused, answer, redraw, tick: int):
    """The person's turn: what its actor sees, a package to propose (its worth shown as it changes), accept.
    ``answer(move)`` is why a move is refused, or None."""
    draft, set_draft = solara.use_state({i.id: i.settled if i.settled is not None else i.ideal for i in view.issues})
    problem, set_problem = solara.use_state("")

    def move(m: Move):
        why = answer(m)
        set_problem(why or "")
        redraw()

    with solara.Card(f"Your turn, {view.name}: {view.unit} {view.round}", classes=["your-turn"]):
        solara.Text(f"No deal is worth {view.no_deal:.2f} to you now.", style={"display": "block"})
        for pc in view.preconditions:
            solara.Text(f"your precondition {pc}", style={"display": "block"})
        for who, x in view.offers.items():
            solara.Text(f"{who}'s last offer: {package_text(x)} (worth {view.utility(x):.2f} to you)",
                        style={"display": "block"})  # fmt: skip
        if view.text is not None:
            solara.Text(f"the mediator's text: {package_text(view.text)}", style={"display": "block"})
        if view.standing is not None and view.proposer is not None:
            solara.Text(f"on the table: {view.proposer}'s offer, worth {view.standing_utility:.2f} to you",
                        style={"display": "block"})  # fmt: skip
        for i in view.issues:
            line = f"; red line {i.red_line}" if i.red_line else ""
            hint = f"{i.name}: your ideal {i.ideal}, weight {i.salience:.2f}{line}"
            if i.options:
                solara.Select(f"{i.id} ({hint})", values=list(i.options), value=draft[i.id],
                              on_value=lambda v, k=i.id: set_draft({**draft, k: v}))  # fmt: skip
            else:
                solara.InputFloat(
                    f"{i.id}, {i.low:g} to {i.high:g} ({hint})",
                    value=draft[i.id],
                    continuous_update=True,
                    on_value=lambda v, k=i.id: set_draft({**draft, k: v}),
                )
        try:
            worth = f"This package is worth {view.utility(draft):.2f} to you."
        except (ValueError, TypeError) as err:
            worth = f"Not a package yet: {err}"
        solara.Text(worth, classes=["package-worth"], style={"display": "block", "font-weight": "bold"})
        with solara.Row():
            solara.Button("Propose", on_click=lambda: move(Move(package=dict(draft))), color="primary")
            solara.Button("Accept the offer on the table", on_click=lambda: move(Move(accept=True)))
        if problem or refused:
            solara.Text(f"Refused: {problem or refused}", classes=["refused"], style={"color": "#b00020"})


def _shock_fields(sc, kind: str) -> list[tuple[str, str, list | tuple]]:
    """A shock kind's fields in the panel, in order: (field, label, its choices, or (default, step) of a number
    in [0, 1])."""
    actors, issues = list(sc.actors), list(sc.issues)
    return {
        "battle": [("winner", "won by side", ["a", "b"])],
        "firmness": [("actor", "actor", actors), ("issue", "issue", issues), ("firmness", "new firmness", (0.5, 0.05))],
        "salience": [("actor", "actor", actors), ("issue", "issue", issues), ("salience", "new salience", (0.5, 0.05))],
        "pressure": [("actor", "actor", actors), ("target", "target", actors), ("stick", "stick", (0.0, 0.01)),
                     ("carrot", "carrot", (0.0, 0.01))],
        "mediator": [("actor", "actor", actors)],
    }.get(kind, [])  # fmt: skip


@solara.component
def Shocks(sc, current_round, shock, redraw, tick: int):
    """The instructor's shocks, applied at the start of the next round (``shock(**fields)`` injects one)."""
    kinds = list(protocol_class(sc.protocol.name).shock_kinds or SHOCKS)
    kind, set_kind = solara.use_state("battle" if sc.conflict else "pressure" if "pressure" in kinds else kinds[0])
    fields, set_fields = solara.use_state({})
    problem, set_problem = solara.use_state("")

    def put(key, v):
        set_fields({**fields, key: v})

    def inject():
        try:
            given = {k: v for k, v in fields.items() if not k.startswith("_")}
            if kind == "mediator":
                given.setdefault("present", False)
            shock(kind=kind, **given)
        except (ValueError, TypeError) as err:  # pydantic's ValidationError is a ValueError
            set_problem(str(err).splitlines()[-1] if "validation error" in str(err) else str(err))
            return
        set_problem(f"{kind} shock set for {sc.round_unit} {current_round() + 1}")
        redraw()

    solara.Markdown("### A shock, at the next round")
    solara.Select("kind", values=kinds, value=kind, on_value=lambda v: (set_kind(v), set_fields({})))
    for key, label, choice in _shock_fields(sc, kind):
        if isinstance(choice, list):  # pick one of these
            solara.Select(label, values=choice, value=fields.get(key), on_value=lambda v, key=key: put(key, v))
        else:  # a number: (default, step)
            solara.SliderFloat(label, value=fields.get(key, choice[0]), min=0, max=1, step=choice[1],
                               on_value=lambda v, key=key: put(key, v))  # fmt: skip
    if kind == "mediator":
        solara.Select("the mediator", values=["leaves", "arrives"], value=fields.get("_m", "leaves"),
                      on_value=lambda v: set_fields({**fields, "_m": v, "present": v == "arrives"}))  # fmt: skip
    solara.InputText("what happened (for the log)", value=fields.get("text", ""), on_value=lambda v: put("text", v))
    solara.Button("Inject", on_click=inject)
    if problem:
        solara.Text(problem, classes=["shock-message"], style={"display": "block"})
