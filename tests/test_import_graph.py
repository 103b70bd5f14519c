"""The package's layers import one way: no cycle between negosim's subpackages and top modules.

A unit is a subpackage (``negosim.engine``) or a top-level module (``negosim.events``). Imports made
only for type checkers (under ``if TYPE_CHECKING:``) are left out: they never run. ``negosim/__init__.py``
is the public face and may import any unit; no unit imports it back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "negosim"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The negosim modules ``module`` imports at run time (at the top or inside a function)."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking(node):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(here[: len(here) - node.level + 1] + ([node.module] if node.module else []))
            # ``from negosim import plots`` imports the module negosim.plots, not negosim's __init__ alone
            subs = {f"{base}.{a.name}" for a in node.names} & known
            found |= subs if subs and len(subs) == len(node.names) else {base} | subs
    return {m for m in found if m in known}


def import_graph() -> dict[str, set[str]]:
    """unit -> the units it imports."""
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in _imports(tree, module, path.name == "__init__.py", set(files)):
            if _unit(target) != _unit(module):
                graph.setdefault(_unit(module), set()).add(_unit(target))
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that returns to its start, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(u: str) -> list[str] | None:
        state[u] = 1
        path.append(u)
        for v in sorted(graph.get(u, ())):
            if state.get(v) == 1:
                return [*path[path.index(v) :], v]
            if v not in state and (found := visit(v)):
                return found
        state[u] = 2
        path.pop()
        return None

    for u in sorted(graph):
        if u not in state and (found := visit(u)):
            return found
    return None


def test_no_cycle_between_negosim_units():
    graph = import_graph()
    graph.pop("negosim", None)  # the public face imports what it offers
    assert (found := cycle(graph)) is None, "import cycle: " + " -> ".join(found)


def test_no_unit_imports_the_public_face():
    graph = import_graph()
    back = sorted(u for u, targets in graph.items() if u != "negosim" and "negosim" in targets)
    assert not back, f"{back} import negosim/__init__.py: import the module that holds the name instead"


@pytest.mark.parametrize(
    ("low", "high"),
    [("negosim.scenario", "negosim.engine"), ("negosim.protocols", "negosim.engine"),
     ("negosim.strategies", "negosim.scenario"), ("negosim.analysis", "negosim.engine"),
     ("negosim.engine", "negosim.sweep"), ("negosim.plots", "negosim.sweep")],
)  # fmt: skip
def test_a_lower_layer_never_reaches_a_higher_one(low, high):
    graph = import_graph()
    reach, todo = set(), [low]
    while todo:
        for v in graph.get(todo.pop(), ()):
            if v not in reach:
                reach.add(v)
                todo.append(v)
    assert high not in reach, f"{low} reaches {high}"


def test_the_checker_sees_a_cycle_and_a_type_only_import_is_not_one():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
    src = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from negosim.engine import model\n"
    known = {"negosim.engine", "negosim.engine.model", "negosim.events"}
    assert _imports(ast.parse(src), "negosim.protocols.base", False, known) == set()
    src = "def f():\n    from negosim import events\n"
    assert _imports(ast.parse(src), "negosim.protocols.base", False, known | {"negosim"}) == {"negosim.events"}


def test_import_negosim_loads_nothing_heavy():
    """``import negosim`` (and ``negosim --help``) loads no numpy, pydantic or Mesa: they come with first use."""
    import subprocess
    import sys

    code = "import sys, negosim; print(sorted(m for m in ('numpy', 'pydantic', 'mesa', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent)
    assert out.stdout.strip() == "[]"


def test_the_engine_takes_a_scenario_and_the_public_face_a_path_too():
    import negosim
    from negosim.engine.simulate import simulate

    path = PACKAGE.parent / "tests" / "theory" / "pie.yaml"
    with pytest.raises(TypeError, match=r"negosim\.simulate\(path\)"):
        simulate(str(path))
    assert negosim.simulate(path).outcome == simulate(negosim.load_scenario(path)).outcome
