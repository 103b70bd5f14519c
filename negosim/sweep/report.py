"""report.html of a sweep: one self-contained page (figures embedded, no network) to share or project.

It holds what was varied (each factor's path, label, values or range and the scenario's own text for an
assumed number), how the runs ended at each design point, every figure, which factors move each outcome
measure most (Morris and Sobol designs), and what identifies the sweep (the scenario's sha256, the seed,
the versions). The page is a pure function of the sweep folder: the same folder gives the same bytes (the
only time on it is the manifest's ``started``).
"""

from __future__ import annotations

import base64
import math
from html import escape
from typing import TYPE_CHECKING, Any

from negosim.events import ENDINGS
from negosim.report import CSS as RUN_CSS
from negosim.words import count

if TYPE_CHECKING:
    from negosim.sweep.api import SweepResult
    from negosim.sweep.names import Names

#: Design points the summary table lists at most; summary.csv has them all.
MAX_ROWS = 200
#: Factors each measure's sensitivity table lists.
TOP = 5
#: Factors or design points beyond which their table is folded (opened with a click).
FOLD = 12

CSS = (
    RUN_CSS
    + """
table.wide{font-size:.85em}td.assumed{color:#7a4b00;max-width:38em}.path{font-family:ui-monospace,monospace;
font-size:.85em;color:#444}.ci{color:#777;font-size:.85em}.failed{color:#b00020}
"""
)

CAPTIONS = {
    "outcome_shares": "The share of runs ending in each outcome at each value of the factor, with 95% Wilson "
    "intervals; below it, where that moves with the factor, the share of runs settling each issue; runs at the "
    "other factors' values are pooled, and a sampled factor is binned into groups of about equal size.",
    "terms": "What the factor does to the deal where the outcome alone hides it: the mean week of the runs that "
    "agreed and the mean value at which each continuous issue whose value moves was settled, at each value of the "
    "factor, with the 10th-90th percentile range; runs at the other factors' values pooled.",
    "outcome_map": "The share of runs that agree in each cell of two factors (when no run agrees, the share of the "
    "most frequent outcome, as its title says); runs at the other factors' values are pooled, sampled values "
    "binned.",
    "agreement_rounds": "How long the runs that agreed took, over every design point; dashed: the median.",
    "settled_values": "Where each issue was settled, agreed or in an interim agreement, in every run that settled "
    "it, stacked by how the run ended; counts of options for a discrete issue.",
    "sensitivity": "The factors that move each main outcome measure most, largest at the top: Morris mu* (the mean "
    "absolute elementary effect, the change a step of the factor makes per whole range of the factor, with its 95% "
    "confidence) or the Sobol total index (the first-order index inside it); measures no factor moves are named "
    "below the panels.",
}


def report_html(result: SweepResult, images: dict[str, bytes], names: Names | None = None) -> str:
    """The whole page; ``images`` are the figures drawn as PNG, by file name, in the order shown."""
    from negosim.sweep.names import names_of

    names = names or names_of(result)
    m = result.manifest
    title = f"{names.scenario}: {m['design']} sweep"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(_headline(result))}</p>',
    ]
    parts += _overall(result)  # what it came to first: the ranking, the figures; then the tables behind them
    if result.sensitivity is not None:
        parts += _sensitivity(result, names)
    if images:
        parts.append("<h2>Figures</h2>")
        parts += [_figure(name, png, result) for name, png in images.items()]
    parts += _folded(_factors(result), len(result.factors) > FOLD, "every factor")
    parts += _folded(_summary(result, names), len(result.summary) > FOLD, "every design point")
    parts += _identity(result)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _folded(section: list[str], fold: bool, what: str) -> list[str]:
    """A section under its heading, folded away (a click opens it) when it is long."""
    if not fold or len(section) < 2:
        return section
    return [section[0], f"<details><summary>{escape(what)}</summary>", *section[1:], "</details>"]


def _headline(result: SweepResult) -> str:
    m = result.manifest
    points, reps = len(m["points"]), m["replicates"]
    done = len(result.runs)
    of = f" ({done} of {m['runs']} done)" if done != m["runs"] else ""
    return (f"{m['design']} design · {count(len(result.factors), 'factor')} · {count(points, 'design point')} × "
            f"{count(reps, 'replicate')} = {count(m['runs'], 'run')}{of} · {result.failed} failed · seed "
            f"{m['seed']} · started {m.get('started') or '-'}")  # fmt: skip


