"""Local (bond) currents of free fermions on a lattice, from the one-body density matrix.

For H = Σ_ij H_ij c†_i c_j (ħ = 1, carriers of charge e = 1, lattice units of the project) the
continuity equation dN_i/dt = Σ_j I_{j→i} holds with the bond current

    I_{j→i} = 2 Im(H_ij G_ij),   G_ij = ⟨c†_i c_j⟩,

the particle current flowing from j to i along the bond (i, j); I_{i→j} = −I_{j→i}. In SI units
multiply by e/ħ (energy in joules): I = (2e/ħ) Im(H_ij ⟨c†_i c_j⟩). Sign check: a plane wave
e^{ikj} on a chain with H_{j+1,j} = −t carries I_{j→j+1} = 2t sin k/N, its group velocity over N,
positive for k > 0. Indices may combine a site and an orbital; the current between two sites is
the sum over their orbitals.
"""

from __future__ import annotations

import numpy as np

from currentkit.errors import ParameterError
from currentkit.errors import temperature as check_temperature


def fermi(energy: np.ndarray, mu: float | np.ndarray, temperature: float) -> np.ndarray:
    """Fermi occupation 1/(e^{(E−μ)/T} + 1); at T = 0 the step (½ exactly at E = μ)."""
    e = np.asarray(energy, dtype=float) - mu
    temperature = check_temperature("temperature", temperature)
    if temperature == 0:
        return np.where(e < 0, 1.0, np.where(e > 0, 0.0, 0.5))
    return 0.5 * (1.0 - np.tanh(e / (2.0 * temperature)))


def density_matrix(vectors: np.ndarray, occupations: np.ndarray) -> np.ndarray:
    """G_ij = ⟨c†_i c_j⟩ = Σ_n f_n conj(φ_n(i)) φ_n(j) for eigenvectors in the columns of
    ``vectors`` (as :func:`numpy.linalg.eigh` returns them) with occupations f_n."""
    v = np.asarray(vectors)
    f = np.asarray(occupations, dtype=float)
    if v.ndim != 2 or f.shape != (v.shape[1],):
        raise ParameterError("occupations", f"shape {f.shape}", f"({v.shape[1]},): one per "
                             "eigenvector")
    return (v.conj() * f) @ v.T


def bond_currents(hamiltonian: np.ndarray, density: np.ndarray) -> np.ndarray:
    """Matrix of bond currents, entry [i, j] = I_{i→j} = 2 Im(H_ji G_ji) (antisymmetric).

    The convention of :func:`currentkit.waves.bond_currents`: row = the site the particles leave,
    column = the site they reach, so continuity reads dn_j/dt = Σ_i I_{i→j} (a column sum) and a
    single state ψ (G_ij = ψ_i*ψ_j) gives exactly the waves function's J_{a→b} (ħ = 1).

    Parameters
    ----------
    hamiltonian
        Hermitian H (N, N) in units of t (currents in e·t/ħ per unit charge).
    density
        G_ij = ⟨c†_i c_j⟩ from :func:`density_matrix`.
    """
    h = np.asarray(hamiltonian)
    g = np.asarray(density)
    if h.shape != g.shape or h.ndim != 2 or h.shape[0] != h.shape[1]:
        raise ParameterError("density", f"shape {g.shape}", f"the Hamiltonian's shape {h.shape}")
    return 2.0 * np.imag(h.T * g.T)


__all__ = ["bond_currents", "density_matrix", "fermi"]
