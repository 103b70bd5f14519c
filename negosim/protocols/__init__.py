"""Protocols, one module each, registered by name: who moves when inside a round, and when a
package is agreed. ``protocol_class(name)`` is the only way the rest of negosim reaches one."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from negosim.protocols.alternating import Alternating
from negosim.protocols.base import Protocol, ProtocolParams, Rule
from negosim.protocols.eum import Eum
from negosim.protocols.mediated import Mediated
from negosim.protocols.simultaneous import Simultaneous

#: Every protocol by the name the format gives it (``protocol: NAME``).
PROTOCOLS: dict[str, type[Protocol]] = {cls.name: cls for cls in (Alternating, Simultaneous, Mediated, Eum)}
#: Named in the format's list of protocols, not built yet (a scenario naming one is refused plainly).
PLANNED: tuple[str, ...] = ()
DEFAULT_PROTOCOL = "alternating"

#: The ``protocol:`` block of the format: one parameter model per protocol, told apart by ``name``.
ProtocolBlock = Annotated[
    Union[tuple(cls.Params for cls in PROTOCOLS.values())],  # noqa: UP007  (a Union built from the registry)
    Field(discriminator="name"),
]


def protocol_class(name: str) -> type[Protocol]:
    """The protocol registered as ``name``."""
    return PROTOCOLS[name]


__all__ = ["DEFAULT_PROTOCOL", "PLANNED", "PROTOCOLS", "Protocol", "ProtocolBlock", "ProtocolParams", "Rule",
           "protocol_class"]  # fmt: skip
