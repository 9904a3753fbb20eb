"""core/collector.py: the cyclic collector held inside a block, as it was after it."""
from __future__ import annotations

import gc

import pytest

from generator.core.collector import collections_held


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
