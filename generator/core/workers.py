"""Worker processes that never outlive the build that started them.

``worker_pool`` is a forked ``ProcessPoolExecutor`` (the workers inherit the build's input rather
than unpickling it) with three guarantees the plain executor lacks:

- if the parent stops early (an exception, Ctrl+C, SIGTERM turned into ``KeyboardInterrupt`` by the
  dev server), the workers are terminated at once instead of working through the queue;
- if the parent dies without a word (SIGKILL), Linux kills the workers too (``PR_SET_PDEATHSIG``);
- the parent's objects are frozen (``gc.freeze``) while the workers are forked, so that their
  collections never walk (and copy) them;
- Ctrl+C in a terminal, which reaches the whole process group, is the parent's to handle: the
  workers ignore SIGINT and take the default SIGTERM (not a handler inherited from the parent, not
  even in the moment between the fork and setting their own: both are blocked until then).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from .collector import frozen

PR_SET_PDEATHSIG = 1
STOPPING = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def worker_pool(jobs: int, initializer: Callable[..., object] | None = None,
                initargs: tuple = ()) -> Iterator[ProcessPoolExecutor]:
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))
    try:
        # Forked with SIGINT and SIGTERM held back, so that none reaches a worker while it still has the
        # parent's handlers (the dev server's raise KeyboardInterrupt: a traceback from a worker stopped
        # as it starts); each takes them when its own are set. A fork pool starts every worker at its
        # first task: this one.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
        # The parent's objects (the build's input, hundreds of thousands) frozen while it forks: a worker's
        # collections then never walk them, which wrote to every page holding one (copied, page by page)
        # and cost a build after one edit 0.15 s. Thawed once the workers are started (unless the caller froze
        # them already: collector.frozen): in the parent they are collected as before (the dev server builds
        # again and again).
        try:
            with frozen():
                pool.submit(int).result()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        yield pool
    except BaseException:
        # The executor has no public way to stop running work before Python 3.14
        # (terminate_workers); its process table is the one place that lists them.
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(5)
        raise
    pool.shutdown()


def _start_worker(parent: int, initializer: Callable[..., object] | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)  # what came meanwhile: ignored, or the end
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)
