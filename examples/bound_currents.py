"""Bound (magnetization) currents of a micromagnetic state read from an OVF file.

A magnetization M carries a volume current J_b = ∇×M and a surface current K_b = M×n̂ where
the magnet ends (SI: A/m² and A/m). Being the curl of a field that vanishes outside the magnet,
they carry no net current through any cut across the sample: the volume and surface parts
through a plane cancel. Their moment ½∫r×J dV + ½∮r×K dA equals the total moment ∫M dV.
The default file is OOMMF's skyrmion in a disk (20×20×2 cells of 5 nm, Ms = 1.1 MA/m).

Run: ``.venv/bin/python examples/bound_currents.py [FILE.ovf [MS]]``; MS (A/m) is needed for
files that store the unit direction m (mumax3) instead of M in A/m.
"""

import sys
from pathlib import Path

import numpy as np

import currentkit as ck

DEFAULT = Path(__file__).resolve().parent / "data" / "skyrmion-disk.omf"
path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
ms = float(sys.argv[2]) if len(sys.argv) > 2 else None

m = ck.magnetization.read_ovf(path)
if m.dims != ("z", "y", "x", "component") or m.sizes["component"] != 3:
    sys.exit(f"{path}: a rectangular mesh of 3-vectors is needed, not dims {m.dims}")
unit = m.attrs.get("units")
if ms is not None and unit == "A/m":
    sys.exit(f"{path}: the values are already in A/m: give no Ms")
if ms is not None:  # a unitless direction field: scale it to A/m once, here
    m = m.copy(data=m.values * ms)
    m.attrs["units"] = "A/m"
elif unit != "A/m":
    sys.exit(f"{path}: values in {unit!r}, not A/m: give Ms (A/m) after the path")
nz, ny, nx, _ = m.shape
step = [float(m.attrs[f"{ax}stepsize"]) for ax in ("x", "y", "z")]
print(f"{path.name}: {nx}×{ny}×{nz} cells of {step[0] * 1e9:g}×{step[1] * 1e9:g}×"
      f"{step[2] * 1e9:g} nm, max |M| = {np.linalg.norm(m.values, axis=-1).max():.4g} A/m")
volume = ck.magnetization.bound_current(m)
surface = ck.magnetization.surface_current(m)
print(f"max |J_b| = {np.abs(volume.values).max():.4g} A/m², "
      f"max |K_b| = {np.abs(surface.values).max():.4g} A/m")

# Net current through the middle plane of cells normal to each axis: zero (the volume and surface
# parts together), although the cells of the plane carry current one way or the other.
for axis in ("x", "y", "z"):
    net = ck.magnetization.net_current(m, axis).total
    gross = sum(float(np.abs(part).sum()) for part in ck.magnetization.cut_profile(m, axis))
    print(f"mid plane ⟂ {axis}: net current {net:+.1e} A   (theory 0; Σ|I| over its cells "
          f"{gross * 1e3:.4g} mA)")

# The moment of the bound currents is the total magnetic moment.
moment = ck.magnetization.current_moment(m)
total = m.values.sum(axis=(0, 1, 2)) * step[0] * step[1] * step[2]
print(f"moment of the bound currents ½∫r×J dV + ½∮r×K dA = {np.array2string(moment, precision=6)}"
      f" A·m²")
print(f"total moment ∫M dV = {np.array2string(total, precision=6)} A·m²   "
      f"(relative difference {np.linalg.norm(moment - total) / np.linalg.norm(total):.1e})")
