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
