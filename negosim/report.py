"""report.html: one self-contained page per run (figures embedded, no network) to share or project.

It holds the summary, every figure, the event log as the story of the talks, and the scenario's
positions with the quotes or assumptions they rest on. The page is a pure function of the run:
the same run gives the same bytes.
"""

from __future__ import annotations

import base64
import io
from html import escape

from negosim.engine.result import RunResult, cell
from negosim.events import ENDINGS
from negosim.scenario.claims import Claim, claims
from negosim.scenario.models import Scenario
from negosim.words import and_list, plural

#: Event kinds that carry the story; the rest (offers, battles, pressure) are in the full log.
TURNING_POINTS = {
    "start", "no_text", "deadlock", "waive", "met", "held", "interim", "ceasefire", "breakdown", "stalemate",
    "agreement", "partial", "deadline", "forecast",
}  # fmt: skip

#: The report lists this many events at most; a long run's full log is in events.jsonl.
MAX_LISTED = 2000

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ccc;padding-bottom:.2em}
.meta{color:#555;font-size:.9em}.outcome{font-size:1.15em;background:#f3f6fa;border-left:4px solid #0072B2;
padding:.6em 1em}table{border-collapse:collapse;margin:.8em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f2f2f2}
td.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1.2em 0}
figure img{max-width:100%;border:1px solid #ddd}figcaption{color:#555;font-size:.9em}
ol.story li{margin:.25em 0}blockquote{margin:.2em 0 .2em 1em;color:#333;font-style:italic}
.judged{color:#7a4b00}.unsourced{color:#b00020}.kind{color:#777;font-size:.85em}details{margin:.8em 0}
.why{background:#f3f6fa;border-left:4px solid #0072B2;padding:.3em 1em;margin-top:-.8em}.why ul{margin:.2em 0}
.warnings{background:#fff8e6;border-left:4px solid #E69F00;padding:.3em 1em;font-size:.9em}
"""

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
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(sc.name)}: {escape(sm['outcome'])}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(sc.name)}</h1>",
        f'<p class="meta">{escape(_identity(result))} · '
        f"negosim {escape(sm['negosim_version'])}, Mesa {escape(sm['mesa_version'])}</p>",
    ]
    if sc.description:
        parts.append(f"<p>{escape(sc.description)}</p>")
    parts.append(f'<p class="outcome">{escape(_headline(result))}</p>')
    parts += [_why(result), _warnings(result)]
    parts += _summary(result)
    parts.append("<h2>Figures</h2>")
    images = images if images is not None else {name: _png(draw(result)) for name, draw in _figures(result).items()}
    parts += [_figure(name, png) for name, png in images.items()]
    parts += _story(result)
    parts += _scenario(sc)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _figures(result: RunResult) -> dict:
    from negosim import plots

    return plots.figures_for(result)


def _png(fig) -> bytes:
    from negosim import plots

    buf = io.BytesIO()
    plots.save(fig, buf, "png")
    return buf.getvalue()


def _figure(name: str, png: bytes) -> str:
    data = base64.b64encode(png).decode()
    caption = CAPTIONS.get(name, "")
    return (
        f'<figure id="fig-{name}"><img src="data:image/png;base64,{data}" alt="{escape(name)} figure">'
        f"<figcaption><b>{escape(name.replace('_', ' '))}</b>: {escape(caption)}</figcaption></figure>"
    )


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


def _why(result: RunResult) -> str:
    """The reasons on the first screen, as a list (engine/why.py)."""
    items = "".join(f"<li>{escape(r)}</li>" for r in result.reasons())
    return f'<div class="why"><b>Why</b><ul>{items}</ul></div>' if items else ""


def _warnings(result: RunResult) -> str:
    """The scenario's validation warnings (what `negosim validate` prints), where it has any."""
    items = "".join(f"<li>{escape(w.in_file())}</li>" for w in result.scenario.warnings)
    return f'<div class="warnings"><b>The scenario\'s warnings</b><ul>{items}</ul></div>' if items else ""


def _summary(result: RunResult) -> list[str]:
    s, sm, unit = result.space, result.summary, result.scenario.round_unit
    offers = {n: o for n, o in sm["final_offers"].items() if o}
    word = "last offer" if result.protocol.move == "offer" else result.protocol.move
    text = result.text[-1] if result.text is not None and len(result.text) else None
    head = "".join(f"<th>{escape(n)}'s {word}</th>" for n in offers) + (
        "<th>mediator's text</th>" if text is not None else ""
    )
    rows, agreed = [], result.agreed()
    for k, iid in enumerate(s.issues):
        cells = "".join(f'<td class="num">{escape(cell(o[iid]))}</td>' for o in offers.values())
        if text is not None:
            cells += f'<td class="num">{escape(s.label(k, text[k]) if text[k] == text[k] else "-")}</td>'
        name = result.scenario.issues[iid].name
        rows.append(f"<tr><td>{escape(name)} <span class='kind'>[{escape(iid)}]</span></td>{cells}"
                    f'<td class="num">{escape(agreed[iid])}</td></tr>')  # fmt: skip
    out = [
        "<h2>Summary</h2>",
        f"<table><tr><th>issue</th>{head}<th>agreed</th></tr>{''.join(rows)}</table>",
    ]
    utils = ", ".join(f"{escape(a)} {u:.2f}" for a, u in sm["utilities"].items())
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
    out.append("<ul>" + "".join(f"<li>{escape(f)}</li>" for f in facts) + "</ul>")
    return out


def _story(result: RunResult) -> list[str]:
    unit = result.scenario.round_unit
    key = [e for e in result.events if e.kind in TURNING_POINTS]
    out = ["<h2>The story</h2>", '<ol class="story">']
    out += [f"<li><b>{escape(unit)} {e.round}</b>: {escape(e.text)}</li>" for e in key]
    out.append("</ol>")
    out.append(f"<details><summary>Every event ({len(result.events)})</summary><ol class='story' id='log'>")
    out += [
        f"<li><b>{escape(unit)} {e.round}</b> <span class='kind'>{escape(e.kind)}</span>: {escape(e.text)}</li>"
        for e in result.events[:MAX_LISTED]
    ]
    out.append("</ol>")
    if len(result.events) > MAX_LISTED:
        out.append(f"<p>... and {len(result.events) - MAX_LISTED} more, in events.jsonl.</p>")
    out.append("</details>")
    return out


def _scenario(sc: Scenario) -> list[str]:
    out = ["<h2>The scenario: positions and what they rest on</h2>"]
    for sid, src in sc.sources.items():
        when = f", {src.published}" if src.published else ""
        out.append(f"<p>Source <b>{escape(sid)}</b>: \u201c{escape(src.title)}\u201d{escape(str(when))}</p>")
    everything = claims(sc)
    for aid in sc.actors:
        out += _actor(aid, everything[aid])
    if "conflict" in everything:
        out.append("<h3>The war around the talks</h3>")
        out.append("<ul>" + "".join(_item(c) for c in everything["conflict"]) + "</ul>")
    return out


def _actor(aid: str, items: list[Claim]) -> list[str]:
    """An actor's heading, what it rests on, its positions as a table and its other claims as a list."""
    name, role = items[0].parts
    out = [f"<h3>{escape(name)} <span class='kind'>[{escape(aid)}] {escape(role)}</span></h3>", _basis(items[0])]
    rows = []
    for c in (c for c in items if c.section == "wants"):
        issue, want, salience = c.parts
        rows.append(f"<tr><td>{escape(issue)}</td><td>{escape(want)}</td><td class='num'>{escape(salience)}</td>"
                    f"<td>{_basis(c)}</td></tr>")  # fmt: skip
    if rows:
        out.append("<table><tr><th>issue</th><th>wants</th><th>salience</th><th>rests on</th></tr>"
                   + "".join(rows) + "</table>")  # fmt: skip
    rest = [c for c in items[1:] if c.section != "wants"]
    if rest:
        out.append("<ul>" + "".join(_item(c) for c in rest) + "</ul>")
    return out


SECTIONS = {"concedes": "Concedes", "red lines": "Red line", "preconditions": "Precondition",
            "pressure": "Pressure", "hosting": "Hosts the talks", "war": "The war"}  # fmt: skip


def _item(claim: Claim) -> str:
    return f"<li><b>{escape(SECTIONS[claim.section])}</b>: {escape(claim.text)}{_basis(claim)}</li>"


def _basis(claim: Claim) -> str:
    item = claim.basis
    quotes = "".join(f"<blockquote>\u201c{escape(ev.quote)}\u201d ({escape(ev.source)})</blockquote>"
                     for ev in item.evidence)  # fmt: skip
    judged = f"<div class='judged'>judged: {escape(item.assumed)}</div>" if item.assumed else ""
    bare = "<div class='unsourced'>unsourced: neither a quote nor a stated assumption</div>" if claim.unsourced else ""
    return quotes + judged + bare
