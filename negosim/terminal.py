"""What the command line prints: a run's summary or forecast, an analysis, a sweep's tally, and the
table, spinner and warnings they share (``negosim/cli.py`` parses and calls; this module prints)."""

from __future__ import annotations

import contextlib
import sys


def err(text: str) -> None:
    print(text, file=sys.stderr)


def print_summary(result) -> None:
    import numpy as np
    from rich.console import Console

    from negosim.engine.result import cell

    s, sm = result.space, result.summary
    if "forecast" in sm:
        print_forecast(result)
        return
    lines = [f"{result.scenario.name}: {result.headline()}"]  # one line each, never wrapped to the table's width
    lines += [f"{'why: ' if n == 0 else '     '}{reason}" for n, reason in enumerate(result.reasons())]
    offers = {n: o for n, o in sm["final_offers"].items() if o}
    word = result.protocol.move  # "offer", or "position" where parties make none
    heads = ["issue", *(f"{name} {word}" for name in offers)]
    text = result.last_text
    if text is not None:
        heads.append(f"{next(a for a, x in result.scenario.actors.items() if x.role == 'mediator')}'s text")
    heads.append("agreed")
    agreed = result.agreed()
    rows = []
    for k, iid in enumerate(s.issues):
        cells = [cell(o[iid]) for o in offers.values()]
        cells += [s.label(k, text[k]) if not np.isnan(text[k]) else "-"] if text is not None else []
        rows.append([iid, *cells, agreed[iid]])
    if offers and result.agreement is None:  # with an agreement its utilities say what each got
        own = result.history.groupby("actor", sort=False)["utility_own_offer"].last()
        rows.append([f"last {word} worth to it", *[cell(own.get(n)) for n in offers],
                     *([""] * (1 + (text is not None)))])  # fmt: skip
    console = Console(highlight=False)
    console.on_broken_pipe = broken_pipe  # rich would exit 1 itself; the guard treats it as a normal end
    grid = table(heads, rows, len(s.issues), console.width)
    utils = ", ".join(f"{a} {u:.2f}" for a, u in sm["utilities"].items())
    if offers:  # what the table's columns are: the last moves, which after an agreement came before it
        lines.append(f"each party's last {word}" + (" before the agreement" if result.agreement is not None else ""))
    for line in lines:
        console.print(line, soft_wrap=True, markup=False)
    console.print(grid, crop=False)  # too wide for the terminal: wrapped by it, never cut
    print(f"utilities ({'of the agreement' if result.agreement is not None else 'of no agreement'}): {utils}")


def print_forecast(result) -> None:
    """A forecasting model's run (protocol eum): the forecast by round, then each actor's position."""
    from rich.console import Console

    from negosim.engine.result import cell

    s, sm = result.space, result.summary
    fc, d = sm["forecast"], result.protocol_data
    console = Console(highlight=False)
    console.on_broken_pipe = broken_pipe
    console.print(f"{result.scenario.name}: {result.headline()}", soft_wrap=True, markup=False)
    for reason in result.reasons():
        console.print(f"why: {reason}", soft_wrap=True, markup=False)
    unit = result.scenario.round_unit
    heads = [unit, *(f"{iid} {how}" for iid in s.issues for how in ("median", "mean"))]
    rows = [[str(r), *(f"{fc[how][iid][r]:.3f}" for iid in s.issues for how in ("median", "mean"))]
            for r in range(len(fc["median"][s.issues[0]]))]  # fmt: skip
    console.print(f"the forecast by {unit} (0: the positions as written; the outcome is the {fc['outcome']}):")
    console.print(table(heads, rows, len(rows), console.width), crop=False)
    last = result.offers[-1] if len(result.offers) else d["opening"]
    heads = ["actor", *(f"{iid} {when}" for iid in s.issues for when in ("from", "to")), "utility of the outcome"]
    rows = [[name, *(cell(float(v)) for k in range(s.n_issues) for v in (d["opening"][p, k], last[p, k])),
             cell(sm["utilities"].get(name))] for p, name in enumerate(result.party_names)]  # fmt: skip
    console.print(table(heads, rows, len(rows), console.width), crop=False)


