"""Evidence: every quote must appear in its source's text; sources must stay inside the scenario's folder."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from negosim.scenario.checks import Loc
from negosim.scenario.files import read_limited

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)  # fmt: skip


def normalise(text: str) -> str:
    """Text with curly quotes, dashes and runs of whitespace made plain, for quote matching."""
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY).replace("\u2026", "...")).strip()


def evidence_items(raw: dict) -> Iterator[tuple[Loc, dict]]:
    """Every evidence entry of the scenario with its location."""

    def walk(node: Any, loc: Loc) -> Iterator[tuple[Loc, dict]]:
        if isinstance(node, dict):
            found = node.get("evidence")
            for n, ev in enumerate(found if isinstance(found, list) else []):
                if isinstance(ev, dict):
                    yield (*loc, "evidence", n), ev
            for key, value in node.items():
                if key != "evidence":
                    yield from walk(value, (*loc, key))
        elif isinstance(node, list):
            for n, value in enumerate(node):
                yield from walk(value, (*loc, n))

    yield from walk(raw.get("actors"), ("actors",))


def source_texts(raw: dict, folder: Path) -> tuple[dict[str, str], list[tuple[Loc, str]]]:
    """The normalised text of each source with a ``path``, and the problems reading them."""
    texts: dict[str, str] = {}
    problems: list[tuple[Loc, str]] = []
    sources = raw.get("sources")
    for sid, src in (sources if isinstance(sources, dict) else {}).items():
        path = src.get("path") if isinstance(src, dict) else None
        if not isinstance(path, str):
            continue
        loc = ("sources", sid, "path")
        try:
            full = (folder / path).resolve()
            if not full.is_relative_to(folder.resolve()):
                problems.append((loc, f'"{path}" leaves the scenario\'s folder: keep sources beside the scenario'))
                continue
            texts[sid] = _read(full)
        except ValueError as exc:  # no such file, too large, not UTF-8, a NUL in the path
            problems.append((loc, f'cannot read source "{path}" ({exc})'))
    return texts, problems


MAX_SOURCE_BYTES = 5 * 1024 * 1024


@functools.lru_cache(maxsize=64)
def _read(path: Path) -> str:
    data = read_limited(path, MAX_SOURCE_BYTES)
    try:
        return normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None


def check_quotes(raw: dict, folder: Path) -> list[tuple[Loc, str]]:
    """Sources that cannot be read, and quotes not found in their source's text."""
    texts, problems = source_texts(raw, folder)
    for loc, ev in evidence_items(raw):
        sid, quote = ev.get("source"), ev.get("quote")
        if not isinstance(quote, str) or not isinstance(sid, str) or sid not in texts:
            continue  # an unknown source or a wrong type is reported elsewhere
        if normalise(quote) not in texts[sid]:
            problems.append(((*loc, "quote"), f'not found in source "{sid}"{_closest(normalise(quote), texts[sid])}'))
    return problems


def _closest(quote: str, text: str) -> str:
    """'; closest passage: "..."' for the stretch of ``text`` most like ``quote``.

    Only stretches around the places where the quote's longest words occur are compared, so
    the hint stays fast on long sources.
    """
    words, n = text.split(" "), len(quote.split(" "))
    anchors = sorted(set(quote.split(" ")), key=len, reverse=True)[:3]
    starts = {i for i, w in enumerate(words) if w in anchors}
    windows = {
        " ".join(words[max(s - back, 0) : max(s - back, 0) + m])
        for s in starts
        for m in (n - 1, n, n + 1)
        if m > 0
        for back in range(n)
    }
    best = difflib.get_close_matches(quote, sorted(windows), n=1, cutoff=0.4)
    return f'; closest passage: "{best[0]}"' if best else ""


def quoted_sources(raw: dict) -> set[str]:
    """Ids of the sources some evidence quotes."""
    return {ev.get("source") for _, ev in evidence_items(raw) if isinstance(ev.get("source"), str)}
