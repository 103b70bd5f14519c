"""Small functions: none in the package is over 60 lines (ruff's C901 keeps each under complexity 12)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "negosim"
LIMIT = 60


def long_functions(root: Path = PACKAGE, limit: int = LIMIT) -> list[str]:
    """``file:function (lines)`` for every function longer than ``limit`` lines, decorators left out."""
    out = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    out.append(f"{path.relative_to(root.parent)}:{node.name} ({lines})")
    return out


def test_no_function_is_over_60_lines():
    assert long_functions() == []


def test_the_measure_sees_a_long_function(tmp_path):
    (tmp_path / "m.py").write_text("def f():\n" + "    x = 1\n" * 61 + "\n\ndef g():\n    return 1\n")
    assert long_functions(tmp_path) == [f"{tmp_path.name}/m.py:f (62)"]
