"""One colour per actor across all figures, from the Okabe-Ito colour-blind-safe palette."""

from __future__ import annotations

import textwrap

from negosim.scenario.models import Scenario

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def actor_colors(sc: Scenario) -> dict[str, str]:
    """A fixed colour for every actor, by its place in the scenario."""
    return {aid: OKABE_ITO[n % len(OKABE_ITO)] for n, aid in enumerate(sc.actors)}


def wrap(text: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text
