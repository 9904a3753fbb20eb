"""A file's exclusive lock (``flock``) held for a block: one build at a time writes an output, one
build at a time uses a cache folder. The lock goes with the descriptor, so a build killed holds none."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(path: Path, waiting: Callable[[], None] | None = None, required: bool = True) -> Iterator[None]:
    """``path`` (made when missing) locked for the block; ``waiting`` is called first when another process
    holds it. Unless ``required``, a path that cannot be opened is no lock: the block runs without one."""
    try:
        lock = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        if required:
            raise
        yield
        return
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)
