"""What tells a run apart and what made it: negosim's version, the versions it ran on, the run id.

Every result file carries these (summary.json, a sweep's manifest and parts), so that a number can
be traced to the scenario, the overrides, the seed and the code that made it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import platform
from typing import Any

__version__ = "0.1.0"


@functools.cache
def mesa_version() -> str:
    """The installed Mesa's version."""
    return importlib.metadata.version("mesa")


def versions(**more: str | None) -> dict[str, str | None]:
    """The versions of Python and numpy (and ``more``) a result was made with."""
    import numpy as np

    return {"python": platform.python_version(), "numpy": np.__version__, **more}


def run_id(sha256: str, overrides: dict[str, Any], seed: int) -> str:
    """A short hash of the scenario's SHA-256, the overrides and the seed: the same three give the same
    run, bit for bit (a sweep's row and ``negosim run --seed S --set ...`` share it)."""
    from negosim.scenario.overrides import canonical  # not at import: ``import negosim`` stays light

    key = f"{sha256}\n{canonical(overrides)}\n{seed}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]
