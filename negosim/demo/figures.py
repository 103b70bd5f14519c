"""The demo's two live figures, drawn from the rounds' snapshots (``RoundState``) as they pass: the
offers on each issue by round (``Offers``) and what each party's own and the others' offers are
worth to it against its value of no deal (``Worth``). Colours are the run figures' (plots/style).

The axes never change during a run (rounds 1..N, each issue's range, utility 0..1), so each figure
draws its frame once and then only its lines on a copy of it (matplotlib's blitting): a round costs
a few line draws and a PNG encoding, not a whole figure.
"""

from __future__ import annotations

import io
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from negosim.engine.state import RoundState
from negosim.plots.style import actor_colors, rounds_axis
from negosim.protocols import protocol_class
from negosim.scenario.models import Scenario

DPI = 90


class _Live:
    """A figure whose frame is drawn once; ``png(states)`` draws its lines over a copy of the frame."""

    def __init__(self, fig: Figure, lines: list[Line2D]):
        self.fig, self.lines = fig, lines
        for line in lines:
            line.set_animated(True)
        self.canvas = FigureCanvasAgg(fig)
        self.canvas.draw()
        self.frame = self.canvas.copy_from_bbox(fig.bbox)

    def png(self, states: list[RoundState]) -> bytes:
        self.update(states)
        self.canvas.restore_region(self.frame)
        for line in self.lines:
            if len(line.get_xdata()):
                line.axes.draw_artist(line)
        from PIL import Image

        buf = io.BytesIO()
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba()).save(buf, "png")
        return buf.getvalue()

    def update(self, states: list[RoundState]) -> None:
        raise NotImplementedError


def shock_marks(ax, low: float, high: float) -> Line2D:
    """A line of grey verticals at the rounds a shock came (set by ``mark_shocks``)."""
    return ax.plot([], [], color="#7a4f9a", lw=1.2, ls="-.", alpha=0.8)[0]


def mark_shocks(line: Line2D, states: list[RoundState], low: float, high: float) -> None:
    rounds = sorted({s.round for s in states for e in s.events if e.kind == "shock"})
    xs = [x for r in rounds for x in (r, r, np.nan)]
    ys = [y for _ in rounds for y in (low, high, np.nan)]
    line.set_data(xs, ys)


class Offers(_Live):
    """One small panel per issue: each party's offer by round, the settled value dotted, the agreement starred;
    under a protocol that forecasts (eum), the positions with the forecast's median (thick) and mean (dashed)."""

    def __init__(self, sc: Scenario):
        issues, parties = list(sc.issues), sc.parties
        protocol = protocol_class(sc.protocol.name)
        K = len(issues)
        ncols = 1 if K <= 2 else 2
        nrows = math.ceil(K / ncols)
        fig = Figure(figsize=(3.9 * ncols, 0.7 + 1.8 * nrows), dpi=DPI, layout="constrained")
        self.issues = issues
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
        colors = actor_colors(sc)
        self.offers, self.settled, self.agreed, self.shocks, self.median, self.mean = [], [], [], [], [], []
        for ax, iid in zip(axes, issues, strict=False):
            issue = sc.issues[iid]
            ax.set_title(issue.name, fontsize=9)
            low, high = issue.range if issue.kind == "continuous" else (0, len(issue.options) - 1)
            pad = 0.06 * (high - low)
            ax.set_ylim(low - pad, high + pad)
            if issue.kind == "discrete":
                ax.set_yticks(range(len(issue.options)), issue.options, fontsize=7)
            else:
                ax.tick_params(labelsize=8)
            rounds_axis(ax, sc.rounds, sc.round_unit, size=8)
            self.offers.append([ax.plot([], [], color=colors[p], lw=1.8)[0] for p in parties])
            self.settled.append(ax.plot([], [], color="0.35", lw=0.9, ls=":")[0])
            self.agreed.append(ax.plot([], [], marker="*", ms=13, color="black", ls="none")[0])
            self.shocks.append((shock_marks(ax, low - pad, high + pad), low - pad, high + pad))
            self.median.append(ax.plot([], [], color="black", lw=3.0)[0])
            self.mean.append(ax.plot([], [], color="0.35", lw=1.8, ls=(0, (3, 1.5)))[0])
        for ax in axes[K:]:
            ax.set_axis_off()
        keys = [Line2D([], [], color=colors[p], lw=1.8, label=p) for p in parties]
        if protocol.forecasts:
            keys += [Line2D([], [], color="black", lw=3.0, label="median"),
                     Line2D([], [], color="0.35", lw=1.8, ls=(0, (3, 1.5)), label="mean")]  # fmt: skip
        keys += [Line2D([], [], marker="*", ms=10, color="black", ls="none", label="agreement"),
                 Line2D([], [], color="0.35", lw=0.9, ls=":", label="settled ahead"),
                 Line2D([], [], color="#7a4f9a", lw=1.2, ls="-.", label="a shock")]  # fmt: skip
        fig.legend(handles=keys, loc="outside lower center", ncols=min(len(keys), 6), fontsize=8, frameon=False)
        fig.suptitle(f"{protocol.move}s by {sc.round_unit}", fontsize=10)
        lines = [x for row in self.offers for x in row] + self.settled + self.agreed + [s[0] for s in self.shocks]
        lines += self.median + self.mean
        super().__init__(fig, lines)

    def update(self, states: list[RoundState]) -> None:
        rounds = np.arange(1, len(states) + 1)
        offers = np.array([s.offers for s in states]) if states else np.empty((0, 0, 0))
        for k, lines in enumerate(self.offers):
            for p, line in enumerate(lines):
                line.set_data(rounds, offers[:, p, k] if states else [])
            last = states[-1] if states else None
            settled = last.settled[k] if last is not None else np.nan
            self.settled[k].set_data(*(([1, len(states)], [settled, settled]) if settled == settled else ([], [])))
            agreed = last.agreement if last is not None else None
            self.agreed[k].set_data(*(([len(states)], [agreed[k]]) if agreed is not None else ([], [])))
            mark_shocks(*self.shocks[k][:1], states, *self.shocks[k][1:])
        forecasts = [next((e for e in s.events if e.kind == "forecast"), None) for s in states]
        at = [(s.round, e) for s, e in zip(states, forecasts, strict=True) if e is not None]
        for k, iid in enumerate(self.issues):
            self.median[k].set_data([r for r, _ in at], [e.median[iid] for _, e in at])
            self.mean[k].set_data([r for r, _ in at], [e.mean[iid] for _, e in at])


