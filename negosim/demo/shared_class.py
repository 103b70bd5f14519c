"""The one class a server holds (``negosim demo FILE --class``), and the hook that redraws a page when the
class changes (it watches ``ClassRoom.version``)."""

from __future__ import annotations

import threading
import time

import solara

from negosim.demo.classroom import ClassRoom
from negosim.demo.config import settings
from negosim.scenario.loader import load_scenario

_ROOM: ClassRoom | None = None
_LOCK = threading.Lock()


def room() -> ClassRoom:
    """The server's class, made at the first page (or by ``negosim demo --class`` before serving)."""
    global _ROOM
    with _LOCK:
        if _ROOM is None:
            c = settings()
            _ROOM = ClassRoom(load_scenario(c.file), seed=c.seed, out=c.out, timer=c.timer, pick=c.pick)
        return _ROOM


def new_room() -> None:
    """The next page makes a new class from the settings as they are then (the one before is closed)."""
    global _ROOM
    with _LOCK:
        if _ROOM is not None:
            _ROOM.close()
        _ROOM = None


def use_class_version(r: ClassRoom) -> int:
    """The class's version, redrawn whenever it changes (and every second for the timers)."""
    version, set_version = solara.use_state(r.version)

    def watch(cancel):
        seen = -1
        while not cancel.is_set():
            r.wait_for(lambda: r.version != seen, 1.0)  # noqa: B023  (seen is read as the loop stands)
            if r.version != seen or r.turns:
                seen = r.version
                set_version(r.version + (int(time.time()) if r.turns else 0))

    solara.use_thread(watch, dependencies=[], intrusive_cancel=False)
    return version
