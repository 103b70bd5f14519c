"""Evidence: every quote must appear in its source's text; sources must stay inside the scenario's folder."""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SourceFile:
    """A source as read: its path relative to the scenario's folder, its normalised text, its bytes' hash."""

    path: str
    text: str
    sha256: str


def source_texts(raw: dict, folder: Path) -> tuple[dict[str, SourceFile], list[tuple[Loc, str]]]:
    """Each source with a ``path``, read, and the problems reading them."""
    texts: dict[str, SourceFile] = {}
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
            stat = full.stat() if full.is_file() else None
            text, sha = _read(full, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
            texts[sid] = SourceFile(full.relative_to(folder.resolve()).as_posix(), text, sha)
        except ValueError as exc:  # no such file, too large, not UTF-8, a NUL in the path
            problems.append((loc, f'cannot read source "{path}" ({exc})'))
    return texts, problems


MAX_SOURCE_BYTES = 5 * 1024 * 1024


@functools.lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int, size: int) -> tuple[str, str]:
    """A source's normalised text and its bytes' SHA-256, cached by path, modification time and size
    (an edited source is read again)."""
    data = read_limited(path, MAX_SOURCE_BYTES)
    try:
        return normalise(data.decode("utf-8")), hashlib.sha256(data).hexdigest()
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None


#: Marks that open and close a quotation, as people paste them (normalise has made curly ones straight).
_OPEN, _CLOSE = "\"'\u00ab\u2039", "\"'\u00bb\u203a"
#: An ellipsis, with or without brackets, stands for words left out: ``...``, ``[...]``, ``\u2026``.
_ELLIPSIS = re.compile(r"\s*\[?\.\.\.\]?\s*")
#: How much source text an ellipsis may stand for: a sentence or two, not another paragraph.
MAX_ELIDED = 300


def check_quotes(raw: dict, texts: dict[str, SourceFile]) -> list[tuple[Loc, str]]:
    """Quotes not found in their source's text (``texts`` from ``source_texts``); a quote YAML cut short
    at a comma is left to ``cut_quotes``."""
    problems = []
    for loc, ev in evidence_items(raw):
        sid, quote = ev.get("source"), ev.get("quote")
        if not isinstance(quote, str) or not isinstance(sid, str) or sid not in texts or _cut(ev):
            continue  # an unknown source or a wrong type is reported elsewhere
        if (why := _find(quote, texts[sid].text)) is not None:
            problems.append(((*loc, "quote"), why.replace("SOURCE", f'"{sid}"')))
    return problems


def _find(quote: str, text: str) -> str | None:
    """None when ``quote`` is in ``text``; otherwise what to tell the user (naming the source SOURCE).

    A quote may come wrapped in quotation marks (straight, curly or guillemets) and may leave words out
    with an ellipsis, at either end or between pieces that then appear in order, each gap at most
    ``MAX_ELIDED`` characters.
    """
    q = normalise(quote)
    if len(q) >= 2 and q[0] in _OPEN and q[-1] in _CLOSE and q not in text:
        q = q[1:-1].strip()
    parts = _ELLIPSIS.split(q)
    pieces = [p for p in parts if p.strip(" " + _OPEN + _CLOSE)]
    if not pieces:
        what = "only an ellipsis" if len(parts) > 1 else "empty"
        return f"the quote is {what}: copy the words from source SOURCE that the claim rests on"
    if q in text or (len(parts) > 1 and _in_order(pieces, text)):
        return None
    if len(pieces) > 1:
        return (
            f"not found in source SOURCE (its {len(pieces)} pieces around the ellipsis must appear in this order, "
            f"each gap at most {MAX_ELIDED} characters){_closest(' '.join(pieces), text)}"
        )
    return f"not found in source SOURCE{_closest(pieces[0], text)}"


def _in_order(pieces: list[str], text: str) -> bool:
    """Whether every piece occurs after the one before it, no further than MAX_ELIDED characters on."""
    for start in _occurrences(pieces[0], text):
        end = start + len(pieces[0])
        for piece in pieces[1:]:
            at = text.find(piece, end, end + MAX_ELIDED + len(piece) + 2)
            if at < 0:
                break
            end = at + len(piece)
        else:
            return True
    return False


def _occurrences(piece: str, text: str) -> Iterator[int]:
    at = text.find(piece)
    while at >= 0:
        yield at
        at = text.find(piece, at + 1)


def _words(text: str) -> list[str]:
    """Words folded for comparison: lower case, without the punctuation around them."""
    return [w.strip(_PUNCT).lower() for w in text.split(" ")]


_PUNCT = "\"'.,;:!?()[]{}\u00ab\u00bb\u2039\u203a-"


def _closest(quote: str, text: str) -> str:
    """'; closest passage: "..."' for the stretch of ``text`` that shares most of the quote's words.

    Stretches of about the quote's length are compared that start at one of its words; the one with
    the most of its words wins, ties going to the stretch most like it letter for letter. A stretch
    that ends one word before a clause's end is extended to it.
    """
    raw, folded, want = text.split(" "), _words(text), set(_words(quote)) - {""}
    n = len(quote.split(" "))
    scored: dict[tuple[int, int], int] = {}
    for i, w in enumerate(folded):
        if w in want:
            for m in range(max(n - 1, 1), n + 3):
                scored[i, m] = len(want.intersection(folded[i : i + m]))
    if not scored or max(scored.values()) < min(2, len(want)):
        return ""
    top = max(scored.values())
    best = max(
        ((i, m) for (i, m), s in scored.items() if s == top),
        key=lambda im: (difflib.SequenceMatcher(None, quote.lower(), " ".join(raw[im[0] : sum(im)]).lower()).ratio(),
                        -im[0]),
    )  # fmt: skip
    i, m = best
    end = i + m
    if end < len(raw) and raw[end][-1:] in ",.;:!?" and raw[end - 1][-1:] not in ",.;:!?":
        end += 1  # finish the clause a word short of its end: "give or take," rather than "give or"
    return f'; closest passage: "{" ".join(raw[i:end])}"'


def _cut(ev: dict) -> list[str]:
    """The keys YAML made of a flow-style quote cut short at a comma (``{source: a, quote: b, c d}``: "c d")."""
    return [k for k, v in ev.items() if k not in ("source", "quote") and v is None]


def cut_quotes(raw: dict) -> list[tuple[Loc, str]]:
    """Evidence entries in flow style whose quote a comma cut short, YAML reading the rest as keys (a
    quote in curly quotation marks, or in none): the message says so."""
    found = []
    for loc, ev in evidence_items(raw):
        quote = ev.get("quote")
        if not isinstance(quote, str) or not _cut(ev):
            continue
        curly = quote[:1] in "\u201c\u201e\u00ab\u2018\u2039"
        why = (
            f"the quote opens with {quote[0]} but is cut short at a comma: YAML does not read curly quotation "
            "marks as quotes, so"
            if curly
            else "the quote is cut short at a comma:"
        )
        fix = 'put the whole quote in straight double quotes: quote: "..."'
        found.append(((*loc, "quote"), f"{why} inside {{ }} or [ ] a comma ends the value; {fix}"))
    return found


def quoted_sources(raw: dict) -> set[str]:
    """Ids of the sources some evidence quotes."""
    return {ev.get("source") for _, ev in evidence_items(raw) if isinstance(ev.get("source"), str)}
