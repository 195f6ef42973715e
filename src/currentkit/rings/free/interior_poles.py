"""Poles of a ring's interior and their boundary couplings, near an energy window only.

Lattice units, energies in the unit of the hopping t (kept explicit). The interior of the ring
of :mod:`~currentkit.rings.free.boundary_levels` (slices 1…L−2 of M sites, K = (L−2)·M sites)
is a real symmetric band matrix H_int of half-bandwidth M. Its contribution to the boundary
Schur complement is

    G(E) = Σ_k w_k w_kᵀ / (E − ε_k) = t²·Pᵀ(E − H_int)⁻¹P,

with (ε_k, u_k) its eigenpairs, w_k = −t·(u_k on slices 1 and L−2) and P the injection of those
two slices. Nothing here forms H_int densely or diagonalises it with vectors.

Poles
    All K eigenvalues ε_k from the band matrix (LAPACK ``dsbevd`` via
    :func:`scipy.linalg.eigvals_banded`, O(K²·M) without vectors). Their positions in the sorted
    list are the absolute pole indices.
Near couplings
    For the poles k of a window only, u_k by inverse iteration at the shift ε_k: two solves
    with one banded LU factorisation of H_int − ε_k (``dgbtrf``/``dgbtrs``, O(K·M²)), from a
    fixed pseudo-random start. A backward-stable solve returns the exact eigenvector of a matrix
    within O(ε_mach·‖H‖) of H_int, so u_k is as accurate as a dense eigensolver's; poles closer
    than 10⁻³‖H‖ are orthogonalised against their lower neighbours computed in the same run
    after every solve (as LAPACK's ``dstein`` does). The residual ‖(H_int − ε_k)u_k‖ is checked.
Far background
    The poles outside the window add F(E) = Σ_far w_k w_kᵀ/(E − ε_k), analytic inside the
    Bernstein ellipse of the window [E_lo, E_hi] that passes through the nearest far pole,
    parameter ρ = x + √(x² − 1) with x = (distance of that pole from the centre)/(half-width).
    F is sampled on the smaller ellipse of parameter √ρ, z(θ) = c + h(√ρ e^{iθ} + e^{−iθ}/√ρ)/2,
    as F(z) = G(z) − Σ_near w_k w_kᵀ/(z − ε_k) with G(z) from the corner blocks of the
    recursive Green function (:func:`currentkit.rings.free.green.corner_blocks`, O(L·M³) per
    z). The samples are complex and off the real axis, so the near sum cancels nothing large.
    A discrete Fourier transform of the samples gives the Chebyshev coefficients of F on the
    window, c_j = 2 D_j/ρ^{j/2}; the aliasing and truncation errors are O(ρ^{−n/2}) for n
    samples, and n is chosen to make them 10⁻¹⁷ of the scale of F. F and dF/dE are then sums
    of Chebyshev polynomials T_j and j·U_{j−1}, exact to round-off in the window.

The split is exact: every pole is either near (exact pole term) or far (summed by an analytic
function converged to machine precision); no level of H(φ) is approximated.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg
import scipy.sparse
from scipy.linalg import lapack

from currentkit.rings.free.green import corner_blocks

logger = logging.getLogger(__name__)

#: Far poles are kept at least this many half-widths of the window from its centre (the near
#: set is padded until they are): the Bernstein parameter ρ ≥ 1.5 + √1.25 ≈ 2.6.
REACH = 1.5
#: Chebyshev terms and aliasing are driven below this fraction of the scale of F.
_ACCURACY = 1e-17
#: Poles closer than this fraction of ‖H_int‖ are orthogonalised against each other.
_CLUSTER = 1e-3
#: Largest accepted residual ‖(H_int − ε_k)u_k‖ as a fraction of ‖H_int‖ (the currents need 1e-8).
_RESIDUAL = 1e-11


@dataclass(frozen=True)
class Interior:
    """The interior slices 1…L−2 of a ring, its eigenvalues and the couplings found so far.

    Attributes
    ----------
    slices
        The slice blocks h_1 … h_{L−2} (t), shape (L−2, M, M).
    hopping
        t.
    poles
        All eigenvalues ε_k of H_int (t), ascending, shape (K,).
    band
        H_int in LAPACK general band storage (2M + M + 1 rows) for ``dgbtrf``.
    scale
        A bound on ‖H_int‖ (Gershgorin), t.
    known
        Boundary couplings w_k computed so far, by pole index (filled by :func:`couplings`).
    """

    slices: np.ndarray
    hopping: float
    poles: np.ndarray
    band: np.ndarray
    scale: float
    known: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)


def interior(slices: np.ndarray, hopping: float) -> Interior:
    """Build H_int in band storage and find all its eigenvalues (no vectors)."""
    n_slices, m = slices.shape[0], slices.shape[1]
    size = n_slices * m
    lower = np.zeros((m + 1, size))  # lower[d, i] = H[i + d, i]
    for d in range(m):
        lower[d, :size] = np.concatenate([np.append(np.diagonal(h, -d), np.zeros(d))
                                          for h in slices])
    lower[m, :size - m] = -hopping
    poles = scipy.linalg.eigvals_banded(lower, lower=True, check_finite=False)
    band = np.zeros((3 * m + 1, size))  # band[2M + i − j, j] = H[i, j]
    for d in range(m + 1):
        band[2 * m + d, :size - d] = lower[d, :size - d]
        band[2 * m - d, d:] = lower[d, :size - d]
    scale = float(np.max(np.sum(np.abs(band), axis=0)))
    return Interior(slices, hopping, poles, band, scale)


def _matrix(inner: Interior) -> scipy.sparse.csr_array:
    """H_int as a sparse matrix (for residuals)."""
    m = inner.slices.shape[1]
    size = inner.poles.size
    offsets = np.arange(-m, m + 1)
    diagonals = [inner.band[2 * m - d, max(d, 0):size + min(d, 0)] for d in offsets]
    return scipy.sparse.diags_array(diagonals, offsets=offsets, format="csr")


def couplings(inner: Interior, ks: np.ndarray) -> np.ndarray | None:
    """w_k for the poles ks, shape (2M, len(ks)); None when inverse iteration does not converge.

    Computed poles are kept in ``inner.known``; each run of missing poles is computed together
    (orthogonalised within the run).
    """
    if ks.size == 0:
        return np.zeros((2 * inner.slices.shape[1], 0))
    missing = np.array([k for k in ks if int(k) not in inner.known], dtype=int)
    if missing.size:
        for run in np.split(missing, np.flatnonzero(np.diff(missing) > 1) + 1):
            found = _inverse_iteration(inner, run)
            if found is None:
                return None
            for k, w in zip(run, found.T, strict=True):
                inner.known[int(k)] = w
    return np.stack([inner.known[int(k)] for k in ks], axis=1)


def _inverse_iteration(inner: Interior, ks: np.ndarray) -> np.ndarray | None:
    """Boundary couplings of poles ks (ascending, contiguous) by inverse iteration."""
    m = inner.slices.shape[1]
    size = inner.poles.size
    rng = np.random.default_rng(size)  # fixed start: results do not depend on the call order
    vectors = np.empty((size, ks.size))
    gap = _CLUSTER * inner.scale
    lowest = 0  # the lowest pole of this run within `gap` of the current one
    for i, k in enumerate(ks):
        shift = inner.poles[k]
        while shift - inner.poles[ks[lowest]] >= gap:
            lowest += 1
        cluster = list(range(lowest, i))
        ab = inner.band.copy()
        ab[2 * m] -= shift
        lu, pivots, info = lapack.dgbtrf(ab, m, m, overwrite_ab=1)
        if info > 0:  # an exactly singular pivot: move the shift by one rounding unit
            ab = inner.band.copy()
            ab[2 * m] -= shift + np.finfo(float).eps * inner.scale
            lu, pivots, info = lapack.dgbtrf(ab, m, m, overwrite_ab=1)
        if info != 0:
            return None
        x = rng.standard_normal((size, 1))
        for _ in range(2):
            x, info = lapack.dgbtrs(lu, m, m, x, pivots, overwrite_b=1)
            if info != 0 or not np.all(np.isfinite(x)):
                return None
            x /= np.linalg.norm(x)
            if cluster:
                block = vectors[:, cluster]
                x -= block @ (block.T @ x)
                x /= np.linalg.norm(x)
        vectors[:, i] = x[:, 0]
    residual = np.linalg.norm(_matrix(inner) @ vectors - vectors * inner.poles[ks], axis=0)
    if np.any(residual > _RESIDUAL * inner.scale):
        logger.info("inverse iteration: residual %.2g at %d poles", float(np.max(residual)),
                    int(np.sum(residual > _RESIDUAL * inner.scale)))
        return None
    return -inner.hopping * np.concatenate([vectors[:m], vectors[size - m:]])


@dataclass(frozen=True)
class Background:
    """F(E) = Σ_far w_k w_kᵀ/(E − ε_k) as a Chebyshev series on [c − h, c + h].

    Attributes
    ----------
    center, half
        c and h (t).
    coefficients
        c_j, shape (d + 1, 4M²) (the 2M×2M matrices flattened).
    """

    center: float
    half: float
    coefficients: np.ndarray

    def value(self, energy: np.ndarray) -> np.ndarray:
        """F(E), shape (B, 4M²)."""
        return self._chebyshev(energy, derivative=False) @ self.coefficients

    def slope(self, energy: np.ndarray) -> np.ndarray:
        """dF/dE = −Σ_far w_k w_kᵀ/(E − ε_k)², shape (B, 4M²)."""
        return self._chebyshev(energy, derivative=True) @ self.coefficients / self.half

    def _chebyshev(self, energy: np.ndarray, derivative: bool) -> np.ndarray:
        """T_j(x), or dT_j/dx = j·U_{j−1}(x), at x = (E − c)/h for j = 0…d, shape (B, d + 1)."""
        x = (np.asarray(energy, dtype=float) - self.center) / self.half
        out = np.zeros((x.size, self.coefficients.shape[0]))
        if derivative:  # U_0 = 1, U_1 = 2x, U_{j+1} = 2x·U_j − U_{j−1}
            prev, cur = np.zeros(x.size), np.ones(x.size)  # U_{−1}, U_0
            for j in range(1, out.shape[1]):
                out[:, j] = j * cur
                prev, cur = cur, 2 * x * cur - prev
        else:  # T_0 = 1, T_1 = x, T_{j+1} = 2x·T_j − T_{j−1}
            prev, cur = x, np.ones(x.size)  # T_{−1} = T_1, T_0
            for j in range(out.shape[1]):
                out[:, j] = cur
                prev, cur = cur, 2 * x * cur - prev
        return out


def background(inner: Interior, start: int, stop: int, outer: np.ndarray, lo: float,
               hi: float) -> Background | None:
    """The far poles' sum for near poles start…stop−1 on the window [lo, hi]; None if none.

    ``outer`` holds the near w_k w_kᵀ flattened, shape (stop − start, 4M²). The far poles must
    lie outside the ellipse of parameter ρ > 1 around [lo, hi] (see the module docstring).
    """
    poles = inner.poles
    if start == 0 and stop == poles.size:
        return None
    center, half = 0.5 * (lo + hi), 0.5 * (hi - lo)
    reach = min((center - poles[start - 1]) / half if start > 0 else np.inf,
                (poles[stop] - center) / half if stop < poles.size else np.inf)
    rho = reach + np.sqrt(reach * reach - 1)
    degree = int(np.ceil(np.log(1 / _ACCURACY) / np.log(rho)))
    samples = 2 * degree + 2  # aliasing ρ^{−n/2} below _ACCURACY
    radius = np.sqrt(rho)
    theta = 2 * np.pi * (np.arange(samples // 2) + 0.5) / samples  # upper half; F(z̄) = F(z)*
    zeta = radius * np.exp(1j * theta)
    z = center + 0.5 * half * (zeta + 1 / zeta)
    a, b, c, d = corner_blocks(inner.slices, inner.hopping, z)
    green = inner.hopping ** 2 * np.block([[a, b], [c, d]])
    near = (1.0 / (z[:, None] - poles[start:stop][None, :])) @ outer
    upper = green.reshape(z.size, -1) - near
    values = np.concatenate([upper, np.conj(upper[::-1])])
    full = 2 * np.pi * (np.arange(samples) + 0.5) / samples
    j = np.arange(degree + 1)
    dft = np.exp(-1j * j[:, None] * full[None, :]) / samples  # (d + 1, n)
    coefficients = np.real(dft @ values) * (2 / radius ** j)[:, None]
    coefficients[0] /= 2
    return Background(center, half, coefficients)


@dataclass(frozen=True)
class NearPoles:
    """The interior's contribution Σ_k w_k w_kᵀ/(E − ε_k) on a window [lo, hi], exactly.

    Attributes
    ----------
    start
        Absolute index of the first near pole.
    poles
        The near poles ε_k (t), shape (n,).
    couplings
        Their w_k as columns, shape (2M, n).
    outer
        w_k w_kᵀ flattened, shape (n, 4M²).
    background
        The far poles' sum F on the window, None when every pole is near.
    lo, hi
        The window (t): energies where :meth:`value` and :meth:`slope` hold.
    """

    start: int
    poles: np.ndarray
    couplings: np.ndarray
    outer: np.ndarray
    background: Background | None
    lo: float
    hi: float

    def value(self, energy: np.ndarray, skip: np.ndarray | None = None) -> np.ndarray:
        """Σ_k w_k w_kᵀ/(E − ε_k) for each E, shape (B, 4M²); ``skip`` drops one near pole per
        row (absolute index)."""
        with np.errstate(divide="ignore"):
            weight = 1.0 / (energy[:, None] - self.poles[None, :])
        if skip is not None:
            weight[np.arange(energy.size), skip - self.start] = 0.0
        out = weight @ self.outer
        return out if self.background is None else out + self.background.value(energy)

    def slope(self, energy: np.ndarray, u: np.ndarray) -> np.ndarray:
        """u†[d/dE Σ_k w_k w_kᵀ/(E − ε_k)]u = −Σ_k |w_kᵀu|²/(E − ε_k)² for rows (E, u), (B,)."""
        with np.errstate(divide="ignore"):
            weight = 1.0 / (energy[:, None] - self.poles[None, :]) ** 2
        proj = np.abs(u @ self.couplings) ** 2  # (B, n): |w_kᵀ u|², w real
        out = -np.sum(proj * weight, axis=1)
        if self.background is not None:
            r = u.shape[1]
            far = self.background.slope(energy).reshape(-1, r, r)
            out = out + np.real(np.einsum("bi,bij,bj->b", np.conj(u), far, u))
        return out


def near_poles(inner: Interior, lo: float, hi: float) -> NearPoles | None:
    """Near poles and far background for the window [lo, hi]; None if inverse iteration fails.

    The near poles are those within :data:`REACH` half-widths of the window's centre.
    """
    center, half = 0.5 * (lo + hi), 0.5 * (hi - lo)
    start = int(np.searchsorted(inner.poles, center - REACH * half, side="right"))
    stop = int(np.searchsorted(inner.poles, center + REACH * half, side="left"))
    ks = np.arange(start, stop)
    found = couplings(inner, ks)
    if found is None:
        return None
    r = found.shape[0]
    outer = np.ascontiguousarray(
        (found[:, None, :] * found[None, :, :]).reshape(r * r, -1).T)
    far = background(inner, start, stop, outer, lo, hi)
    logger.debug("near poles %d…%d of %d on [%.6g, %.6g], %d Chebyshev terms", start, stop - 1,
                 inner.poles.size, lo, hi, 0 if far is None else far.coefficients.shape[0])
    return NearPoles(start, inner.poles[ks], found, outer, far, lo, hi)