def _overall(result: SweepResult) -> list[str]:
    runs = result.runs
    ok = runs[runs["error_type"] == ""] if len(runs) else runs
    if not len(ok):
        return ['<p class="outcome">No run finished.</p>']
    from negosim.sweep.names import names_of

    shares = [(o, float((ok["outcome"] == o).mean())) for o in ENDINGS]
    text = ", ".join(f"{o} {s:.0%}" for o, s in shares if s > 0)
    names = names_of(result)
    settled = [(names.issue(i), float(ok[f"settled_{i}"].mean())) for i in result.manifest["issues"]]
    issues = "; ".join(f"{n} {s:.0%}" for n, s in sorted(settled, key=lambda x: -x[1]))
    out = [f'<p class="outcome">Over all {count(len(ok), "finished run")}: {escape(text)}. Runs that settle each '
           f"issue (agreed, or in an interim agreement): {escape(issues)}.</p>"]  # fmt: skip
    if result.failed:
        first = runs[runs["error_type"] != ""].iloc[0]
        out.append(f'<p class="failed">{count(result.failed, "run")} failed (the error of each is in runs/, columns '
                   f"error_type and error); the first: {escape(str(first['error_type']))}: "
                   f"{escape(str(first['error'])[:300])}</p>")  # fmt: skip
    return out


def _factors(result: SweepResult) -> list[str]:
    factors = result.factors
    if not factors:
        return ["<h2>Factors</h2>", "<p>None: every run is of the scenario as written.</p>"]
    rows = []
    for n, f in enumerate(factors, 1):
        taken = _values(f)
        label = f"{escape(f.label)}<br>" if f.label else ""
        rows.append(f"<tr><td class='num'>{n}</td><td>{label}<span class='path'>{escape(f.path)}</span></td>"
                    f"<td>{escape(taken)}</td><td>{escape(f.spec)}</td>"
                    f"<td class='assumed'>{escape(f.assumed or '')}</td></tr>")  # fmt: skip
    fixed = result.manifest.get("set") or {}
    out = ["<h2>Factors</h2>",
           "<table><tr><th>#</th><th>factor</th><th>values</th><th>as given</th><th>the scenario's assumption</th>"
           "</tr>" + "".join(rows) + "</table>"]  # fmt: skip
    if fixed:
        text = ", ".join(f"{k}={_num(v)}" for k, v in fixed.items())
        out.append(f"<p>Fixed in every run (<code>--set</code>): {escape(text)}</p>")
    return out


def _values(f) -> str:
    if f.values is not None:
        return ", ".join(_num(v) for v in f.values)
    whole = " (whole numbers)" if f.integer else ""
    return f"{_num(f.lo)} to {_num(f.hi)}{whole}"


def _summary(result: SweepResult, names: Names) -> list[str]:
    """Per design point: the factors, runs, failed, the share of each outcome that occurs (95% interval),
    the median agreement round, the mean final distance and each party's mean utility."""
    sm = result.summary
    if not len(sm):
        return []
    factors = result.factors
    seen = [o for o in ENDINGS if sm[f"share_{o}"].fillna(0).gt(0).any()]
    parties = result.manifest.get("parties", [])
    head = ["point", *(f"{n}. {_short(f.name, 28)}" for n, f in enumerate(factors, 1)), "runs", "failed"]
    head += [f"{o}" for o in seen] + ["agreement round (median)", "final distance (mean)"]
    head += [f"utility to {names.actor(p)} (mean)" for p in parties]
    rows = []
    for _, r in sm.head(MAX_ROWS).iterrows():
        cells = [str(int(r["point"])), *(_num(r[f.path]) for f in factors), str(int(r["runs"])), str(int(r["failed"]))]
        cells = [f"<td class='num'>{escape(c)}</td>" for c in cells]
        for o in seen:
            share = r[f"share_{o}"]
            ci = f" <span class='ci'>[{_pct(r[f'share_{o}_lo'])}–{_pct(r[f'share_{o}_hi'])}]</span>"
            cells.append(f"<td class='num'>{escape(_pct(share))}{ci if share == share else ''}</td>")
        more = [r["agreement_rounds_q50"], r["final_distance_mean"], *(r[f"utility_{p}_mean"] for p in parties)]
        cells += [f"<td class='num'>{escape(_num(v, 3))}</td>" for v in more]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    out = ["<h2>Outcome by design point</h2>",
           "<p>Shares are of the runs that finished, with 95% Wilson intervals in brackets; every column, the "
           "quantiles and the settled values are in summary.csv.</p>",
           "<table class='wide'><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>" + "".join(rows)
           + "</table>"]  # fmt: skip
    if len(sm) > MAX_ROWS:
        out.append(f"<p>... and {len(sm) - MAX_ROWS} more design points, in summary.csv.</p>")
    return out


def _figure(name: str, png: bytes, result: SweepResult) -> str:
    data = base64.b64encode(png).decode()
    kind, _, number = name.rpartition("_") if name.startswith(("outcome_shares_", "terms_")) else (name, "", "")
    caption = CAPTIONS.get(kind, "")
    what = name.replace("_", " ")
    if number.isdigit() and int(number) <= len(result.factors):
        what = f"{'outcome' if kind == 'outcome_shares' else 'the deal'} by factor {number} "
        what += f"({result.factors[int(number) - 1].name})"
    return (f'<figure id="fig-{escape(name)}"><img src="data:image/png;base64,{data}" alt="{escape(what)}">'
            f"<figcaption><b>{escape(what)}</b>: {escape(caption)}</figcaption></figure>")  # fmt: skip


