"""Canonical persistent current of M-channel rings from the levels near the Fermi energy.

Lattice units ħ = e = k_B = 1, energies in the unit of the hopping t (kept explicit). The ring is
that of :mod:`~currentkit.rings.free.green`: slices j = 0…L−1 of M sites, the flux on the closing
bond,
H_{0,L−1} = −t·e^{iφ}·1, φ = 2πΦ/Φ0. The current is I = −∂F/∂φ in e·t/ħ, F the canonical free
energy of N particles (the ground-state energy at T = 0).

Method
------
Dense diagonalisation costs O((LM)³) per flux point, although only the levels near the Fermi
energy are partly occupied. The spectrum of H(φ) is split at an energy μ_c, the same for every
flux point, below the Fermi level:

* **core**: the n_c(φ) levels below μ_c are all occupied (at T > 0 they lie more than
  50 k_BT below the Fermi gap, occupations 1 − e^{−50}). Their summed current
  Σ_{E_n<μ_c} i_n(φ) is the grand-canonical T = 0 current at μ = μ_c, which
  :func:`currentkit.rings.free.green.closing_bond_current` gives as an integral along the imaginary
  axis, O(L·M³) per frequency and shared by all flux points.
* **window**: the levels from μ_c to past the Fermi level with their Hellmann-Feynman currents,
  found by index from the boundary Schur complement of the φ-independent interior
  (:mod:`~currentkit.rings.free.boundary_levels`: for all flux points at once, the interior's
  eigenvalues from its band matrix, the boundary couplings of the poles near the window by
  inverse iteration and the far poles' sum as a Chebyshev series
  (:mod:`~currentkit.rings.free.interior_poles`); then Newton steps on a 2M×2M matrix per
  level, started from the levels extrapolated from the previous flux point); flux points with
  degenerate levels take the whole spectrum, and rings whose interior exceeds
  :data:`~currentkit.rings.free.boundary_levels.INTERIOR_LIMIT` sites use shift-invert Lanczos
  on H(φ) (``scipy.sparse.linalg.eigsh``). The remaining N − g·n_c(φ) particles fill the window
  canonically and exactly (:func:`currentkit.rings.free.thermo.canonical`; g = 2 with spin).
* **counting**: the absolute index of each window level, and so n_c(φ), comes from Sylvester's
  law of inertia: the number of levels below an energy E is the number of negative eigenvalues
  of H(φ) − E, which is that of the φ-independent interior slices 1…L−2 (block LDLᵀ pivots
  P_j = h_j − E − t²P_{j−1}⁻¹) plus that of the 2M×2M Schur complement on the boundary slices
  0 and L−1 (Haynsworth additivity), the only part that depends on φ.

The result is exact (to the tolerance of the T = 0 integral, 1e-12 relative by default): no
level is approximated, and levels outside the window enter only through their exact sum.
"""

from __future__ import annotations

import logging

import numpy as np
import scipy.sparse.linalg
from threadpoolctl import threadpool_limits

from currentkit.errors import ConvergenceError, ParameterError, integer
from currentkit.errors import temperature as check_temperature
from currentkit.rings.free import thermo
from currentkit.rings.free.boundary_levels import (
    BoundarySpectrum,
    boundary_spectrum,
    levels_by_index,
    prepare,
)
from currentkit.rings.free.green import closing_bond_current
from currentkit.rings.free.lattice import levels, slice_blocks, sparse_hamiltonian
from currentkit.rings.models import LatticeRing

logger = logging.getLogger(__name__)

#: Levels kept in the window beyond those the filling needs, on each side (room to place μ_c in
#: a gap away from every level, and a complete degenerate group at the Fermi level at T = 0).
_MARGIN_LEVELS = 6
#: Rings of at most this many sites L·M are diagonalised densely (the window would be the whole
#: spectrum).
_DENSE_SIZE = 64
#: A window of more than 1/_DENSE_FRACTION of all levels is no cheaper than the whole spectrum.
_DENSE_FRACTION = 4


def count_below(ring: LatticeRing, energy: float, flux: np.ndarray) -> np.ndarray:
    """Number of orbital levels of H(φ) below ``energy`` at every flux point, shape (F,).

    Sylvester's law of inertia on H(φ) − E: the negative pivots of the block LDLᵀ of the
    interior slices 1…L−2 plus the negative eigenvalues of the boundary Schur complement
    S(φ) = H_bb(φ) − E − t²·[corner blocks of (H_int − E)⁻¹]. Spin is not counted (each orbital
    level holds g = 2 particles with spin). ``energy`` must not coincide with a level.
    """
    return counts_below(ring, np.array([energy], dtype=float), flux)[0]


