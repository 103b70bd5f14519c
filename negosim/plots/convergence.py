"""Convergence: every party's offer per issue by round, with red lines and the agreement."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from negosim.engine.result import RunResult
from negosim.plots.style import (
    actor_colors,
    figure,
    issue_panels,
    legend_entries,
    nothing_to_draw,
    rounds_axis,
    suptitle,
    wrap,
)

HATCHES = ("////", "\\\\\\\\", "||||", "----")
# thick solid under thinner dashed: a party's line stays visible where offers coincide
LINES = (("-", 3.2), ((0, (4, 2)), 1.8), ((0, (1, 1.5)), 1.8), ("-.", 1.4))


@figure
def convergence(result: RunResult) -> Figure:
    """One panel per issue: offers by round (a line per party), red lines as they stood each round
    shaded, preconditions met or waived as dotted verticals, interim agreements marked with a
    diamond, the agreement starred."""
    s, sc = result.space, result.scenario
    K = s.n_issues
    fig, axes, width = issue_panels(K, 5.8, 2.7, 0.8)
    has_text = result.text is not None and not np.isnan(result.text).all()  # None or NaN: no text was drafted
    red_lines = False
    for k, ax in enumerate(axes[:K]):
        red_lines |= _panel(ax, result, k, has_text)
    for ax in axes[K:]:
        ax.set_axis_off()
    _legend(fig, axes, K, red_lines)
    what = f"{result.protocol.move}s" + (" and the mediator's text" if has_text else "")
    suptitle(fig, f"{sc.name}: {what} by {sc.round_unit} ({result.headline()})", width)
    return fig


def _panel(ax, result: RunResult, k: int, has_text: bool) -> bool:
    """Issue ``k``'s panel; whether some party's red lines were drawn on it."""
    s, sc = result.space, result.scenario
    issue = sc.issues[s.issues[k]]
    colors = actor_colors(sc)
    rounds = np.arange(1, len(result.offers) + 1)
    lo, hi = issue.range if not s.discrete[k] else (0, len(issue.options) - 1)
    pad = 0.5 if s.discrete[k] else 0.04 * (hi - lo)
    red_lines = False
    for p, name in enumerate(result.party_names):
        bounds = _bounds(result, p, int(s.parties[p]), k, len(rounds))
        red_lines |= _shade_red_lines(ax, s, bounds, k, rounds, lo, hi, pad, colors[name], HATCHES[p % len(HATCHES)])
        ls, lw = LINES[p % len(LINES)]
        if not np.isnan(result.offers[:, p, k]).all():  # a party may make no offer (under a mediator's text)
            ax.plot(rounds, result.offers[:, p, k], color=colors[name], ls=ls, lw=lw, label=sc.actors[name].name,
                    drawstyle="steps-post")  # fmt: skip
    if has_text:
        ax.plot(rounds, result.text[:, k], color="black", ls=(0, (2, 2)), lw=1.4, label="mediator's text",
                drawstyle="steps-post")  # fmt: skip
    _settled(ax, result, k)
    for when, what in _milestones(result):
        ax.axvline(when, color="0.35", lw=0.9, ls=(0, (1, 2)), zorder=1)
        if k == 0:
            ax.annotate(what, (when, 1), xycoords=("data", "axes fraction"), xytext=(-2, -3),
                        textcoords="offset points", fontsize=7.5, color="0.3", va="top", ha="right",
                        rotation=90)  # fmt: skip
    if np.isnan(result.offers[:, :, k]).all() and not has_text:
        nothing_to_draw(ax)
    idle = [sc.actors[name].name for p, name in enumerate(result.party_names) if _equal_worth_moves(result, p, k)]
    if idle:  # a line that jumps without a reason the party has: say so where it is drawn
        whom = "it" if len(idle) == 1 else "each"
        note = f"{' and '.join(idle)}: back and forth between packages worth the same to {whom}"
        ax.annotate(note, (1, 1.01), xycoords="axes fraction", ha="right", va="bottom", fontsize=7.5, color="0.3",
                    style="italic")  # fmt: skip
    ax.set_ylim(lo - pad, hi + pad)
    rounds_axis(ax, len(rounds), sc.round_unit)
    ax.set_title(issue.name, fontsize=11, loc="left")
    _value_axis(ax, issue, bool(s.discrete[k]))
    ax.grid(alpha=0.25)
    return red_lines


def _settled(ax, result: RunResult, k: int) -> None:
    """The agreement (a star) or an interim agreement on issue ``k`` (a diamond)."""
    if result.agreement is not None:
        ax.plot([result.round], [result.agreement[k]], marker="*", ms=14, color="black", zorder=5, label="agreement")
    elif result.interim is not None and not np.isnan(result.interim[k]):
        ax.plot([result.interim_round[k]], [result.interim[k]], marker="D", ms=9, color="black", zorder=5,
                label="interim agreement")  # fmt: skip


def _value_axis(ax, issue, discrete: bool) -> None:
    """Options, or the scenario's labelled anchors, on the value axis (numbers on the right)."""
    ticks = (list(range(len(issue.options))), list(issue.options)) if discrete else (
        list(issue.labels), list(issue.labels.values()))  # fmt: skip
    if ticks[0]:
        ax.set_yticks(ticks[0], [wrap(t) for t in ticks[1]], fontsize=8)
    if issue.labels and not discrete:  # the labels name anchors; numbers on the right read values
        ax.secondary_yaxis("right").tick_params(labelsize=8)