def _sensitivity(result: SweepResult, names: Names) -> list[str]:
    """The factors that move each measure most: overall (scaled over every measure), then per main measure."""
    from negosim.sweep.figures import main_measures
    from negosim.sweep.names import measure_name

    table = result.sensitivity
    morris = result.design == "morris"
    key = "mu_star" if morris else "ST"
    out = ["<h2>What moves the outcome most</h2>",
           "<p>" + ("Morris elementary effects: mu* is the mean absolute change a step of a factor makes in the "
                    "measure, per whole range of the factor; sigma how much that change varies with the other "
                    "factors (large: the factor interacts, or acts unevenly along its range)."
                    if morris else "Sobol indices: ST is the share of the measure's variance a factor accounts for "
                    "with its interactions, S1 alone.")
           + " Every measure of every factor is in sensitivity.csv.</p>"]  # fmt: skip
    best = _best(table)
    if best is not None and len(best):
        rows = "".join(f"<tr><td class='num'>{n}</td><td>{escape(r['label'])}<br><span class='path'>"
                       f"{escape(r['factor'])}</span></td><td class='num'>{r['score']:.2f}</td>"
                       f"<td>{escape(', '.join(measure_name(x, names) for x in r['moves'][:4]) or '-')}</td>"
                       f"<td class='assumed'>{escape(r['assumed'] or '')}</td></tr>"
                       for n, (_, r) in enumerate(best.iterrows(), 1))  # fmt: skip
        out.append("<h3>Over every measure</h3><table><tr><th>rank</th><th>factor</th><th>score</th>"
                   "<th>moves most</th><th>the scenario's assumption</th></tr>" + rows + "</table>")  # fmt: skip
    for m in main_measures(result):
        part = table[table["measure"] == m].sort_values(["rank", "factor"], kind="stable").head(TOP)
        if not (part[key].fillna(0) > 0).any():
            out.append(f"<h3>{escape(measure_name(m, names))}</h3><p>No factor moved it.</p>")
            continue
        cols = ("mu_star", "mu_star_conf", "sigma") if morris else ("ST", "ST_conf", "S1")
        heads = ("mu*", "± 95%", "sigma") if morris else ("ST", "± 95%", "S1")
        rows = "".join(f"<tr><td class='num'>{int(r['rank'])}</td><td>{escape(r['label'])}<br><span class='path'>"
                       f"{escape(r['factor'])}</span></td>"
                       + "".join(f"<td class='num'>{escape(_num(r[c], 3))}</td>" for c in cols)
                       + f"<td class='assumed'>{escape(r['assumed'] or '')}</td></tr>"
                       for _, r in part.iterrows())  # fmt: skip
        out.append(f"<h3>{escape(measure_name(m, names))} <span class='kind'>[{escape(m)}]</span></h3>"
                   "<table><tr><th>rank</th><th>factor</th>" + "".join(f"<th>{h}</th>" for h in heads)
                   + "<th>the scenario's assumption</th></tr>" + rows + "</table>")  # fmt: skip
    return out


def _best(table):
    try:
        from negosim.sweep.sensitivity import overall
    except ImportError:
        return None
    return overall(table)


def _identity(result: SweepResult) -> list[str]:
    m = result.manifest
    sc = m.get("scenario") or {}
    versions = {"negosim": m.get("negosim_version"), "Mesa": m.get("mesa_version"), **(m.get("versions") or {})}
    facts = [
        ("scenario", f"{sc.get('name', '')} ({sc.get('path') or 'built in code'})"),
        ("scenario sha256", sc.get("sha256", "")),
        *((f"source {sid}", f"{s.get('path', '')} (sha256 {s.get('sha256', '')})")
          for sid, s in (sc.get("sources") or {}).items()),
        ("design", f"{m['design']}" + (f", {m['samples']} samples" if m.get("samples") else "")),
        ("design id", m.get("design_id", "")),
        ("root seed", str(m["seed"])),
        ("replicates", str(m["replicates"])),
        ("versions", ", ".join(f"{k} {v}" for k, v in versions.items() if v)),
        ("started", m.get("started") or ""),
    ]  # fmt: skip
    if m.get("command"):
        import shlex

        facts.append(("command", shlex.join(map(str, m["command"]))))
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in facts)
    return [
        "<h2>Identity</h2>",
        "<p>What makes this sweep: run it again with the same scenario file (the same "
        "sha256), design, seed and replicates and every run is the same.</p>",
        f"<table>{rows}</table>",
    ]


def _num(v: Any, digits: int = 4) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        return "-" if math.isnan(v) else f"{v:.{digits}g}"
    if hasattr(v, "item") and not isinstance(v, str):
        return _num(v.item(), digits)
    return str(v)


def _pct(v: float) -> str:
    return "-" if v != v else f"{v:.0%}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
