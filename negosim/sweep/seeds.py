"""Each run's seed, from the sweep's root seed and the run's place in the design alone.

``SeedSequence(root).spawn`` keyed by (design point, replicate): the same run gets the same seed
whatever the number of workers, the chunking, the order of completion or a resume.
"""

from __future__ import annotations

import numpy as np


def run_seed(root: int, point: int, replicate: int, paired: bool = False) -> int:
    """The seed of replicate ``replicate`` of design point ``point``: the spawned child
    ``SeedSequence(root, spawn_key=(point, replicate))`` (what ``SeedSequence(root).spawn`` gives,
    one level per key), drawn as a non-negative 63-bit integer that ``negosim run --seed`` takes.
    ``paired``: every point's replicate r gets point 0's seed (common random numbers: the same battles
    at every point, so a difference between points is the factors' alone; Law 2015, section 11.2)."""
    key = (0 if paired else point, replicate)
    state = np.random.SeedSequence(root, spawn_key=key).generate_state(1, np.uint64)[0]
    return int(state >> np.uint64(1))