def _legend(fig, axes, K: int, red_lines: bool) -> None:
    """Every kind of line once, whichever panel has it; in a spare panel, or below the panels."""
    handles, labels = legend_entries(axes[:K])
    if red_lines:
        handles.append(Patch(facecolor=to_rgba("0.5", 0.08), edgecolor=to_rgba("0.3", 0.5), hatch="////", lw=0))
        labels.append("beyond a party's red line\nas it stood (hatched in its colour)")
    if len(axes) > K:  # a spare panel holds the legend
        axes[K].legend(handles, labels, loc="center", fontsize=10, frameon=False)
    else:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 4), fontsize=8, frameon=False)


def _bounds(result: RunResult, p: int, a: int, k: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Party ``p``'s bounds on issue ``k`` by round: (n,) lo, (n,) hi, (n, O) allowed options."""
    if result.bounds is not None and len(result.bounds[0]) == n:
        lo, hi, allowed = result.bounds
        return lo[:, p, k], hi[:, p, k], allowed[:, p, k]
    s = result.space
    return np.full(n, s.lo[a, k]), np.full(n, s.hi[a, k]), np.tile(s.allowed[a, k], (n, 1))


def _shade_red_lines(ax, s, bounds, k: int, rounds, lo: float, hi: float, pad: float, color: str, hatch: str) -> bool:
    """Hatch the values a party refuses on issue ``k`` round by round, draw its bounds; whether there were any."""
    fill = {"facecolor": to_rgba(color, 0.08), "lw": 0}
    lines = {"facecolor": "none", "edgecolor": to_rgba(color, 0.4), "hatch": hatch, "lw": 0}
    low, high, allowed = bounds
    x = np.r_[rounds, rounds[-1] + 1] if len(rounds) else rounds  # each round's band spans [r, r + 1)

    def ext(v: np.ndarray) -> np.ndarray:
        return np.r_[v, v[-1]] if len(v) else v

    drawn = False
    if s.discrete[k]:
        for code in range(int(hi) + 1):
            refused = ~allowed[:, code]
            if refused.any():
                for style in (fill, lines):
                    ax.fill_between(x, code - 0.5, code + 0.5, where=ext(refused), step="post", **style)
                drawn = True
        return drawn
    if (low > lo).any():
        floor = np.maximum(low, lo - pad)
        for style in (fill, lines):
            ax.fill_between(x, lo - pad, ext(floor), step="post", **style)
        ax.step(x, ext(floor), where="post", color=color, ls=":", lw=1)
        drawn = True
    if (high < hi).any():
        ceiling = np.minimum(high, hi + pad)
        for style in (fill, lines):
            ax.fill_between(x, ext(ceiling), hi + pad, step="post", **style)
        ax.step(x, ext(ceiling), where="post", color=color, ls=":", lw=1)
        drawn = True
    return drawn


def _milestones(result: RunResult) -> list[tuple[int, str]]:
    """Rounds where a precondition was met or waived, from the summary (as written to summary.json)."""
    out = []
    for pc in result.summary.get("preconditions", []):
        if pc["round"]:
            out.append((pc["round"], f"{pc['actor']} {pc['state']} {pc['id']}"))
    return out


def _equal_worth_moves(result: RunResult, p: int, k: int) -> bool:
    """Whether party ``p``'s offer on issue ``k`` goes back and forth (two turns or more) while no move on the
    issue changes what its package is worth to it: it is indifferent there (a salience of 0, options it
    values alike), and its line follows the others' offers rather than anything it wants."""
    s = result.space
    x = result.offers[:, p, :]
    x = x[~np.isnan(x).any(axis=1)]
    tol = 1e-6 * (s.width[k] if not s.discrete[k] else 1.0)
    steps = np.diff(x[:, k])
    moved = np.flatnonzero(np.abs(steps) > tol)
    turns = int((np.sign(steps[moved][1:]) != np.sign(steps[moved][:-1])).sum())
    if turns < 2:
        return False
    moves = x[:-1].copy()  # each round's package with only its move on issue k made
    moves[:, k] = x[1:, k]
    a = s.parties[p]
    return bool((np.abs(s.utility(moves)[a] - s.utility(x[:-1])[a])[moved] < 1e-6).all())
