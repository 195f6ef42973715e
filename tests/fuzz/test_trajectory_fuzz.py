"""Fuzz: mutated trajectories (LAMMPS dump, extended XYZ, PDB and GRO through MDAnalysis) read as
the original, as another finite trajectory, or fail with a CurrentkitError. A cut file may read
as a prefix of the original (a dump cut between frames is a valid shorter dump), never as
frames with values the original does not hold."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import ase
import ase.io
import numpy as np
import pytest
from hypothesis import given, settings
from scipy import constants

from currentkit.particles import (
    DriftingGas,
    Trajectory,
    read_lammps_dump,
    unit_style,
    write_lammps_dump,
)
from tests.fuzz.mutate import Mutation, mutations, outcome

Frames = dict[str, np.ndarray]
Cases = dict[str, tuple[bytes, Callable[[Path], Frames], Frames]]
REAL = unit_style("real")
CHARGES = {"H": 1.0, "O": -2.0}


def collect(chunks: Iterator) -> Frames:  # type: ignore[type-arg]
    parts = list(chunks)
    out = {"time": np.concatenate([c.time for c in parts]),
           "positions": np.concatenate([c.positions for c in parts])}
    for key in ("velocities", "charges", "box_length"):
        if all(getattr(c, key) is not None for c in parts):
            out[key] = np.concatenate([getattr(c, key) for c in parts])
    return out


def read_dump(path: Path) -> Frames:
    return collect(read_lammps_dump(path, REAL, chunk=2))


def reader(fmt: str) -> Callable[[Path], Frames]:
    def read(path: Path) -> Frames:
        trajectory = Trajectory(path, format=fmt, charges=CHARGES, timestep=1.0)
        frames = collect(iter(trajectory))
        if trajectory.velocity_source != "file" and "velocities" in frames:
            # central differences: the last frame's differ when the file is cut after it
            frames["velocities from differences"] = frames.pop("velocities")
        return frames
    return read


def water(frames: int) -> list[ase.Atoms]:
    rng = np.random.default_rng(5)
    return [ase.Atoms("H2O", positions=rng.uniform(0, 9, (3, 3)), cell=[10, 11, 12], pbc=True)
            for _ in range(frames)]


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.fixture(scope="module")
def cases(folder: Path) -> Cases:
    gas = DriftingGas(2, (1e-9, 1e-9, 1e-9), (300.0, 0.0, 0.0), 3, 1e-15, thermal=500.0,
                      charge=constants.e, chunk=3, wrapped=False)
    files: dict[str, tuple[Path, Callable[[Path], Frames]]] = {
        "lammps dump": (write_lammps_dump(folder / "t.dump", list(gas), REAL), read_dump)}
    frames = water(3)
    for atoms in frames:
        atoms.set_velocities(np.full((3, 3), 0.01))
    ase.io.write(folder / "t.xyz", frames, format="extxyz")
    files["extxyz"] = (folder / "t.xyz", reader("extxyz"))
    ase.io.write(folder / "t.pdb", water(3), format="proteindatabank")
    files["pdb"] = (folder / "t.pdb", reader("mdanalysis"))
    single = water(1)[0]
    single.set_velocities(np.full((3, 3), 0.01))  # one frame: velocities must be in the file
    ase.io.write(folder / "t.gro", single, format="gromacs")
    files["gro"] = (folder / "t.gro", reader("mdanalysis"))
    return {name: (path.read_bytes(), read, read(path)) for name, (path, read) in files.items()}


def check(raw: bytes, read: Callable[[Path], Frames], original: Frames, path: Path,
          mutation: Mutation) -> None:
    data, result = outcome(read, path, raw, mutation)
    if result is None:
        return
    for key, values in result.items():
        assert np.all(np.isfinite(values)), (key, mutation)
    if data == raw:
        assert result.keys() == original.keys()
        for key in original:
            np.testing.assert_array_equal(result[key], original[key])
    elif mutation.truncation:  # a prefix of the frames, equal where present
        n = len(result["time"])
        assert 1 <= n <= len(original["time"]), mutation
        assert result.keys() <= original.keys(), mutation
        for key in result.keys() - {"velocities from differences"}:
            np.testing.assert_array_equal(result[key], original[key][:n], err_msg=str(mutation))


SUFFIX = {"lammps dump": ".dump", "extxyz": ".xyz", "pdb": ".pdb", "gro": ".gro"}


def run(folder: Path, cases: Cases, name: str, mutation: Mutation) -> None:
    raw, read, original = cases[name]
    check(raw, read, original, folder / f"mutated{SUFFIX[name]}", mutation)


# a dump or extxyz read costs a few ms, an MDAnalysis Universe ~5-20 ms: fewer cases there
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(mutation=mutations())
def test_mutated_lammps_dump(folder: Path, cases: Cases, mutation: Mutation) -> None:
    run(folder, cases, "lammps dump", mutation)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(mutation=mutations())
def test_mutated_extxyz(folder: Path, cases: Cases, mutation: Mutation) -> None:
    run(folder, cases, "extxyz", mutation)


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(mutation=mutations())
def test_mutated_pdb(folder: Path, cases: Cases, mutation: Mutation) -> None:
    run(folder, cases, "pdb", mutation)


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(mutation=mutations())
def test_mutated_gro(folder: Path, cases: Cases, mutation: Mutation) -> None:
    run(folder, cases, "gro", mutation)
