"""Fermi sums along the imaginary axis: Matsubara sums at T > 0 and their integral at T = 0.

Grand-canonical quantities of independent fermions are sums over the levels weighted by the Fermi
function f(ξ) = 1/(e^{ξ/k_BT} + 1). With f(ξ) = 1/2 + k_BT Σ_{k∈ℤ} 1/(iω_k − ξ) and
ω_k = (2k + 1)πk_BT, a quantity Σ_n f(E_n − μ)·a_n whose level sum Σ_n a_n vanishes becomes a sum
of a function F(z) analytic off the real axis, evaluated at z_k = μ + iω_k. Pairing k with
−k − 1 (z̄_k) for F(z̄) = conj F(z) gives

    S(T) = 2k_BT Re Σ_{k≥0} F(μ + iω_k),

and as T → 0 the frequencies fill the axis with spacing 2πk_BT, so

    S(0) = (1/π) Re ∫_0^∞ F(μ + iω) dω.

The modules :mod:`~currentkit.rings.free.transfer` and :mod:`~currentkit.rings.free.green` supply F
for the
persistent current (F(z) = ∂_φ ln det(z − H(φ))); this module does the summation or integration,
vectorised over blocks of frequencies, to a relative tolerance the caller sets.

Integral at T = 0
-----------------
F(μ + iω) has its singularities at ω = ±i|E_n − μ|: it varies on the scale of the distance δ from
μ to the nearest level, and decays like e^{−ωL/v_F}. With ω = s·u/(1 − u), u ∈ [0, 1), and s the
natural scale of the ring (≈ t/L), the integral is computed by adaptive Gauss-Legendre: a panel is
split in two until the two halves agree with the whole within the tolerance; the panels near u = 0
refine down to the scale δ. μ exactly at a level makes the T = 0 sum ill defined (F ~ 1/ω): the
refinement then runs out of panels and a :class:`~currentkit.errors.ParameterError` names μ.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from currentkit.errors import ConvergenceError, ParameterError, finite_real
from currentkit.errors import temperature as check_temperature
from currentkit.rings.models import LatticeRing

#: Most Matsubara frequencies summed before giving up (the sum needs ~ ln(1/tol)·v_F/(2πk_BT·L)).
MAX_FREQUENCIES = 1 << 20
FIRST_FREQUENCIES = 16
MAX_BLOCK_FREQUENCIES = 1 << 12
#: Gauss-Legendre points per panel of the T = 0 integral (exact for polynomials of degree 31).
_GAUSS_POINTS = 16
#: Most panels of the T = 0 integral: bisection reaches δ ~ 2^{−60}·s long before this.
MAX_PANELS = 1 << 12

Terms = Callable[[np.ndarray], np.ndarray]


def fermi_inputs(
    ring: LatticeRing, flux: np.ndarray, mu: float, temperature: float, tol: float
) -> tuple[np.ndarray, float]:
    """Validate the arguments of a Fermi-sum current; return (flux array, k_BT).

    Raises :class:`~currentkit.errors.ParameterError` for bosons, k_BT < 0 or non-finite,
    non-finite μ or flux, and tol outside (0, 1).
    """
    if ring.statistics != "fermion":
        raise ParameterError("statistics", ring.statistics, "'fermion' (Matsubara sum)")
    kT = check_temperature("temperature", temperature)
    finite_real("mu", mu, "a finite chemical potential")
    if isinstance(tol, bool) or not (isinstance(tol, (int, float, np.floating)) and 0 < tol < 1):
        raise ParameterError("tol", tol, "a relative tolerance in (0, 1)")
    f = np.asarray(flux, dtype=float)
    if not np.all(np.isfinite(f)):
        raise ParameterError("flux", "non-finite entries", "finite reduced fluxes")
    return f, kT


def _converged(terms: np.ndarray, total: np.ndarray, tol: float) -> bool:
    """Whether the newest terms, and the geometric tail they extrapolate to, are below tol·scale.

    ``terms`` has shape (F, block); the scale is the largest |partial sum| over the flux grid.
    The terms eventually fall geometrically (ratio r = e^{−2πk_BT·L/v_F}), so the tail after the
    last term is bounded by |last|·r/(1 − r), with r estimated from the last two terms.
    """
    scale = tol * float(np.max(np.abs(total), initial=0.0))
    late = np.abs(terms[:, -max(2, terms.shape[1] // 4) :])
    if float(np.max(late, initial=0.0)) > scale:
        return False
    last, prev = float(np.max(late[:, -1])), float(np.max(late[:, -2]))
    if last == 0.0:
        return True
    ratio = last / prev if prev > 0 else 1.0
    return ratio < 1.0 and last * ratio / (1.0 - ratio) <= scale


def matsubara_sum(
    block_terms: Terms,
    mu: float,
    kT: float,
    *,
    tol: float,
    first: int = FIRST_FREQUENCIES,
    max_block: int = MAX_BLOCK_FREQUENCIES,
    what: str = "the ring",
) -> np.ndarray:
    """Σ_{k≥0} of the terms of z_k = μ + iω_k, ω_k = (2k + 1)πk_BT, over doubling blocks.

    ``block_terms(z)`` returns the real terms, shape (F, K), for K frequencies z; blocks double
    from ``first`` up to ``max_block`` until :func:`_converged`. Raises
    :class:`~currentkit.errors.ConvergenceError` past
    :data:`MAX_FREQUENCIES`. Returns the sums, shape (F,).
    """
    total: np.ndarray | None = None
    done, block = 0, first
    while True:
        k = np.arange(done, done + block)
        terms = block_terms(mu + 1j * (2 * k + 1) * np.pi * kT)
        total = terms.sum(axis=1) if total is None else total + terms.sum(axis=1)
        done += block
        if _converged(terms, total, tol):
            return total
        if done >= MAX_FREQUENCIES:
            raise ConvergenceError(
                "the Matsubara sum",
                f"not within {MAX_FREQUENCIES} frequencies at k_BT = {kT!r} for {what} (raise "
                "the temperature or use dense levels instead)",
            )
        block = min(2 * block, max_block, MAX_FREQUENCIES - done)


def imaginary_axis_integral(
    block_terms: Terms,
    mu: float,
    *,
    scale: float,
    tol: float,
    max_block: int = MAX_BLOCK_FREQUENCIES,
    what: str = "the ring",
) -> np.ndarray:
    """∫_0^∞ F(μ + iω) dω by adaptive Gauss-Legendre on ω = s·u/(1 − u), shape (F,).

    ``block_terms(z)`` returns Re F, shape (F, K), at K points z. Panels of u are bisected until
    each one's two halves agree with the whole to ``tol`` times the largest |estimate| over the
    flux grid; the halves' sum is kept. Raises :class:`~currentkit.errors.ParameterError`
    (naming μ) if that needs more than :data:`MAX_PANELS` panels, i.e. when μ sits at a level.
    """
    x, w = np.polynomial.legendre.leggauss(_GAUSS_POINTS)

    def panels(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        half = 0.5 * (hi - lo)
        u = (0.5 * (hi + lo))[:, None] + half[:, None] * x[None, :]  # (P, n)
        omega = scale * u / (1.0 - u)
        jacobian = scale / (1.0 - u) ** 2
        values = np.concatenate([
            block_terms(mu + 1j * chunk)
            for chunk in np.array_split(omega.ravel(), max(1, -(-omega.size // max_block)))
        ], axis=1).reshape(-1, *omega.shape)  # (F, P, n)
        return np.einsum("fpn,pn->fp", values, (w[None, :] * jacobian) * half[:, None])

    lo, hi = np.array([0.0]), np.array([1.0])
    estimate = panels(lo, hi)  # (F, P)
    accepted = np.zeros(estimate.shape[0])
    used = 1
    while lo.size:
        mid = 0.5 * (lo + hi)
        children = panels(np.concatenate([lo, mid]), np.concatenate([mid, hi]))
        left, right = children[:, : lo.size], children[:, lo.size :]
        error = np.max(np.abs(left + right - estimate), axis=0)
        total = accepted + (left + right).sum(axis=1)
        good = error <= tol * float(np.max(np.abs(total), initial=0.0))
        accepted = accepted + (left + right)[:, good].sum(axis=1)
        refine = ~good
        used += 2 * lo.size
        if refine.any() and used + 4 * int(refine.sum()) > MAX_PANELS:
            # μ at a level is the caller's ill-posed question (I jumps there), not a numerical
            # failure: ParameterError, not ConvergenceError
            raise ParameterError(
                "mu", mu, f"away from the levels of {what} (the T = 0 integral did not "
                f"converge within {MAX_PANELS} panels; shift μ or use T > 0)")
        lo = np.concatenate([lo[refine], mid[refine]])
        hi = np.concatenate([mid[refine], hi[refine]])
        estimate = np.concatenate([left[:, refine], right[:, refine]], axis=1)
    return accepted


def fermi_sum(
    block_terms: Terms,
    mu: float,
    kT: float,
    *,
    tol: float,
    scale: float,
    first: int = FIRST_FREQUENCIES,
    max_block: int = MAX_BLOCK_FREQUENCIES,
    what: str = "the ring",
) -> np.ndarray:
    """S = 2k_BT Re Σ_{k≥0} F(μ + iω_k) at T > 0, or (1/π) Re ∫_0^∞ F(μ + iω) dω at T = 0.

    ``scale`` is the frequency scale (≈ t/L) on which the T = 0 integrand varies; the Matsubara
    sum ignores it. Returns S, shape (F,).
    """
    if kT > 0:
        return 2 * kT * matsubara_sum(block_terms, mu, kT, tol=tol, first=first,
                                      max_block=max_block, what=what)
    return imaginary_axis_integral(block_terms, mu, scale=scale, tol=tol,
                                   max_block=max_block, what=what) / np.pi
