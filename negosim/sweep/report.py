"""report.html of a sweep: one self-contained page (figures embedded, no network) to share or project.

It holds what was varied (each factor's path, label, values or range and the scenario's own text for an
assumed number), how the runs ended at each design point, every figure, which factors move each outcome
measure most (Morris and Sobol designs), and what identifies the sweep (the scenario's sha256, the seed,
the versions). The page is a pure function of the sweep folder: the same folder gives the same bytes (the
only time on it is the manifest's ``started``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from negosim.events import ENDINGS
from negosim.html import png_data, render
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
    return render(
        "sweep.html.j2",
        title=title,
        headline=_headline(result),
        **_overall(result, names),  # what it came to first: the ranking, the figures; then the tables behind them
        sensitivity=_sensitivity(result, names) if result.sensitivity is not None else None,
        figures=[_figure(name, png, result) for name, png in images.items()],
        factors=_factors(result),
        points=_summary(result, names),
        identity=_identity(result),
    )


def _headline(result: SweepResult) -> str:
    m = result.manifest
    points, reps = len(m["points"]), m["replicates"]
    done = len(result.runs)
    of = f" ({done} of {m['runs']} done)" if done != m["runs"] else ""
    return (f"{m['design']} design · {count(len(result.factors), 'factor')} · {count(points, 'design point')} × "
            f"{count(reps, 'replicate')} = {count(m['runs'], 'run')}{of} · {result.failed} failed · seed "
            f"{m['seed']} · started {m.get('started') or '-'}")  # fmt: skip


def _overall(result: SweepResult, names: Names) -> dict:
    """The share of each outcome and of runs settling each issue over every finished run; the first failure."""
    runs = result.runs
    ok = runs[runs["error_type"] == ""] if len(runs) else runs
    if not len(ok):
        return {"outcome": None, "failed": None}
    shares = [(o, float((ok["outcome"] == o).mean())) for o in ENDINGS]
    settled = [(names.issue(i), float(ok[f"settled_{i}"].mean())) for i in result.manifest["issues"]]
    outcome = {
        "finished": count(len(ok), "finished run"),
        "shares": ", ".join(f"{o} {s:.0%}" for o, s in shares if s > 0),
        "issues": "; ".join(f"{n} {s:.0%}" for n, s in sorted(settled, key=lambda x: -x[1])),
    }
    failed = None
    if result.failed:
        first = runs[runs["error_type"] != ""].iloc[0]
        failed = {
            "runs": count(result.failed, "run"),
            "type": str(first["error_type"]),
            "error": str(first["error"])[:300],
        }
    return {"outcome": outcome, "failed": failed}


def _factors(result: SweepResult) -> dict:
    """Each factor: its label, path, the values it took, as given, the scenario's assumption; what --set fixed."""
    rows = [{"label": f.label, "path": f.path, "taken": _values(f), "spec": f.spec, "assumed": f.assumed or ""}
            for f in result.factors]  # fmt: skip
    fixed = result.manifest.get("set") or {}
    return {"rows": rows, "fold": len(rows) > FOLD, "fixed": ", ".join(f"{k}={_num(v)}" for k, v in fixed.items())}


def _values(f) -> str:
    if f.values is not None:
        return ", ".join(_num(v) for v in f.values)
    whole = " (whole numbers)" if f.integer else ""
    return f"{_num(f.lo)} to {_num(f.hi)}{whole}"


