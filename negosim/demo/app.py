"""The demo's page (Solara): a thin face on ``DemoSession``. Each browser session (a Solara virtual
kernel) holds its own session, so two tabs never share a run. The scenario, seed and output folder
come from ``negosim demo`` (demo/config.py)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import solara

from negosim.demo.config import settings
from negosim.demo.solo import Solo


@solara.component
def Page():
    """The demo, or with ``negosim demo --class`` the class's pages (demo/class_app.py)."""
    if settings().klass:
        from negosim.demo.class_app import ClassPage

        ClassPage()
    else:
        Solo()
