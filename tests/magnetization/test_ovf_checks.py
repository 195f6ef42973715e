"""Hostile OVF files: non-finite values, headers that disagree with the data, non-files.

Each case was a silent wrong answer before (NaN returned as data, a binary block read in the
wrong layout); the only acceptable outcome is an InputFileError naming the place.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from currentkit.errors import InputFileError
from currentkit.magnetization.ovf import read_ovf, write_ovf


def field() -> xr.DataArray:
    """A 2×3×4 field with valuedim 3 and distinct values (so a shifted layout shows)."""
    rng = np.random.default_rng(7)
    coords = {ax: (ax, (np.arange(n) + 0.5) * 1e-9, {"units": "m", "long_name": ax})
              for ax, n in zip("zyx", (2, 3, 4), strict=True)}
    return xr.DataArray(rng.normal(size=(2, 3, 4, 3)), dims=("z", "y", "x", "component"),
                        coords={**coords, "component": ["x", "y", "z"]},
                        attrs={"units": "A/m"})


def written(tmp_path: Path, fmt: str, version: int = 2) -> Path:
    return write_ovf(field(), tmp_path / f"f{version}-{fmt.replace(' ', '')}.ovf", format=fmt,
                     version=version)


@pytest.mark.parametrize("fmt", ["text", "binary 4", "binary 8"])
@pytest.mark.parametrize("version", [1, 2])
def test_round_trip_still_reads(tmp_path: Path, fmt: str, version: int) -> None:
    # float32 keeps 24 bits: relative rounding ≤ 2^-24 per value
    rtol = 2.0**-24 if fmt == "binary 4" else 0.0
    np.testing.assert_allclose(read_ovf(written(tmp_path, fmt, version)).values,
                               field().values, rtol=rtol, atol=0)


def test_nan_in_text_names_line_node_and_component(tmp_path: Path) -> None:
    path = written(tmp_path, "text")
    lines = path.read_text().splitlines(keepends=True)
    first = next(i for i, ln in enumerate(lines) if ln.startswith("# Begin: Data"))
    # node 5 = (x=1, y=1, z=0) is the 6th data line; its y component becomes nan
    row = lines[first + 6].split()
    row[1] = "nan"
    lines[first + 6] = " ".join(row) + "\n"
    path.write_text("".join(lines))
    with pytest.raises(InputFileError, match=rf"line {first + 7}: 'nan' \(node x=1, y=1, z=0, "
                       "component y\\) is not finite"):
        read_ovf(path)


@pytest.mark.parametrize("size", [4, 8])
def test_inf_in_binary_names_byte_and_node(tmp_path: Path, size: int) -> None:
    path = written(tmp_path, f"binary {size}")
    raw = bytearray(path.read_bytes())
    start = raw.index(f"# Begin: Data Binary {size}\n".encode()) + len(
        f"# Begin: Data Binary {size}\n")
    at = start + size * (1 + 3 * 13 + 2)  # value of node 13 = (x=1, y=0, z=1), component z
    raw[at: at + size] = np.array([np.inf], dtype=f"<f{size}").tobytes()
    path.write_bytes(bytes(raw))
    with pytest.raises(InputFileError, match=rf"byte {at}: value .*inf.* \(node x=1, y=0, z=1, "
                       "component z\\) is not finite"):
        read_ovf(path)


@pytest.mark.parametrize("fmt", ["binary 4", "binary 8", "text"])
@pytest.mark.parametrize(("key", "value"), [("xnodes", 3), ("znodes", 1), ("valuedim", 2),
                                            ("valuedim", 1)])
def test_header_declaring_less_data_than_the_block_holds(tmp_path: Path, fmt: str, key: str,
                                                         value: int) -> None:
    path = written(tmp_path, fmt)
    text = path.read_bytes()
    old = next(ln for ln in text.split(b"\n") if ln.startswith(f"# {key}:".encode()))
    path.write_bytes(text.replace(old, f"# {key}: {value}".encode(), 1))
    with pytest.raises(InputFileError, match=r"not followed by '# End: Data|expected \d+ values"):
        read_ovf(path)


@pytest.mark.parametrize("fmt", ["binary 4", "text"])
def test_missing_end_line_is_truncation(tmp_path: Path, fmt: str) -> None:
    path = written(tmp_path, fmt)
    raw = path.read_bytes()
    path.write_bytes(raw[: raw.index(b"# End: Data")])
    with pytest.raises(InputFileError, match="End: Data"):
        read_ovf(path)


def test_end_line_of_another_format_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, "binary 8")
    path.write_bytes(path.read_bytes().replace(b"# End: Data Binary 8", b"# End: Data Binary 4"))
    with pytest.raises(InputFileError, match="not followed by '# End: Data binary 8'"):
        read_ovf(path)


def test_windows_line_endings_after_binary_data_are_accepted(tmp_path: Path) -> None:
    path = written(tmp_path, "binary 4")
    raw = path.read_bytes()
    end = raw.index(b"\n# End: Data Binary 4")
    path.write_bytes(raw[:end] + b"\r\n# End: Data Binary 4\r\n# End: Segment\r\n")
    np.testing.assert_allclose(read_ovf(path).values, field().values, rtol=2.0**-24)


@pytest.mark.parametrize("target", ["dir", "/dev/zero", "empty"])
def test_non_files_are_named(tmp_path: Path, target: str) -> None:
    path = {"dir": tmp_path, "/dev/zero": Path("/dev/zero"), "empty": tmp_path / "e.ovf"}[target]
    if target == "empty":
        path.write_bytes(b"")
    if target == "/dev/zero" and not path.exists():
        pytest.skip("no /dev/zero on this system")
    expected = {"dir": "is a directory", "/dev/zero": "not a regular file", "empty": "is empty"}
    with pytest.raises(InputFileError, match=expected[target]):
        read_ovf(path)
