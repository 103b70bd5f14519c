"""negosim loads Mesa's core alone, and Mesa is whole again the moment anyone asks for more of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import sys
import negosim
res = negosim.simulate({path!r}, seed=1)
# what only mesa/__init__.py imports (Mesa 3.3's core needs none of scipy, pandas, networkx; 3.5's agent
# module imports pandas itself, and scipy with it)
rest = ["mesa.space", "mesa.batchrunner", "mesa.datacollection", "mesa.discrete_space", "networkx"]
if "pandas" not in sys.modules:
    rest += ["scipy"]
heavy = sorted(m for m in rest if m in sys.modules)
print("heavy before:", heavy)
import mesa
from mesa import DataCollector
print("whole:", callable(mesa.batch_run), mesa.space.__name__, DataCollector.__name__, bool(mesa.__version__))
m = mesa.Model(rng=0)
a = mesa.Agent(m)
print("agents:", len(m.agents), res.outcome)
"""


def test_a_run_imports_only_mesas_core_and_mesa_stays_whole_for_its_users():
    path = str(ROOT / "tests" / "theory" / "pie.yaml")
    out = subprocess.run([sys.executable, "-c", CHECK.format(path=path)], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert lines[0] == "heavy before: []"
    assert lines[1] == "whole: True mesa.space DataCollector True"
    assert lines[2].startswith("agents: 1 ")


def test_mesa_imported_first_is_used_as_it_is():
    code = "import mesa, negosim; negosim.simulate({path!r}); print(mesa.space.__name__)"
    path = str(ROOT / "tests" / "theory" / "pie.yaml")
    out = subprocess.run([sys.executable, "-c", code.format(path=path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "mesa.space"
