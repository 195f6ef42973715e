"""Readers: LAMMPS logs (several runs, warnings, truncation), tables, CSV, NumPy; bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from currentkit.errors import InputFileError, ParameterError
from currentkit.kubo import read_table

LOG = """LAMMPS (2 Aug 2023)
units metal
thermo_style custom step temp pe
Step Temp PotEng
       0    300   -10.5
      10    301   -10.4
Loop time of 0.1 on 1 procs for 10 steps with 100 atoms

thermo_style custom step temp c_flux[1] c_flux[2]
Step Temp c_flux[1] c_flux[2]
       0    300    1.5   -2.0
       5    301    1.0   -1.0
WARNING: Bond/angle/dihedral extent > half of periodic box length (src/domain.cpp:936)
      10    302    0.5    0.0
Loop time of 0.2 on 1 procs for 10 steps with 100 atoms

Step Temp c_flux[1] c_flux[2]
      10    302    0.5    0.0
      15    303    0.0    1.0
      20    304   -0.5    2.0
Loop time of 0.2 on 1 procs for 10 steps with 100 atoms
Total wall time: 0:00:01
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_lammps_log_joins_production_runs_and_skips_warnings(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "log.lammps", LOG))
    assert table.columns == ("Step", "Temp", "c_flux[1]", "c_flux[2]")
    # runs 2 and 3 share the header; the repeated step 10 of the continued run appears once
    np.testing.assert_array_equal(table.select(["Step"])[:, 0], [0, 5, 10, 15, 20])
    np.testing.assert_array_equal(table.select(["c_flux[2]"])[:, 0], [-2, -1, 0, 1, 2])
    assert table.sampling_interval() == 5.0
    first = read_table(tmp_path / "log.lammps", run=0)
    assert first.columns == ("Step", "Temp", "PotEng") and first.data.shape == (2, 3)
    with pytest.raises(ParameterError, match="run=7"):
        read_table(tmp_path / "log.lammps", run=7)


def test_truncated_log_names_file_and_line(tmp_path: Path) -> None:
    text = LOG[: LOG.index("      20    304") + len("      20    304")]  # cut mid-row
    path = write(tmp_path, "log.cut", text)
    with pytest.raises(InputFileError, match=r"log\.cut: line 20: 2 fields .*truncated"):
        read_table(path)


def test_missing_column_lists_the_columns_found(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "log.lammps", LOG))
    with pytest.raises(InputFileError, match=r"no column 'c_flux\[3\]'; columns found: Step, "
                       r"Temp, c_flux\[1\], c_flux\[2\]"):
        table.select(["c_flux[1]", "c_flux[3]"])


def test_nan_names_column_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "flux.dat", "# a comment\nTemp c_flux[1]\n300 1.0\n301 nan\n302 2\n")
    table = read_table(path)
    with pytest.raises(InputFileError, match=r"column 'c_flux\[1\]' holds nan at line 4"):
        table.select(["c_flux[1]"])
    path = write(tmp_path, "inf.csv", "time,J\n0,1\n1,inf\n")
    with pytest.raises(InputFileError, match=r"'J' holds inf at line 3"):
        read_table(path).select(["J"])


def test_non_uniform_time_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "Time,Jx\n0.0,1\n0.5,2\n1.0,3\n2.0,4\n2.5,5\n")
    with pytest.raises(InputFileError, match=r"non-uniform 'Time': step 1 instead of 0.5 at "
                       r"line 5"):
        read_table(path).sampling_interval()
    path = write(tmp_path, "ok.csv", "Time,Jx\n0.0,1\n0.5,2\n1.0,3\n")
    assert read_table(path).sampling_interval() == 0.5
    assert read_table(write(tmp_path, "no.dat", "Jx Jy\n1 2\n3 4\n")).sampling_interval() is None


def test_sportran_style_table_and_bad_rows(tmp_path: Path) -> None:
    text = "# header comment\nTemp c_flux[1] c_flux[2]\n1000 1 2\n1001 3 4  # trailing\n"
    table = read_table(write(tmp_path, "ok.dat", text))
    np.testing.assert_array_equal(table.select(["c_flux[2]", "Temp"]), [[2, 1000], [4, 1001]])
    with pytest.raises(InputFileError, match=r"line 3: not a row of numbers"):
        read_table(write(tmp_path, "bad.dat", "A B\n1 2\nx 3\n"))
    with pytest.raises(InputFileError, match=r"line 3: 1 fields where the header has 2"):
        read_table(write(tmp_path, "short.dat", "A B\n1 2\n3\n4 5\n"))
    with pytest.raises(InputFileError, match="header of column names"):
        read_table(write(tmp_path, "nohead.dat", "1 2\n3 4\n"))
    with pytest.raises(InputFileError, match="no header line and data rows"):
        read_table(write(tmp_path, "empty.dat", "# nothing\n"))
    with pytest.raises(InputFileError, match="no such file"):
        read_table(tmp_path / "absent.dat")


def test_numpy_files(tmp_path: Path) -> None:
    data = np.arange(12.0).reshape(4, 3)
    np.save(tmp_path / "a.npy", data)
    table = read_table(tmp_path / "a.npy")
    assert table.columns == ("0", "1", "2")
    np.testing.assert_array_equal(table.select(["2", "0"]), data[:, [2, 0]])
    np.savez(tmp_path / "b.npz", flux=data, time=np.arange(4.0))
    table = read_table(tmp_path / "b.npz")
    assert set(table.columns) == {"flux[1]", "flux[2]", "flux[3]", "time"}
    assert table.sampling_interval() == 1.0
    np.savez(tmp_path / "c.npz", a=np.zeros(3), b=np.zeros(4))
    with pytest.raises(InputFileError, match="different lengths"):
        read_table(tmp_path / "c.npz")
    (tmp_path / "junk.npy").write_bytes(b"\x93NUMPY garbage \x00\x01")
    with pytest.raises(InputFileError, match=r"junk\.npy: \.npy format version 32\.103 is not "
                       "supported"):
        read_table(tmp_path / "junk.npy")


def test_binary_garbage_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.log"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputFileError, match=r"garbage\.log"):
        read_table(path)


def test_time_column_is_preferred_to_the_step_counter(tmp_path: Path) -> None:
    text = "Step Time c_J\n0 0.0 1\n10 0.01 2\n20 0.02 3\n"
    table = read_table(write(tmp_path, "log.lammps", text))
    assert table.time_column() == "Time"
    assert table.sampling_interval() == 0.01
