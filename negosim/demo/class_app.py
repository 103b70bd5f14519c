"""The class's pages (``negosim demo FILE --class``): the teacher's (``/?teacher=TOKEN``) and the
students' (``/``), faces on the one ``ClassRoom`` the server holds (demo/shared_class.py)."""

from __future__ import annotations

import solara

from negosim.demo.shared_class import room
from negosim.demo.student import StudentPage
from negosim.demo.teacher import TeacherPage


@solara.component
def ClassPage():
    r = room()
    router = solara.use_router()
    search = dict(p.split("=", 1) for p in (router.search or "").split("&") if "=" in p)
    if search.get("teacher") == r.teacher_token:
        TeacherPage(r)
    else:
        StudentPage(r, search.get("seat"))