class Worth(_Live):
    """Per party: the utility to it of its own last offer (solid), of the best of the others' (dotted), and
    its value of no deal (dashed)."""

    def __init__(self, sc: Scenario):
        protocol = protocol_class(sc.protocol.name)
        bargain = not protocol.forecasts  # a forecasting model has no offers of the others nor values of no deal
        fig = Figure(figsize=(5.2, 3.4), dpi=DPI, layout="constrained")
        ax = fig.subplots()
        colors = actor_colors(sc)
        ax.set_ylim(-0.03, 1.03)
        ax.set_ylabel("utility", fontsize=8)
        rounds_axis(ax, sc.rounds, sc.round_unit, size=8)
        self.own, self.others, self.no_deal = [], [], []
        for p in sc.parties:
            c = colors[p]
            self.own.append(ax.plot([], [], color=c, lw=1.8, label=f"{p}: its own {protocol.move}")[0])
            self.others.append(ax.plot([], [], color=c, lw=1.4, ls=":",
                                       label=f"{p}: the best offer of the others" if bargain else "_")[0])  # fmt: skip
            self.no_deal.append(ax.plot([], [], color=c, lw=1.1, ls="--", label=f"{p}: no deal" if bargain else "_")[0])
        self.bargain = bargain
        self.shock = ax.plot([], [], color="#7a4f9a", lw=1.2, ls="-.", alpha=0.8, label="a shock")[0]
        fig.legend(fontsize=7, loc="outside lower center", ncols=min(len(sc.parties), 5), frameon=False)
        ax.set_title(f"what the {protocol.move}s are worth, by {sc.round_unit}", fontsize=10)
        super().__init__(fig, [*self.own, *self.others, *self.no_deal, self.shock])

    def update(self, states: list[RoundState]) -> None:
        rounds = np.arange(1, len(states) + 1)
        u = np.array([s.offer_utility for s in states]) if states else None  # (R, P offers, P judges)
        mark_shocks(self.shock, states, -0.03, 1.03)
        for j in range(len(self.own)):
            if u is None:
                for line in (self.own[j], self.others[j], self.no_deal[j]):
                    line.set_data([], [])
                continue
            self.own[j].set_data(rounds, u[:, j, j])
            if not self.bargain:
                continue
            others = [i for i in range(u.shape[1]) if i != j]
            with np.errstate(all="ignore"):
                best = np.fmax.reduce(u[:, others, j], axis=1) if others else np.full(len(rounds), np.nan)
            self.others[j].set_data(rounds, best)
            self.no_deal[j].set_data(rounds, [s.no_deal[j] for s in states])
