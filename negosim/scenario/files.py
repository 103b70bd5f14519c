"""Reading the files a scenario is made of, within a size limit and with plain-words failures."""

from __future__ import annotations

from pathlib import Path


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ValueError says why not."""
    try:
        if not path.is_file():
            raise ValueError(
                "no such file" if not path.exists() else "a folder" if path.is_dir() else "not a regular file"
            )
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ValueError(exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise ValueError(f"larger than {limit // 2**20} MB")
    return data
