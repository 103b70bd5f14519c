"""The panels beside the board: the scenario's numbers, a person's seat and turn, the shocks."""

from __future__ import annotations

import solara

from negosim.demo.session import DemoSession
from negosim.engine.seats import Move
from negosim.events import package_text
from negosim.protocols import PROTOCOLS, protocol_class

SHOCKS = ("battle", "firmness", "salience", "pressure", "mediator", "position", "protocol", "breakdown", "war")


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
        "position": [("actor", "actor", actors), ("issue", "issue", issues),
                     ("_share", "new ideal, as a share of the issue's range", (0.5, 0.05))],
        "protocol": [("protocol", "the new format", [n for n, cls in PROTOCOLS.items() if cls.tactics != ()])],
        "breakdown": [("actor", "who walks out", actors)],
        "war": [("action", "the war starts or stops", ["start", "stop"])],
    }.get(kind, [])  # fmt: skip


def position_fields(sc, issue: str, share: float) -> dict:
    """A position shock's ideal (a continuous issue) or values (a discrete one: the option at that share of its
    list wanted most) from the panel's share of the issue's range."""
    spec = sc.issues[issue]
    if spec.kind == "continuous":
        lo, hi = spec.range
        return {"ideal": round(lo + share * (hi - lo), 6)}
    return {"values": {spec.options[round(share * (len(spec.options) - 1))]: 1.0}}


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
            if kind == "breakdown":
                given.setdefault("cause", "the instructor ends the talks")
            if kind == "position" and given.get("issue") in sc.issues:
                given |= position_fields(sc, given["issue"], fields.get("_share", 0.5))
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
