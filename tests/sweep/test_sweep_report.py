"""report.html of a sweep: self-contained, naming every factor, embedding every figure, ranking the factors
of a Morris sweep, and the same bytes for the same folder."""

from __future__ import annotations

import base64
import re

import markupsafe
import pytest

import negosim
from negosim.sweep.api import load_sweep
from negosim.sweep.factors import Factor
from negosim.sweep.outputs import write_outputs
from negosim.sweep.report import report_html
from tests.conftest import write_yaml
from tests.sweep.scenarios import RED_LINE, guarantor

GUARANTOR = guarantor(name="War, talks & a <guarantor>", a="Alpha", b="Beta")  # the name is escaped on the page
ASSUMED = "Alpha's floor on territory is a judgement: the article gives no number <none>."


def escape(text: str) -> str:
    """``text`` as the page writes it (Jinja2's autoescape)."""
    return str(markupsafe.escape(text))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return write_yaml(tmp_path_factory.mktemp("scenario") / "guarantor.yaml", GUARANTOR)


@pytest.fixture(scope="module")
def grid(scenario, tmp_path_factory):
    out = tmp_path_factory.mktemp("grid") / "s"
    return negosim.sweep(scenario, [f"{RED_LINE}=0.3,0.62", "protocol=alternating,simultaneous"], replicates=2,
                         out=out, workers=1, overrides={"conflict.horizon": 8})  # fmt: skip


@pytest.fixture(scope="module")
def morris(scenario, tmp_path_factory):
    factors = [Factor(RED_LINE, None, 0.3, 0.66, spec="0.3..0.66", label="Alpha: red line on territory, min",
                      assumed=ASSUMED),
               Factor("actors.b.strategy.beta", None, 0.3, 3.0, spec="0.3..3", label="Beta: strategy, beta"),
               Factor("conflict.p", None, 0.2, 0.8, spec="0.2..0.8")]  # fmt: skip
    out = tmp_path_factory.mktemp("morris") / "s"
    return negosim.sweep(scenario, factors, design="morris", samples=3, replicates=1, out=out, workers=1)


def page(result) -> str:
    return (result.folder / "report.html").read_text()


def test_the_report_embeds_every_figure_of_the_folder_and_loads_nothing(grid, morris):
    for res in (grid, morris):
        html = page(res)
        pngs = sorted(res.folder.glob("*.png"))
        assert len(pngs) >= 4
        embedded = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
        assert len(embedded) == len(pngs)
        for png in pngs:  # the very bytes of each figure file
            assert base64.b64encode(png.read_bytes()).decode() in embedded, png.name
            assert f'id="fig-{png.stem}"' in html
        assert not re.search(r'(src|href)="(https?:)?//', html)  # no network: scripts, fonts, images
        assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")


def test_the_report_names_the_scenario_design_runs_and_every_factor(grid):
    html = page(grid)
    m = grid.manifest
    assert "<h1>War, talks &amp; a &lt;guarantor&gt;: factorial sweep</h1>" in html
    assert "4 design points × 2 replicates = 8 runs" in html and "0 failed" in html
    for f in grid.factors:
        assert escape(f.path) in html
    assert "0.3, 0.62" in html and "alternating, simultaneous" in html  # the values each factor takes
    assert "conflict.horizon=8" in html  # what was fixed in every run
    assert m["scenario"]["sha256"] in html and f"<th>root seed</th><td>{m['seed']}</td>" in html
    assert f"negosim {m['negosim_version']}" in html and f"numpy {m['versions']['numpy']}" in html
    assert m["started"] in html


def test_the_summary_table_has_a_row_per_design_point_with_formatted_shares(grid):
    html = page(grid)
    table = html.split("<h2>Outcome by design point</h2>")[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    assert len(rows) == 1 + len(grid.summary)  # the header and one row per point
    head = re.findall(r"<th>(.*?)</th>", rows[0])
    assert "utility to Alpha (mean)" in head and "utility to Beta (mean)" in head  # actors by name
    for (_, r), row in zip(grid.summary.iterrows(), rows[1:], strict=True):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        assert cells[0] == str(r["point"])
        share = f"{r['share_agreement']:.0%}"
        lo, hi = f"{r['share_agreement_lo']:.0%}", f"{r['share_agreement_hi']:.0%}"
        assert f"{share} <span class='ci'>[{lo}–{hi}]</span>" in row
    assert not re.search(r"\d\.\d{6,}", table)  # no float noise (0.30000000000000004): numbers are rounded


def test_a_morris_report_ranks_factors_with_their_labels_and_assumptions(morris):
    html = page(morris)
    part = html.split("<h2>What moves the outcome most</h2>")[1]
    rows = morris.sensitivity
    top = rows[(rows["measure"] == "agreement") & (rows["rank"] == 1)].iloc[0]
    agreement = part.split("share of runs that agree <span class='kind'>[agreement]</span>")[1].split("</table>")[0]
    first = re.findall(r"<tr>(.*?)</tr>", agreement)[1]  # the first row after the header
    assert escape(top["label"]) in first and escape(top["factor"]) in first
    assert f"{top['mu_star']:.3g}" in first
    assert escape(ASSUMED) in part  # the scenario's own text for the judged number, escaped
    from negosim.sweep.figures import main_measures

    orders = set()
    for m in main_measures(morris):  # each measure's table lists the factors by their rank on it
        section = part.split(f"<span class='kind'>[{m}]</span>")[1].split("</table>")[0]
        shown = re.findall(r"<span class='path'>(.*?)</span>", section)
        want = rows[rows["measure"] == m].sort_values(["rank", "factor"])["factor"].head(len(shown)).tolist()
        assert shown == [escape(f) for f in want], m
        orders.add(tuple(shown))
    assert len(orders) > 1  # the ranking differs between measures: it is not the order of the factors
    for f in morris.factors:
        assert escape(f.name) in html


def test_the_report_is_the_same_bytes_for_the_same_folder(grid):
    before = (grid.folder / "report.html").read_bytes()
    again = load_sweep(grid.folder)
    write_outputs(again)
    assert (grid.folder / "report.html").read_bytes() == before
    images = {p.stem: p.read_bytes() for p in sorted(grid.folder.glob("*.png"))}
    assert report_html(again, images) == report_html(again, images)
    times = set(re.findall(r"\d{4}-\d\d-\d\dT[\d:]{8}", before.decode()))
    assert times == {grid.manifest["started"][:19]}  # no time on the page but the manifest's start


def test_a_report_without_figures_still_has_the_tables(grid):
    html = report_html(grid, {})
    assert "<h2>Figures</h2>" not in html and "<h2>Outcome by design point</h2>" in html and "<img" not in html
