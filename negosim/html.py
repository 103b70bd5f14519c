"""HTML pages from Jinja2 templates (negosim/templates/), every value escaped (autoescape on).

The run's report and the sweep's report are built this way: the Python side gathers plain values, the
template lays them out. The same values give the same bytes.
"""

from __future__ import annotations

import base64
import functools

import jinja2


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("negosim", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a value the template names and the page lacks is an error, not ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **values) -> str:
    """The page ``template`` makes of ``values``."""
    return _environment().get_template(template).render(**values)


def png_data(png: bytes) -> str:
    """A PNG for an ``<img src="data:image/png;base64,...">``."""
    return base64.b64encode(png).decode()
