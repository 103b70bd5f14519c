"""What ``negosim sweep`` prints at the end: how many runs, how fast, what failed, the outcome by
design point, what moves it most, and where the files are."""

from __future__ import annotations

from negosim.events import ENDINGS
from negosim.words import count

#: Design points listed in the terminal table at most (summary.csv has them all).
LISTED = 20
#: Issues whose share of runs settling them is listed when it differs between design points.
MOVING = 3


def sweep_lines(result, seconds: float, ran: int | None = None) -> list[str]:
    """The closing lines of a sweep; ``ran``: runs done now (the rest were kept from before), if known."""
    m, runs = result.manifest, result.runs
    n_points = len(m["points"])
    ran = len(runs) if ran is None else ran
    rate = f", {ran / seconds:.1f} runs/s" if seconds > 0 and ran else ""
    reps = f"{m['design']}, {count(m['replicates'], 'replicate')}"
    now = "" if ran == len(runs) else f" ({ran} run now, {len(runs) - ran} kept from before)"
    out = [f"{m['scenario']['name']}: {count(len(runs), 'run')}{now} at {count(n_points, 'design point')} ({reps}) "
           f"in {seconds:.1f} s{rate}; {result.failed} failed"]  # fmt: skip
    if result.failed:
        first = runs[runs["error_type"] != ""].iloc[0]
        out.append(f"failed runs: their errors are in {result.folder}/runs/ (columns error_type and error); the "
                   f"first: {first['error_type']}: {first['error']}")  # fmt: skip
    out += _table(result)
    if result.sensitivity is not None:
        out += _movers(result)
    files = sorted(p.name + ("/" if p.is_dir() else "") for p in result.folder.iterdir() if not p.name.startswith("."))
    out.append(f"wrote {result.folder}/: " + ", ".join(files))
    if (result.folder / "report.html").exists():
        out.append(f"report: {result.folder / 'report.html'}")
    return out


def _table(result) -> list[str]:
    """Per design point (at most LISTED): the factors, the share of each outcome that occurs and the share
    settling each issue where that differs between points (at most MOVING of them)."""
    sm = result.summary
    if not len(sm) or len(sm) > LISTED:
        return [f"outcomes by design point: see {result.folder / 'summary.csv'}"] if len(sm) else []
    seen = [o for o in ENDINGS if sm[f"share_{o}"].fillna(0).gt(0).any()]
    moving = [i for i in result.manifest["issues"] if sm[f"settled_{i}"].nunique(dropna=False) > 1][:MOVING]
    names = [f.path for f in result.factors]
    head = [*(_short(n) for n in names), *seen, *(f"{i} settled" for i in moving)]
    rows = []
    for _, r in sm.iterrows():
        shares = [r[f"share_{o}"] for o in seen] + [r[f"settled_{i}"] for i in moving]
        rows.append([_value(r[n]) for n in names] + [f"{v:.0%}" for v in shares])
    widths = [max(len(h), *(len(row[k]) for row in rows)) for k, h in enumerate(head)]
    fmt = "  ".join(f"{{:>{w}}}" for w in widths)
    return [
        "share of runs by outcome" + (", and settling each issue where that differs:" if moving else ":"),
        fmt.format(*head),
        *(fmt.format(*row) for row in rows),
    ]


def _movers(result) -> list[str]:
    from negosim.sweep.measures import title
    from negosim.sweep.names import names_of
    from negosim.sweep.sensitivity import overall

    names = names_of(result)
    best = overall(result.sensitivity)
    if not len(best):
        return ["no factor moved any outcome measure"]
    key = "Morris mu*" if result.design == "morris" else "Sobol total index"
    out = [f"what moves the outcome most ({key}, scaled over every measure):"]
    for n, r in best.iterrows():
        moves = "; ".join(title(m, names) for m in r["moves"][:3])
        name = r["label"] if r["label"] == r["factor"] else f"{r['label']} ({r['factor']})"
        out.append(f"  {n + 1}. {name}: " + (f"moves {moves}" if moves else "moves nothing"))
    return out


def _short(path: str) -> str:
    return path if len(path) <= 32 else "..." + path[-29:]


def _value(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)
