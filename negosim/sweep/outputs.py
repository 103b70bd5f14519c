"""What a finished sweep writes beside its runs: summary.csv, sensitivity.csv, exports, figures, report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from negosim.output import atomic_write

if TYPE_CHECKING:
    from pathlib import Path

    from negosim.sweep.api import SweepResult

FLOAT = "%.10g"
FIGURES = (".png", ".svg", ".pdf")
DRAWN = ("outcome_shares", "terms", "outcome_map", "agreement_rounds", "settled_values", "sensitivity")  # figure names


def write_outputs(result: SweepResult, *, figures: bool = True, fmt: str = "png") -> list:
    """Write the tables and the exports (behaviorspace.csv, ema_results.tar.gz) into the sweep folder, and,
    with ``figures``, every figure as ``NAME.fmt`` and report.html. Returns the paths written."""
    from negosim.sweep import exports

    folder = result.folder
    summary, table = result.summary, result.sensitivity
    written = [atomic_write(folder / "summary.csv", lambda fh: summary.to_csv(fh, index=False, float_format=FLOAT))]
    if table is not None:
        written.append(
            atomic_write(folder / "sensitivity.csv", lambda fh: table.to_csv(fh, index=False, float_format=FLOAT))
        )
    written.append(atomic_write(folder / exports.BEHAVIORSPACE, lambda fh: exports.write_behaviorspace(result, fh)))
    written.append(atomic_write(folder / exports.EMA, lambda fh: exports.write_ema(result, fh)))
    if figures:
        written += draw_all(result, fmt=fmt)
    return written


def draw_all(result: SweepResult, fmt: str = "png") -> list[Path]:
    """Every figure of the sweep as ``NAME.fmt`` and report.html, each figure drawn once (its PNG feeds the
    report); figures drawn before that no longer apply, or in another format, are removed."""
    import io

    from negosim import plots
    from negosim.sweep.figures import figures_for
    from negosim.sweep.names import names_of
    from negosim.sweep.report import report_html

    folder = result.folder
    names = names_of(result)
    paths, images = [], {}
    for name, draw in figures_for(result, names).items():
        fig = draw()
        paths.append(atomic_write(folder / f"{name}.{fmt}", lambda fh, fig=fig: plots.save(fig, fh, fmt)))
        if fmt == "png":
            images[name] = paths[-1].read_bytes()
        else:
            buf = io.BytesIO()
            plots.save(fig, buf, "png")
            images[name] = buf.getvalue()
    page = report_html(result, images, names)
    paths.append(atomic_write(folder / "report.html", lambda fh: fh.write(page.encode())))
    for old in (p for p in folder.iterdir() if p.suffix in FIGURES and p not in paths and p.stem.startswith(DRAWN)):
        old.unlink(missing_ok=True)
    return paths
