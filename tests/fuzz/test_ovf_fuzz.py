"""Fuzz: mutated OVF files (text, binary 4, binary 8; OVF 2.0 and big-endian OVF 1.0; a
rectangular and an irregular mesh) read as the original, as another valid field, or fail with
a CurrentkitError; never NaN, never a wrong layout, never another exception."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings

from currentkit.magnetization.ovf import read_ovf, write_ovf
from tests.fuzz.mutate import Mutation, mutations, outcome

DATA = Path(__file__).parents[1] / "magnetization" / "data"
EXAMPLES = 300  # per format: 7 formats × 300 reads of ~2-4 ms, under 10 s in all


def field() -> xr.DataArray:
    rng = np.random.default_rng(11)
    coords = {ax: (ax, (np.arange(n) + 0.5) * 2e-9, {"units": "m", "long_name": ax})
              for ax, n in zip("zyx", (1, 2, 3), strict=True)}
    return xr.DataArray(rng.normal(size=(1, 2, 3, 3)), dims=("z", "y", "x", "component"),
                        coords={**coords, "component": ["x", "y", "z"]},
                        attrs={"units": "A/m", "title": "m", "zstepsize": 2e-9})


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def originals(folder: Path) -> dict[str, tuple[bytes, xr.DataArray]]:
    files = {f"v{v}-{fmt}": write_ovf(field(), folder / f"v{v}-{fmt.replace(' ', '')}.ovf",
                                      format=fmt, version=v)
             for v in (1, 2) for fmt in ("text", "binary 4", "binary 8")}
    files["irregular-b4"] = DATA / "test_irreg_b4.omf"
    return {k: (p.read_bytes(), read_ovf(p)) for k, p in files.items()}


@pytest.fixture(scope="module")
def cases(folder: Path) -> dict[str, tuple[bytes, xr.DataArray]]:
    return originals(folder)


def check(folder: Path, raw: bytes, original: xr.DataArray, mutation: Mutation) -> None:
    path = folder / "mutated.ovf"
    data, result = outcome(read_ovf, path, raw, mutation)
    if result is None:
        return
    values = result.values
    assert np.all(np.isfinite(values)), mutation
    for ax in set(result.coords) & {"x", "y", "z"}:
        assert np.all(np.isfinite(result[ax].values)), mutation
    if data == raw or mutation.truncation:  # a cut OVF file is an error or the same file
        np.testing.assert_array_equal(values, original.values)
        assert result.dims == original.dims
        for ax in ("x", "y", "z"):
            np.testing.assert_array_equal(result[ax].values, original[ax].values)


@pytest.mark.parametrize("name", ["v1-text", "v1-binary 4", "v1-binary 8", "v2-text",
                                  "v2-binary 4", "v2-binary 8", "irregular-b4"])
# the header is the first ~40 % of these small files: half of the positions are aimed there
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(mutation=mutations(region=(0.0, 0.4)))
def test_mutated_ovf(folder: Path, cases: dict[str, tuple[bytes, xr.DataArray]], name: str,
                     mutation: Mutation) -> None:
    raw, original = cases[name]
    check(folder, raw, original, mutation)
