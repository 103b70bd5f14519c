"""Progress of a sweep on the terminal: a rich bar (runs done of total, failures, runs/s, time left) on
a terminal, plain periodic lines otherwise (a log, CI, a pipe)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Seconds between plain progress lines.
EVERY = 10.0


class _Counting:
    """Counts the runs done in this session (a resumed sweep starts from those kept before)."""

    first: int | None = None
    done: int = 0

    @property
    def ran(self) -> int | None:
        return None if self.first is None else self.done - self.first


class PlainProgress(_Counting):
    """``sweep: 120 of 250 runs, 0 failed, 38.2 runs/s, about 3 s left``, every EVERY seconds and at the end."""

    def __init__(self, stream: TextIO | None = None, every: float = EVERY):
        self.stream, self.every = stream or sys.stderr, every
        self.start = self.last = time.monotonic()
        self.first: int | None = None

    def __call__(self, done: int, total: int, failed: int) -> None:
        now = time.monotonic()
        self.done = done
        if self.first is None:
            self.first = done  # runs kept before a resume are not counted in the rate
            return
        if done < total and now - self.last < self.every:
            return
        self.last = now
        print(f"sweep: {line(done, total, failed, done - self.first, now - self.start)}", file=self.stream, flush=True)

    def close(self) -> None:
        pass


class BarProgress(_Counting):
    """A rich progress bar on stderr."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("sweep"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("runs, {task.fields[failed]} failed, {task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = None
        self.start = time.monotonic()
        self.first: int | None = None

    def __call__(self, done: int, total: int, failed: int) -> None:
        self.done = done
        if self.task is None:
            self.progress.start()
            self.first = done
            self.task = self.progress.add_task("sweep", total=total, completed=done, failed=failed, rate="")
            return
        rate = (done - self.first) / max(time.monotonic() - self.start, 1e-9)
        self.progress.update(self.task, completed=done, failed=failed, rate=f"{rate:.1f} runs/s")

    def close(self) -> None:
        if self.task is not None:
            self.progress.stop()


def line(done: int, total: int, failed: int, ran: int, seconds: float) -> str:
    """One progress line: runs done of total, failures, the rate of this session's runs, time left."""
    rate = ran / seconds if seconds > 0 else 0.0
    left = (total - done) / rate if rate > 0 else None
    eta = "" if left is None or done >= total else f", about {_duration(left)} left"
    return f"{done} of {total} runs, {failed} failed, {rate:.1f} runs/s{eta}"


def _duration(s: float) -> str:
    if s < 90:
        return f"{s:.0f} s"
    if s < 5400:
        return f"{s / 60:.0f} min"
    return f"{s / 3600:.1f} h"


def for_terminal() -> PlainProgress | BarProgress:
    """A bar on a terminal, plain lines otherwise."""
    return BarProgress() if sys.stderr.isatty() else PlainProgress()
