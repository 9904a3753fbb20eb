"""core/collector.py: the cyclic collector held inside a block, as it was after it."""
from __future__ import annotations

import gc

import pytest

from generator.core.collector import collections_held, frozen


def test_collections_are_held_inside_and_restored_after_even_on_an_error():
    assert gc.isenabled()
    with collections_held():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), collections_held():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    try:
        with collections_held():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_block_made_is_moved_to_the_oldest_generation_unwalked():
    # a young collection after the block would otherwise walk all of it (0.08 s for 10,000 kept items)
    with collections_held():
        made = [{"n": [i]} for i in range(1000)]
    assert not any(obj is made for obj in gc.get_objects(generation=0))
    assert any(obj is made for obj in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0  # nothing left frozen: cycles are still collected, in a full collection
    gc.collect(0)
    assert any(obj is made for obj in gc.get_objects(generation=2))


def test_frozen_hides_objects_from_the_collector_until_the_outermost_block_ends():
    before = [{"before": 1}]
    with frozen():
        assert gc.get_freeze_count() > 0 and not any(obj is before for obj in gc.get_objects())
        with frozen():  # a worker pool's, inside the build's
            made = [{"made": 1}]
        with collections_held():  # settles what it made, frozen with the rest
            held = [{"held": 1}]
        assert not any(obj is before or obj is made or obj is held for obj in gc.get_objects())
    assert gc.get_freeze_count() == 0
    oldest = gc.get_objects(generation=2)
    assert all(any(obj is x for obj in oldest) for x in (before, made, held))


def test_frozen_thaws_on_an_error_too():
    with pytest.raises(KeyError), frozen():
        raise KeyError("x")
    assert gc.get_freeze_count() == 0
