"""load_dataset refuses netCDF/HDF5 files that read data from elsewhere on the machine.

An HDF5 dataset may keep its bytes in other files (external storage), link to objects of other
files (external links) or map them (virtual datasets). Opening such a file made xarray return
the bytes of an arbitrary local file; every one must be refused before xarray opens it.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest
import xarray as xr

from currentkit.errors import InputFileError
from currentkit.results import load_dataset, save_dataset, with_provenance


def saved(tmp_path: Path) -> Path:
    ds = xr.Dataset({"current": ("flux", np.linspace(-1, 1, 8),
                                 {"units": "1", "long_name": "current"})},
                    coords={"flux": ("flux", np.arange(8) / 8, {"units": "1",
                                                                "long_name": "flux"})})
    return save_dataset(with_provenance(ds, {"L": 8}), tmp_path / "r.nc")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_bytes(b"private bytes of another file")
    return path


def test_plain_file_loads(tmp_path: Path) -> None:
    back = load_dataset(saved(tmp_path))
    np.testing.assert_array_equal(back["current"].values, np.linspace(-1, 1, 8))


def test_external_storage_is_refused(tmp_path: Path, secret: Path) -> None:
    path = saved(tmp_path)
    size = secret.stat().st_size
    with h5py.File(path, "a") as f:
        f.create_dataset("leak", shape=(size,), dtype="u1", external=[(str(secret), 0, size)])
    with h5py.File(path, "r") as f:  # the attack works at the HDF5 level
        assert bytes(f["leak"][()]) == secret.read_bytes()
    with pytest.raises(InputFileError, match=r"dataset '?leak'? stores its data in other files "
                       r"\(.*secret\.txt\)"):
        load_dataset(path)


def test_external_link_is_refused(tmp_path: Path) -> None:
    other = saved(tmp_path).rename(tmp_path / "other.nc")
    path = saved(tmp_path)
    with h5py.File(path, "a") as f:
        f["elsewhere"] = h5py.ExternalLink(str(other), "/current")
    with pytest.raises(InputFileError, match=r"'elsewhere' is an external link to .*other\.nc"):
        load_dataset(path)


def test_virtual_dataset_is_refused(tmp_path: Path) -> None:
    other = saved(tmp_path).rename(tmp_path / "other.nc")
    path = saved(tmp_path)
    layout = h5py.VirtualLayout(shape=(8,), dtype="f8")
    layout[:] = h5py.VirtualSource(str(other), "current", shape=(8,))
    with h5py.File(path, "a") as f:
        f.create_virtual_dataset("mapped", layout)
    with pytest.raises(InputFileError, match="'mapped' is a virtual dataset"):
        load_dataset(path)


def test_soft_link_inside_the_file_is_fine(tmp_path: Path) -> None:
    path = saved(tmp_path)
    with h5py.File(path, "a") as f:
        f.create_group("extra")["alias"] = h5py.SoftLink("/current")
    np.testing.assert_array_equal(load_dataset(path)["current"].values, np.linspace(-1, 1, 8))


def test_device_is_refused() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(InputFileError, match="not a regular file"):
        load_dataset("/dev/zero")