def _summary(result: SweepResult, names: Names) -> dict | None:
    """Per design point: the factors, runs, failed, the share of each outcome that occurs (95% interval),
    the median agreement round, the mean final distance and each party's mean utility."""
    sm = result.summary
    if not len(sm):
        return None
    factors = result.factors
    seen = [o for o in ENDINGS if sm[f"share_{o}"].fillna(0).gt(0).any()]
    parties = result.manifest.get("parties", [])
    heads = ["point", *(f"{n}. {_short(f.name, 28)}" for n, f in enumerate(factors, 1)), "runs", "failed"]
    heads += [f"{o}" for o in seen] + ["agreement round (median)", "final distance (mean)"]
    heads += [f"utility to {names.actor(p)} (mean)" for p in parties]
    rows = []
    for _, r in sm.head(MAX_ROWS).iterrows():
        cells = [str(int(r["point"])), *(_num(r[f.path]) for f in factors), str(int(r["runs"])), str(int(r["failed"]))]
        row = [{"text": c, "ci": ""} for c in cells]
        for o in seen:
            share = r[f"share_{o}"]
            ci = f"{_pct(r[f'share_{o}_lo'])}–{_pct(r[f'share_{o}_hi'])}" if share == share else ""
            row.append({"text": _pct(share), "ci": ci})
        more = [r["agreement_rounds_q50"], r["final_distance_mean"], *(r[f"utility_{p}_mean"] for p in parties)]
        row += [{"text": _num(v, 3), "ci": ""} for v in more]
        rows.append(row)
    return {"heads": heads, "rows": rows, "more": max(0, len(sm) - MAX_ROWS), "fold": len(sm) > FOLD}


def _figure(name: str, png: bytes, result: SweepResult) -> dict:
    kind, _, number = name.rpartition("_") if name.startswith(("outcome_shares_", "terms_")) else (name, "", "")
    what = name.replace("_", " ")
    if number.isdigit() and int(number) <= len(result.factors):
        what = f"{'outcome' if kind == 'outcome_shares' else 'the deal'} by factor {number} "
        what += f"({result.factors[int(number) - 1].name})"
    return {"name": name, "data": png_data(png), "what": what, "caption": CAPTIONS.get(kind, "")}


def _sensitivity(result: SweepResult, names: Names) -> dict:
    """The factors that move each measure most: overall (scaled over every measure), then per main measure."""
    from negosim.sweep.figures import main_measures
    from negosim.sweep.measures import title

    table = result.sensitivity
    morris = result.design == "morris"
    key = "mu_star" if morris else "ST"
    intro = ("Morris elementary effects: mu* is the mean absolute change a step of a factor makes in the measure, "
             "per whole range of the factor; sigma how much that change varies with the other factors (large: the "
             "factor interacts, or acts unevenly along its range)." if morris else "Sobol indices: ST is the share "
             "of the measure's variance a factor accounts for with its interactions, S1 alone.")  # fmt: skip
    best = _best(table)
    best_rows = [] if best is None else [
        {"label": r["label"], "factor": r["factor"], "score": f"{r['score']:.2f}", "assumed": r["assumed"] or "",
         "moves": ", ".join(title(x, names) for x in r["moves"][:4]) or "-"}
        for _, r in best.iterrows()
    ]  # fmt: skip
    measures = []
    cols = ("mu_star", "mu_star_conf", "sigma") if morris else ("ST", "ST_conf", "S1")
    for m in main_measures(result):
        part = table[table["measure"] == m].sort_values(["rank", "factor"], kind="stable").head(TOP)
        moved = (part[key].fillna(0) > 0).any()
        rows = [{"rank": int(r["rank"]), "label": r["label"], "factor": r["factor"], "assumed": r["assumed"] or "",
                 "cells": [_num(r[c], 3) for c in cols]} for _, r in part.iterrows()] if moved else []  # fmt: skip
        measures.append({"name": title(m, names), "id": m, "rows": rows,
                         "heads": ("mu*", "± 95%", "sigma") if morris else ("ST", "± 95%", "S1")})  # fmt: skip
    return {"intro": intro, "best": best_rows, "measures": measures}


def _best(table):
    try:
        from negosim.sweep.sensitivity import overall
    except ImportError:
        return None
    return overall(table)


def _identity(result: SweepResult) -> list[tuple[str, str]]:
    """What identifies the sweep: its scenario and sources with their hashes, design, seed, versions, command."""
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
    return [(k, str(v)) for k, v in facts]


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
