"""Result conventions of :mod:`currentkit.results`: provenance, atomic netCDF save and load."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from currentkit import results
from currentkit.errors import InputFileError
from currentkit.rings import ContinuumRing


def _dataset() -> xr.Dataset:
    x = np.linspace(0.0, 1.0, 7)
    return xr.Dataset(
        {
            "current": ("flux", np.sin(2 * np.pi * x), {"units": "A", "long_name": "current"}),
            "count": (("flux", "k"), np.arange(14).reshape(7, 2),
                      {"units": "1", "long_name": "a count"}),
        },
        coords={
            "flux": ("flux", x, {"units": "Phi0", "long_name": "flux", "flux_quantum": 4.1e-15}),
            "k": ("k", np.array([3, 4]), {"units": "1", "long_name": "index"}),
        },
        attrs={"note": "test"},
    )


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_with_provenance_sets_the_four_attrs() -> None:
    ring = ContinuumRing(radius=1e-6, spin=True)
    params = {"model": ring, "small": np.arange(3), "flag": True, "x": np.float64(0.5)}
    ds = results.with_provenance(_dataset(), params, seed=None, complete=False)
    assert ds.attrs["currentkit_version"] == results.version()
    assert ds.attrs["seed"] == -1  # None → −1 ("nothing random")
    assert ds.attrs["complete"] == 0 and type(ds.attrs["complete"]) is int
    assert ds.attrs["note"] == "test"  # existing attrs are kept
    decoded = json.loads(ds.attrs["parameters"])
    assert decoded["model"]["radius"] == 1e-6
    assert decoded["model"]["spin"] is True
    assert decoded["small"] == [0, 1, 2]
    assert decoded["x"] == 0.5
    done = results.with_provenance(_dataset(), {}, seed=np.int64(42), complete=True)
    assert done.attrs["seed"] == 42 and type(done.attrs["seed"]) is int
    assert done.attrs["complete"] == 1
    # the input is not modified
    assert "seed" not in _dataset().attrs


def test_large_arrays_are_summarised_with_a_digest() -> None:
    big = np.arange(1000, dtype=float)
    other = big.copy()
    other[500] += 1e-9  # same shape and range, different content
    a = json.loads(results.parameters_json({"potential": big}))["potential"]
    b = json.loads(results.parameters_json({"potential": other}))["potential"]
    assert a["array_shape"] == [1000]
    assert a["min"] == 0.0 and a["max"] == 999.0
    assert a["sha256_16"] != b["sha256_16"]
    # deterministic: the same array gives the same string
    assert results.parameters_json({"potential": big}) == results.parameters_json(
        {"potential": big.copy()}
    )
    # and the JSON stays small whatever the array size
    assert len(results.parameters_json({"potential": np.zeros(10**6)})) < 200


def test_save_load_round_trip_preserves_values_and_attrs(tmp_path: Path) -> None:
    ds = results.with_provenance(_dataset(), {"a": 1}, seed=7)
    path = results.save_dataset(ds, tmp_path / "sub" / "out.nc")
    assert path == tmp_path / "sub" / "out.nc"
    back = results.load_dataset(path)
    # netCDF stores float64 and int64 bit for bit: identical, attrs included
    xr.testing.assert_identical(back, ds)
    assert back["flux"].attrs["flux_quantum"] == 4.1e-15
    # loaded fully into memory: the file can be removed (no open handle, no lazy arrays)
    os.unlink(path)
    assert float(back["current"].sum()) == pytest.approx(float(ds["current"].sum()), abs=0)


def test_booleans_in_attrs_become_ints(tmp_path: Path) -> None:
    ds = _dataset()
    ds.attrs["flag"] = True
    ds.attrs["npflag"] = np.bool_(False)
    ds["current"].attrs["is_exact"] = False
    back = results.load_dataset(results.save_dataset(ds, tmp_path / "b.nc"))
    assert back.attrs["flag"] == 1 and back.attrs["npflag"] == 0
    assert back["current"].attrs["is_exact"] == 0
    assert not isinstance(back.attrs["flag"], bool | np.bool_)
    # the caller's dataset keeps its booleans
    assert ds.attrs["flag"] is True


@pytest.mark.parametrize("where", ["dataset", "variable", "coordinate"])
def test_none_attrs_are_refused(tmp_path: Path, where: str) -> None:
    ds = _dataset()
    target = {"dataset": ds, "variable": ds["current"], "coordinate": ds["flux"]}[where]
    target.attrs["bad"] = None
    with pytest.raises(ValueError, match="'bad'"):
        results.save_dataset(ds, tmp_path / "n.nc")
    assert _files(tmp_path) == []


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    results.save_dataset(_dataset(), tmp_path / "a.nc")
    results.save_dataset(_dataset() * 2, tmp_path / "a.nc")  # overwrite in place
    assert _files(tmp_path) == ["a.nc"]
    back = results.load_dataset(tmp_path / "a.nc")
    np.testing.assert_array_equal(back["current"], 2 * _dataset()["current"])


def test_failing_write_leaves_no_partial_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_fail(self: xr.Dataset, path: str, *args: object, **kwargs: object) -> None:
        Path(path).write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 100)  # a partial file
        raise RuntimeError("disk full")

    monkeypatch.setattr(xr.Dataset, "to_netcdf", half_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        results.save_dataset(_dataset(), tmp_path / "new.nc")
    assert _files(tmp_path) == []


def test_failing_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.nc"
    results.save_dataset(_dataset(), target)
    before = target.read_bytes()
    bad = _dataset().assign_attrs(nested={"not": "storable"})  # netCDF cannot store a dict
    with pytest.raises(TypeError):
        results.save_dataset(bad, target)
    assert target.read_bytes() == before
    assert _files(tmp_path) == ["keep.nc"]


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        results.load_dataset(tmp_path / "absent.nc")
    with pytest.raises(InputFileError):
        results.load_dataset(tmp_path)  # a folder is not a file


def test_load_truncated_file(tmp_path: Path) -> None:
    path = results.save_dataset(_dataset(), tmp_path / "t.nc")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputFileError) as info:
        results.load_dataset(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage " * 200, b"CDF\x01" + b"\xff" * 300, b"\x89HDF\r\n\x1a\n" + b"\xff" * 300],
    ids=["empty", "text", "bad-netcdf3", "bad-hdf5"],
)
def test_load_non_netcdf_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "g.nc"
    path.write_bytes(content)
    with pytest.raises(InputFileError):
        results.load_dataset(path)


def test_check_conventions() -> None:
    good = results.with_provenance(_dataset(), {})
    results.check_conventions(good)  # no exception
    no_units = good.copy()
    no_units["current"].attrs = {"long_name": "current"}
    with pytest.raises(ValueError, match="'current' lacks 'units'"):
        results.check_conventions(no_units)
    no_name = good.copy()
    no_name["k"].attrs = {"units": "1"}
    with pytest.raises(ValueError, match="'k' lacks 'long_name'"):
        results.check_conventions(no_name)
    with pytest.raises(ValueError, match="missing dataset attr 'seed'"):
        results.check_conventions(_dataset())
