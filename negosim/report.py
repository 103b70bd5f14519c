"""report.html: one self-contained page per run (figures embedded, no network) to share or project.

It holds the summary, every figure, the event log as the story of the talks, and the scenario's
positions with the quotes or assumptions they rest on. The page is a pure function of the run:
the same run gives the same bytes.
"""

from __future__ import annotations

import io

from negosim.engine.result import RunResult, cell
from negosim.events import ENDINGS
from negosim.html import png_data, render
from negosim.scenario.claims import Claim, claims
from negosim.scenario.models import Scenario
from negosim.words import and_list, plural

#: Event kinds that carry the story (a shock: what happened from outside); the rest (offers, battles, pressure)
#: are in the full log.
TURNING_POINTS = {
    "start", "shock", "proposal", "no_text", "deadlock", "waive", "lifted", "off_agenda", "opened", "met", "held",
    "interim", "ceasefire", "breakdown", "ratify", "veto", "stalemate", "agreement", "partial", "deadline", "forecast",
    "threat",
}  # fmt: skip

#: The report lists this many events at most; a long run's full log is in events.jsonl.
MAX_LISTED = 2000


CAPTIONS = {
    "convergence": "Every party's offer (under a mediator: its position) on each issue by round; hatched: beyond "
    "a party's red line as it stood; diamond: an interim agreement; star: the agreement.",
    "utilities": "What each party gets from the offers on the table, against what it demands (aspiration) and its "
    "value of no deal.",
    "distance": "How far apart the parties' offers are (salience-weighted, 0 = the same package).",
    "outcome_space": "Utilities of each pair of parties: sampled packages, the Pareto frontier (dashed: red lines "
    "ignored), the Nash and Kalai-Smorodinsky points and the agreement where there are any, and each party's "
    "offers by round (large dot: its first).",
    "conflict": "The war around the talks: the front, each side's belief about its chance of winning a battle, "
    "the costs paid; ripe rounds shaded.",
    "positions": "Every actor's position by round from round 0 (as written), with the forecasts: the Condorcet "
    "median (thick) and the weighted mean of the compromise model (dashed).",
    "challenges": "Round 1: what each actor expects from challenging each other (a frame: an offer made; a thick "
    "frame: the offer its target takes), and where each actor moves by confrontation, compromise or capitulation.",
}


def report_html(result: RunResult, images: dict[str, bytes] | None = None) -> str:
    """The whole page; ``images`` are the figures already drawn as PNG, by name (drawn here if not given)."""
    sc, sm = result.scenario, result.summary
    images = images if images is not None else {name: _png(draw(result)) for name, draw in _figures(result).items()}
    figures = [{"name": name, "data": png_data(png), "label": name.replace("_", " "), "caption": CAPTIONS.get(name, "")}
               for name, png in images.items()]  # fmt: skip
    return render(
        "run.html.j2",
        title=f"{sc.name}: {sm['outcome']}",
        name=sc.name,
        identity=_identity(result),
        negosim_version=sm["negosim_version"],
        mesa_version=sm["mesa_version"],
        description=sc.description,
        headline=_headline(result),
        reasons=result.reasons(),
        warnings=[w.in_file() for w in sc.warnings],
        figures=figures,
        **_summary(result),
        **_story(result),
        **_scenario(sc),
    )


def _figures(result: RunResult) -> dict:
    from negosim import plots

    return plots.figures_for(result)


def _png(fig) -> bytes:
    from negosim import plots

    buf = io.BytesIO()
    plots.save(fig, buf, "png")
    return buf.getvalue()


def _identity(result: RunResult) -> str:
    """Which run this is: seed, run id, the scenario file and its hash, where the copy is, the overrides."""
    sm, meta = result.summary, result.summary["scenario"]
    copy = f", a copy in {meta['copy']}" if meta.get("copy") else ""
    run = f" · run {sm['run_id']}" if sm.get("run_id") else ""
    return (
        f"seed {result.seed}{run} · scenario {meta['path'] or 'built in code'} (sha256 {meta['sha256'][:12]}{copy})"
        f" · overrides {_overrides(result)}"
    )


def _overrides(result: RunResult) -> str:
    return ", ".join(f"{k}={v}" for k, v in result.overrides.items()) or "none"


def _headline(result: RunResult) -> str:
    last = next((e.text for e in reversed(result.events) if e.kind in ENDINGS), "")
    told = f" {last[:1].upper()}{last[1:]}." if last else ""
    return f"Outcome: {result.headline()}.{told}"


