"""Errors the library raises; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Problem:
    """One located problem in an input: ``FILE:LINE:COL: dotted.path: message``."""

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    col: int | None = None
    level: str = "error"  # or "warning": printed, but does not stop anything

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}:{self.col or 1}"
            where += ": "
        level = "warning: " if self.level == "warning" else ""
        return f"{where}{self.path + ': ' if self.path else ''}{level}{self.message}"

    def in_file(self) -> str:
        """Where in its file and what, without the file's name: ``LINE:COL: dotted.path: message`` (a run
        folder's copy of a scenario says the same as the original)."""
        at = f"{self.line}:{self.col or 1}: " if self.line is not None else ""
        return at + str(replace(self, file=None))


class NegosimError(Exception):
    """Base class of every error negosim raises for bad input (CLI exit code 2)."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ScenarioError(NegosimError):
    """A scenario file that cannot be read or is invalid or inconsistent."""


class OverrideError(NegosimError):
    """A ``--set PATH=VALUE`` override with an unknown path or a value of the wrong type."""
