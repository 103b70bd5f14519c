"""Serving the demo: Solara's ASGI app under uvicorn on one host and port, offline (the front-end
assets come from the installed ``solara-assets``; Solara's telemetry and version check are off)."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from negosim.errors import NegosimError

if TYPE_CHECKING:
    from negosim.demo.config import DemoConfig

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


def configure(file: str | Path, seed: int = 0, out: str | Path | None = None, *, klass: bool = False,
              timer: float = 90.0, pick: bool = True, compare: dict | None = None) -> None:  # fmt: skip
    """Tell the page which scenario to open (``klass``: one shared class run, its timer, whether students
    pick their seats), and keep Solara from calling out (before it is imported)."""
    from negosim.demo.config import DemoConfig

    use(DemoConfig(str(file), seed, Path(out) if out is not None else None, klass, timer, pick,
                   tuple((compare or {}).items())))  # fmt: skip


def use(config: DemoConfig) -> None:
    """Serve the demo with ``config`` from now on (pages opened after this read it)."""
    from negosim.demo.config import settings

    os.environ.update(config.environ())
    os.environ["SOLARA_APP"] = "negosim.demo.app:Page"
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    os.environ["SOLARA_CHECK_VERSION"] = "False"
    settings.cache_clear()


async def class_move(request):
    """``POST /negosim/class/move`` ``{token, seat, accept | package}``: a student's move as a plain request
    (what the page sends through Solara, for scripts and tests); 403 with the reason when refused."""
    from starlette.responses import JSONResponse

    from negosim.demo.shared_class import room
    from negosim.engine.seats import Move

    try:
        body = await request.json()
        move = Move(accept=bool(body.get("accept")), package=body.get("package"))
        why = room().answer(body.get("token"), str(body.get("seat")), move)
    except (ValueError, TypeError, AttributeError) as err:
        return JSONResponse({"refused": f"not a move: {err}"}, status_code=400)
    return JSONResponse({"refused": why}, status_code=403) if why else JSONResponse({"ok": True})


def server(host: str, port: int):
    """A uvicorn server of the demo (``configure`` first); with a class, its move endpoint too."""
    import uvicorn
    from solara.server.starlette import app
    from starlette.routing import Route

    from negosim.demo.config import settings

    if settings().klass and not any(getattr(r, "path", "") == "/negosim/class/move" for r in app.router.routes):
        app.router.routes.insert(0, Route("/negosim/class/move", class_move, methods=["POST"]))
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
