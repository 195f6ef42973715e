"""Fuzz: mutated netCDF files written by save_dataset load as the original, as another
dataset, or fail with a CurrentkitError (HDF5's RuntimeError, KeyError and friends included)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings

from currentkit.results import load_dataset, save_dataset, with_provenance
from tests.fuzz.mutate import Mutation, mutations, outcome


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.fixture(scope="module")
def original(folder: Path) -> tuple[bytes, xr.Dataset]:
    flux = np.arange(8) / 8
    ds = xr.Dataset(
        {"current": ("flux", np.sin(2 * np.pi * flux), {"units": "1", "long_name": "current"}),
         "energy": (("flux", "level"), np.outer(flux, [1.0, 2.0]),
                    {"units": "t", "long_name": "energy"})},
        coords={"flux": ("flux", flux, {"units": "Φ0", "long_name": "flux"}),
                "level": ("level", [0, 1], {"units": "1", "long_name": "level"})})
    path = save_dataset(with_provenance(ds, {"sites": 8}, seed=3), folder / "r.nc")
    return path.read_bytes(), load_dataset(path)


def check(folder: Path, raw: bytes, original: xr.Dataset, mutation: Mutation) -> None:
    data, result = outcome(load_dataset, folder / "mutated.nc", raw, mutation)
    if result is None:
        return
    assert isinstance(result, xr.Dataset)
    if data == raw or mutation.truncation:  # a cut HDF5 file is an error or the same file
        xr.testing.assert_identical(result, original)


# the HDF5 superblock and object headers sit in the first ~20 % of this 10 kB file; about 40
# HDF5 opens a second on a loaded machine (400 cases: ~10 s)
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(mutation=mutations(region=(0.0, 0.2)))
def test_mutated_netcdf(folder: Path, original: tuple[bytes, xr.Dataset],
                        mutation: Mutation) -> None:
    check(folder, *original, mutation)
