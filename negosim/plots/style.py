"""What every figure shares: one colour per actor (the Okabe-Ito colour-blind-safe palette), fonts
that have the scenario's scripts, axes of rounds, titles."""

from __future__ import annotations

import functools
import textwrap
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from negosim.scenario.models import Scenario

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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


def issue_panels(K: int, width: float, height: float, top: float):
    """A figure with one panel per issue (one column up to two issues, else two), each ``width`` by
    ``height`` inches under ``top`` inches of title: (figure, its K axes and the spare ones, figure width)."""
    import math

    from matplotlib.figure import Figure

    ncols = 1 if K <= 2 else 2
    nrows = math.ceil(K / ncols)
    fig = Figure(figsize=(width * ncols, top + height * nrows), layout="constrained")
    return fig, fig.subplots(nrows, ncols, squeeze=False).ravel(), width * ncols


def suptitle(fig, text: str, width: float) -> None:
    """A figure title wrapped to the figure's width (about 11 characters an inch at this size)."""
    fig.suptitle(wrap(text, max(int(width * 11), 30)), fontsize=12)


def legend_entries(axes) -> tuple[list, list[str]]:
    """(handles, labels) of every kind of line once, whichever of ``axes`` has it."""
    handles, labels = [], []
    for ax in axes:
        for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(h)
                labels.append(label)
    return handles, labels


def nothing_to_draw(ax, what: str = "no offers were made") -> None:
    ax.text(0.5, 0.5, what, ha="center", va="center", transform=ax.transAxes, fontsize=10, color="0.35")


#: Font families tried in turn for each character: DejaVu Sans (Latin, Greek, Cyrillic, Armenian,
#: Georgian, Hebrew and more, shipped with matplotlib), then whichever of these is installed for
#: other scripts (Chinese, Japanese, Korean, Arabic, Devanagari, ...).
FAMILIES = (
    "DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Source Han Sans",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "Noto Sans Arabic", "Noto Sans Devanagari",
    "Noto Sans Thai", "Arial Unicode MS",
)  # fmt: skip


class FontWarning(UserWarning):
    """Some text of a figure has characters no installed font has: they show as boxes."""


@functools.cache
def font_families() -> tuple[str, ...]:
    """The families of FAMILIES installed on this machine, in order."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(f for f in FAMILIES if f in installed)


@functools.cache
def _characters(family: str) -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    return frozenset(FT2Font(path).get_charmap())


def missing_characters(texts: Iterable[str]) -> str:
    """The characters of ``texts`` that no installed family of FAMILIES has, in order of appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for ch in text:
            if not ch.isspace() and ord(ch) >= 128 and ch not in seen:
                seen[ch] = None
    covered = [_characters(f) for f in font_families()]
    return "".join(ch for ch in seen if not any(ord(ch) in c for c in covered))


def figure(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """A figure function whose text falls back through the installed FAMILIES, warning once
    (``FontWarning``) about characters none of them has."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs) -> Figure:
        import matplotlib
        from matplotlib.text import Text

        with matplotlib.rc_context({"font.family": list(font_families())}):
            fig = draw(*args, **kwargs)
        texts = [t.get_text() for t in fig.findobj(Text)]
        if missing := missing_characters(texts):
            shown = list(dict.fromkeys(t.strip() for t in texts if any(ch in t for ch in missing)))
            names = ", ".join(f'"{t}"' for t in shown[:3]) + (" and more" if len(shown) > 3 else "")
            warnings.warn(
                f"figures: no installed font has the characters {' '.join(missing[:12])}"
                f"{' ...' if len(missing) > 12 else ''} (in {names}), which will show as boxes; install a font "
                "that has them (on Debian: fonts-noto-cjk for Chinese, Japanese and Korean, fonts-noto-core for "
                "most other scripts)",
                FontWarning,
                stacklevel=2,
            )
        return fig

    return wrapper
