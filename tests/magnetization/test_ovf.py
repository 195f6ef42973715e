"""OVF reader and writer: every real file in ../shared/data/ovf, quirks, round trips, bad input."""

from __future__ import annotations

import logging
import math
import re
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from currentkit.errors import InputFileError, ParameterError
from currentkit.magnetization import read_ovf, write_ovf

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).parents[2] / ".." / "shared" / "data" / "ovf"
SHARED_FILES = sorted(p.name for p in SHARED.iterdir()) if SHARED.is_dir() else []
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/ovf is absent")

#: (shape, format, units) of each shared file, from the data README and the headers.
EXPECTED = {
    "mumax-bin4-linux.ovf": ((1, 32, 128, 3), "OVF 2.0 binary 4", "1"),
    "mumax-bin4-windows.ovf": ((1, 32, 128, 3), "OVF 2.0 binary 4", "1"),
    "mumax-txt-linux.ovf": ((4, 12, 24, 3), "OVF 2.0 text", "A/m"),
    "oommf-ovf1-bin4.omf": ((32, 32, 32, 3), "OVF 1.0 binary 4", "A/m"),
    "oommf-ovf1-bin8.omf": ((32, 32, 32, 3), "OVF 1.0 binary 8", "A/m"),
    "oommf-ovf2-bin4.omf": ((5, 5, 5, 3), "OVF 2.0 binary 4", "A/m"),
    "oommf-ovf2-bin8.omf": ((5, 5, 5, 3), "OVF 2.0 binary 8", "A/m"),
    "oommf-ovf2-txt.omf": ((5, 5, 5, 3), "OVF 2.0 text", "A/m"),
    "ovf2-bin8_different-case.ovf": ((6, 25, 25, 3), "OVF 2.0 binary 8", "1"),
    "skyrmion-disk.omf": ((2, 20, 20, 3), "OVF 2.0 text", "A/m"),
    "skyrmion.omf": ((1, 20, 20, 3), "OVF 2.0 text", "A/m"),
    "test_irreg_b4.omf": ((9, 3), "OVF 1.0 binary 4", "A/m"),
    "test_irreg_b8.omf": ((9, 3), "OVF 1.0 binary 8", "A/m"),
    "test_irreg_txt.omf": ((9, 3), "OVF 1.0 text", "A/m"),
    "test_rect_b4.omf": ((1, 3, 3, 3), "OVF 1.0 binary 4", "A/m"),
    "test_rect_txt.omf": ((1, 3, 3, 3), "OVF 1.0 text", "A/m"),
}
#: float32 keeps 24 bits: relative rounding ≤ 2^-24 ≈ 6e-8 per value.
F32 = 2.0**-24


def norms(a: xr.DataArray) -> np.ndarray:
    return np.linalg.norm(a.values, axis=-1)


def header_value(path: Path, key: str) -> float:
    match = re.search(rf"^# {key}: (\S+)", path.read_text(errors="replace"), re.MULTILINE)
    assert match, key
    return float(match.group(1))


@needs_shared
def test_every_shared_file_is_known() -> None:
    assert set(SHARED_FILES) == set(EXPECTED)


@needs_shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shared_file_reads_with_shape_units_and_finite_values(name: str) -> None:
    a = read_ovf(SHARED / name)
    shape, fmt, unit = EXPECTED[name]
    assert a.shape == shape and a.attrs["format"] == fmt and a.attrs["units"] == unit
    assert np.all(np.isfinite(a.values))
    for ax in ("x", "y", "z"):
        assert a[ax].attrs["units"] == "m"


