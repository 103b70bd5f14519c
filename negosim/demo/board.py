"""What every page of the talks shows: the board of figures and log, how the talks ended, the log."""

from __future__ import annotations

import solara

from negosim.demo.session import DemoSession


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
