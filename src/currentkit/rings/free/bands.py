"""Levels and level currents of a 1D lattice ring from per-band interpolants of Δ(E).

Lattice units ħ = e = 1, energies in the unit of the hopping t; φ = 2πf and the level current is
i_n = −∂E_n/∂φ in units of e·t/ħ, as in :mod:`currentkit.rings.free.lattice`.

Method
------
With T_j(E) = [[(ε_j − E)/t, −1], [1, 0]] and Δ(E) = Tr T_{L−1}⋯T_0 (see
:mod:`~currentkit.rings.free.transfer`), det(E − H(φ)) = (−t)^L (Δ(E) − 2cos φ). The n-th level
E_n(φ)
stays inside band n, between the n-th eigenvalues of the real rings at φ = 0 (Δ = 2) and φ = π
(Δ = −2), computed once (``scipy.linalg.eig_banded``; reordered 0, L−1, 1, L−2, … the ring is
pentadiagonal), and inside the band Δ runs monotonically from ±2 to ∓2.

Δ does not depend on φ. On band n mapped to x ∈ [−1, 1] it is as smooth as half a period of a
cosine, so a Chebyshev interpolant of a few terms holds it to round-off. Δ and Δ' at the Lobatto
nodes x_k = cos(πk/m) of all bands come from one recursion over the sites vectorised over all
(band, node) energies, u_{j+1} = x_j u_j − u_{j−1} with x_j = (ε_j − E)/t, and its E-derivative,
renormalised every few sites with the log-scale kept per energy (products ~ e^{L/ξ} overflow).
Per band a DCT-I gives p(x) ≈ Δ and q(x) ≈ Δ'·e^{−s} (s the band's largest log-scale). Currents
use q, not p': in a localized band Δ = ±2 is a cancellation of entries ~ e^{L/ξ}, so p has an
absolute error ~ ε_mach·e^{L/ξ} (its roots stay good to ~ ε_mach times the level spacing) while
the recursion's Δ' is relatively accurate however small the current. A band has converged when
q's last two coefficients are below ``TAIL_TOL`` of its largest, or its upper half is a round-off
plateau below ``PLATEAU_TOL``; the others are refitted at twice the degree, reusing the old
nodes, up to ``MAX_DEGREE`` (localized bands need m = 4–8, wide ones 8–32). A band still
unconverged falls back to safeguarded Newton on θ(E) = arccos(Δ(E)/2) = |φ| via the recursion.

Then every flux point's root of p(x) = 2cos φ is found by Newton on p, safeguarded by bisection,
for all (flux, band) pairs at once, at O(m) per step: the method costs O(count·m·L + F·count·m)
instead of O(F·count·L) per Newton step. Differentiating Δ(E_n(φ)) = 2cos φ gives
Δ'(E_n) ∂E_n/∂φ = −2 sin φ, so i_n = −∂E_n/∂φ = 2 sin φ / Δ'(E_n).

At φ = 0 and φ = π (mod 2π) the level is the band edge itself and the current is set to 0: this is
the exact limit where Δ'(E_n) ≠ 0, and where two bands touch (Δ' = 0, a degenerate pair) the
pair's currents are basis dependent and sum to 0, so every basis-independent quantity (the
canonical current with the degenerate-group rule of :mod:`currentkit.rings.free.thermo`) is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.fft
import scipy.linalg
from numpy.polynomial import chebyshev

from currentkit.errors import ConvergenceError, ParameterError, integer
from currentkit.errors import temperature as check_temperature
from currentkit.rings.chain import transfer_product
from currentkit.rings.free import thermo
from currentkit.rings.models import LatticeRing

#: Most Newton/bisection iterations (bisection alone halves a band bracket to 1e-16 in ~60).
MAX_ITERATIONS = 200
#: A root is converged when its last step or its bracket is below this times the energy scale.
_STEP_TOL = 4 * np.finfo(float).eps
#: Largest growth allowed between renormalisations of the recursion (log); e^{230} ≈ 1e100.
_LOG_GROWTH = 230.0
#: Degree m of the first Chebyshev interpolant of every band (m + 1 Lobatto nodes); narrow
#: (localized) bands, where Δ is nearly linear, converge at this degree.
FIRST_DEGREE = 4
#: Highest degree tried before a band falls back to Newton on the recursion; wide bands of weakly
#: disordered rings converge at m ≈ 32.
MAX_DEGREE = 128
#: Converged: the last two Chebyshev coefficients of Δ' below this fraction of the largest, ...
TAIL_TOL = 1e-13
#: ... or (m ≥ 8) its whole upper half below this: a round-off plateau more nodes cannot lower
#: (Δ' carries ~1e-13 relative error, ~1e-11 in narrow bands with a near-degenerate neighbour).
PLATEAU_TOL = 1e-9
#: Band edges by bisection (``select``) cost ~count·L, all eigenvalues ~L²: select below L/20.
_SELECT_FRACTION = 20


@dataclass(frozen=True)
class _BandFit:
    """Bands of one degree m: Δ ≈ Σ p_k T_k(x), dΔ/du ≈ e^{s}Σ q_k T_k(x), E = mid + half·x."""

    bands: np.ndarray
    p: np.ndarray
    q: np.ndarray
    logscale: np.ndarray


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
    joins indices at most 2 apart, so each is a pentadiagonal (banded) matrix. Few eigenvalues
    (count < L/20) are found by bisection, more by the full tridiagonal QR (O(L²)).
    """
    n = ring.sites
    order = np.empty(n, dtype=int)
    order[0::2] = np.arange((n + 1) // 2)
    order[1::2] = n - 1 - np.arange(n // 2)
    position = np.empty(n, dtype=int)
    position[order] = np.arange(n)
    first, second = position[np.arange(n)], position[(np.arange(n) + 1) % n]
    low, offset = np.minimum(first, second), np.abs(first - second)
    select = _SELECT_FRACTION * count < n
    out = []
    for closing in (-1.0, 1.0):  # e^{iφ} = ±1 on the closing bond
        band = np.zeros((3, n))
        band[0] = _onsite(ring)[order]
        hop = np.full(n, -ring.hopping)
        hop[-1] = closing * ring.hopping
        band[offset, low] = hop
        some: dict[str, object] = {"select": "i", "select_range": (0, count - 1)} if select else {}
        out.append(scipy.linalg.eig_banded(band, lower=True, eigvals_only=True,
                                           check_finite=False, **some)[:count])
    return out[0], out[1]


def _trace(onsite: np.ndarray, u: np.ndarray, stride: int
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Δ(E) = D·e^{s} and dΔ/du = dD·e^{s} at u = E/t (``onsite`` = ε_j/t): returns (D, dD, s).

    Tr M and Tr dM/du of :func:`currentkit.rings.chain.transfer_product`, renormalised every
    ``stride`` sites.
    """
    m = transfer_product(onsite, u, stride=stride)
    return m.m11 + m.m22, m.d11 + m.d22, m.log_scale


def _delta(value: np.ndarray, logs: np.ndarray) -> np.ndarray:
    """Δ = value·e^{logs} clipped to [−2, 2] (inside a band: only round-off is clipped)."""
    with np.errstate(over="ignore"):
        return np.clip(value * np.exp(np.minimum(logs, 700.0)), -2.0, 2.0)


def _coefficients(values: np.ndarray) -> np.ndarray:
    """Chebyshev coefficients (last axis) of the interpolant through values at cos(πk/m)."""
    m = values.shape[-1] - 1
    coef = scipy.fft.dct(values, type=1, axis=-1) / m
    coef[..., 0] *= 0.5
    coef[..., -1] *= 0.5
    return coef


def _fit_bands(onsite: np.ndarray, mid: np.ndarray, half: np.ndarray, stride: int
               ) -> tuple[list[_BandFit], np.ndarray]:
    """Chebyshev interpolants of Δ and Δ' on every band [mid − half, mid + half] (u = E/t).

    Starts at degree ``FIRST_DEGREE`` and doubles the degree of the bands whose Δ' tail is not
    below ``TAIL_TOL`` nor its upper half below ``PLATEAU_TOL`` (the Lobatto nodes of degree m
    are those of degree 2m with even index, so only the new odd ones are evaluated), up to
    ``MAX_DEGREE``. Returns the converged groups and the indices of the bands that did not.
    """
    m = FIRST_DEGREE
    bands = np.arange(mid.size)
    nodes = np.cos(np.pi * np.arange(m + 1) / m)
    value, deriv, logs = (a.reshape(bands.size, m + 1) for a in _trace(
        onsite, (mid[:, None] + half[:, None] * nodes).ravel(), stride))
    fits = []
    while True:
        logscale = logs.max(axis=1)
        q = _coefficients(deriv * np.exp(logs - logscale[:, None]))
        delta = _delta(value, logs)
        largest = np.max(np.abs(q), axis=1)
        done = (np.max(np.abs(q[:, -2:]), axis=1) <= TAIL_TOL * largest) | (
            (m >= 8) & (np.max(np.abs(q[:, m // 2 + 1:]), axis=1) <= PLATEAU_TOL * largest))
        if np.any(done):
            fits.append(_BandFit(bands[done], _coefficients(delta[done]), q[done],
                                 logscale[done]))
        bands, value, deriv, logs = bands[~done], value[~done], deriv[~done], logs[~done]
        if bands.size == 0 or m >= MAX_DEGREE:
            return fits, bands
        odd = np.cos(np.pi * np.arange(1, 2 * m, 2) / (2 * m))
        extra = (a.reshape(bands.size, m) for a in _trace(
            onsite, (mid[bands, None] + half[bands, None] * odd).ravel(), stride))
        merged = []
        for old, new in zip((value, deriv, logs), extra, strict=True):
            both = np.empty((bands.size, 2 * m + 1))
            both[:, 0::2], both[:, 1::2] = old, new
            merged.append(both)
        value, deriv, logs = merged
        m *= 2


def _bracketed(x: np.ndarray, h: np.ndarray, step: np.ndarray, lo: np.ndarray, hi: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Newton step x + step on h (increasing, zero at the root) kept inside the bracket [lo, hi]
    shrunk by the sign of h: returns (lo, hi, x); a step that leaves it bisects it instead."""
    below = h < 0
    a, b = np.where(below, x, lo), np.where(below, hi, x)
    new = x + step
    new = np.where(~np.isfinite(new) | (new <= a) | (new >= b), 0.5 * (a + b), new)
    return a, b, np.where(h == 0, x, new)


def _interpolant_roots(fit: _BandFit, cos_phi: np.ndarray, falling: np.ndarray
                       ) -> np.ndarray:
    """x ∈ [−1, 1] with p(x) = 2cos φ for every (flux, band) pair of ``fit``, shape (F, b).

    Newton on p safeguarded by bisection of [−1, 1]. ``falling`` (b,) marks the bands where Δ
    decreases with E (their φ = 0 edge, Δ = 2, is the lower one); ``cos_phi`` has shape (F,).
    """
    shape = (cos_phi.size, fit.bands.size)
    sign = np.broadcast_to(np.where(falling, -1.0, 1.0), shape).ravel()
    target = np.broadcast_to(2.0 * cos_phi[:, None], shape).ravel()
    band = np.broadcast_to(np.arange(shape[1]), shape).ravel()
    slope = chebyshev.chebder(fit.p, axis=1)
    # linear-in-θ first guess: exact for a clean band, one Newton step from exact for a narrow one
    theta = np.arccos(np.clip(0.5 * target, -1.0, 1.0))
    x = -sign * (1.0 - 2.0 * theta / np.pi)
    lo, hi = -np.ones(x.size), np.ones(x.size)
    active = np.arange(x.size)
    tol = 8 * np.finfo(float).eps
    for _ in range(MAX_ITERATIONS):
        if active.size == 0:
            return x.reshape(shape)
        xa, which = x[active], band[active]
        h = sign[active] * (chebyshev.chebval(xa, fit.p[which].T, tensor=False) - target[active])
        dh = sign[active] * chebyshev.chebval(xa, slope[which].T, tensor=False)
        with np.errstate(divide="ignore", invalid="ignore"):
            a, b, new = _bracketed(xa, h, -h / dh, lo[active], hi[active])
        lo[active], hi[active], x[active] = a, b, new
        done = (np.abs(new - xa) <= tol) | (b - a <= tol)
        active = active[~done]
    return x.reshape(shape)  # unreachable in practice: bisection alone needs ~55 steps


def _newton_roots(onsite: np.ndarray, phase: np.ndarray, zero: np.ndarray, pi: np.ndarray,
                  stride: int, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """u = E/t with θ(u) = arccos(Δ/2) = ``phase`` (F,) ∈ (0, π) in bands [zero, pi] (b,).

    The fallback for bands whose interpolant did not converge: Newton on θ (nearly linear in E
    across a wide band) with Δ and Δ' from the recursion at every step, safeguarded by bisection.
    Returns u and 1/(dΔ/du), shape (F, b) each.
    """
    shape = (phase.size, zero.size)
    phase, zero, pi = (np.broadcast_to(a, shape).ravel() for a in (phase[:, None], zero, pi))
    lo, hi = np.minimum(zero, pi), np.maximum(zero, pi)
    rising = zero <= pi  # θ increases with E across the band
    u = zero + (phase / np.pi) * (pi - zero)  # linear guess between the band edges
    active = np.flatnonzero(hi - lo > tol)
    for _ in range(MAX_ITERATIONS):
        if active.size == 0:
            _, deriv, logs = _trace(onsite, u, stride)
            with np.errstate(divide="ignore", over="ignore", under="ignore"):
                return u.reshape(shape), (np.exp(-logs) / deriv).reshape(shape)
        x = u[active]
        value, deriv, logs = _trace(onsite, x, stride)
        delta = _delta(value, logs)
        theta, root = np.arccos(0.5 * delta), np.sqrt(np.maximum(4.0 - delta * delta, 0.0))
        h = np.where(rising[active], 1.0, -1.0) * (theta - phase[active])
        # Newton on θ: dθ/du = −Δ'/√(4 − Δ²), written with the scale e^{s} divided out
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            step = (theta - phase[active]) * root * np.exp(-np.minimum(logs, 700.0)) / deriv
            a, b, new = _bracketed(x, h, step, lo[active], hi[active])
        lo[active], hi[active], u[active] = a, b, new
        done = (np.abs(new - x) <= tol) | (b - a <= tol)
        active = active[~done]
    raise ConvergenceError("the band-edge root search", f"not within {MAX_ITERATIONS} Newton steps")


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
        :func:`currentkit.rings.free.lattice.levels`.
    """
    f = np.atleast_1d(np.asarray(flux, dtype=float))
    _check(ring, f)
    integer("count", count, minimum=1, maximum=ring.sites, what="levels per flux point")
    t = ring.hopping
    onsite = _onsite(ring) / t
    zero, pi = band_edges(ring, int(count))
    zero, pi = zero / t, pi / t
    reduced = f - np.round(f)  # in [−1/2, 1/2]
    edge = (reduced == 0.0) | (np.abs(reduced) == 0.5)  # φ = 0 or π: the band edges themselves
    sin_phi = np.where(edge, 0.0, np.sin(2 * np.pi * reduced))
    cos_phi = np.cos(2 * np.pi * reduced)
    scale = float(np.max(np.abs(onsite))) + 2.0
    stride = max(1, int(_LOG_GROWTH / math.log(2.0 * scale)))
    mid, half = 0.5 * (zero + pi), 0.5 * np.abs(pi - zero)
    u = np.empty((f.size, int(count)))
    current = np.empty_like(u)
    fits, left = _fit_bands(onsite, mid, half, stride)
    generic = np.flatnonzero(~edge)
    for fit in fits:
        x = _interpolant_roots(fit, cos_phi[generic], zero[fit.bands] <= pi[fit.bands])
        u[np.ix_(generic, fit.bands)] = mid[fit.bands] + half[fit.bands] * x
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            # Δ'(E) = (dΔ/du)/t and i = 2 sin φ/Δ'(E) = 2t sin φ·e^{−s}/(Σ q_k T_k(x))
            slope = chebyshev.chebval(x, fit.q.T[:, None, :], tensor=False)
            current[np.ix_(generic, fit.bands)] = (
                2 * t * sin_phi[generic, None] * np.exp(-fit.logscale) / slope)
    if left.size:
        roots, inverse = _newton_roots(onsite, np.abs(2 * np.pi * reduced[generic]), zero[left],
                                       pi[left], stride, _STEP_TOL * scale)
        u[np.ix_(generic, left)] = roots
        current[np.ix_(generic, left)] = 2 * t * sin_phi[generic, None] * inverse
    u[edge] = np.where(reduced[edge, None] == 0.0, zero, pi)
    current[edge] = 0.0
    current = np.where(np.isfinite(current), current, 0.0)
    energies = u * t
    if ring.degeneracy > 1:
        energies = np.repeat(energies, ring.degeneracy, axis=1)
        current = np.repeat(current, ring.degeneracy, axis=1)
    return energies, current


def canonical_levels(
    ring: LatticeRing, flux: np.ndarray, electrons: int, temperature: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """The levels :func:`currentkit.rings.free.thermo.canonical` needs for ``electrons`` particles.

    At T = 0 the lowest levels plus two more bands (so that a degenerate group at the Fermi level
    is complete; in 1D at most two bands meet), at T > 0 every level up to 50 k_BT above the
    Fermi gap (more bands are added, doubling, until the highest one is above it on every flux
    row). Levels below are all included, so the result is exact.
    """
    f = np.atleast_1d(np.asarray(flux, dtype=float))
    _check(ring, f)
    check_temperature("temperature", temperature)
    g = ring.degeneracy
    fermion = ring.statistics == "fermion"
    integer("electrons", electrons, minimum=1, maximum=ring.states if fermion else None,
            what="particles on the ring")
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

    Exactly :func:`currentkit.rings.free.thermo.canonical` on the full spectrum, using the levels of
    :func:`canonical_levels`; zero for no particles.
    """
    if electrons == 0 and not isinstance(electrons, bool):
        return np.zeros(np.atleast_1d(np.asarray(flux, dtype=float)).size)
    energies, currents = canonical_levels(ring, flux, electrons, temperature)
    return thermo.canonical(energies, currents, int(electrons), float(temperature),
                            ring.statistics).current
