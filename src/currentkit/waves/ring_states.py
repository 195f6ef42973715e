"""Probability currents of ring eigenstates: the bridge to :mod:`currentkit.rings`.

Continuum ring (radius R, mass m, charge q, flux Φ = f·Φ0, Φ0 = h/|q|): along the arc s = Rθ
the eigenstate of angular momentum ℓħ is ψ_ℓ(s) = e^{iℓs/R}/√(2πR) and the flux enters as the
uniform tangential vector potential A = Φ/(2πR). Its probability current (a 1D current: the
probability per second passing a cross-section of the ring) is

    j = (ħ/m)(ℓ/R)|ψ|² − (q/m)A|ψ|² = ħ(ℓ − s·f)/(2πmR²),   s = sign(q),

so the charge current q·j equals the level current I_ℓ = −∂E_ℓ/∂Φ of
:class:`currentkit.rings.ContinuumRing` (one particle).

Tight-binding ring (1D :class:`currentkit.rings.LatticeRing`, lattice units t = a = ħ = e = 1):
the Hamiltonian in the uniform gauge, H_{j+1,j} = −t e^{iφ/L} (φ = 2πΦ/Φ0), has for each
eigenvector a bond current J_{j→j+1} = 2 Im(H_{j+1,j} ψ*_{j+1} ψ_j) that is the same on every
bond (continuity in a stationary state) and equals −∂E_n/∂φ (Hellmann-Feynman), the level current
of the rings package in units of e·t/ħ.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.linalg

from currentkit import units
from currentkit.errors import ParameterError, finite_real, integer
from currentkit.rings import ContinuumRing, LatticeRing
from currentkit.waves.current import bond_currents, probability_current


def continuum_ring_state(ring: ContinuumRing, angular_momentum: int, flux: float,
                         points: int = 64) -> tuple[np.ndarray, np.ndarray, float]:
    """Eigenstate ψ_ℓ(s) of a continuum ring on a periodic grid of the arc length (SI).

    Parameters
    ----------
    ring
        The ring (radius, mass, charge).
    angular_momentum
        ℓ (integer).
    flux
        f = Φ/Φ0 (``Φ0 = h/|q|``).
    points
        Grid points around the ring.

    Returns
    -------
    s, psi, vector_potential
        Arc positions (m), ψ (m^{-1/2}, ``∮|ψ|² ds = 1``) and the tangential A = fΦ0/(2πR) (T·m).
    """
    integer("angular_momentum", angular_momentum)
    integer("points", points, minimum=4, what="points around the ring")
    f = finite_real("flux", flux)
    s = np.arange(points) * ring.circumference / points
    psi = np.exp(1j * angular_momentum * s / ring.radius) / math.sqrt(ring.circumference)
    return s, psi, f * ring.flux_quantum / ring.circumference


def continuum_ring_current(ring: ContinuumRing, angular_momentum: int, flux: float,
                           points: int = 64) -> float:
    """Charge current q·j (A) of the eigenstate ℓ at flux f, from its probability current.

    j is evaluated with :func:`~currentkit.waves.probability_current` (spectral derivative on
    the periodic arc grid, SI constants) and averaged over the ring (it is uniform).
    """
    s, psi, a = continuum_ring_state(ring, angular_momentum, flux, points)
    j = probability_current(psi, s[1] - s[0], vector_potential=[a], mass=ring.mass,
                            hbar=units.HBAR, charge=ring.charge, method="spectral",
                            periodic=True)
    return float(ring.charge * j[0].mean())


def lattice_ring_hamiltonian(ring: LatticeRing, flux: float) -> np.ndarray:
    """H(φ) of a 1D tight-binding ring in the uniform gauge (H_{j+1,j} = −t e^{iφ/L})."""
    if ring.channels != 1:
        raise ParameterError("ring", f"{ring.channels} channels", "a 1D ring (channels=1)")
    f = finite_real("flux", flux)
    n = ring.sites
    h = np.zeros((n, n), dtype=complex)
    if ring.potential is not None:
        h[np.arange(n), np.arange(n)] = np.asarray(ring.potential).reshape(n)
    hop = -ring.hopping * np.exp(2j * math.pi * f / n)
    j = np.arange(n)
    h[(j + 1) % n, j] += hop
    h[j, (j + 1) % n] += np.conj(hop)
    return h


def lattice_ring_currents(ring: LatticeRing, flux: float) -> tuple[np.ndarray, np.ndarray]:
    """Energies and bond currents of every eigenstate of a 1D lattice ring at flux f.

    Returns
    -------
    energies, currents
        E_n (ascending, units of t) and J_n of shape (levels, sites): the current on bond
        j → j+1 of eigenvector n (units of t/ħ; the same on every bond).
    """
    h = lattice_ring_hamiltonian(ring, flux)
    energies, vectors = scipy.linalg.eigh(h)
    n = ring.sites
    bonds = np.empty((n, n))
    idx = np.arange(n)
    for level in range(n):
        b = bond_currents(h, vectors[:, level])
        bonds[level] = b[idx, (idx + 1) % n]
    return energies, bonds


__all__ = ["continuum_ring_current", "continuum_ring_state", "lattice_ring_currents",
           "lattice_ring_hamiltonian"]
