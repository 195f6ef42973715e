"""Counting electrons through a wire in a trajectory file: I = N·e/t.

A synthetic gas of electrons (charge −e) drifts along +x through a periodic wire segment of
length L at v_d on top of 300 K thermal motion, so the current through any cross-section is
I = N_wire·e·v_d/L (here 0.5 mA, i.e. 3.12e15 electrons per second). The gas is written as a
LAMMPS text dump (metal units: Å, ps, e), read back chunk by chunk, and the signed crossings of a
cross-section (and of its periodic images) are counted. One cross-section's count differs from
N_wire·v_d·t/L by less than N_wire (whole crossings); averaged over many cross-sections it is
exact. Electrons carry −e, so the conventional current flows along −x: magnitudes are printed.

Run: ``.venv/bin/python examples/counting_electrons.py [FOLDER]``; the dump goes to FOLDER, or
to a temporary folder that is removed afterwards.
"""

import sys
import tempfile
from pathlib import Path

import numpy as np

import currentkit as ck

LENGTH, WIDTH = 4e-9, 2e-9  # wire segment (m)
ELECTRONS, CURRENT = 100, 0.5e-3  # electrons in the segment, target current (A)
FRAMES, DT = 400, 5e-15  # frames and the time between them (s)
e = ck.units.ELEMENTARY_CHARGE
v_drift = CURRENT * LENGTH / (ELECTRONS * e)
thermal = float(np.sqrt(ck.units.BOLTZMANN * 300.0 / ck.units.ELECTRON_MASS))
gas = ck.particles.DriftingGas(ELECTRONS, (LENGTH, WIDTH, WIDTH), (v_drift, 0.0, 0.0), FRAMES,
                               DT, thermal=thermal, charge=-e, seed=1, chunk=100,
                               wrapped=False)  # unwrapped positions, for the xu column


def count(folder: Path) -> None:
    metal = ck.particles.unit_style("metal")
    dump = ck.particles.write_lammps_dump(folder / "wire.dump", gas, metal, timestep=DT / 1e-12)
    print(f"wrote {dump.stat().st_size / 1e6:.1f} MB: {FRAMES} frames of {ELECTRONS} electrons, "
          f"v_d = {v_drift / 1e3:.1f} km/s, thermal σ = {thermal / 1e3:.1f} km/s")
    trajectory = ck.particles.Trajectory(dump, units="metal", timestep=DT / 1e-12, chunk=100)
    one = ck.particles.transferred_charge(trajectory, "x", 0.37 * LENGTH)
    planes = np.linspace(0.0, LENGTH, 32, endpoint=False)
    many = ck.particles.transferred_charge(trajectory, "x", planes)
    duration = float(one["time"][-1] - one["time"][0])
    expected = ELECTRONS * v_drift * duration / LENGTH  # electrons through the cross-section
    counted = -float(one["transferred_charge"][-1]) / e
    averaged = -float(many["transferred_charge"][:, -1].mean()) / e
    print(f"in t = {duration * 1e12:.3f} ps: {counted:.0f} electrons crossed "
          f"({int(one['forward_crossings'])} forward, {int(one['backward_crossings'])} back)   "
          f"(N v_d t/L = {expected:.2f}, within ±{ELECTRONS})")
    print(f"mean over {planes.size} cross-sections: {averaged:.2f} electrons   "
          f"(N v_d t/L = {expected:.2f}, within ±{ELECTRONS / planes.size:g})")
    current = ck.units.current_from_count(counted, duration)
    print(f"I = N·e/t = {current * 1e3:.4f} mA   (N e v_d/L = {CURRENT * 1e3:g} mA); "
          f"{ck.units.carriers_per_second(current):.3e} electrons/s   (0.5 mA: 3.12e15/s)")


if len(sys.argv) > 1:
    Path(sys.argv[1]).mkdir(parents=True, exist_ok=True)
    count(Path(sys.argv[1]))
else:
    with tempfile.TemporaryDirectory() as tmp:
        count(Path(tmp))
