"""Figures of a sweep, one module per figure, each returning a matplotlib Figure (no I/O).

Every figure reads a SweepResult alone: its runs, summary, sensitivity and manifest. Issue, option and
actor names come from the scenario file the manifest names when it can still be read there, else the
ids stand in for them. Shares are of the runs that finished (failed runs are left out and counted)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from negosim.sweep.figures.agreement_rounds import agreement_rounds
from negosim.sweep.figures.common import BINS, LABEL_WIDTH, OUTCOME_WORDS, SHARE_FIGURES, sensitivity_key
from negosim.sweep.figures.outcome_map import outcome_map
from negosim.sweep.figures.outcome_shares import outcome_shares
from negosim.sweep.figures.sensitivity import main_measures, sensitivity
from negosim.sweep.figures.settled_values import settled_values
from negosim.sweep.figures.terms import moving_terms, terms
from negosim.sweep.names import Names, names_of

if TYPE_CHECKING:
    from negosim.sweep.api import SweepResult
    from negosim.sweep.factors import Factor


def figures_for(result: SweepResult, names: Names | None = None) -> dict[str, Callable[[], Figure]]:
    """Every figure that applies to ``result``, by file name, in the order the report shows them:
    ``outcome_shares_<n>`` for the factor numbered n (1-based, manifest order; at most SHARE_FIGURES,
    the factors that move agreement most first), ``terms_<n>`` for those of them that move the week or
    the terms of agreement (:func:`moving_terms`), ``outcome_map`` with two factors or more,
    ``agreement_rounds``, ``settled_values``, and ``sensitivity`` for a Morris or Sobol design."""
    names = names or names_of(result)
    if not len(result.runs):
        return {}
    factors = result.factors
    ranked = ranked_factors(result)
    out: dict[str, Callable[[], Figure]] = {}
    for f in sorted(ranked[:SHARE_FIGURES], key=factors.index):
        out[f"outcome_shares_{factors.index(f) + 1}"] = partial(outcome_shares, result, f, names=names)
        if any(moving_terms(result, f, names)):
            out[f"terms_{factors.index(f) + 1}"] = partial(terms, result, f, names=names)
    if len(factors) >= 2:
        out["outcome_map"] = partial(outcome_map, result, ranked[0], ranked[1], names=names)
    out["agreement_rounds"] = partial(agreement_rounds, result, names=names)
    out["settled_values"] = partial(settled_values, result, names=names)
    if result.sensitivity is not None and len(result.sensitivity):
        out["sensitivity"] = partial(sensitivity, result, names=names)
    return out


def ranked_factors(result: SweepResult) -> list[Factor]:
    """The factors, those that move the outcome most first: by the sensitivity of agreement, then of
    every measure (each scaled to its largest), for a Morris or Sobol design; else in manifest order."""
    factors = result.factors
    table = result.sensitivity
    if table is None or not len(table):
        return factors
    key = sensitivity_key(result.design)
    scaled = table.assign(v=table[key].fillna(0.0).clip(lower=0.0))
    top = scaled.groupby("measure")["v"].transform("max")
    scaled = scaled.assign(v=np.where(top > 0, scaled["v"] / top.where(top > 0, 1.0), 0.0))
    agree = scaled[scaled["measure"] == "agreement"].set_index("factor")["v"]
    overall = scaled.groupby("factor")["v"].mean()
    score = {f.path: (float(agree.get(f.path, 0.0)), float(overall.get(f.path, 0.0))) for f in factors}
    return sorted(factors, key=lambda f: (-score[f.path][0], -score[f.path][1], factors.index(f)))


__all__ = ["BINS", "LABEL_WIDTH", "OUTCOME_WORDS", "agreement_rounds", "figures_for", "main_measures", "moving_terms",
           "outcome_map", "outcome_shares", "ranked_factors", "sensitivity", "settled_values", "terms"]  # fmt: skip