def _summary(result: RunResult) -> dict:
    """The summary's table (each party's last move, the mediator's text, what was agreed) and its facts."""
    s, sm, unit = result.space, result.summary, result.scenario.round_unit
    offers = {n: o for n, o in sm["final_offers"].items() if o}
    word = "last offer" if result.protocol.move == "offer" else result.protocol.move
    text = result.last_text
    heads = [f"{n}'s {word}" for n in offers] + (["mediator's text"] if text is not None else [])
    rows, agreed = [], result.agreed()
    for k, iid in enumerate(s.issues):
        cells = [cell(o[iid]) for o in offers.values()]
        if text is not None:
            cells.append(s.label(k, text[k]) if text[k] == text[k] else "-")
        rows.append({"name": result.scenario.issues[iid].name, "iid": iid, "cells": cells, "agreed": agreed[iid]})
    utils = ", ".join(f"{a} {u:.2f}" for a, u in sm["utilities"].items())
    if result.agreement is not None:
        facts = [f"Utilities of the agreement: {utils}."]
    else:
        facts = [f"Without a whole agreement, what no deal is worth to each party at the end: {utils}."]
    separable = result.scenario.separable_issues
    if separable and result.agreement is None:
        rest = [iid for iid in s.issues if iid not in separable]
        facts.append(
            f"Only {and_list(separable)} can be settled on {'its' if len(separable) == 1 else 'their'} own "
            "(interim agreements)"
            + (f"; {', '.join(rest)} only as part of the whole package, even where the offers agree." if rest else ".")
        )
    if sm.get("nash_distance") is not None:
        facts.append(f"Distance to the Nash solution: {sm['nash_distance']:.3f}.")
    if sm.get("durable") is not None:
        facts.append("Durable without leverage: " + ("yes." if sm["durable"] else f"no: {sm['durable_why']}."))
    if sm.get("nash_why"):
        facts.append(f"No Nash point: {sm['nash_why']}.")
    for pc in sm.get("preconditions", []):
        when = f" ({unit} {pc['round']})" if pc["round"] else ""
        facts.append(f"Precondition {pc['id']} of {pc['actor']}: {pc['state']}{when}.")
    for rl in sm.get("red_lines_eroded", []):
        facts.append(f"Red line of {rl['actor']} eroded: {rl['from']} to {rl['to']}.")
    if sm.get("conflict"):
        war = sm["conflict"]
        won = ", ".join(f"side {k} {v}" for k, v in war["battles_won"].items())
        facts.append(f"War: battles won {won}; ceasefire at the end: {'yes' if war['ceasefire'] else 'no'}; "
                     f"ripe {plural(unit)}: {len(sm['ripe_rounds'])}.")  # fmt: skip
    return {"heads": heads, "rows": rows, "facts": facts}


def _story(result: RunResult) -> dict:
    """The turning points, and every event (MAX_LISTED at most)."""
    events = result.events
    return {
        "unit": result.scenario.round_unit,
        "story": [e for e in events if e.kind in TURNING_POINTS],
        "events": events[:MAX_LISTED],
        "total_events": len(events),
        "more_events": max(0, len(events) - MAX_LISTED),
    }


def _scenario(sc: Scenario) -> dict:
    """The sources, each actor's claims with what they rest on, and the war's."""
    everything = claims(sc)
    sources = [{"id": sid, "title": src.title, "when": f", {src.published}" if src.published else ""}
               for sid, src in sc.sources.items()]  # fmt: skip
    return {
        "sources": sources,
        "actors": [_actor(aid, everything[aid]) for aid in sc.actors],
        "agenda": [_item(c) for c in everything.get("agenda", [])],
        "war": [_item(c) for c in everything.get("conflict", [])],
        "deadline": [_item(c) for c in everything.get("deadline", [])],
        "shocks": [_item(c) for c in everything.get("shocks", [])],
    }


def _actor(aid: str, items: list[Claim]) -> dict:
    """An actor's heading, what it rests on, its positions (a table) and its other claims (a list)."""
    name, role = items[0].parts
    wants = [dict(zip(("issue", "want", "salience"), c.parts, strict=True), basis=_basis(c))
             for c in items if c.section == "wants"]  # fmt: skip
    rest = [_item(c) for c in items[1:] if c.section != "wants"]
    return {"name": name, "id": aid, "role": role, "basis": _basis(items[0]), "wants": wants, "rest": rest}


SECTIONS = {"concedes": "Concedes", "red lines": "Red line", "preconditions": "Precondition",
            "pressure": "Pressure", "hosting": "Hosts the talks", "ratification": "Ratification", "war": "The war",
            "shock": "Shock", "deadline": "Deadline", "agenda": "Agenda", "lean": "Leans",
            "proposal": "Proposal", "spoiler": "Spoiler"}  # fmt: skip


def _item(claim: Claim) -> dict:
    return {"label": SECTIONS[claim.section], "text": claim.text, "basis": _basis(claim)}


def _basis(claim: Claim) -> dict:
    item = claim.basis
    return {"quotes": [(ev.quote, ev.source) for ev in item.evidence], "assumed": item.assumed,
            "unsourced": claim.unsourced}  # fmt: skip
