"""Parameter sweeps: designs over scenario paths, seeded replicates, local or Dask execution, a
resumable on-disk store, summaries and sensitivity (docs/how-to/sweep-a-parameter.md).

``negosim.sweep(sc, factors=..., ...)`` calls ``negosim.sweep.api.sweep``: this package is callable,
so the name stands for both the package and the function.
"""

import sys
import types

from negosim.sweep.api import SweepInterrupted, SweepResult, load_sweep, sweep
from negosim.sweep.evaluate import evaluate
from negosim.sweep.factors import Factor, parse_vary

__all__ = ["Factor", "SweepInterrupted", "SweepResult", "evaluate", "load_sweep", "parse_vary", "sweep"]


class _CallablePackage(types.ModuleType):
    def __call__(self, *args, **kwargs) -> SweepResult:
        return sweep(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
__doc__ = f"{__doc__}\nsweep{__import__('inspect').signature(sweep)}\n    {sweep.__doc__}"
