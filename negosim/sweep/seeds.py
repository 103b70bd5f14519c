"""Each run's seed, from the sweep's root seed and the run's place in the design alone.

``SeedSequence(root).spawn`` keyed by (design point, replicate): the same run gets the same seed
whatever the number of workers, the chunking, the order of completion or a resume.
"""

from __future__ import annotations

import numpy as np


def run_seed(root: int, point: int, replicate: int) -> int:
    """The seed of replicate ``replicate`` of design point ``point``: the spawned child
    ``SeedSequence(root, spawn_key=(point, replicate))`` (what ``SeedSequence(root).spawn`` gives,
    one level per key), drawn as a non-negative 63-bit integer that ``negosim run --seed`` takes."""
    state = np.random.SeedSequence(root, spawn_key=(point, replicate)).generate_state(1, np.uint64)[0]
    return int(state >> np.uint64(1))
