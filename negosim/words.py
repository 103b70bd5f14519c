"""How negosim says things in its sentences, tables and pages: counts and lists of names."""

from __future__ import annotations

_PLURALS = {"party": "parties"}


def count(n: int, noun: str) -> str:
    """'1 week', '2 weeks', '3 parties'."""
    return f"{n} {noun if n == 1 else plural(noun)}"


def plural(noun: str) -> str:
    """'weeks', 'parties'."""
    return _PLURALS.get(noun, noun + "s")


def and_list(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} and {names[-1]}"
