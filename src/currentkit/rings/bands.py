"""Levels and level currents of a 1D lattice ring by band-wise root finding of Δ(E) = 2cos φ.

Lattice units ħ = e = 1, energies in the unit of the hopping t; φ = 2πf and the level current is
i_n = −∂E_n/∂φ in units of e·t/ħ, as in :mod:`currentkit.rings.lattice`.

Method
------
With T_j(E) = [[(ε_j − E)/t, −1], [1, 0]] and Δ(E) = Tr T_{L−1}⋯T_0 (see
:mod:`currentkit.rings.transfer`), det(E − H(φ)) = (−t)^L (Δ(E) − 2cos φ). The n-th level E_n(φ)
(n = 0…L−1 in energy order) stays inside its band, between the n-th eigenvalues of the real
symmetric rings at φ = 0 and φ = π, and inside the band Δ is monotonic with |Δ| ≤ 2. These 2·count
band edges are computed once (``scipy.linalg.eig_banded`` on the ring reordered 0, L−1, 1, L−2, …,
which makes it pentadiagonal). Inside each band the root of θ(E) = arccos(Δ(E)/2) = |φ| (φ reduced
to [−π, π]) is found by Newton's method on θ (nearly linear in E across a band), safeguarded by
bisection of the band bracket, for all (flux, band) pairs at once. Δ and dΔ/dE come from one
recursion over the sites, u_{j+1} = x_j u_j − u_{j−1} with x_j = (ε_j − E)/t and its E-derivative,
renormalised every few sites with the log of the scale kept per root, so long localized rings
(products ~ e^{L/ξ}) do not overflow.

Differentiating Δ(E_n(φ)) = 2cos φ gives Δ'(E_n) ∂E_n/∂φ = −2 sin φ, so

    i_n = −∂E_n/∂φ = 2 sin φ / Δ'(E_n).

At φ = 0 and φ = π (mod 2π) the level is the band edge itself and the current is set to 0: this is
the exact limit where Δ'(E_n) ≠ 0, and where two bands touch (Δ' = 0, a degenerate pair) the
pair's currents are basis dependent and sum to 0, so every basis-independent quantity (the
canonical current with the degenerate-group rule of :mod:`currentkit.rings.thermo`) is exact.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.linalg

from currentkit.errors import ParameterError
from currentkit.rings import thermo
from currentkit.rings.models import LatticeRing

#: Most Newton/bisection iterations (bisection alone halves a band bracket to 1e-16 in ~60).
MAX_ITERATIONS = 200
#: A root is converged when its last step or its bracket is below this times the energy scale.
_STEP_TOL = 4 * np.finfo(float).eps
#: Largest growth allowed between renormalisations of the recursion (log); e^{230} ≈ 1e100.
_LOG_GROWTH = 230.0


def _check(ring: LatticeRing, flux: np.ndarray) -> None:
    if ring.channels != 1:
        raise ParameterError("ring", f"channels = {ring.channels}", "a strictly 1D ring")
    if not np.all(np.isfinite(flux)):
        raise ParameterError("flux", "non-finite values", "finite reduced fluxes")


def _onsite(ring: LatticeRing) -> np.ndarray:
    return np.zeros(ring.sites) if ring.potential is None else np.asarray(ring.potential[0], float)


def band_edges(ring: LatticeRing, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Lowest ``count`` eigenvalues of H(φ = 0) and of H(φ = π), shape (count,) each, ascending.

    H(0) and H(π) are real symmetric; in the site order 0, L−1, 1, L−2, 2, … every ring bond
    joins indices at most 2 apart, so each is a pentadiagonal (banded) matrix.
    """
    n = ring.sites
    order = np.empty(n, dtype=int)
    order[0::2] = np.arange((n + 1) // 2)
    order[1::2] = n - 1 - np.arange(n // 2)
    position = np.empty(n, dtype=int)
    position[order] = np.arange(n)
    first, second = position[np.arange(n)], position[(np.arange(n) + 1) % n]
    low, offset = np.minimum(first, second), np.abs(first - second)
    out = []
    for closing in (-1.0, 1.0):  # e^{iφ} = ±1 on the closing bond
        band = np.zeros((3, n))
        band[0] = _onsite(ring)[order]
        hop = np.full(n, -ring.hopping)
        hop[-1] = closing * ring.hopping
        band[offset, low] = hop
        out.append(scipy.linalg.eig_banded(
            band, lower=True, eigvals_only=True, select="i", select_range=(0, count - 1),
            check_finite=False,
        ))
    return out[0], out[1]


def _trace(onsite: np.ndarray, u: np.ndarray, stride: int
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Δ(E) = D·e^{s} and dΔ/du = dD·e^{s} at u = E/t (``onsite`` = ε_j/t): returns (D, dD, s).

    The two columns of T_{L−1}⋯T_0 obey u_{j+1} = x_j u_j − u_{j−1} with x_j = ε_j/t − u; ``top``
    and ``bottom`` hold (u_{j+1}, u_j) for both columns stacked, and ``dtop``, ``dbottom`` their
    u-derivatives (dx_j/du = −1). Every ``stride`` sites all four are divided by the largest
    |entry| of the root's matrix, whose log is accumulated in s.
    """
    k = u.size
    top = np.zeros((2, k))
    top[0] = 1.0
    bottom = np.zeros((2, k))
    bottom[1] = 1.0
    dtop = np.zeros((2, k))
    dbottom = np.zeros((2, k))
    logs = np.zeros(k)
    for j, eps in enumerate(onsite):
        x = eps - u
        new = x * top
        new -= bottom
        dnew = x * dtop
        dnew -= dbottom
        dnew -= top
        bottom, top, dbottom, dtop = top, new, dtop, dnew
        if (j + 1) % stride == 0 or j == onsite.size - 1:
            scale = np.maximum(np.abs(top).max(axis=0), np.abs(bottom).max(axis=0))
            inv = 1.0 / scale
            top *= inv
            bottom *= inv
            dtop *= inv
            dbottom *= inv
            logs += np.log(scale)
    # Tr P = P_00 + P_11: column 0's top entry plus column 1's bottom entry
    return top[0] + bottom[1], dtop[0] + dbottom[1], logs


def _theta(value: np.ndarray, logs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """θ = arccos(Δ/2) ∈ [0, π] and √(4 − Δ²) for Δ = value·e^{logs} (clipped to [−2, 2])."""
    with np.errstate(over="ignore"):
        delta = np.clip(value * np.exp(np.minimum(logs, 700.0)), -2.0, 2.0)
    root = np.sqrt(np.maximum(4.0 - delta * delta, 0.0))
    return np.arccos(0.5 * delta), root


def band_levels(
    ring: LatticeRing, flux: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """The lowest ``count`` levels E_n(φ) of a 1D ring and their currents, without diagonalising.

    Parameters
    ----------
    ring
        A strictly 1D lattice ring (``channels == 1``); spin-1/2 repeats every level.
    flux
        Reduced flux f = Φ/Φ0, shape (F,); φ = 2πf.
    count
        Number of orbital levels (bands) wanted, 1 ≤ count ≤ L.

    Returns
    -------
    energies, currents
        Shape (F, count·g), ascending per row: E_n (unit of t) and i_n = −∂E_n/∂φ = 2 sin φ/Δ'(E_n)
        (e·t/ħ), each level repeated g times (g = 2 with spin), like
        :func:`currentkit.rings.lattice.levels`.
    """
    f = np.atleast_1d(np.asarray(flux, dtype=float))
    _check(ring, f)
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or not (
        1 <= count <= ring.sites
    ):
        raise ParameterError("count", count, f"an integer in [1, {ring.sites}]")
    t = ring.hopping
    onsite = _onsite(ring) / t
    zero, pi = band_edges(ring, int(count))
    zero, pi = zero / t, pi / t
    reduced = f - np.round(f)  # in [−1/2, 1/2]
    phase = 2 * np.pi * np.abs(reduced)  # |φ| reduced to [0, π]
    sin_phi = np.where(np.abs(reduced) == 0.5, 0.0, np.sin(2 * np.pi * reduced))
    shape = (f.size, int(count))
    target = np.broadcast_to(phase[:, None], shape).copy()
    lo = np.broadcast_to(np.minimum(zero, pi), shape).copy()
    hi = np.broadcast_to(np.maximum(zero, pi), shape).copy()
    # θ increases with E across band n where its φ = 0 edge is the lower one
    rising = np.broadcast_to(zero <= pi, shape).copy()
    u = zero + (target / np.pi) * (pi - zero)  # linear guess between the band edges
    scale = max(float(np.max(np.abs(onsite))) + 2.0, float(np.max(np.abs(u))))
    tol = _STEP_TOL * scale
    exact = (target == 0.0) | (target == np.pi) | (hi - lo <= tol)
    u = np.where(target == 0.0, zero, np.where(target == np.pi, pi, u))

    growth = math.log(float(np.max(np.abs(onsite))) + scale + 2.0)
    stride = max(1, int(_LOG_GROWTH / growth))
    active = np.flatnonzero(~exact.ravel())
    flat_u, flat_lo, flat_hi = u.ravel(), lo.ravel(), hi.ravel()
    flat_target, flat_rising = target.ravel(), rising.ravel()
    for _ in range(MAX_ITERATIONS):
        if active.size == 0:
            break
        x = flat_u[active]
        value, deriv, logs = _trace(onsite, x, stride)
        theta, root = _theta(value, logs)
        sign = np.where(flat_rising[active], 1.0, -1.0)
        h = sign * (theta - flat_target[active])  # increasing in u, zero at the root
        below = h < 0
        a = np.where(below, x, flat_lo[active])
        b = np.where(below, flat_hi[active], x)
        # Newton on θ: dθ/du = −Δ'/√(4 − Δ²), written with the scale e^{s} divided out
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            step = (theta - flat_target[active]) * root * np.exp(-np.minimum(logs, 700.0)) / deriv
        new = x + step
        bad = ~np.isfinite(new) | (new <= a) | (new >= b)
        new = np.where(bad, 0.5 * (a + b), new)
        flat_lo[active], flat_hi[active], flat_u[active] = a, b, new
        done = (np.abs(new - x) <= tol) | (b - a <= tol)
        active = active[~done]
    else:
        raise ParameterError("ring", "root search", f"converged within {MAX_ITERATIONS} steps")

    u = flat_u.reshape(shape)
    _, deriv, logs = _trace(onsite, u.ravel(), stride)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        # Δ'(E) = (dΔ/du)/t and i = 2 sin φ/Δ'(E) = 2t sin φ·e^{−s}/(dΔ/du·e^{−s})
        current = (2 * t * sin_phi[:, None]) * (np.exp(-logs) / deriv).reshape(shape)
    current = np.where(exact & ((target == 0.0) | (target == np.pi)), 0.0, current)
    current = np.where(np.isfinite(current), current, 0.0)
    energies = u * t
    if ring.degeneracy > 1:
        energies = np.repeat(energies, ring.degeneracy, axis=1)
        current = np.repeat(current, ring.degeneracy, axis=1)
    return energies, current


def canonical_levels(
    ring: LatticeRing, flux: np.ndarray, electrons: int, temperature: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """The levels :func:`currentkit.rings.thermo.canonical` needs for ``electrons`` particles.

    At T = 0 the lowest levels plus two more bands (so that a degenerate group at the Fermi level
    is complete; in 1D at most two bands meet), at T > 0 every level up to 50 k_BT above the
    Fermi gap (more bands are added, doubling, until the highest one is above it on every flux
    row). Levels below are all included, so the result is exact.
    """
    f = np.atleast_1d(np.asarray(flux, dtype=float))
    _check(ring, f)
    if not (isinstance(temperature, (int, float)) and math.isfinite(temperature)
            and temperature >= 0):
        raise ParameterError("temperature", temperature, "a finite k_BT ≥ 0")
    g = ring.degeneracy
    fermion = ring.statistics == "fermion"
    if isinstance(electrons, bool) or not isinstance(electrons, (int, np.integer)) or not (
        1 <= electrons <= (ring.states if fermion else electrons)
    ):
        raise ParameterError("electrons", electrons, f"an integer in [1, {ring.states}]")
    count = min(ring.sites, (-(-int(electrons) // g) if fermion else 1) + 2)
    while True:
        energies, currents = band_levels(ring, f, count)
        if temperature == 0 or count == ring.sites:
            return energies, currents
        ordered = np.sort(energies, axis=1)
        if fermion:
            upper = ordered[:, min(electrons, ordered.shape[1] - 1)]
            reference = 0.5 * (ordered[:, electrons - 1] + upper)
        else:
            reference = ordered[:, 0]
        if np.all(ordered[:, -1] > reference + thermo.FROZEN_KT * temperature):
            return energies, currents
        count = min(ring.sites, 2 * count)


def canonical_current(
    ring: LatticeRing, flux: np.ndarray, electrons: int, temperature: float = 0.0
) -> np.ndarray:
    """Canonical persistent current of ``electrons`` particles from :func:`band_levels`.

    Exactly :func:`currentkit.rings.thermo.canonical` on the full spectrum, using the levels of
    :func:`canonical_levels`; zero for no particles.
    """
    if electrons == 0 and not isinstance(electrons, bool):
        return np.zeros(np.atleast_1d(np.asarray(flux, dtype=float)).size)
    energies, currents = canonical_levels(ring, flux, electrons, temperature)
    return thermo.canonical(energies, currents, int(electrons), float(temperature),
                            ring.statistics).current
