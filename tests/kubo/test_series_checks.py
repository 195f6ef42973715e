"""Hostile time-series files: cut rows, unfinished LAMMPS runs, lying .npy headers, non-files."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import numpy as np
import pytest

from currentkit.errors import InputFileError
from currentkit.kubo import read_table

FINISHED = """LAMMPS (2 Aug 2023)
Step Temp c_flux[1]
       0    300    1.5
       5    301    1.0
Loop time of 0.2 on 1 procs for 5 steps with 100 atoms

"""
RUNNING = """Step Temp c_flux[1]
       5    301    1.0
      10    302    0.5
      15    303    0.25
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


@pytest.mark.parametrize(("name", "sep"), [("t.csv", ","), ("t.dat", " ")])
def test_table_cut_inside_a_number_is_refused(tmp_path: Path, name: str, sep: str) -> None:
    text = sep.join(["time", "J"]) + "\n" + sep.join(["0", "1.25"]) + "\n" + sep.join(
        ["1", "2.75"]) + "\n"
    np.testing.assert_array_equal(read_table(write(tmp_path, name, text)).select(["J"])[:, 0],
                                  [1.25, 2.75])
    with pytest.raises(InputFileError, match=r"line 3: the file ends inside this row"):
        read_table(write(tmp_path, name, text[:-2]))  # "2.75\n" → "2.7": a different number


def test_log_without_loop_time_is_refused_unless_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "log.lammps", FINISHED + RUNNING)
    with pytest.raises(InputFileError, match=r"log\.lammps: the run whose thermo header is on "
                       r"line 7 has no 'Loop time' line after its rows \(line 10\)"):
        read_table(path)
    table = read_table(path, unfinished=True)
    # both runs share the header and are joined, the repeated step 5 once
    np.testing.assert_array_equal(table.select(["Step"])[:, 0], [0, 5, 10, 15])
    assert read_table(path, run=0).data.shape == (2, 3)  # the finished run reads as before


def test_log_cut_inside_the_last_number(tmp_path: Path) -> None:
    path = write(tmp_path, "log.lammps", FINISHED + RUNNING[:-2])  # "0.25" → "0.2"
    with pytest.raises(InputFileError, match="line 10: the file ends inside this row"):
        read_table(path, unfinished=True)


def test_interrupted_run_restarted_in_the_same_log(tmp_path: Path) -> None:
    # LAMMPS stopped inside a run (no Loop time) and a new LAMMPS appended to the log
    text = FINISHED + RUNNING + FINISHED.replace("c_flux[1]", "c_flux[2]")
    table = read_table(write(tmp_path, "log.lammps", text))
    assert table.columns == ("Step", "Temp", "c_flux[2]")
    np.testing.assert_array_equal(table.select(["Step"])[:, 0], [0, 5])
    with pytest.raises(InputFileError, match="no 'Loop time'"):
        read_table(tmp_path / "log.lammps", run=1)


def test_blank_line_before_loop_time_still_finishes_the_run(tmp_path: Path) -> None:
    path = write(tmp_path, "log.lammps", FINISHED.replace("\nLoop time", "\n\nLoop time"))
    assert read_table(path).data.shape == (2, 3)


def test_step_table_without_loop_time_is_a_plain_table(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "flux.dat", RUNNING))
    np.testing.assert_array_equal(table.select(["c_flux[1]"])[:, 0], [1.0, 0.5, 0.25])


def test_nan_in_an_unused_column_is_logged(tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, "t.dat", "time J other\n0 1 nan\n1 2 3\n")
    table = read_table(path)
    with caplog.at_level(logging.WARNING, logger="currentkit.kubo.series"):
        np.testing.assert_array_equal(table.select(["J"])[:, 0], [1, 2])
    # said when the other columns are chosen (a used column with NaN is an error instead)
    assert any("line 2: column 'other' (not used) holds nan" in r.getMessage()
               for r in caplog.records)
    with pytest.raises(InputFileError, match="column 'other' holds nan at line 2"):
        table.select(["other"])


def npy_with_header(fields: dict[str, object], data: bytes) -> bytes:
    """A .npy file of ``data`` whose header says ``fields`` (shape, descr, fortran_order)."""
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, fields)
    return out.getvalue() + data


def test_npy_header_claiming_1e11_rows(tmp_path: Path) -> None:
    fields = np.lib.format.header_data_from_array_1_0(np.zeros((4, 2)))
    fields["shape"] = (10**11, 2)
    path = write(tmp_path, "big.npy", npy_with_header(fields, np.zeros((4, 2)).tobytes()))
    with pytest.raises(InputFileError, match=r"big\.npy: the header declares shape "
                       r"\(100000000000, 2\) of float64 .* but 64 bytes of data follow"):
        read_table(path)


def test_npy_with_bytes_after_the_data(tmp_path: Path) -> None:
    np.save(tmp_path / "a.npy", np.zeros((4, 2)))
    path = write(tmp_path, "a.npy", (tmp_path / "a.npy").read_bytes() + b"\0" * 8)
    with pytest.raises(InputFileError, match="extra bytes after the data"):
        read_table(path)


def test_text_where_npy_is_expected(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"x\.npy: not a \.npy file"):
        read_table(write(tmp_path, "x.npy", "time J\n0 1\n"))


@pytest.mark.parametrize(("array", "problem"), [
    (np.ones(3) + 1j, "complex numbers"),
    (np.array(["a", "b"]), "dtype <U1; numbers are expected"),
])
def test_npy_of_the_wrong_kind(tmp_path: Path, array: np.ndarray, problem: str) -> None:
    np.save(tmp_path / "w.npy", array)
    with pytest.raises(InputFileError, match=problem):
        read_table(tmp_path / "w.npy")


def test_pickled_object_arrays_are_never_loaded(tmp_path: Path) -> None:
    np.save(tmp_path / "o.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(InputFileError, match="Python objects"):
        read_table(tmp_path / "o.npy")


def test_structured_npy_names_columns(tmp_path: Path) -> None:
    data = np.zeros(3, dtype=[("time", "f8"), ("J", "f4")])
    data["time"], data["J"] = [0, 1, 2], [1.5, 2.5, 3.5]
    np.save(tmp_path / "s.npy", data)
    table = read_table(tmp_path / "s.npy")
    np.testing.assert_array_equal(table.select(["time", "J"]), [[0, 1.5], [1, 2.5], [2, 3.5]])


@pytest.mark.parametrize("target", ["dir", "/dev/zero", "empty"])
def test_non_files(tmp_path: Path, target: str) -> None:
    path = {"dir": tmp_path, "/dev/zero": Path("/dev/zero"), "empty": tmp_path / "e.dat"}[target]
    if target == "empty":
        path.write_text("")
    if not path.exists():
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(InputFileError, match=r"is a directory|not a regular file|is empty"):
        read_table(path)