def counts_below(ring: LatticeRing, energies: np.ndarray, flux: np.ndarray) -> np.ndarray:
    """:func:`count_below` for several energies at once (one pass over the slices), (E, F)."""
    blocks = slice_blocks(ring)
    t, m = ring.hopping, ring.channels
    shift = np.asarray(energies, dtype=float)[:, None, None] * np.eye(m)  # (E, M, M)
    pivot = blocks[1] - shift
    negative = np.sum(np.linalg.eigvalsh(pivot) < 0, axis=1)
    inv = np.linalg.inv(pivot)
    first, corner = inv.copy(), inv.copy()  # Y_{1,1} and Y_{1,j} of the interior inverse
    for h in blocks[2:-1]:
        pivot = h - shift - t * t * inv
        negative += np.sum(np.linalg.eigvalsh(pivot) < 0, axis=1)
        inv = np.linalg.inv(pivot)
        x = corner @ inv
        first = first + t * t * (x @ np.swapaxes(corner, 1, 2))
        corner = t * x
    phase = np.exp(2j * np.pi * np.asarray(flux, dtype=float))[None, :, None, None]
    size = (shift.shape[0], phase.shape[1], 2 * m, 2 * m)
    schur = np.empty(size, dtype=complex)
    schur[..., :m, :m] = (blocks[0] - shift - t * t * first)[:, None]
    schur[..., :m, m:] = -t * phase * np.eye(m) - t * t * corner[:, None]
    schur[..., m:, :m] = np.conj(np.swapaxes(schur[..., :m, m:], -1, -2))
    schur[..., m:, m:] = (blocks[-1] - shift - t * t * inv)[:, None]
    return negative[:, None] + np.sum(np.linalg.eigvalsh(schur) < 0, axis=-1)


def _window(ring: LatticeRing, phi: float, sigma: float, k: int
            ) -> tuple[np.ndarray, np.ndarray]:
    """The k orbital levels of H(φ) nearest σ, ascending, and i_n = −∂E_n/∂φ (Hellmann-Feynman)."""
    m, n = ring.channels, ring.sites
    values, vectors = scipy.sparse.linalg.eigsh(sparse_hamiltonian(ring, phi), k=k,
                                                sigma=sigma, which="LM")
    order = np.argsort(values)
    values, vectors = values[order], vectors[:, order]
    overlap = np.sum(np.conj(vectors[:m]) * vectors[(n - 1) * m :], axis=0)
    return values, -2 * ring.hopping * np.imag(np.exp(1j * phi) * overlap)


def _extrapolate(values: np.ndarray, currents: np.ndarray, failed: np.ndarray, first: np.ndarray,
                 phis: np.ndarray, row: int) -> np.ndarray | None:
    """Starting energies for the levels of flux point ``row`` from the rows before it, (1, k).

    E_n(φ + δ) ≈ E_n − i_n·δ − ½(∂i_n/∂φ)·δ² (i_n = −∂E_n/∂φ), the curvature from the last two
    rows' currents where both are known (else first order); NaN for levels outside the previous
    row's window. Only a start: the root search brackets every level independently.
    """
    if row == 0 or failed[row - 1]:
        return None
    k = values.shape[1]
    wanted = first[row] + np.arange(k)
    at = wanted - first[row - 1]
    inside = (at >= 0) & (at < k)
    at = np.clip(at, 0, k - 1)
    step = phis[row] - phis[row - 1]
    guess = values[row - 1, at] - currents[row - 1, at] * step
    if row >= 2 and not failed[row - 2]:
        before = wanted - first[row - 2]
        known = (before >= 0) & (before < k)
        bend = ((currents[row - 1, at] - currents[row - 2, np.clip(before, 0, k - 1)])
                / (phis[row - 1] - phis[row - 2]))
        guess = guess - np.where(known, 0.5 * bend * step * step, 0.0)
    return np.where(inside, guess, np.nan)[None]


