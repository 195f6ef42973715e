"""Fuzz: mutated time-series files (LAMMPS log, SporTran-style table, CSV, .npy, .npz) read as
the original, as another well-formed table, or fail with a CurrentkitError. A cut file may
only read as the first rows of the original (a text table cut after a row is still a table)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from currentkit.kubo import Table, read_table
from tests.fuzz.mutate import Mutation, mutations, outcome

ROWS = np.column_stack([np.arange(6) * 5.0, [300.5, 301.25, 299.75, 300.0, 302.5, 298.125],
                        [1.5, -2.25, 0.125, 3.0, -1.0, 0.5]])
LOG = "\n".join([
    "LAMMPS (2 Aug 2023)", "units metal", "Step Temp c_flux[1]",
    *(f"{int(r[0]):8d} {r[1]:8g} {r[2]:8g}" for r in ROWS[:3]),
    "Loop time of 0.1 on 1 procs for 10 steps with 100 atoms", "",
    "Step Temp c_flux[1]",
    *(f"{int(r[0]):8d} {r[1]:8g} {r[2]:8g}" for r in ROWS[2:]),
    "WARNING: a warning line inside the table", "",  # (the table ends at the blank line)
    "Loop time of 0.1 on 1 procs for 15 steps with 100 atoms", "Total wall time: 0:00:01", ""])
SPORTRAN = "# SporTran-style table\n# metal units\nStep Temp c_flux[1]\n" + "".join(
    f"{r[0]:g}\t{r[1]:g} {r[2]:g}\n" for r in ROWS)
CSV = "Step,Temp,c_flux[1]\n" + "".join(f"{r[0]:g},{r[1]:g},{r[2]:g}\n" for r in ROWS)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.fixture(scope="module")
def cases(folder: Path) -> dict[str, tuple[bytes, Table]]:
    (folder / "log.lammps").write_text(LOG)
    (folder / "t.dat").write_text(SPORTRAN)
    (folder / "t.csv").write_text(CSV)
    np.save(folder / "t.npy", ROWS)
    np.savez(folder / "t.npz", Step=ROWS[:, 0], flux=ROWS[:, 1:])
    out = {}
    for name in ("log.lammps", "t.dat", "t.csv", "t.npy", "t.npz"):
        table = read_table(folder / name)
        np.testing.assert_array_equal(table.data[:, -2:] if name != "t.npz" else
                                      table.select(["flux[1]", "flux[2]"]), ROWS[:, 1:])
        out[name] = ((folder / name).read_bytes(), table)
    return out


def check(folder: Path, name: str, raw: bytes, original: Table, mutation: Mutation) -> None:
    data, table = outcome(read_table, folder / f"mutated{Path(name).suffix or '.log'}", raw,
                          mutation)
    if table is None:
        return
    assert table.data.dtype == np.float64 and table.data.ndim == 2
    assert table.data.shape[1] == len(table.columns) >= 1, mutation
    assert table.data.shape[0] >= 1
    if table.lines is not None:
        assert table.lines.shape == (table.data.shape[0],)
        assert np.all(np.diff(table.lines) > 0), mutation
    if data == raw or mutation.truncation:
        n = table.data.shape[0]
        assert table.columns == original.columns, mutation
        assert n == original.data.shape[0] or (mutation.truncation and n < len(ROWS)), mutation
        np.testing.assert_array_equal(table.data, original.data[:n], err_msg=str(mutation))


@pytest.mark.parametrize("name", ["log.lammps", "t.dat", "t.csv"])
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(mutation=mutations())
def test_mutated_text_table(folder: Path, cases: dict[str, tuple[bytes, Table]], name: str,
                            mutation: Mutation) -> None:
    raw, original = cases[name]
    check(folder, name, raw, original, mutation)


@pytest.mark.parametrize("name", ["t.npy", "t.npz"])
# the .npy header is its first 128 bytes: half of the positions are aimed there
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(mutation=mutations(region=(0.0, 0.4)))
def test_mutated_numpy_file(folder: Path, cases: dict[str, tuple[bytes, Table]], name: str,
                            mutation: Mutation) -> None:
    raw, original = cases[name]
    check(folder, name, raw, original, mutation)