def print_analysis(a: dict) -> None:
    from negosim.engine.result import cell

    parties = a["parties"]
    print(f"{a['scenario']} ({', '.join(parties)}): {a['searched']}")
    print("reservations: " + ", ".join(f"{p} {v:g}" for p, v in a["reservations"].items()))

    def point(p, part: dict, what: str) -> str:
        if p is not None:
            u = ", ".join(f"{k} {v:.4f}" for k, v in p["utilities"].items())
            return f"{u}: " + ", ".join(f"{k} {cell(v)}" for k, v in p["agreement"].items())
        front = part["pareto"]
        if front is None:
            return f"not computed ({what} of three or more parties needs an enumerated space)"
        if not front["packages"]:
            return "none: no package lies inside every party's red lines as written (in a run they may erode)"
        return "none: no package gives every party its reservation"

    same = a["with_red_lines"] == a["without_red_lines"]
    for key in ("with_red_lines", "without_red_lines"):
        part = a[key]
        print("with red lines and without (the red lines exclude none of these):" if same else
              f"{key.replace('_', ' ')}:")  # fmt: skip
        front = part["pareto"]
        if front is None:
            print("  Pareto frontier: not computed (three or more parties on a space too large to enumerate)")
        elif not front["packages"]:
            print("  Pareto frontier: empty: no package lies inside every party's red lines")
        else:
            n = f"{front['size']} packages" if front["size"] is not None else f"traced at {front['traced']} points"
            us = ["(" + ", ".join(f"{v:.4f}" for v in p["utilities"].values()) + ")" for p in front["packages"]]
            more = f" ... and {len(us) - 40} more" if len(us) > 40 else ""
            print(f"  Pareto frontier: {n}, utilities ({', '.join(parties)}): {' '.join(us[:40])}{more}"
                  " (--json: their packages)")  # fmt: skip
        print(f"  Nash bargaining point: {point(part['nash'], part, 'the Nash point')}")
        print(f"  Kalai-Smorodinsky point: {point(part['kalai_smorodinsky'], part, 'the Kalai-Smorodinsky point')}")
        if same:
            break
    if (f := a["fearon_range"]) is not None:
        lo, hi = f["range"]
        costs = ", ".join(f"{k} {v:g}" for k, v in f["costs"].items())
        print(f"Fearon's range: {parties[0]}'s share from {lo:g} to {hi:g} (p {f['p']:g}; costs of war over "
              f"{f['horizon']} rounds: {costs})")  # fmt: skip


def print_sweep(result, seconds: float, ran: int | None) -> None:
    from negosim.sweep.report_text import sweep_lines

    for line in sweep_lines(result, seconds, ran):
        print(line)


def table(heads: list[str], rows: list[list[str]], body: int, width: int):
    """The summary table: headers on one line where it fits in ``width``, else an id above its word.
    Ids and values are never cut. ``body`` rows come before a rule and the rest."""
    from rich.table import Table

    def widths(split: bool) -> list[int]:
        return [max([len(row[n]) for row in rows[:body]] + [len(h.split(" ")[0] if split and n else h)])
                for n, h in enumerate(heads)]  # fmt: skip

    split = sum(widths(False)) + 3 * len(heads) + 1 > width
    table = Table()
    for n, (head, least) in enumerate(zip(heads, widths(split), strict=True)):
        label = head.replace(" ", "\n", 1) if split and n else head
        table.add_column(label, justify="left" if n == 0 else "right", min_width=least, overflow="fold")
    for n, row in enumerate(rows):
        if n == body:
            table.add_section()
        table.add_row(*row)
    return table


def progress(what: str):
    """A spinner on stderr while ``what`` happens, when stderr is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(what + "...")


@contextlib.contextmanager
def font_warnings():
    """Each figure's warning about characters no font has, printed once (not once per figure)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    from negosim.plots.style import FontWarning

    for text in dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, FontWarning)):
        err(f"warning: {text}")
    for w in caught:
        if not issubclass(w.category, FontWarning):
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def broken_pipe() -> None:
    raise BrokenPipeError