@needs_shared
@pytest.mark.parametrize("name", ["oommf-ovf1-bin4.omf", "oommf-ovf1-bin8.omf"])
def test_ovf1_norms_match_the_header_value_range(name: str) -> None:
    # OOMMF writes the exact min/max |M| into the header: an independent check of byte order
    a = read_ovf(SHARED / name)
    tol = 2 * F32 if "bin4" in name else 1e-14  # float32 storage vs the float64 header
    assert norms(a).min() == pytest.approx(header_value(SHARED / name, "ValueRangeMinMag"),
                                           rel=tol)
    assert norms(a).max() == pytest.approx(header_value(SHARED / name, "ValueRangeMaxMag"),
                                           rel=tol)
    assert a.attrs["xstepsize"] == pytest.approx(3.125e-9, rel=1e-15, abs=0)
    assert float(a.x[0]) == pytest.approx(1.5625e-9, rel=1e-15, abs=0)  # xbase = first cell centre


@needs_shared
def test_three_encodings_of_one_state_agree() -> None:
    txt, b8, b4 = (read_ovf(SHARED / f"oommf-ovf2-{f}.omf") for f in ("txt", "bin8", "bin4"))
    # text holds 17 digits: equal to the double data up to the last printed digit
    np.testing.assert_allclose(txt.values, b8.values, rtol=0, atol=8e6 * 1e-15)
    np.testing.assert_allclose(b4.values, b8.values, rtol=0, atol=8e6 * F32)
    assert norms(b8) == pytest.approx(8e6, rel=1e-15)  # |M| = Ms = 8e6 A/m everywhere
    np.testing.assert_allclose(b8.x, (np.arange(5) + 0.5) * 1e-9, rtol=1e-15)


@needs_shared
def test_mumax_files_hold_the_uniform_state_and_crlf_changes_nothing() -> None:
    linux, windows = read_ovf(SHARED / "mumax-bin4-linux.ovf"), read_ovf(
        SHARED / "mumax-bin4-windows.ovf")
    np.testing.assert_array_equal(linux.values, windows.values)
    expected = np.array([1.0, 0.1, 0.0]) / math.sqrt(1.01)  # m = Uniform(1, 0.1, 0)
    np.testing.assert_allclose(linux.values.reshape(-1, 3), np.broadcast_to(expected, (4096, 3)),
                               rtol=0, atol=2 * F32)
    text = read_ovf(SHARED / "mumax-txt-linux.ovf")  # trailing spaces on every line
    np.testing.assert_allclose(text.values.reshape(-1, 3),
                               np.broadcast_to(expected, (24 * 12 * 4, 3)), rtol=0, atol=1e-7)


@needs_shared
def test_file_without_base_uses_min_plus_half_step() -> None:
    a = read_ovf(SHARED / "ovf2-bin8_different-case.ovf")
    np.testing.assert_allclose(a.x, 4e-9 * (np.arange(25) + 0.5), rtol=1e-14)
    np.testing.assert_allclose(a.z, -8e-9 + 0.5e-9 * (np.arange(6) + 0.5), rtol=1e-14)


@needs_shared
def test_skyrmions_have_their_core_against_the_background() -> None:
    sk = read_ovf(SHARED / "skyrmion.omf")
    assert norms(sk) == pytest.approx(1.1e6, rel=1e-14)  # Ms = 1.1 MA/m everywhere
    assert float(sk[0, 10, 10, 2]) > 0.99e6 and float(sk[0, 0, 0, 2]) < -0.99e6


def data_file(name: str) -> Path:
    return SHARED / name if (SHARED / name).is_file() else DATA / name


def test_disk_has_168_empty_cells() -> None:
    a = read_ovf(data_file("skyrmion-disk.omf"))
    assert int((norms(a) == 0).sum()) == 168  # the data README's count


