"""Folders written whole: a run folder holds one complete run, or nothing new.

``whole_folder(dest)`` takes a lock beside ``dest`` (``.NAME.lock``), makes a temporary sibling
(``.NAME.tmp-XXXX``) for the caller to fill, and on success swaps it into place in one rename
(Linux's ``renameat2(RENAME_EXCHANGE)`` where there is one, two renames otherwise), then removes the
old folder. On any exception, Ctrl-C included, the temporary folder is removed and ``dest`` is left
as it was. A second writer of the same folder fails at once with ``FolderBusy``. Temporary folders a
killed writer left behind are removed by the next writer of that folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from negosim.errors import NegosimError

#: What marks a folder as a run folder: its summary.json, written by negosim.
MARKER = "summary.json"


class FolderBusy(NegosimError):
    """Another process is writing the same folder."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM; ``committed`` says whether ``folder`` was already complete and in place."""

    def __init__(self, committed: bool = False, folder: Path | None = None):
        super().__init__()
        self.committed, self.folder = committed, folder


def is_run_folder(path: Path) -> bool:
    """Whether ``path`` holds a run written by negosim (its summary.json names negosim's version)."""
    try:
        summary = json.loads((path / MARKER).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(summary, dict) and "negosim_version" in summary and "outcome" in summary


@contextlib.contextmanager
def whole_folder(dest: str | Path, *, what: str = "--out") -> Iterator[Path]:
    """A temporary folder to fill; moved to ``dest`` as a whole when the block ends without error.

    ``dest`` may be missing, an empty folder or a run folder (replaced whole); anything else is
    refused. ``what`` names the folder in messages (the CLI option it came from). ``.`` and a
    symbolic link name the folder they stand for: that folder is replaced.
    """
    shown, dest = Path(dest), Path(dest).resolve()
    what = f"{what} {shown}"
    _check_destination(dest, what)
    made = [p for p in reversed(dest.parents) if not p.exists()]  # folders to take back if nothing lands
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".{dest.name}.tmp-{secrets.token_hex(4)}"
    try:
        with lock(dest, what):
            _check_destination(dest, what)  # again, now that no one else writes it
            _remove_leftovers(dest)
            os.mkdir(tmp)  # 0o777 less the umask, like any folder the user makes
            yield tmp
            with _signals_deferred(dest):
                _swap_into_place(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for p in reversed(made):
            with contextlib.suppress(OSError):
                p.rmdir()  # only while empty
        raise


def _check_destination(dest: Path, what: str) -> None:
    if dest.exists() and not dest.is_dir():
        raise NegosimError(f"{what}: exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not is_run_folder(dest):
        raise NegosimError(
            f"{what}: the folder holds other files and is not a negosim run folder; choose a new or "
            "empty folder (a run folder is replaced as a whole)"
        )


@contextlib.contextmanager
def lock(dest: Path, what: str) -> Iterator[None]:
    """An exclusive lock on ``.NAME.lock`` beside ``dest``, released and removed at the end."""
    import fcntl

    path = dest.parent / f".{dest.name}.lock"
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise FolderBusy(
                f"{what}: another negosim process (pid {holder}) is writing this folder; wait for it to "
                "finish, or choose another folder"
            ) from None
        try:  # the holder before us may have removed the file after we opened it: lock the file that is there
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)


def _remove_leftovers(dest: Path) -> None:
    """Temporary and old folders of ``dest`` that a killed writer left (we hold the lock: none is live)."""
    for stale in dest.parent.glob(f".{dest.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in dest.parent.glob(f".{dest.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _swap_into_place(tmp: Path, dest: Path) -> None:
    """``tmp`` becomes ``dest``; the folder that was there is removed."""
    if not dest.exists():
        os.rename(tmp, dest)
        return
    if _exchange(tmp, dest):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old run
        return
    old = dest.parent / f".{dest.name}.old-{secrets.token_hex(4)}"
    os.rename(dest, old)
    os.rename(tmp, dest)
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):  # the file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextlib.contextmanager
def _signals_deferred(dest: Path) -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the folder is swapped into place; one that came is raised after,
    as ``Interrupted(committed=True)``."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    sigs = (signal.SIGINT, signal.SIGTERM)
    before = {s: signal.signal(s, lambda n, _f: caught.append(n)) for s in sigs}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)
    if caught:
        raise Interrupted(committed=True, folder=dest)


def sigterm_as_interrupt() -> None:
    """Make SIGTERM stop the program the way Ctrl-C does (raising ``Interrupted``); main thread only."""

    def interrupted(_signum, _frame):
        raise Interrupted()

    signal.signal(signal.SIGTERM, interrupted)
