"""One build at a time per output folder.

An advisory lock (``fcntl.flock``) on ``<out>/.kg-build.lock`` is held for the
whole build.  The kernel releases it when the process ends, however it ends,
so a killed build never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".kg-build.lock"


class BuildLocked(Exception):
    """Another build is writing to the same output folder."""


def _remove_leftovers(out: Path) -> None:
    """Temporary files of a build that was killed before it could rename them
    (see kg.export.atomic_write); only the lock holder may remove them."""
    for leftover in out.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


@contextmanager
def exclusive(out: Path) -> Iterator[None]:
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "another process"
            raise BuildLocked(f"another kg build (pid {holder}) is writing to {out}; wait for it to finish") from err
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        _remove_leftovers(out)
        yield
    finally:
        os.close(fd)
