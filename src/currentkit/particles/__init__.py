"""Microscopic currents from particle trajectories.

Readers (LAMMPS text dumps, extended XYZ, anything MDAnalysis reads) stream
:class:`FrameChunk` objects in SI units; on them: the total current J(t) = Σ q_i v_i
(:func:`total_current`), the net charge through a plane by signed crossings with periodic images
(:func:`transferred_charge`), charge and current densities by cloud-in-cell deposition
(:func:`densities`) and the continuity check ∂ρ/∂t + ∇·j = s (:func:`continuity`). Any
per-particle weight (mass, energy) can replace the charge.
"""

from currentkit.particles.continuity import continuity
from currentkit.particles.counting import crossings, transferred_charge
from currentkit.particles.current import charge_displacement, particle_weights, total_current
from currentkit.particles.density import DepositionGrid, densities, deposit
from currentkit.particles.frames import (
    UNIT_STYLES,
    FrameChunk,
    UnitStyle,
    displacement,
    from_arrays,
    unit_style,
    with_type_charges,
    with_velocities_from_positions,
)
from currentkit.particles.lammps import read_lammps_dump, write_lammps_dump
from currentkit.particles.readers import FORMATS, Trajectory, guess_format
from currentkit.particles.synthetic import DriftingGas, RotatingCloud

__all__ = [
    "FORMATS",
    "UNIT_STYLES",
    "DepositionGrid",
    "DriftingGas",
    "FrameChunk",
    "RotatingCloud",
    "Trajectory",
    "UnitStyle",
    "charge_displacement",
    "continuity",
    "crossings",
    "densities",
    "deposit",
    "displacement",
    "from_arrays",
    "guess_format",
    "particle_weights",
    "read_lammps_dump",
    "total_current",
    "transferred_charge",
    "unit_style",
    "with_type_charges",
    "with_velocities_from_positions",
    "write_lammps_dump",
]
