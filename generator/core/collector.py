"""Python's cyclic garbage collector, held while a stage makes many objects and no cycles.

Decoding the kept items, building the index and planning the pages make hundreds of thousands of
containers (dicts, tuples, dataclasses), none of them part of a reference cycle: the collector's
passes over the young ones find nothing, and at 10,000 items they cost these stages a tenth of
their time (0.05 to 0.1 s of a build after one edit). Anything freed is freed by its reference
count as before; only cycles would wait for the collector, and these stages make none (a stage
that runs Markdown or Jinja, which do, is never held).

Held is not enough: the first collection after the block would walk every object the block made,
still in the youngest generation (0.08 s after the kept items of 10,000 items are decoded). They
live as long as the build, so they are moved to the oldest generation at once (``gc.freeze`` and
``gc.unfreeze``: two moves of a list, no walk), which a collection walks only when it has grown
by a quarter.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# how many ``frozen`` blocks are open: asking Python (gc.get_freeze_count) walks every object frozen
# (a million in a build of 10,000 items: 10 to 15 ms a question)
_FROZEN_DEPTH: ContextVar[int] = ContextVar("frozen_depth", default=0)


@contextmanager
def collections_held() -> Iterator[None]:
    """No cyclic collection inside the block; what it made moved to the oldest generation after it, and
    the collector as before (enabled again only if it was)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        _settle(thaw=not _FROZEN_DEPTH.get())  # (in a ``frozen`` block: frozen with the rest)
        if enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Every object there is when the block starts, and every one it makes, out of the collector's sight
    (``gc.freeze``) until it ends: a build renders its pages over an index of hundreds of thousands of
    objects, which each collection of the oldest generation would walk (0.1 s at 10,000 items), and a
    forked worker's collections would write to (copying their memory pages). Then moved to the oldest
    generation, unless they were frozen already before the block (an enclosing one thaws them)."""
    thaw = not _FROZEN_DEPTH.get()
    depth = _FROZEN_DEPTH.set(_FROZEN_DEPTH.get() + 1)
    gc.freeze()
    try:
        yield
    finally:
        _FROZEN_DEPTH.reset(depth)
        _settle(thaw)


def _settle(thaw: bool) -> None:
    """Every object frozen (two moves of a list, no walk), then, with ``thaw``, all of them moved to the
    oldest generation."""
    gc.freeze()
    if thaw:
        gc.unfreeze()
