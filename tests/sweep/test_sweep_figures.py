"""The figures of a sweep: which are written, and that each shows what it says, on small sweeps of a war
with a discrete issue (agreements, partial agreements, deadlines)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from matplotlib.container import ErrorbarContainer
from matplotlib.image import AxesImage
from PIL import Image

import negosim
from negosim.sweep import figures as figs
from negosim.sweep.api import load_sweep
from negosim.sweep.factors import Factor
from negosim.sweep.figures.common import wrap_label
from negosim.sweep.tables import wilson
from tests.conftest import write_yaml
from tests.sweep.scenarios import GUARANTOR, OPTIONS, RED_LINE

LONG = "A (the side that holds the territory now): red line on Territory held by A, its minimum, as judged"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return write_yaml(tmp_path_factory.mktemp("scenario") / "guarantor.yaml", GUARANTOR)


def _sweep(scenario, tmp_path_factory, name, factors, **kw):
    return negosim.sweep(scenario, factors, out=tmp_path_factory.mktemp(name) / "s", workers=1, **kw)


@pytest.fixture(scope="module")
def two(scenario, tmp_path_factory):
    return _sweep(scenario, tmp_path_factory, "two", [f"{RED_LINE}=0.3,0.5,0.62", "protocol=alternating,simultaneous"],
                  replicates=2)  # fmt: skip


@pytest.fixture(scope="module")
def one(scenario, tmp_path_factory):
    return _sweep(scenario, tmp_path_factory, "one", [f"{RED_LINE}=0.3,0.62"], replicates=2)


@pytest.fixture(scope="module")
def none(scenario, tmp_path_factory):
    """No run agrees: A's red line is beyond B's at every point."""
    return _sweep(scenario, tmp_path_factory, "none", [f"{RED_LINE}=0.62,0.7", "actors.b.strategy.beta=0.3,3"],
                  replicates=1)  # fmt: skip


@pytest.fixture(scope="module")
def morris(scenario, tmp_path_factory):
    factors = [Factor(RED_LINE, None, 0.3, 0.66, spec="0.3..0.66", label=LONG, assumed="judged"),
               Factor("actors.b.strategy.beta", None, 0.3, 3.0, spec="0.3..3", label="B: strategy, beta"),
               Factor("conflict.p", None, 0.2, 0.8, spec="0.2..0.8")]  # fmt: skip
    return _sweep(scenario, tmp_path_factory, "morris", factors, design="morris", samples=3, replicates=1)


def finished(result):
    return result.runs[result.runs["error_type"] == ""]


# --- which figures, as files -----------------------------------------------------------------------------------


def test_a_two_factor_sweep_writes_every_figure_as_a_png_named_for_what_it_shows(two):
    drawn = {p.stem for p in two.folder.glob("*.png")}
    assert drawn == {"outcome_shares_1", "outcome_shares_2", "terms_1", "terms_2", "outcome_map", "agreement_rounds",
                     "settled_values"}  # fmt: skip
    for stem in drawn:
        data = (two.folder / f"{stem}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        with Image.open(two.folder / f"{stem}.png") as im:
            im.verify()
            assert im.size[0] > 600 and im.size[1] > 300


def test_the_heatmap_needs_two_factors_and_the_tornado_a_sensitivity_design(one, morris):
    assert not (one.folder / "outcome_map.png").exists()
    assert not (one.folder / "sensitivity.png").exists()
    assert {p.stem for p in one.folder.glob("*.png")} == {"outcome_shares_1", "agreement_rounds", "settled_values"}
    assert (morris.folder / "sensitivity.png").exists() and (morris.folder / "outcome_map.png").exists()
    assert list(figs.figures_for(morris))[-1] == "sensitivity"


def test_without_figures_nothing_is_drawn(scenario, tmp_path):
    res = negosim.sweep(scenario, [f"{RED_LINE}=0.3,0.62"], replicates=1, out=tmp_path / "s", workers=1, figures=False)
    assert not list(res.folder.glob("*.png")) and not (res.folder / "report.html").exists()


# --- (a) outcome shares ----------------------------------------------------------------------------------------


def test_outcome_shares_plot_each_outcome_with_its_wilson_interval_pooled_over_the_other_factor(two):
    f = two.factors[0]
    fig = figs.outcome_shares(two, f)
    ax = fig.axes[0]
    bars = {c.get_label(): c for c in ax.containers if isinstance(c, ErrorbarContainer)}
    ok = finished(two)
    seen = [o for o in ("agreement", "partial", "breakdown", "stalemate", "deadline") if (ok["outcome"] == o).any()]
    assert list(bars) == [figs.OUTCOME_WORDS[o] for o in seen]  # every outcome that occurs, and only those
    for o in seen:
        line, _, (segments,) = bars[figs.OUTCOME_WORDS[o]].lines
        for k, value in enumerate(f.values):
            at = ok[ok[f.path] == value]
            hits = int((at["outcome"] == o).sum())
            assert line.get_ydata()[k] == pytest.approx(hits / len(at))  # pooled over both protocols
            lo, hi = wilson(hits, len(at))
            assert segments.get_segments()[k][:, 1] == pytest.approx([lo, hi])
    assert "other factor pooled" in ax.get_title(loc="left")
    assert f.name == "A: red line on Territory held by A, min"  # a --vary factor is named as explain names it
    assert fig._suptitle.get_text() == f"War, talks and a guarantor: outcome by {f.name}"


def test_below_the_outcomes_the_issues_whose_settling_moves_with_the_factor(one):
    f = one.factors[0]
    fig = figs.outcome_shares(one, f)
    assert len(fig.axes) == 2
    bars = {c.get_label(): c for c in fig.axes[1].containers if isinstance(c, ErrorbarContainer)}
    ok = finished(one)
    # territory and the guarantor settle at 0.3 only; the ceasefire settles at both values: not drawn
    assert list(bars) == ["Territory held by A", "Who guarantees the deal"]
    for iid, name in (("territory", "Territory held by A"), ("guarantor", "Who guarantees the deal")):
        want = [ok.loc[ok[f.path] == v, f"settled_{iid}"].mean() for v in f.values]
        assert bars[name].lines[0].get_ydata() == pytest.approx(want)
    assert fig.axes[1].get_xlabel() == f.name


# --- (a') the deal: the week and the terms against a factor --------------------------------------------------


@pytest.fixture(scope="module")
def beta(scenario, tmp_path_factory):
    """B from Boulware to Conceder: it agrees sooner, and on other terms."""
    return _sweep(scenario, tmp_path_factory, "beta", ["actors.b.strategy.beta=0.3,1,3"], replicates=2)


def test_the_deal_figure_draws_the_mean_week_and_settled_values_at_each_value_with_their_percentiles(beta):
    f = beta.factors[0]
    week, issues = figs.moving_terms(beta, f)
    assert week and issues == ["territory", "ceasefire"]  # the guarantor is discrete: settled_values counts it
    assert (beta.folder / "terms_1.png").exists()
    fig = figs.terms(beta, f)

    def means(ax):  # the lines through the means; the 10th-90th percentile range is an errorbar apart
        return [line for line in ax.lines if line.get_marker() == "o"]

    (weeks,) = means(fig.axes[0])
    (spread,) = [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    bands = {line.get_label(): line for line in means(fig.axes[1])}
    ok = finished(beta)
    agreed = ok[ok["outcome"] == "agreement"]
    rounds = [agreed.loc[agreed[f.path] == v, "round"].to_numpy(dtype=float) for v in f.values]
    assert weeks.get_xdata() == pytest.approx(f.values)
    assert weeks.get_ydata() == pytest.approx([r.mean() for r in rounds])
    whiskers = np.array([seg[:, 1] for seg in spread.lines[2][0].get_segments()])
    assert whiskers == pytest.approx(np.array([[np.quantile(r, 0.1), np.quantile(r, 0.9)] for r in rounds]))
    assert rounds[-1].mean() < rounds[0].mean()  # a Conceder agrees sooner than a Boulware (Faratin et al. 1998)
    assert list(bands) == ["Territory held by A", "Ceasefire"]
    for iid, name in (("territory", "Territory held by A"), ("ceasefire", "Ceasefire")):
        at = ok[ok[f"settled_{iid}"].astype(bool)]
        want = [at.loc[at[f.path] == v, f"value_{iid}"].mean() for v in f.values]
        assert bands[name].get_ydata() == pytest.approx(want)
    assert fig._suptitle.get_text() == f"War, talks and a guarantor: the deal by {f.name}"


def test_the_deal_figure_leaves_out_issues_whose_value_does_not_move(two):
    # the protocol moves the territory settled; A's red line (0.3, 0.5) leaves it where it was within noise
    assert figs.moving_terms(two, two.factors[1]) == (False, ["territory", "ceasefire"])
    fig = figs.terms(two, two.factors[1])
    assert len(fig.axes) == 1  # no week panel: every agreement took the same number of rounds
    assert "other factor pooled" in fig.axes[0].get_title(loc="left")


def test_no_deal_figure_for_a_factor_that_moves_neither_the_week_nor_the_terms(one):
    week, issues = figs.moving_terms(one, one.factors[0])
    assert (week, issues) == (False, [])  # only one of its two values agrees: nothing to compare
    assert not list(one.folder.glob("terms_*"))


def test_with_one_factor_nothing_is_pooled(one):
    ax = figs.outcome_shares(one, one.factors[0]).axes[0]
    assert "pooled" not in ax.get_title(loc="left") and "4 finished runs" in ax.get_title(loc="left")


def test_a_sampled_factor_is_binned_and_says_so(scenario, tmp_path):
    res = negosim.sweep(scenario, [f"{RED_LINE}=0.3..0.66"], design="lhs", samples=15, replicates=1,
                        out=tmp_path / "s", workers=1, figures=False)  # fmt: skip
    ax = figs.outcome_shares(res, res.factors[0]).axes[0]
    (line, *_) = next(c for c in ax.containers if isinstance(c, ErrorbarContainer)).lines
    assert len(line.get_xdata()) == figs.BINS  # 15 distinct values in 6 groups
    assert "binned into 6 groups" in ax.get_title(loc="left")


# --- (b) the heatmap -------------------------------------------------------------------------------------------


def test_the_heatmap_shows_the_share_of_agreement_in_each_cell(two):
    fx, fy = two.factors
    fig = figs.outcome_map(two, fx, fy)
    ax = fig.axes[0]
    (image,) = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    grid = np.asarray(image.get_array())
    ok = finished(two)
    for r, y in enumerate(fy.values):
        for c, x in enumerate(fx.values):
            cell = ok[(ok[fx.path] == x) & (ok[fy.path] == y)]
            assert grid[r, c] == pytest.approx((cell["outcome"] == "agreement").mean())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.3", "0.5", "0.62"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["alternating", "simultaneous"]
    assert "share of runs that agree" in fig._suptitle.get_text()


def test_without_an_agreement_the_heatmap_shows_the_most_frequent_outcome_and_says_so(none):
    ok = finished(none)
    assert not (ok["outcome"] == "agreement").any()
    top = ok["outcome"].value_counts().index[0]
    fig = figs.outcome_map(none, *none.factors)
    assert f"share of runs ending in {top}" in fig._suptitle.get_text()
    assert "no run agreed" in fig.axes[0].get_title(loc="left")


def test_a_morris_heatmap_takes_the_two_factors_that_move_agreement_most(morris):
    ranked = figs.ranked_factors(morris)
    agree = morris.sensitivity[morris.sensitivity["measure"] == "agreement"].set_index("factor")["mu_star"]
    assert agree[ranked[0].path] == agree.max() > 0
    ax = figs.figures_for(morris)["outcome_map"]().axes[0]
    assert ax.get_xlabel().replace("\n", " ") == ranked[0].name


# --- (c) agreement rounds --------------------------------------------------------------------------------------


def test_the_rounds_histogram_counts_every_run_that_agreed(two):
    fig = figs.agreement_rounds(two)
    ax = fig.axes[0]
    ok = finished(two)
    agreed = ok.loc[ok["outcome"] == "agreement", "round"]
    assert sum(p.get_height() for p in ax.patches) == len(agreed) > 0
    (median,) = [line for line in ax.lines if line.get_label().startswith("median")]
    assert median.get_xdata()[0] == float(np.median(agreed))
    assert ax.get_xlabel() == "rounds until agreement"


def test_without_an_agreement_the_rounds_figure_says_so_rather_than_an_empty_axis(none):
    ax = figs.agreement_rounds(none).axes[0]
    assert not ax.patches
    assert any("no run reached an agreement" in t.get_text() for t in ax.texts)


# --- (d) settled values ----------------------------------------------------------------------------------------


def test_settled_values_have_a_panel_per_settled_issue_named_as_in_the_scenario(two):
    fig = figs.settled_values(two)
    ok = finished(two)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    settled = [i for i in ("territory", "ceasefire", "guarantor") if ok[f"settled_{i}"].any()]
    names = {"territory": "Territory held by A", "ceasefire": "Ceasefire", "guarantor": "Who guarantees the deal"}
    assert [t.split(":")[0] for t in titles] == [names[i] for i in settled]
    panel = fig.axes[settled.index("guarantor")]
    assert [t.get_text() for t in panel.get_xticklabels()] == OPTIONS  # every option, in the scenario's order
    got = ok.loc[ok["settled_guarantor"], "value_guarantor"]
    heights = {}
    for p in panel.patches:
        x = round(p.get_x() + p.get_width() / 2)
        heights[x] = heights.get(x, 0) + p.get_height()
    assert [heights.get(k, 0) for k in range(3)] == [int((got == o).sum()) for o in OPTIONS]
    assert f"settled in {len(got)} of {len(ok)} runs" in titles[settled.index("guarantor")]


def test_without_the_scenario_file_figures_still_name_issues_as_the_manifest_keeps_them(tmp_path):
    path = write_yaml(tmp_path / "gone.yaml", GUARANTOR)
    negosim.sweep(path, [f"{RED_LINE}=0.3,0.62"], replicates=1, out=tmp_path / "s", workers=1, figures=False)
    path.unlink()
    res = load_sweep(tmp_path / "s")
    titles = [ax.get_title(loc="left") for ax in figs.settled_values(res).axes if ax.get_title(loc="left")]
    assert [t.split(":")[0] for t in titles] == ["Territory held by A", "Ceasefire", "Who guarantees the deal"]
    res.manifest.pop("names")  # a folder without them (none are written so): the ids
    titles = [ax.get_title(loc="left") for ax in figs.settled_values(res).axes if ax.get_title(loc="left")]
    assert [t.split(":")[0] for t in titles] == ["territory", "ceasefire", "guarantor"]
    assert "War, talks and a guarantor" in figs.settled_values(res)._suptitle.get_text()  # the manifest's name


# --- (e) sensitivity -------------------------------------------------------------------------------------------


def test_the_tornado_ranks_factors_by_mu_star_largest_at_the_top_with_labels_cut_to_two_lines(morris):
    fig = figs.sensitivity(morris)
    panels = {ax.get_title(loc="left"): ax for ax in fig.axes if ax.get_title(loc="left")}
    ax = panels["share of runs that agree"]
    rows = morris.sensitivity[morris.sensitivity["measure"] == "agreement"]
    moved = rows[rows["mu_star"] > 0].sort_values("mu_star", ascending=False)
    widths = [p.get_width() for p in sorted(ax.patches, key=lambda p: -p.get_y())]  # top to bottom
    assert widths == pytest.approx(moved["mu_star"].tolist())
    top = max(ax.get_yticklabels(), key=lambda t: t.get_position()[1]).get_text()
    assert top == wrap_label(moved["label"].iloc[0])
    for label in ax.get_yticklabels():
        lines = label.get_text().split("\n")
        assert len(lines) <= 2 and all(len(line) <= figs.LABEL_WIDTH for line in lines)
    long = next(t.get_text() for t in ax.get_yticklabels() if t.get_text().startswith("A (the side"))
    assert long.endswith("…")  # too long for two lines: cut, and said to be
    assert "mu*" in ax.get_xlabel()


def test_the_tornado_names_the_measures_no_factor_moved_instead_of_drawing_empty_panels(morris):
    still = replace(morris)  # the same sweep, where no factor moves the rounds
    table = morris.sensitivity.copy()
    table.loc[table["measure"] == "round", ["mu_star", "mu_star_conf", "sigma", "mu"]] = 0.0
    still.__dict__["sensitivity"] = table  # what the cached property would hold
    fig = figs.sensitivity(still)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert "rounds the talks last" not in titles and len(titles) == len(figs.main_measures(morris)) - 1
    assert "no factor moved: rounds the talks last" in fig._supxlabel.get_text().replace("\n", " ")
    assert "rounds the talks last" in [ax.get_title(loc="left") for ax in figs.sensitivity(morris).axes]


def test_where_the_outcome_is_the_same_in_every_cell_the_heatmap_shows_an_issue_that_moves(two):
    from negosim.sweep.api import SweepResult

    runs = two.runs.assign(outcome="partial")  # the same outcome everywhere; territory's settling still varies
    flat = SweepResult(two.folder, two.manifest, runs)
    fig = figs.outcome_map(flat, *flat.factors)
    assert "share of runs settling" in fig._suptitle.get_text()
    assert "partial in every cell alike" in fig.axes[0].get_title(loc="left")
    (image,) = [im for im in fig.axes[0].get_images() if isinstance(im, AxesImage)]
    assert np.nanstd(np.asarray(image.get_array(), dtype=float)) > 0


def test_a_morris_outcome_figure_warns_that_its_levels_mix_in_the_other_factors(morris, one):
    title = figs.outcome_shares(morris, morris.factors[0]).axes[0].get_title(loc="left").replace("\n", " ")
    assert "a morris design moves the others with it" in title
    assert "design moves the others" not in figs.outcome_shares(one, one.factors[0]).axes[0].get_title(loc="left")
