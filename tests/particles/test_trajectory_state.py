"""A Trajectory is immutable: iterating it changes nothing, and its sources are known up front."""

from __future__ import annotations

import copy
from pathlib import Path

from currentkit.particles import Trajectory
from tests.particles.test_readers import _dump


def test_iterating_changes_no_field_and_sources_are_known_before(tmp_path: Path) -> None:
    path = _dump(tmp_path / "t.dump", "id type xu yu zu", ["1 1 1.0 0 0", "2 2 5.0 0 0"],
                 steps=(0, 10))
    tr = Trajectory(path, units="metal", charges={"1": 1.0, "2": -1.0})
    before = copy.deepcopy(vars(tr))
    # known before any iteration (they used to read "unknown (not read yet)")
    assert tr.velocity_source == "central differences of positions"
    assert tr.charge_source == "per type"
    chunks = list(tr)
    assert chunks and vars(tr) == before
    assert tr.velocity_source == "central differences of positions"
    bare = Trajectory(path, units="metal")
    assert bare.charge_source == "missing"
