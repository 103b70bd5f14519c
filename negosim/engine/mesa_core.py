"""Mesa's core (``Model``, ``Agent``) without the rest of Mesa until someone asks for it.

``import mesa`` runs ``mesa/__init__.py``, which imports its spaces, batch runner and data collector
and with them scipy, pandas and networkx: about 1.7 s here, for classes negosim does not use. The
core modules (``mesa.model``, ``mesa.agent``) need only the standard library and numpy. So the
package module is created without running its ``__init__``, the core is imported into it, and the
first access to any other name of ``mesa`` (``mesa.space``, ``mesa.DataCollector``, a user's
``import mesa`` followed by ``mesa.batch_run``) runs ``__init__`` in place: Mesa is then whole, as
if imported the usual way. Where ``mesa`` is already imported, it is used as it is.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys


def _light_mesa():
    """The ``mesa`` package module, its ``__init__`` deferred to the first name it lacks (this module's
    code runs once, under the import lock)."""
    if "mesa" in sys.modules:
        return sys.modules["mesa"]
    spec = importlib.util.find_spec("mesa")
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return importlib.import_module("mesa")  # not a plain package: import it the usual way
    pkg = importlib.util.module_from_spec(spec)

    def __getattr__(name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        del pkg.__getattr__  # once: a name the real __init__ does not define is an AttributeError
        spec.loader.exec_module(pkg)  # the real __init__, in this module object
        return getattr(pkg, name)

    pkg.__getattr__ = __getattr__
    sys.modules["mesa"] = pkg
    try:
        importlib.import_module("mesa.agent")
        importlib.import_module("mesa.model")
    except BaseException:
        del sys.modules["mesa"]
        raise
    return pkg


mesa = _light_mesa()
Agent = sys.modules["mesa.agent"].Agent
Model = sys.modules["mesa.model"].Model
