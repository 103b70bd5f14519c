"""One person's demo page: this browser session's own talks, with the counterfactual beside them
where ``negosim demo --compare`` asks for one."""

from __future__ import annotations

import time

import solara

from negosim.demo import figures
from negosim.demo.board import Board, Log, Outcome
from negosim.demo.config import settings
from negosim.demo.panels import Controls, Seat, Shocks
from negosim.demo.session import DemoSession
from negosim.errors import NegosimError
from negosim.scenario.loader import load_scenario
from negosim.scenario.overrides import apply_overrides


def new_session() -> DemoSession:
    config = settings()
    return DemoSession(load_scenario(config.file), seed=config.seed, out=config.out)


def compare_session() -> DemoSession | None:
    """The counterfactual beside the talks (``negosim demo --compare PATH=VALUE``), or None."""
    compare = settings().compared
    if not compare:
        return None
    base = new_session()
    sc = apply_overrides(base.scenario, compare)
    return DemoSession(sc, seed=base.seed, out=base.out.with_name(base.out.name + "-counterfactual"))


def compare_words() -> str:
    compare = settings().compared
    return ", ".join(f"{k} = {v}" for k, v in compare.items())


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
            compared = settings().compared
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