@pytest.mark.parametrize("fmt", ["b4", "b8", "txt"])
def test_irregular_mesh_matches_the_rectangular_file(fmt: str) -> None:
    irr = read_ovf(data_file(f"test_irreg_{fmt}.omf"))
    rect = read_ovf(data_file("test_rect_txt.omf"))
    assert irr.dims == ("point", "component")
    tol = 1e-9 * F32 if fmt == "b4" else 1e-24  # coordinates ~1e-9 m
    np.testing.assert_allclose(irr.x, rect.x.values[np.arange(9) % 3], rtol=0, atol=tol)
    np.testing.assert_allclose(irr.y, rect.y.values[np.arange(9) // 3], rtol=0, atol=tol)
    np.testing.assert_array_equal(irr.values, rect.values.reshape(9, 3))  # 0 and 8 are exact


def test_rect_binary4_equals_text() -> None:
    np.testing.assert_array_equal(read_ovf(data_file("test_rect_b4.omf")).values,
                                  read_ovf(data_file("test_rect_txt.omf")).values)


def all_files() -> list[Path]:
    return [SHARED / n for n in SHARED_FILES] or sorted(DATA.glob("*.omf"))


@pytest.mark.parametrize("version", [1, 2])
def test_binary8_round_trip_is_bit_for_bit_for_every_file(tmp_path: Path, version: int) -> None:
    for path in all_files():
        a = read_ovf(path)
        if version == 1 and a.sizes["component"] != 3:
            continue
        out = write_ovf(a, tmp_path / f"{path.stem}.ovf", format="binary 8", version=version)
        b = read_ovf(out)
        assert b.dims == a.dims and b.attrs["units"] == a.attrs["units"]
        np.testing.assert_array_equal(b.values, a.values, err_msg=path.name)
        for ax in ("x", "y", "z"):
            np.testing.assert_allclose(b[ax], a[ax], rtol=1e-15, atol=0, err_msg=path.name)


def test_text_and_binary4_round_trips(tmp_path: Path) -> None:
    a = read_ovf(data_file("oommf-ovf2-bin8.omf"))
    np.testing.assert_array_equal(read_ovf(write_ovf(a, tmp_path / "t.ovf")).values, a.values)
    b4 = read_ovf(write_ovf(a, tmp_path / "b.ovf", format="binary 4", version=1))
    np.testing.assert_array_equal(b4.values, a.values.astype(np.float32))
    assert b4.attrs["format"] == "OVF 1.0 binary 4"
    assert b"# OOMMF: rectangular mesh v1.0" in (tmp_path / "b.ovf").read_bytes()[:40]


def test_writer_refuses_bad_arguments(tmp_path: Path) -> None:
    a = read_ovf(data_file("test_rect_txt.omf"))
    with pytest.raises(ParameterError, match="format"):
        write_ovf(a, tmp_path / "x.ovf", format="binary 16")
    with pytest.raises(ParameterError, match="version"):
        write_ovf(a, tmp_path / "x.ovf", version=3)
    with pytest.raises(ParameterError, match="dims"):
        write_ovf(a.transpose("x", "y", "z", "component"), tmp_path / "x.ovf")


# ---- crafted files: quirks -------------------------------------------------------------------

TEXT_V1 = """# OOMMF: rectangular mesh v1.0
# Segment count: 1
# Begin: Segment
# Begin: Header
# Title: crafted
# meshtype: rectangular
# meshunit: m
# xbase: 0.5e-9
# ybase: 0.5e-9
# zbase: 0.5e-9
# xstepsize: 1e-9
# ystepsize: 1e-9
# zstepsize: 1e-9
# xnodes: 2
# ynodes: 1
# znodes: 1
# xmin: 0
# ymin: 0
# zmin: 0
# xmax: 2e-9
# ymax: 1e-9
# zmax: 1e-9
# valueunit: A/m
# valuemultiplier: 1
# ValueRangeMinMag: 1
# ValueRangeMaxMag: 1
# End: Header
# Begin: Data Text
1 0 0
0 1 0
# End: Data Text
# End: Segment
"""


def craft(tmp_path: Path, text: str, name: str = "c.omf") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_crafted_reference_file(tmp_path: Path) -> None:
    a = read_ovf(craft(tmp_path, TEXT_V1))
    np.testing.assert_array_equal(a.values[0, 0], [[1, 0, 0], [0, 1, 0]])
    np.testing.assert_allclose(a.x, [0.5e-9, 1.5e-9], rtol=1e-15)


def test_valuemultiplier_is_honoured(tmp_path: Path) -> None:
    a = read_ovf(craft(tmp_path, TEXT_V1.replace("valuemultiplier: 1", "valuemultiplier: 8e5")))
    np.testing.assert_array_equal(a.values[0, 0], [[8e5, 0, 0], [0, 8e5, 0]])


def test_keys_are_case_and_space_insensitive_and_crlf_and_trailing_spaces_work(
        tmp_path: Path) -> None:
    text = (TEXT_V1.replace("# xnodes: 2", "#  X Nodes :  2   ").replace("xbase", "XBase")
            .replace("# Begin: Data Text", "#   begin:   DATA   text ").replace("\n", "  \r\n"))
    a = read_ovf(craft(tmp_path, text))
    np.testing.assert_array_equal(a.values[0, 0], [[1, 0, 0], [0, 1, 0]])


def test_v099_without_meshtype_and_meshunit_nm(tmp_path: Path) -> None:
    text = TEXT_V1.replace("mesh v1.0", "mesh v0.99").replace("# meshtype: rectangular\n", "")
    text = text.replace("meshunit: m", "meshunit: nm").replace("e-9", "")
    a = read_ovf(craft(tmp_path, text))
    np.testing.assert_allclose(a.x, [0.5e-9, 1.5e-9], rtol=1e-15)  # nm converted to metres


def test_empty_unit_list_and_labels_with_braces(tmp_path: Path) -> None:
    a = read_ovf(data_file("oommf-ovf2-txt.omf"))
    text = (data_file("oommf-ovf2-txt.omf").read_text()
            .replace("valueunits: A/m A/m A/m", "valueunits: {} {} {}")
            .replace("valuelabels: Magnetization_x", "valuelabels: {M x}"))
    b = read_ovf(craft(tmp_path, text))
    assert b.attrs["units"] == "1" and b.attrs["valuelabels"].startswith("M x ")
    np.testing.assert_array_equal(a.values, b.values)


def test_zero_step_sizes_come_from_the_bounding_box(tmp_path: Path) -> None:
    text = TEXT_V1.replace("stepsize: 1e-9", "stepsize: 0")
    a = read_ovf(craft(tmp_path, text))
    assert a.attrs["xstepsize"] == pytest.approx(1e-9, rel=1e-15, abs=0)
    np.testing.assert_allclose(a.x, [0.5e-9, 1.5e-9], rtol=1e-15)


def test_bounding_box_mismatch_is_warned_and_recorded(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="currentkit.magnetization.ovf"):
        a = read_ovf(craft(tmp_path, TEXT_V1.replace("xmax: 2e-9", "xmax: 3e-9")))
    assert a.attrs["bounding_box_mismatch"] == 1 and "bounding box" in caplog.text
    np.testing.assert_allclose(a.x, [0.5e-9, 1.5e-9], rtol=1e-15)  # base and step win


# ---- crafted files: bad input ----------------------------------------------------------------

def binary_file(tmp_path: Path, size: int = 8) -> Path:
    a = read_ovf(data_file("oommf-ovf2-bin8.omf"))
    return write_ovf(a, tmp_path / "b.ovf", format=f"binary {size}")


def test_truncated_binary_names_expected_and_found(tmp_path: Path) -> None:
    path = binary_file(tmp_path)
    raw = path.read_bytes()
    start = raw.index(b"# Begin: Data Binary 8\n") + len(b"# Begin: Data Binary 8\n")
    path.write_bytes(raw[: start + 8 * 100 + 3])  # check value + 99 values + 3 stray bytes
    with pytest.raises(InputFileError, match=r"expected 375 values .* found 99"):
        read_ovf(path)


def test_truncated_text_names_expected_and_found(tmp_path: Path) -> None:
    text = data_file("oommf-ovf2-txt.omf").read_text()
    cut = text[: int(len(text) * 0.95)]
    with pytest.raises(InputFileError, match=r"no '# End: Data Text' line .* truncated"):
        read_ovf(craft(tmp_path, cut))
    ended = cut[: cut.rindex("\n") + 1] + "# End: Data Text\n# End: Segment\n"
    with pytest.raises(InputFileError, match=r"expected 375 values .*, found 3[0-9][0-9]"):
        read_ovf(craft(tmp_path, ended))


def test_wrong_check_value(tmp_path: Path) -> None:
    path = binary_file(tmp_path, 4)
    raw = path.read_bytes()
    at = raw.index(b"# Begin: Data Binary 4\n") + len(b"# Begin: Data Binary 4\n")
    path.write_bytes(raw[:at] + np.float32(1234568.0).tobytes() + raw[at + 4:])
    with pytest.raises(InputFileError, match="wrong check value"):
        read_ovf(path)
    # the right value in the wrong byte order is named as such
    path.write_bytes(raw[:at] + np.array(1234567.0, ">f4").tobytes() + raw[at + 4:])
    with pytest.raises(InputFileError, match="other byte order"):
        read_ovf(path)


def test_unknown_data_format(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"line 28: unknown data format 'binary 16'"):
        read_ovf(craft(tmp_path, TEXT_V1.replace("Data Text", "Data Binary 16")))


def test_huge_declared_size_with_short_data_fails_fast(tmp_path: Path) -> None:
    path = binary_file(tmp_path)
    raw = path.read_bytes().replace(b"# xnodes: 5", b"# xnodes: 2000000000")
    path.write_bytes(raw)
    start = time.perf_counter()
    with pytest.raises(InputFileError, match="expected 150000000000 values"):
        read_ovf(path)
    assert time.perf_counter() - start < 1.0  # compared with the file size, nothing allocated
    text = TEXT_V1.replace("# ynodes: 1", "# ynodes: 3000000000")
    with pytest.raises(InputFileError, match="too short"):
        read_ovf(craft(tmp_path, text))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("# xnodes: 2", "# xnodes: two"), "line 14: xnodes"),
        (("# xbase: 0.5e-9", "# xbase: nan"), "line 8: xbase"),
        (("# ynodes: 1", "# ynodes: 0"), "line 15: ynodes = 0"),
        (("# xnodes: 2\n", ""), "required key 'xnodes'"),
        (("# zstepsize: 1e-9", "zstepsize 1e-9"), "line 13: 'zstepsize 1e-9' is not a"),
        (("# OOMMF: rectangular mesh v1.0", "# OOMMF OVF 3.0"), "line 1"),
        (("# meshunit: m", "# meshunit: furlong"), "meshunit"),
        (("1 0 0\n", "1 zero 0\n"), "line 29: b'zero' is not a number"),
        (("# Begin: Data Text\n", ""), "line 28: '1 0 0' is not a '# key: value' header line"),
        (("# Begin: Data Text\n1 0 0\n0 1 0\n# End: Data Text\n# End: Segment\n", ""),
         "no '# Begin: Data' line"),
    ],
)
def test_bad_headers_and_data_name_the_line(tmp_path: Path, change: tuple[str, str],
                                            message: str) -> None:
    text = TEXT_V1.replace(*change)
    assert text != TEXT_V1
    with pytest.raises(InputFileError, match=re.escape(message)) as info:
        read_ovf(craft(tmp_path, text))
    assert "c.omf" in str(info.value)


def test_garbage_and_missing_files(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    for n in range(5):
        path = tmp_path / f"g{n}.omf"
        path.write_bytes(b"# OOMMF OVF 2.0\n# " + rng.bytes(2000))
        with pytest.raises(InputFileError):
            read_ovf(path)
    with pytest.raises(InputFileError, match="no such file"):
        read_ovf(tmp_path / "missing.ovf")
    (tmp_path / "e.ovf").write_bytes(b"")
    with pytest.raises(InputFileError):
        read_ovf(tmp_path / "e.ovf")
