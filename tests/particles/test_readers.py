"""Trajectory readers: LAMMPS dumps (variants, units, bad files), extended XYZ, MDAnalysis."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from scipy import constants

from currentkit.errors import InputFileError, ParameterError
from currentkit.particles import (
    DriftingGas,
    Trajectory,
    read_lammps_dump,
    total_current,
    transferred_charge,
    unit_style,
    write_lammps_dump,
)

REAL = unit_style("real")
HEADER = "ITEM: TIMESTEP\n{step}\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n" \
         "0 10\n-5 5\n0 20\nITEM: ATOMS {cols}\n"


def _dump(path: Path, cols: str, rows: list[str], steps: tuple[int, ...] = (0, 10)) -> Path:
    path.write_text("".join(HEADER.format(step=s, cols=cols) + "".join(r + "\n" for r in rows)
                            for s in steps))
    return path


def _gas(frames: int = 6) -> DriftingGas:
    # 4 ions of +e in a 1 nm box, ~ 500 m/s thermal: 0.005 Å per fs-frame
    return DriftingGas(4, (1e-9, 1e-9, 1e-9), (300.0, 0.0, 0.0), frames, 1e-15, thermal=500.0,
                       charge=constants.e, chunk=4, wrapped=False)


@pytest.mark.parametrize(("units", "dt"), [("real", 1.0), ("metal", 0.001), ("si", 1e-15)])
def test_round_trip_in_each_unit_style(tmp_path: Path, units: str, dt: float) -> None:
    # dt = 1 fs in the style's time unit; the file holds Å, Å/fs or Å/ps, e (or SI)
    gas = _gas()
    path = write_lammps_dump(tmp_path / "a.dump", list(gas), unit_style(units), timestep=dt)
    chunks = list(Trajectory(path, units=units, timestep=dt, chunk=4))
    back = np.concatenate([c.positions for c in chunks])
    orig = np.concatenate([c.positions for c in gas])
    # positions written in Å with repr(): exact up to the Å↔m conversion's rounding
    np.testing.assert_allclose(back, orig, rtol=1e-14, atol=1e-24)
    np.testing.assert_allclose(np.concatenate([c.time for c in chunks]),
                               np.arange(6) * 1e-15, rtol=1e-14)
    j_file = total_current(chunks)["total_current"]
    j_true = total_current(gas)["total_current"]
    np.testing.assert_allclose(j_file, j_true, rtol=1e-12, atol=1e-40)


@pytest.mark.parametrize(("cols", "rows", "unwrapped"), [
    ("id type xu yu zu", ["2 1 12.0 0 1", "1 1 3.0 1 2"], True),
    ("id type x y z ix iy iz", ["2 1 2.0 0 1 1 0 0", "1 1 3.0 1 2 0 0 0"], True),
    ("id type xsu ysu zsu", ["2 1 1.2 0.5 0.05", "1 1 0.3 0.6 0.1"], True),
    ("id type xs ys zs", ["2 1 0.2 0.5 0.05", "1 1 0.3 0.6 0.1"], False),
    ("id type x y z", ["2 1 2.0 0 1", "1 1 3.0 1 2"], False),
])
def test_position_column_variants_sorted_by_id(tmp_path: Path, cols: str, rows: list[str],
                                               unwrapped: bool) -> None:
    # box x in [0, 10), y in [-5, 5), z in [0, 20) Å; atom 1 is listed second and sorted first
    chunk = next(read_lammps_dump(_dump(tmp_path / "d.dump", cols, rows), REAL))
    assert chunk.unwrapped is unwrapped
    x_atom2 = 12.0 if unwrapped else 2.0
    np.testing.assert_allclose(chunk.positions[0, :, 0] / constants.angstrom, [3.0, x_atom2],
                               rtol=1e-14)
    np.testing.assert_allclose(chunk.positions[0, 1] / constants.angstrom, [x_atom2, 0, 1],
                               rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(chunk.box_length[0] / constants.angstrom, [10, 10, 20])
    # LAMMPS default timestep for real units: 1 fs; TIMESTEP 10 -> 10 fs
    np.testing.assert_allclose(chunk.time, [0.0, 10e-15], rtol=1e-14)


def test_per_type_charges_and_velocities_from_positions(tmp_path: Path) -> None:
    path = _dump(tmp_path / "t.dump", "id type xu yu zu",
                 ["1 1 1.0 0 0", "2 2 5.0 0 0"], steps=(0, 10))
    tr = Trajectory(path, units="metal", charges={"1": 1.0, "2": -1.0})
    chunks = list(tr)
    assert tr.velocity_source == "central differences of positions"
    np.testing.assert_array_equal(chunks[0].charges[0] / constants.e, [1.0, -1.0])
    # no motion between the two frames
    np.testing.assert_array_equal(chunks[0].velocities, 0.0)
    with pytest.raises(InputFileError, match="no charges"):
        list(Trajectory(path, units="metal"))


@pytest.mark.parametrize(("text", "problem"), [
    (HEADER.format(step=0, cols="id type x y z") + "1 1 0 0 0\n", "line 11: file ends"),
    (HEADER.format(step=0, cols="id type x y z") + "1 1 0 0 0\n2 1 0 zero 0\n",
     "line 11: column 'y'"),
    (HEADER.format(step=0, cols="id type x y z") + "1 1 0 0 0\n2 1 0 0\n", "line 11: expected 5"),
    (HEADER.format(step=0, cols="id type vx vy q") + "1 1 0 0 0\n2 1 0 0 0\n",
     "columns found: id type vx vy q"),
    (HEADER.format(step=0, cols="id type x y z").replace("pp pp pp", "xy xz yz pp pp pp")
     + "1 1 0 0 0\n2 1 0 0 0\n", "triclinic"),
    (HEADER.format(step=5, cols="id type x y z") + "1 1 0 0 0\n2 1 0 0 0\n"
     + HEADER.format(step=5, cols="id type x y z") + "1 1 0 0 0\n2 1 0 0 0\n",
     "line 13: TIMESTEP 5 does not increase"),
    ("ITEM: TIMESTEP\nabc\n", "line 2: timestep is not an integer"),
    (HEADER.format(step=0, cols="id type x y z") + "1 1 0 0 0\n2 1 nan 0 0\n",
     "line 11: column 'x': nan is not finite"),
    (HEADER.format(step=0, cols="id type x y z").replace("ATOMS\n2\n", "ATOMS\n999999999\n")
     + "1 1 0 0 0\n", "line 11: file ends inside a frame"),
    (HEADER.format(step=0, cols="id type x y z") + "1 1 0 0 0\n1 1 0 0 0\n", "duplicate"),
    ("garbage\n", "line 1: expected 'ITEM: TIMESTEP'"),
    ("", "is empty"),
    ("\n\n", "no frames"),
])
def test_bad_dumps_name_the_file_and_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.dump"
    path.write_text(text)
    with pytest.raises(InputFileError, match=problem) as info:
        list(read_lammps_dump(path, REAL))
    assert str(path) in str(info.value)


def test_changing_atom_count_and_missing_file(tmp_path: Path) -> None:
    one = HEADER.format(step=0, cols="id x y z") + "1 0 0 0\n2 0 0 0\n"
    two = HEADER.format(step=1, cols="id x y z").replace("ATOMS\n2\n", "ATOMS\n1\n") + "1 0 0 0\n"
    path = tmp_path / "n.dump"
    path.write_text(one + two)
    with pytest.raises(InputFileError, match="line 15: the number of atoms changed from 2 to 1"):
        list(read_lammps_dump(path, REAL, chunk=1))
    with pytest.raises(InputFileError, match="no such file"):
        Trajectory(tmp_path / "missing.dump")
    with pytest.raises(ParameterError, match="format"):
        Trajectory(path, format="pdb")


def test_streaming_memory_is_bounded_by_a_chunk(tmp_path: Path) -> None:
    # the peak traced memory of reading + analysing a 2000-frame dump stays within a factor of
    # the 200-frame one's (whole-file reading would be ~10x larger)
    peaks = {}
    for frames in (200, 2000):
        gas = DriftingGas(10, (1e-9, 1e-9, 1e-9), (300.0, 0, 0), frames, 1e-15, thermal=500.0,
                          charge=constants.e, chunk=50, wrapped=False)
        path = write_lammps_dump(tmp_path / f"g{frames}.dump", gas, REAL)
        tr = Trajectory(path, units="real", chunk=50)
        tracemalloc.start()
        q = transferred_charge(tr, "x", 5e-10)
        _, peaks[frames] = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert q.sizes["time"] == frames
    # results grow with frames (a few float64 per frame); the chunk buffers do not
    assert peaks[2000] < 2.0 * peaks[200], peaks


def test_extended_xyz_through_ase(tmp_path: Path) -> None:
    import ase
    import ase.io
    from ase import units as ase_units

    rng = np.random.default_rng(0)
    frames = []
    vel_si = rng.normal(0, 300.0, (3, 2, 3))
    for k in range(3):
        atoms = ase.Atoms("NaCl", positions=rng.uniform(0, 5, (2, 3)), cell=[5, 6, 7], pbc=True)
        atoms.set_initial_charges([1.0, -1.0])
        # ASE velocity unit: Å per ASE time unit; 1 m/s = 1e-5 Å/fs = 1e-5/fs_ase Å/t_ase
        atoms.set_velocities(vel_si[k] * 1e-5 / ase_units.fs)
        frames.append(atoms)
    path = tmp_path / "t.extxyz"
    ase.io.write(path, frames, format="extxyz")
    tr = Trajectory(path, timestep=2.0)
    chunks = list(tr)
    assert tr.velocity_source == "file" and tr.charge_source == "file"
    vel = np.concatenate([c.velocities for c in chunks])
    np.testing.assert_allclose(vel, vel_si, rtol=1e-6)  # extxyz stores ~8 significant digits
    np.testing.assert_allclose(chunks[0].charges[0] / constants.e, [1.0, -1.0])
    np.testing.assert_allclose(chunks[0].box_length[0], np.array([5, 6, 7]) * 1e-10)
    np.testing.assert_allclose(chunks[0].time, np.arange(3) * 2e-15)
    assert list(chunks[0].types) == ["Na", "Cl"]
    with pytest.raises(InputFileError, match="time"):
        list(Trajectory(path))


def test_mdanalysis_reads_what_our_parser_reads(tmp_path: Path) -> None:
    gas = _gas(5)
    path = write_lammps_dump(tmp_path / "m.lammpsdump", list(gas), REAL,
                             columns=("id", "type", "x", "y", "z", "q"))
    ours = np.concatenate([c.positions for c in Trajectory(path, format="lammpsdump")])
    tr = Trajectory(path, format="mdanalysis")
    theirs = np.concatenate([c.positions for c in tr])
    # MDAnalysis stores float32 coordinates (relative precision 6e-8) and wraps into the box
    np.testing.assert_allclose(theirs, ours, rtol=2e-6, atol=1e-16)
    assert tr.charge_source == "file" and tr.velocity_source.startswith("central")
    bad = tmp_path / "bad.dcd"
    bad.write_bytes(b"\x00" * 40)
    with pytest.raises(InputFileError, match="not a trajectory MDAnalysis can read") as info:
        list(Trajectory(bad, format="mdanalysis"))
    assert "\n" not in str(info.value)  # one line for the command line
    unknown = tmp_path / "table.csv"
    unknown.write_text("a,b\n1,2\n")
    with pytest.raises(InputFileError, match=r"table.csv: .*accepted: DCD, XTC") as info:
        list(Trajectory(unknown, format="mdanalysis"))
    assert "\n" not in str(info.value)


def test_gromacs_trr_with_topology_and_per_type_charges(tmp_path: Path) -> None:
    import warnings

    import MDAnalysis

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # MDAnalysis warns about empty-universe defaults
        u = MDAnalysis.Universe.empty(4, trajectory=True, velocities=True)
        u.add_TopologyAttr("names", ["NA", "CL", "NA", "CL"])
        u.add_TopologyAttr("resnames", ["ION"])
        u.add_TopologyAttr("types", ["NA", "CL", "NA", "CL"])
        u.dimensions = [20.0, 20.0, 20.0, 90.0, 90.0, 90.0]
        rng = np.random.default_rng(0)
        u.atoms.positions = rng.uniform(0, 20, (4, 3))
        u.atoms.velocities = rng.normal(0, 1, (4, 3))  # Å/ps
        u.atoms.write(tmp_path / "top.gro")
        with MDAnalysis.Writer(str(tmp_path / "t.trr"), 4) as writer:
            for k in range(3):
                u.trajectory.ts.time = 0.002 * k
                writer.write(u)
    tr = Trajectory(tmp_path / "t.trr", topology=tmp_path / "top.gro",
                    charges={"NA": 1.0, "CL": -1.0})
    chunks = list(tr)
    assert tr.velocity_source == "file" and tr.charge_source == "per type"
    # TRR stores nm/ps in float32; MDAnalysis converts to Å/ps; we convert to m/s (×100)
    np.testing.assert_allclose(chunks[0].velocities[0], u.atoms.velocities * 100.0, rtol=1e-6)
    j = total_current(chunks)["total_current"].values[0]
    q = np.array([1.0, -1.0, 1.0, -1.0]) * constants.e
    np.testing.assert_allclose(j, q @ (u.atoms.velocities * 100.0), rtol=1e-6)
    np.testing.assert_allclose(chunks[0].time, [0.0, 2e-15, 4e-15], rtol=1e-6)
    np.testing.assert_allclose(chunks[0].box_length[0], 20e-10, rtol=1e-7)


def test_extxyz_time_going_backwards_names_the_file(tmp_path: Path) -> None:
    import ase
    import ase.io

    frames = []
    for time in (0.0, 2.0, 1.0):
        atoms = ase.Atoms("H", positions=[[0, 0, 0]], cell=[5, 5, 5], pbc=True)
        atoms.info["time"] = time
        atoms.set_initial_charges([1.0])
        frames.append(atoms)
    path = tmp_path / "back.extxyz"
    ase.io.write(path, frames, format="extxyz")
    with pytest.raises(InputFileError, match="strictly increasing") as info:
        list(Trajectory(path, chunk=2))
    assert str(path) in str(info.value)


def test_wrapped_positions_are_not_written_as_unwrapped(tmp_path: Path) -> None:
    # xu/yu/zu promise continuous positions: a wrapped chunk there would read back with a jump
    # of one box length (a false backward crossing) at every wrap, so the writer refuses it
    gas = DriftingGas(4, (1e-9, 1e-9, 1e-9), (300.0, 0.0, 0.0), 6, 1e-15, thermal=500.0,
                      charge=constants.e, chunk=4, wrapped=True)
    with pytest.raises(ParameterError) as info:
        write_lammps_dump(tmp_path / "w.dump", list(gas), REAL)
    assert info.value.name == "columns"
    path = write_lammps_dump(tmp_path / "w.dump", list(gas), REAL,
                             columns=("id", "type", "x", "y", "z", "vx", "vy", "vz", "q"))
    assert sum(c.frames for c in Trajectory(path, units="real", chunk=4)) == 6
