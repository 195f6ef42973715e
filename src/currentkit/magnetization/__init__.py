"""Magnetization currents: OVF files, bound currents, transport vs circulating currents.

- :mod:`~currentkit.magnetization.ovf`: OVF 0.99/1.0/2.0 reader and writer (:func:`read_ovf`,
  :func:`write_ovf`).
- :mod:`~currentkit.magnetization.bound`: J_b = ∇×M and K_b = M×n̂ on a cell grid, the net bound
  current through cuts, the moment and the Biot-Savart field of the bound currents.
- :mod:`~currentkit.magnetization.decomposition`: transport versus circulating currents of a
  steady 2D current (stream function, harmonic part fixed by the lead currents).
- :mod:`~currentkit.magnetization.lattice`: bond currents from the one-body density matrix.
- :mod:`~currentkit.magnetization.chern`: the Qi-Wu-Zhang Chern ribbon, its equilibrium edge
  currents and the Landauer-biased transport current.
"""

from currentkit.magnetization.bound import (
    FACES,
    CutCurrent,
    bound_current,
    current_moment,
    cut_profile,
    field_of_currents,
    net_current,
    surface_current,
)
from currentkit.magnetization.chern import (
    QWZRibbon,
    bloch_hamiltonian,
    chern_number,
    real_space_hamiltonian,
    ribbon_currents,
)
from currentkit.magnetization.decomposition import (
    harmonic_extension,
    stream_function,
    strip_split,
    transport_split,
)
from currentkit.magnetization.lattice import bond_currents, density_matrix, fermi
from currentkit.magnetization.ovf import read_ovf, write_ovf

__all__ = [
    "FACES",
    "CutCurrent",
    "QWZRibbon",
    "bloch_hamiltonian",
    "bond_currents",
    "bound_current",
    "chern_number",
    "current_moment",
    "cut_profile",
    "density_matrix",
    "fermi",
    "field_of_currents",
    "harmonic_extension",
    "net_current",
    "read_ovf",
    "real_space_hamiltonian",
    "ribbon_currents",
    "stream_function",
    "strip_split",
    "surface_current",
    "transport_split",
    "write_ovf",
]
