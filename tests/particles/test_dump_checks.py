"""Hostile LAMMPS dumps: NaN/inf in used and unused columns, truncated last lines, non-files.

Before these checks a NaN velocity gave J = (nan, nan, nan) with exit code 0.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from currentkit.errors import InputFileError
from currentkit.particles import Trajectory, read_lammps_dump, unit_style

REAL = unit_style("real")
COLUMNS = "id type xu yu zu vx vy vz q fx"


def dump(n: int, frames: int = 2, bad: tuple[int, int, int, str] | None = None) -> str:
    """A dump of ``n`` atoms; ``bad = (frame, atom, column, text)`` replaces one value."""
    rng = np.random.default_rng(3)
    out = []
    for f in range(frames):
        out.append(f"ITEM: TIMESTEP\n{10 * f}\nITEM: NUMBER OF ATOMS\n{n}\n"
                   "ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n"
                   f"ITEM: ATOMS {COLUMNS}\n")
        for a in range(n):
            row = [str(a + 1), "1", *(repr(float(v)) for v in rng.uniform(0, 10, 3)),
                   *(repr(float(v)) for v in rng.normal(size=3)), "0.5",
                   repr(float(rng.normal()))]
            if bad is not None and bad[:2] == (f, a):
                row[bad[2]] = bad[3]
            out.append(" ".join(row) + "\n")
    return "".join(out)


def line_of(n: int, frame: int, atom: int) -> int:
    """File line of atom ``atom`` in frame ``frame`` (9 header lines per frame)."""
    return frame * (9 + n) + 9 + atom + 1


# n = 3 goes through the token parser, n = 300 through NumPy's loadtxt (≥ 256 rows)
@pytest.mark.parametrize("n", [3, 300])
@pytest.mark.parametrize(("column", "name", "text"), [(2, "xu", "nan"), (6, "vy", "inf"),
                                                      (8, "q", "-inf"), (0, "id", "nan")])
def test_non_finite_used_column_names_line_and_column(tmp_path: Path, n: int, column: int,
                                                      name: str, text: str) -> None:
    path = tmp_path / "d.dump"
    path.write_text(dump(n, bad=(1, 2, column, text)))
    with pytest.raises(InputFileError, match=rf"d.dump: line {line_of(n, 1, 2)}: column "
                       rf"'{name}': {text} is not finite"):
        list(read_lammps_dump(path, REAL))


@pytest.mark.parametrize("n", [3, 300])
def test_non_finite_unused_column_is_a_logged_warning(tmp_path: Path, n: int,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    good, bad = tmp_path / "good.dump", tmp_path / "bad.dump"
    good.write_text(dump(n))
    bad.write_text(dump(n, bad=(0, 1, 9, "nan")))
    with caplog.at_level(logging.WARNING, logger="currentkit.particles.lammps"):
        chunks = list(read_lammps_dump(bad, REAL))
    reference = list(read_lammps_dump(good, REAL))
    np.testing.assert_array_equal(chunks[0].positions, reference[0].positions)
    np.testing.assert_array_equal(chunks[0].velocities, reference[0].velocities)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(f"line {line_of(n, 0, 1)}: column 'fx' holds nan" in w for w in warnings), warnings


def test_non_finite_box_bound(tmp_path: Path) -> None:
    path = tmp_path / "d.dump"
    path.write_text(dump(3).replace("0 10\n", "0 nan\n", 1))
    with pytest.raises(InputFileError, match="line 6: box bounds 'lo hi': not finite"):
        list(read_lammps_dump(path, REAL))


def test_last_line_cut_inside_a_number(tmp_path: Path) -> None:
    text = dump(3)
    path = tmp_path / "d.dump"
    path.write_text(text[:-4])  # the charge column's last digits and the newline are lost
    with pytest.raises(InputFileError, match=rf"line {line_of(3, 1, 2)}: the file ends inside "
                       "this line"):
        list(read_lammps_dump(path, REAL))


@pytest.mark.parametrize("target", ["dir", "/dev/zero"])
def test_non_files(tmp_path: Path, target: str) -> None:
    path = tmp_path if target == "dir" else Path(target)
    if not path.exists():
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(InputFileError, match=r"is a directory|not a regular file"):
        list(read_lammps_dump(path, REAL))


XYZ = ('2\nLattice="10 0 0 0 10 0 0 0 10" Properties=species:S:1:pos:R:3 time=0\n'
       "H 1.0 2.0 3.0\nH 4.0 5.0 6.25\n")


@pytest.mark.parametrize(("text", "problem"), [
    (XYZ.replace("2\n", "99999999999999999999\n", 1), "line 5: the file ends inside the frame "
     "of 99999999999999999999 atoms that starts on line 1"),
    (XYZ[:-3], r"line 4: the file ends inside this line \(no newline\)"),  # 6.25 → 6.
    (XYZ.replace("2\n", "two\n", 1), "line 1: b'two\\\\n' is not an atom count"),
    (XYZ.replace("H 1.0 2.0 3.0", "H nan 2.0 3.0"), "frame 0, atom 0: positions holds a "
     "non-finite value"),
])
def test_bad_extxyz_is_named_before_ase_reads_it(tmp_path: Path, text: str,
                                                 problem: str) -> None:
    # ASE alone waited for 10^20 atom lines, or parsed the cut "6." as 6.0
    path = tmp_path / "t.xyz"
    path.write_text(text)
    with pytest.raises(InputFileError, match=problem):
        list(Trajectory(path, charges={"H": 1.0}, timestep=1.0))


@pytest.mark.parametrize(("properties", "problem"), [
    ("species:S:1:pos:R:100000000000", "line 3: 4 columns where the Properties of line 2 give "
     "100000000001"),  # ASE allocated 10^11 columns: MemoryError (found by the fuzz)
    ("species:S:1:pos:R:x", "not an integer"),
    ("species:S:1:pos:R", "name:kind:count triples"),
])
def test_extxyz_properties_must_fit_the_atom_lines(tmp_path: Path, properties: str,
                                                   problem: str) -> None:
    path = tmp_path / "t.xyz"
    path.write_text(XYZ.replace("species:S:1:pos:R:3", properties))
    with pytest.raises(InputFileError, match=problem):
        list(Trajectory(path, charges={"H": 1.0}, timestep=1.0))
