"""Serving the demo: Solara's ASGI app under uvicorn on one host and port, offline (the front-end
assets come from the installed ``solara-assets``; Solara's telemetry and version check are off)."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

from negosim.errors import NegosimError

#: What ``negosim demo`` needs beyond negosim itself (the ``[demo]`` extra).
NEEDS = ("solara", "solara_assets", "uvicorn", "ipyvuetify")
INSTALL = "pip install 'negosim[demo]'"


def check_installed() -> None:
    """A clear error (exit 2) naming what to install when the demo's dependencies are missing."""
    import importlib.util

    missing = [name for name in NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        raise NegosimError(f"negosim demo needs {', '.join(missing)}, not installed here: {INSTALL}")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def configure(file: str | Path, seed: int = 0, out: str | Path | None = None) -> None:
    """Tell the page which scenario to open, and keep Solara from calling out (before it is imported)."""
    os.environ["SOLARA_APP"] = "negosim.demo.app:Page"
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    os.environ["SOLARA_CHECK_VERSION"] = "False"
    os.environ["NEGOSIM_DEMO_FILE"] = str(file)
    os.environ["NEGOSIM_DEMO_SEED"] = str(seed)
    if out is not None:
        os.environ["NEGOSIM_DEMO_OUT"] = str(out)


def server(host: str, port: int):
    """A uvicorn server of the demo (``configure`` first)."""
    import uvicorn
    from solara.server.starlette import app

    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))


def start(host: str, port: int):
    """The demo served on a daemon thread (for tests): the server, once it accepts connections."""
    srv = server(host, port)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        if not thread.is_alive():
            raise RuntimeError("the demo's server did not start")
        threading.Event().wait(0.05)
    return srv, thread
