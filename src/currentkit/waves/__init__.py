"""Probability currents of wavefunctions: currents on grids, TDSE, scattering, vortices.

j = (ħ/m)·Im(ψ*∇ψ) − (q/m)·A|ψ|² on 1D–3D grids (:func:`probability_current`), the split-operator
TDSE with continuity checked (:class:`SplitOperator`, :func:`evolve`), barrier transmission exact
and from a wave packet's current (:func:`barrier_transmission`), zeros of the current and vortices
(:func:`current_zeros_1d`, :func:`current_zeros_2d`, :func:`find_vortices`), ring eigenstates
whose current is the persistent current of :mod:`currentkit.rings`. Defaults ħ = m = 1, q = −1
are atomic units; :data:`ATOMIC` gives their SI values.
"""

from currentkit.waves.atomic import ATOMIC, AtomicUnits, current_to_amperes
from currentkit.waves.current import bond_currents, current_field, density, probability_current
from currentkit.waves.ring_states import (
    continuum_ring_current,
    continuum_ring_state,
    lattice_ring_currents,
    lattice_ring_hamiltonian,
)
from currentkit.waves.scattering import (
    PacketSetup,
    barrier_transmission,
    delta_transmission,
    packet_transmission,
    rectangular_transmission,
)
from currentkit.waves.tdse import (
    SplitOperator,
    absorbing_layer,
    evolve,
    gaussian_packet,
    window_probability,
)
from currentkit.waves.vortices import (
    Vortices,
    find_vortices,
    lowest_landau_level,
    plane_wave_superposition,
)
from currentkit.waves.zeros import (
    box_superposition,
    current_zeros_1d,
    current_zeros_2d,
    plaquette_winding,
    two_plane_waves,
)

__all__ = [
    "ATOMIC",
    "AtomicUnits",
    "PacketSetup",
    "SplitOperator",
    "Vortices",
    "absorbing_layer",
    "barrier_transmission",
    "bond_currents",
    "box_superposition",
    "continuum_ring_current",
    "continuum_ring_state",
    "current_field",
    "current_to_amperes",
    "current_zeros_1d",
    "current_zeros_2d",
    "delta_transmission",
    "density",
    "evolve",
    "find_vortices",
    "gaussian_packet",
    "lattice_ring_currents",
    "lattice_ring_hamiltonian",
    "lowest_landau_level",
    "packet_transmission",
    "plane_wave_superposition",
    "plaquette_winding",
    "probability_current",
    "rectangular_transmission",
    "two_plane_waves",
    "window_probability",
]