def _windows(ring: LatticeRing, spec: BoundarySpectrum | None, phis: np.ndarray, sigma: float,
             below: np.ndarray, k: int) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """k levels around σ at every φ with their currents, and the absolute index of the lowest.

    The boundary Schur complement (:mod:`~currentkit.rings.free.boundary_levels`) gives the
    levels of all flux points from one set of interior poles near the window; flux points where
    it fails (degenerate levels, inverse iteration not converged) take the whole spectrum
    (closed form if clean, else dense), and rings too large for it use shift-invert Lanczos on
    H(φ).
    """
    size = ring.sites * ring.channels
    first = np.clip(below - k // 2, 0, size - k)
    failed = np.ones(phis.size, dtype=bool)
    if spec is not None:
        # flux points in order, each search starting from the levels extrapolated from before
        values, currents = np.empty((phis.size, k)), np.empty((phis.size, k))
        prepare(spec, first, k)
        for row in range(phis.size):
            guess = _extrapolate(values, currents, failed, first, phis, row)
            v, c, bad = levels_by_index(spec, phis[row:row + 1], first[row:row + 1], k, guess)
            values[row], currents[row], failed[row] = v[0], c[0], bad[0]
    windows = []
    scale = 2 * ring.hopping + 2 * ring.transverse_hopping
    for row, phi in enumerate(phis):
        if not failed[row]:
            windows.append((values[row], currents[row]))
            continue
        if spec is None:  # shift-invert Lanczos, unless it meets a degenerate group
            v, c = _window(ring, float(phi), sigma, k)
            if np.min(np.diff(v)) > 1e-9 * scale:
                first[row] = below[row] - int(np.sum(v < sigma))
                windows.append((v, c))
                continue
        # degenerate levels (a clean ring): the whole spectrum, sliced by index
        e, c = levels(ring, np.array([phi / (2 * np.pi)]))
        e, c = e[0, ::ring.degeneracy], c[0, ::ring.degeneracy]
        order = np.argsort(e)[first[row]:first[row] + k]
        windows.append((e[order], c[order]))
    if spec is not None and np.any(failed):
        logger.info("window: %d of %d flux points diagonalised whole (degenerate levels)",
                    int(np.sum(failed)), phis.size)
    return windows, first


def _fermi_energy(ring: LatticeRing, flux: float, levels: int) -> float:
    """An energy with exactly ``levels`` orbital levels below it at ``flux``.

    Steps alternate between linear interpolation of the level count (fast where the density of
    states is smooth) and bisection (which guarantees progress), inside Gershgorin's bounds.
    """
    size = ring.sites * ring.channels
    onsite = 0.0 if ring.potential is None else float(np.max(np.abs(ring.potential)))
    bound = 2 * ring.hopping + 2 * ring.transverse_hopping + onsite + 1.0  # padded Gershgorin
    lo, hi, c_lo, c_hi = -bound, bound, 0, size
    for step in range(400):
        if step % 2 == 0:
            guess = lo + (levels - 0.5 - c_lo) * (hi - lo) / (c_hi - c_lo)
        else:
            guess = 0.5 * (lo + hi)
        count = int(count_below(ring, guess, np.array([flux]))[0])
        if count == levels:
            return guess
        if count < levels:
            lo, c_lo = guess, count
        else:
            hi, c_hi = guess, count
        if hi - lo <= 8 * np.finfo(float).eps * bound:
            break
    raise ConvergenceError(
        "the Fermi-level bisection",
        f"the Fermi level of {levels * ring.degeneracy} electrons is degenerate to machine "
        "precision (use method='dense')")


def _split(windows: list[tuple[np.ndarray, np.ndarray]], first: np.ndarray, filled: int,
           spare: float) -> tuple[float | None, int]:
    """The core/window split μ_c for these windows, or None and a better window size.

    ``first`` holds the absolute index of each window's lowest level, ``filled`` the number of
    orbital levels occupied at T = 0 and ``spare`` = 50 k_BT. μ_c must lie above every window's
    lowest level (so that all levels above it are in the windows), below the highest occupied
    level at T = 0 or 50 k_BT below the Fermi gap at T > 0, and the windows must reach 50 k_BT
    above the gap. Within the allowed range μ_c is the middle of the widest gap between the
    windows' levels (the T = 0 integral converges fastest far from every level).
    """
    values = [v for v, _ in windows]
    position = filled - 1 - first  # of the highest occupied level in each window
    half = _MARGIN_LEVELS // 2
    spacing = min(float(np.ptp(v)) / max(v.size - 1, 1) for v in values)
    needed = 2 * (int(spare / spacing) + _MARGIN_LEVELS) + 1 if spacing > 0 else 0
    if np.any(position < half) or np.any(position + half >= np.array([v.size for v in values])):
        return None, needed
    highest = np.array([v[p] for v, p in zip(values, position, strict=True)])
    gap = np.array([0.5 * (v[p] + v[p + 1]) for v, p in zip(values, position, strict=True)])
    if spare > 0 and np.any(np.array([v[-1] for v in values]) <= gap + spare):
        return None, needed
    low = max(float(v[0]) for v in values)
    high = float(np.min(gap - spare)) if spare > 0 else float(np.min(highest))
    if not low < high:
        return None, needed
    inside = np.concatenate([v[(v > low) & (v < high)] for v in values])
    edges = np.concatenate([[low], np.sort(inside), [high]])
    widest = int(np.argmax(np.diff(edges)))
    return 0.5 * (edges[widest] + edges[widest + 1]), needed


def canonical_current(
    ring: LatticeRing, flux: np.ndarray, electrons: int, temperature: float = 0.0, *,
    tol: float = 1e-12,
) -> np.ndarray:
    """Exact canonical persistent current of N fermions on an M-channel lattice ring.

    Parameters
    ----------
    ring
        A :class:`LatticeRing` of fermions (any M, transverse boundary, disorder; spin doubles
        every level).
    flux
        Reduced flux f = Φ/Φ0, shape (F,); φ = 2πf.
    electrons
        The fixed particle number N, 1 ≤ N ≤ g·L·M.
    temperature
        k_BT ≥ 0 (unit of t).
    tol
        Relative tolerance of the core's T = 0 integral.

    Returns
    -------
    numpy.ndarray
        I(f) = −∂F/∂φ (e·t/ħ), shape (F,): equal to thermo.canonical on the full dense spectrum.
    """
    f = np.atleast_1d(np.asarray(flux, dtype=float))
    if f.ndim != 1 or not np.all(np.isfinite(f)):
        raise ParameterError("flux", "non-finite or non-1D values", "finite reduced fluxes")
    if ring.statistics != "fermion":
        raise ParameterError("statistics", ring.statistics, "'fermion' (the window method)")
    kT = check_temperature("temperature", temperature)
    integer("electrons", electrons, minimum=1, maximum=ring.states, what="particles on the ring")
    size = ring.sites * ring.channels

    def dense() -> np.ndarray:
        energies, currents = levels(ring, f, method="dense")  # spin repeated
        return thermo.canonical(energies, currents, int(electrons), kT).current

    if size <= _DENSE_SIZE:
        return dense()
    # small matrices (2M×2M, M×M) and band solves only: BLAS threads would just contend
    # (M = 8, L = 250 on a 2-core machine: 1.4 s on one thread, 1.6–6 s on two)
    with threadpool_limits(limits=1, user_api="blas"):
        current = _window_current(ring, f, int(electrons), kT, tol)
    return dense() if current is None else current


def _window_current(ring: LatticeRing, f: np.ndarray, electrons: int, kT: float, tol: float
                    ) -> np.ndarray | None:
    """The body of :func:`canonical_current`; None when the window is no cheaper than dense."""
    g, size = ring.degeneracy, ring.sites * ring.channels
    filled = -(-electrons // g)  # orbital levels holding the particles at T = 0
    sigma = _fermi_energy(ring, float(f[0]), filled)
    phis = 2 * np.pi * f
    spare = kT * thermo.FROZEN_KT
    counts = counts_below(ring, sigma + np.array([0.0, -spare, spare]) if spare > 0
                          else np.array([sigma]), f)
    below = counts[0]
    k = 2 * _MARGIN_LEVELS
    if spare > 0:  # the levels within 50 k_BT of σ at the first flux point, and room around them
        reach = np.abs(counts[1:, 0] - below[0])
        k = max(k, 2 * (int(np.max(reach)) + _MARGIN_LEVELS + 2))
    # the interior's poles serve every flux point and window size, its couplings are found for
    # the poles near the window only (boundary_levels, interior_poles)
    spec = boundary_spectrum(ring)
    while True:
        if k > size // _DENSE_FRACTION:
            logger.info("window of %d levels out of %d: dense diagonalisation instead", k, size)
            return None
        windows, first = _windows(ring, spec, phis, sigma, below, k)
        split, needed = _split(windows, first, filled, spare)
        if split is not None:
            break
        k = max(2 * k, needed)
    core_count = first + np.array([int(np.sum(v < split)) for v, _ in windows])
    logger.debug("window: k = %d levels, split μ_c = %.6g, core %s levels", k, split,
                 np.unique(core_count))
    current = np.zeros(f.size)
    if np.any(core_count > 0):
        current += closing_bond_current(ring, f, split, 0.0, tol=tol)
    width = max(int(np.sum(v >= split)) for v, _ in windows)
    energies = np.empty((f.size, width))
    currents = np.zeros((f.size, width))
    for row, (values, slopes) in enumerate(windows):
        keep = values >= split
        count = int(np.sum(keep))
        energies[row, :count], currents[row, :count] = values[keep], slopes[keep]
        # rows with fewer window levels are padded with empty levels far above the window
        energies[row, count:] = values[-1] + (1.0 + np.arange(width - count)) * (
            1e3 * (kT + abs(values[-1] - values[0])))
    energies, currents = np.repeat(energies, g, axis=1), np.repeat(currents, g, axis=1)
    remaining = electrons - g * core_count
    for particles in np.unique(remaining):
        rows = remaining == particles
        current[rows] += thermo.canonical(energies[rows], currents[rows], int(particles),
                                          kT).current
    return current
