"""Stored results of long simulations: used for exactly their inputs, recomputed with --full."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from currentkit.report import stored
from currentkit.report.section import full_size, full_size_mode
from currentkit.report.sections import tdgl_ring
from currentkit.results import with_provenance


def _result(value: float) -> xr.Dataset:
    ds = xr.Dataset({"y": ("x", np.full(3, value), {"units": "1", "long_name": "y"})},
                    coords={"x": ("x", np.arange(3.0), {"units": "m", "long_name": "x"})})
    return with_provenance(ds, {"value": value})


def test_key_changes_with_every_input_and_version() -> None:
    base = {"a": 1.0, "fields": np.arange(3.0), "tdgl": "0.9.0"}
    key = stored.stored_key(base)
    assert len(key) == 16 and key == stored.stored_key(dict(base))
    assert stored.stored_key({**base, "a": 1.0 + 1e-15}) != key
    assert stored.stored_key({**base, "fields": np.arange(4.0)}) != key
    assert stored.stored_key({**base, "tdgl": "0.9.1"}) != key


def test_stored_result_used_only_for_its_inputs_and_not_in_full_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, out = tmp_path / "data", tmp_path / "tour"
    data.mkdir()
    monkeypatch.setattr(stored, "DATA", data)
    calls: list[float] = []

    def compute() -> xr.Dataset:
        calls.append(1.0)
        return _result(2.0)

    inputs = {"value": 2.0, "version": "1"}
    ds, was_stored = stored.stored_or_computed("demo", inputs, compute, output=out)
    assert not was_stored and len(calls) == 1
    written = out / f"demo-{stored.stored_key(inputs)}.nc"
    assert written.is_file() and ds.attrs["stored_key"] == stored.stored_key(inputs)
    shutil.copy(written, data / written.name)  # ship it
    again, was_stored = stored.stored_or_computed("demo", inputs, compute, output=out)
    assert was_stored and len(calls) == 1
    np.testing.assert_array_equal(again["y"], ds["y"])
    _, was_stored = stored.stored_or_computed("demo", {**inputs, "version": "2"}, compute,
                                              output=out)
    assert not was_stored and len(calls) == 2
    assert not full_size()
    with full_size_mode(True):
        assert full_size()
        _, was_stored = stored.stored_or_computed("demo", inputs, compute, output=out)
    assert not was_stored and len(calls) == 3 and not full_size()


def test_tour_ships_the_tdgl_sweep_for_its_current_inputs() -> None:
    """Editing the adapter, the inputs or the pyTDGL version needs a re-stored sweep (the slow
    test in tests/superconductors/test_tdgl_ring.py compares it with a fresh run)."""
    path = stored.stored_path("tdgl_ring", tdgl_ring.simulation_inputs())
    assert path.is_file(), f"currentkit tour --full --sections tdgl_ring, then ship {path.name}"
    ds = xr.load_dataset(path, engine="h5netcdf")
    assert ds.attrs["stored_key"] == path.stem.split("-")[-1]
    np.testing.assert_array_equal(ds["field"], tdgl_ring.FIELDS)
    assert sorted(stored.DATA.glob("tdgl_ring-*.nc")) == [path]  # no stale sweeps shipped
