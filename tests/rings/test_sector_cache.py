"""The ED sector cache: least recently used first out, bounded by bytes, explicitly clearable."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse

from currentkit.errors import ParameterError
from currentkit.rings import InteractingRing, clear_sector_cache, persistent_current
from currentkit.rings.interacting import sectors
from currentkit.rings.interacting.sectors import Sector, SectorCache


def _sector(states: int) -> Sector:
    forward = scipy.sparse.csr_array(scipy.sparse.eye(states, format="csr", dtype=complex))
    return Sector(0, forward, np.zeros(states))


def test_cache_is_bounded_by_bytes_and_drops_the_least_recently_used() -> None:
    one = sectors._sector_bytes(_sector(100))
    cache = SectorCache(3 * one)
    builds: list[str] = []

    def build(name: str) -> Sector:
        builds.append(name)
        return _sector(100)

    for name in "abc":
        cache.get((name,), lambda name=name: build(name))
    assert len(cache) == 3 and cache.nbytes == 3 * one
    cache.get(("a",), lambda: build("a"))  # a hit: no build, and "a" becomes most recent
    assert builds == ["a", "b", "c"]
    cache.get(("d",), lambda: build("d"))  # over the bound: "b" (least recently used) goes
    assert len(cache) == 3 and cache.nbytes <= cache.max_bytes
    cache.get(("b",), lambda: build("b"))
    assert builds == ["a", "b", "c", "d", "b"]
    # a sector larger than the bound is returned but not kept
    big = cache.get(("big",), lambda: _sector(1000))
    assert big is not None and ("big",) not in cache._entries
    cache.resize(one)
    assert len(cache) == 1 and cache.nbytes == one
    cache.clear()
    assert len(cache) == 0 and cache.nbytes == 0
    with pytest.raises(ParameterError):
        cache.resize(-1)


def test_clearing_the_cache_changes_no_result() -> None:
    ring = InteractingRing(6, 3, interaction=1.0)
    flux = np.array([0.1, 0.3])
    first = persistent_current(ring, flux)["current"].to_numpy()
    assert sectors._CACHE.nbytes > 0
    clear_sector_cache(max_bytes=0)  # nothing is kept now
    try:
        again = persistent_current(ring, flux)["current"].to_numpy()
        assert len(sectors._CACHE) == 0
    finally:
        clear_sector_cache(max_bytes=sectors.DEFAULT_CACHE_BYTES)
    # the same sectors rebuilt: bit-identical
    np.testing.assert_array_equal(first, again)
