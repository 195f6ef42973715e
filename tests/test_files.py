"""currentkit.files: the input-file check and the header-checked NumPy readers."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

from currentkit.errors import InputFileError
from currentkit.files import input_file, read_npy, read_npz
from currentkit.resources import available_memory


def npy_bytes(array: np.ndarray, shape: tuple[int, ...] | None = None) -> bytes:
    """``array`` as .npy bytes, with the header's shape replaced by ``shape`` if given."""
    fields = np.lib.format.header_data_from_array_1_0(array)
    if shape is not None:
        fields["shape"] = shape
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, fields)
    return out.getvalue() + array.tobytes()


def test_input_file_accepts_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x")
    assert input_file(str(path)) == path


@pytest.mark.parametrize(("make", "problem"), [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: p.write_bytes(b""), "is empty"),
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: p.symlink_to(p.parent / "nowhere"), "no such file"),
])
def test_input_file_refuses(tmp_path: Path, make: object, problem: str) -> None:
    path = tmp_path / "x"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputFileError, match=problem) as info:
        input_file(path)
    assert info.value.path == str(path)


def test_input_file_size_limit_and_empty_allowed(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"12345")
    with pytest.raises(InputFileError, match="is 5 bytes, more than the 4"):
        input_file(path, max_bytes=4)
    path.write_bytes(b"")
    assert input_file(path, allow_empty=True) == path


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked"
    path.write_text("x")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        with pytest.raises(InputFileError, match="not readable"):
            input_file(path)
    finally:
        path.chmod(0o600)


def test_memory_is_known_and_plausible() -> None:
    memory = available_memory()
    assert memory is None or 2**26 < memory < 2**50  # between 64 MiB and 1 PiB


@pytest.mark.parametrize("array", [np.arange(6.0).reshape(2, 3), np.arange(5, dtype=np.int16),
                                   np.array(3.5), np.zeros((0, 4))])
def test_read_npy_round_trip(tmp_path: Path, array: np.ndarray) -> None:
    np.save(tmp_path / "a.npy", array)
    back = read_npy(tmp_path / "a.npy")
    assert back.dtype == array.dtype and back.shape == array.shape
    np.testing.assert_array_equal(back, array)


def test_read_npy_complex_only_when_allowed(tmp_path: Path) -> None:
    np.save(tmp_path / "c.npy", np.array([1 + 2j, 3 - 1j]))
    with pytest.raises(InputFileError, match=r"c\.npy: the array holds complex numbers"):
        read_npy(tmp_path / "c.npy")
    np.testing.assert_array_equal(read_npy(tmp_path / "c.npy", allow_complex=True),
                                  [1 + 2j, 3 - 1j])


@pytest.mark.parametrize(("shape", "problem"), [
    ((10**11,), r"declares shape \(100000000000,\) of float64 \(800000000000 bytes\) but 24"),
    ((2,), r"extra bytes after the data"),
    ((2**62, 2**62), "but 24 bytes"),
])
def test_read_npy_header_must_match_the_size(tmp_path: Path, shape: tuple[int, ...],
                                             problem: str) -> None:
    path = tmp_path / "h.npy"
    path.write_bytes(npy_bytes(np.zeros(3), shape))
    with pytest.raises(InputFileError, match=problem):
        read_npy(path)


def test_read_npy_truncated_and_foreign(tmp_path: Path) -> None:
    raw = npy_bytes(np.zeros(3))
    for cut in (3, 20, len(raw) - 1):
        (tmp_path / "t.npy").write_bytes(raw[:cut])
        with pytest.raises(InputFileError):
            read_npy(tmp_path / "t.npy")
    (tmp_path / "t.npy").write_text("1 2 3\n")
    with pytest.raises(InputFileError, match=r"not a \.npy file"):
        read_npy(tmp_path / "t.npy")


def test_read_npz_plain_and_compressed(tmp_path: Path) -> None:
    np.savez(tmp_path / "a.npz", x=np.arange(3.0), y=np.ones((2, 2)))
    np.savez_compressed(tmp_path / "b.npz", x=np.arange(3.0), y=np.ones((2, 2)))
    for name in ("a.npz", "b.npz"):
        back = read_npz(tmp_path / name)
        assert sorted(back) == ["x", "y"]
        np.testing.assert_array_equal(back["y"], np.ones((2, 2)))


def test_read_npz_member_header_must_match(tmp_path: Path) -> None:
    path = tmp_path / "lie.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", npy_bytes(np.zeros(3), (10**11,)))
    with pytest.raises(InputFileError, match=r"member 'x\.npy': the header declares shape"):
        read_npz(path)


def test_read_npz_refuses_other_members_objects_and_corruption(tmp_path: Path) -> None:
    path = tmp_path / "o.npz"
    np.savez(path, x=np.array([None, 1], dtype=object), allow_pickle=True)
    with pytest.raises(InputFileError, match=r"member 'x\.npy' holds Python objects"):
        read_npz(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputFileError, match=r"'readme\.txt' is not a \.npy array"):
        read_npz(path)
    np.savez(path, x=np.arange(100.0))
    raw = bytearray(path.read_bytes())
    raw[200] ^= 0xFF  # inside the stored array: the zip CRC no longer matches
    path.write_bytes(bytes(raw))
    with pytest.raises(InputFileError, match=r"not a readable \.npz archive"):
        read_npz(path)
