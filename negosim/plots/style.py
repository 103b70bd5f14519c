"""One colour per actor across all figures, from the Okabe-Ito colour-blind-safe palette."""

from __future__ import annotations

import textwrap

from negosim.scenario.models import Scenario

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def actor_colors(sc: Scenario) -> dict[str, str]:
    """A fixed colour for every actor, by its place in the scenario."""
    return {aid: OKABE_ITO[n % len(OKABE_ITO)] for n, aid in enumerate(sc.actors)}


def wrap(text: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def rounds_axis(ax, n: int, unit: str, size: int = 9) -> None:
    """An x axis of rounds 1..n: whole numbers only, labelled with the scenario's round unit."""
    from matplotlib.ticker import MaxNLocator

    ax.set_xlim(0.5, max(n, 1) + 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.set_xlabel(unit, fontsize=size)
    ax.tick_params(labelsize=size)


def suptitle(fig, text: str, width: float) -> None:
    """A figure title wrapped to the figure's width (about 11 characters an inch at this size)."""
    fig.suptitle(wrap(text, max(int(width * 11), 30)), fontsize=12)


def nothing_to_draw(ax, what: str = "no offers were made") -> None:
    ax.text(0.5, 0.5, what, ha="center", va="center", transform=ax.transAxes, fontsize=10, color="0.35")
