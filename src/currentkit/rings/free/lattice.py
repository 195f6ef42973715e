"""Tight-binding rings: Hamiltonian, spectrum E_n(φ) and level currents by Hellmann-Feynman.

Lattice units t = a = ħ = e = 1. The flux enters as Peierls phases whose product around the ring
is e^{iφ}, φ = 2πΦ/Φ0 (Φ0 = h/e). A level's current is i_n = −∂E_n/∂Φ, which in units of
e·t/ħ is −∂E_n/∂φ, evaluated by Hellmann-Feynman: ∂E_n/∂φ = ⟨n|∂H/∂φ|n⟩.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.linalg
import scipy.sparse
from threadpoolctl import threadpool_limits

from currentkit.errors import ParameterError
from currentkit.rings.models import LatticeRing

Gauge = Literal["uniform", "bond"]


def _bond_windings(ring: LatticeRing, gauge: Gauge) -> np.ndarray:
    """Fraction of φ carried by the bond from slice j to slice j+1 (they add up to 1)."""
    if gauge == "uniform":
        return np.full(ring.sites, 1.0 / ring.sites)
    winding = np.zeros(ring.sites)
    winding[-1] = 1.0  # the closing bond L−1 → 0
    return winding


def _slice_hamiltonian(ring: LatticeRing) -> np.ndarray:
    """The M×M intra-slice hopping −t⊥ (open strip or periodic cylinder)."""
    m = ring.channels
    h = np.zeros((m, m))
    if m > 1:
        idx = np.arange(m - 1)
        h[idx, idx + 1] = h[idx + 1, idx] = -ring.transverse_hopping
        if ring.transverse == "periodic":
            h[0, m - 1] = h[m - 1, 0] = -ring.transverse_hopping
    return h


def slice_blocks(ring: LatticeRing) -> np.ndarray:
    """The slice Hamiltonians h_j = −t⊥(transverse hopping) + diag(ε_{·,j}), shape (L, M, M)."""
    m, n = ring.channels, ring.sites
    onsite = np.zeros((m, n)) if ring.potential is None else np.asarray(ring.potential)
    blocks = np.broadcast_to(_slice_hamiltonian(ring), (n, m, m)).copy()
    blocks[:, np.arange(m), np.arange(m)] += onsite.T
    return blocks


def sparse_hamiltonian(ring: LatticeRing, phi: float) -> scipy.sparse.csc_array:
    """H(φ) of :func:`hamiltonian` with ``gauge="bond"`` as a sparse matrix (O(L·M²) entries)."""
    m, n = ring.channels, ring.sites
    size = m * n
    blocks = scipy.sparse.block_diag(list(slice_blocks(ring)), format="coo")
    a = (np.arange(size) + m) % size  # site (j+1, c) for site (j, c), index j·M + c
    b = np.arange(size)
    hop = np.full(size, -ring.hopping, dtype=complex)
    hop[(n - 1) * m :] *= np.exp(1j * phi)  # the closing bond L−1 → 0 carries e^{iφ}
    rows = np.concatenate([blocks.row, a, b])
    cols = np.concatenate([blocks.col, b, a])
    data = np.concatenate([blocks.data.astype(complex), hop, np.conj(hop)])
    return scipy.sparse.csc_array((data, (rows, cols)), shape=(size, size))


def hamiltonian(ring: LatticeRing, phi: float, gauge: Gauge = "bond") -> np.ndarray:
    """Dense single-particle Hamiltonian H(φ), site (slice j, channel m) at index j·M + m.

    ``gauge="uniform"`` spreads φ evenly, e^{iφ/L} on every bond j → j+1;
    ``gauge="bond"`` puts it all on the closing bond: H_{0,L−1} = −t·e^{iφ}.
    Both are unitarily equivalent (same spectrum, same level currents).
    """
    m, n = ring.channels, ring.sites
    size = m * n
    h = np.zeros((size, size), dtype=complex)
    block = _slice_hamiltonian(ring)
    phases = np.exp(1j * phi * _bond_windings(ring, gauge))
    onsite = np.zeros((m, n)) if ring.potential is None else ring.potential
    channel = np.arange(m)
    for j in range(n):
        s = slice(j * m, (j + 1) * m)
        h[s, s] = block + np.diag(onsite[:, j])
        a = ((j + 1) % n) * m + channel  # slice j+1
        b = j * m + channel
        h[a, b] += -ring.hopping * phases[j]
        h[b, a] += -ring.hopping * np.conj(phases[j])
    return h


#: Matrices up to this size are diagonalised on one BLAS thread: threaded eigh of a small matrix
#: spends its time synchronising (measured ~40× slower at 100×100 on a busy 2-core machine).
_SINGLE_THREAD_SIZE = 512


def _dense_levels(ring: LatticeRing, phis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if ring.sites * ring.channels > _SINGLE_THREAD_SIZE:
        return _dense_rows(ring, phis)
    with threadpool_limits(limits=1, user_api="blas"):
        return _dense_rows(ring, phis)


def _dense_rows(ring: LatticeRing, phis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m, n = ring.channels, ring.sites
    winding = _bond_windings(ring, "bond")
    channel = np.arange(m)
    energies = np.empty((phis.size, m * n))
    currents = np.empty_like(energies)
    for row, phi in enumerate(phis):
        values, vectors = scipy.linalg.eigh(hamiltonian(ring, phi, "bond"), check_finite=False)
        energies[row] = values
        slope = np.zeros(m * n)
        for j in np.flatnonzero(winding):
            a = ((j + 1) % n) * m + channel
            b = j * m + channel
            element = -ring.hopping * np.exp(1j * phi * winding[j])
            # ∂H_ab/∂φ = i·w_j·H_ab and its conjugate on (b, a): ⟨n|∂H|n⟩ = 2 Re(...)
            slope += 2 * winding[j] * np.real(
                1j * element * np.sum(np.conj(vectors[a]) * vectors[b], axis=0)
            )
        currents[row] = -slope
    return energies, currents


def _clean_levels(ring: LatticeRing, phis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """E = ε⊥_m + ε0 − 2t·cos((2πk − φ)/L) and i = −∂E/∂φ = (2t/L)·sin((2πk − φ)/L)."""
    n = ring.sites
    q = (2 * np.pi * np.arange(n))[None, :] - phis[:, None]
    base = 0.0 if ring.potential is None else float(ring.potential.flat[0])
    band = -2 * ring.hopping * np.cos(q / n)
    slope = (2 * ring.hopping / n) * np.sin(q / n)
    modes = ring.transverse_energies() + base
    energies = (modes[None, :, None] + band[:, None, :]).reshape(phis.size, -1)
    currents = np.broadcast_to(slope[:, None, :], (phis.size, modes.size, n)).reshape(
        phis.size, -1
    )
    return energies, np.ascontiguousarray(currents)


def levels(
    ring: LatticeRing, flux: np.ndarray, *, method: Literal["auto", "exact", "dense"] = "auto"
) -> tuple[np.ndarray, np.ndarray]:
    """All single-particle levels and their currents on a flux grid, spin repeated.

    Parameters
    ----------
    ring
        The lattice ring.
    flux
        Reduced flux f = Φ/Φ0, shape (F,); φ = 2πf.
    method
        ``"exact"``: the closed form of a clean ring (O(L·M) per flux point); ``"dense"``:
        dense diagonalisation and Hellmann-Feynman (O((LM)³)); ``"auto"``: exact when clean.

    Returns
    -------
    energies, currents
        Shape (F, L·M·g): E_n (t) and i_n = −∂E_n/∂φ (e·t/ħ), unsorted.
    """
    phis = 2 * np.pi * np.asarray(flux, dtype=float)
    if method == "exact" and not ring.is_clean:
        raise ParameterError("method", method, "'exact' needs a clean ring; use 'dense' or 'auto'")
    use_exact = method == "exact" or (method == "auto" and ring.is_clean)
    energies, currents = (_clean_levels if use_exact else _dense_levels)(ring, phis)
    if ring.degeneracy > 1:
        energies = np.repeat(energies, ring.degeneracy, axis=1)
        currents = np.repeat(currents, ring.degeneracy, axis=1)
    return energies, currents
