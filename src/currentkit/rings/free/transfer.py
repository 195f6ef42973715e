"""Grand-canonical persistent current of a 1D lattice ring from transfer matrices, no diagonalising.

Lattice units t = a = ħ = e = k_B = 1 except that the hopping t of the ring is kept explicit.
H = −t Σ_j (e^{iφ/L} c†_{j+1}c_j + h.c.) + Σ_j ε_j n_j, φ = 2πΦ/Φ0, and the current is
I = −∂Ω/∂φ in units of e·t/ħ (the project's convention I = −∂F/∂Φ).

Transfer matrices
-----------------
The eigenvalue equation −tψ_{j+1} − tψ_{j−1} + ε_jψ_j = zψ_j gives
(ψ_{j+1}, ψ_j) = T_j(z)(ψ_j, ψ_{j−1}) with

    T_j(z) = [[(ε_j − z)/t, −1], [1, 0]],   det T_j = 1,

and with Δ(z) = Tr T_{L−1}⋯T_0 the twisted boundary condition ψ_{j+L} = e^{iφ}ψ_j is met when
Δ(z) = 2cos φ. Both sides of det(z − H(φ)) = (−t)^L (Δ(z) − 2cos φ) are polynomials of degree L
in z with the same leading coefficient and the same roots. (The form [[(z − ε_j)/t, −1], [1, 0]]
gives (−1)^L Δ(z): for odd L it would flip the sign of the current.)

Matsubara sum
-------------
With f(ξ) = 1/2 + k_BT Σ_{k∈ℤ} 1/(iω_k − ξ), ω_k = (2k + 1)πk_BT, and Σ_n ∂_φE_n = ∂_φ Tr H = 0,

    I = −Σ_n f(E_n − μ) ∂_φE_n = k_BT Σ_{k∈ℤ} ∂_φ ln det(z_k − H(φ))
      = 2k_BT Re Σ_{k≥0} 2 sin φ / (Δ(z_k) − 2cos φ),   z_k = μ + iω_k,

(pairing k with −k−1: z_{−k−1} = z̄_k and Δ has real coefficients). Spin-1/2 doubles it.
"""

from __future__ import annotations

import numpy as np

from currentkit.errors import ParameterError
from currentkit.rings.chain import scaled_trace
from currentkit.rings.free.matsubara import fermi_inputs, fermi_sum
from currentkit.rings.models import LatticeRing


def matsubara_current(
    ring: LatticeRing,
    flux: np.ndarray,
    mu: float,
    temperature: float,
    *,
    tol: float = 1e-12,
) -> np.ndarray:
    r"""Grand-canonical persistent current of a 1D ring by a Matsubara sum (T = 0: an integral).

    Parameters
    ----------
    ring
        A strictly 1D lattice ring (``channels == 1``) of fermions, any hopping t > 0 and real
        on-site energies ε_j; spin-1/2 doubles the current.
    flux
        Reduced flux f = Φ/Φ0, any shape; φ = 2πf.
    mu
        Chemical potential μ (same unit as t and ε_j).
    temperature
        k_BT ≥ 0 (same unit). At T = 0, μ must not sit at a level (the current jumps there).
    tol
        Relative tolerance: frequencies are added in blocks until every new term is below
        ``tol`` times the largest |partial sum| over the flux grid (T = 0: integration panels
        are bisected until they agree to ``tol``; see :mod:`currentkit.rings.free.matsubara`).

    Returns
    -------
    numpy.ndarray
        I(f) = −∂Ω/∂φ in units of e·t/ħ, the shape of ``flux``.

    Raises
    ------
    ParameterError
        For ``channels != 1``, bosons, k_BT < 0 or non-finite, non-finite μ, non-finite flux,
        a tolerance outside (0, 1), a sum not converged within
        :data:`~currentkit.rings.free.matsubara.MAX_FREQUENCIES`, or (T = 0) μ at a level.

    Notes
    -----
    With T_j(z) = [[(ε_j − z)/t, −1], [1, 0]] and Δ(z) = Tr T_{L−1}⋯T_0 one has
    det(z − H(φ)) = (−t)^L (Δ(z) − 2cos φ), and the grand potential
    Ω(φ) = −k_BT Σ_n ln(1 + e^{−(E_n − μ)/k_BT}) gives

    .. math::

        I(φ) = -\frac{∂Ω}{∂φ} = g\,2k_BT\,\mathrm{Re}\sum_{k≥0}
               \frac{2\sin φ}{Δ(μ + iω_k) − 2\cos φ},\qquad ω_k = (2k + 1)πk_BT,

    g = 2 with spin, else 1; at T = 0 the sum becomes (g/π) Re ∫_0^∞ dω (same term). The sign
    is that of I = Σ_n f(E_n − μ)·(−∂E_n/∂φ), checked against
    dense diagonalisation. The terms fall like e^{−ω_k L/v_F}. Δ(z) does not depend on φ: it is
    computed once per frequency, as a log-scaled product (Δ = Δ̃e^{s}) that cannot overflow, and
    each term is evaluated as 2 sin φ·e^{−s}/(Δ̃ − 2cos φ·e^{−s}). The cost is O(L·K) for the K
    frequencies needed, shared by all flux points, plus O(F·K) for F flux points; no matrix of
    size L is ever formed.
    """
    if ring.channels != 1:
        raise ParameterError("channels", ring.channels, "1 (a strictly 1D ring)")
    f, kT = fermi_inputs(ring, flux, mu, temperature, tol)
    t = ring.hopping
    phi = 2 * np.pi * f.ravel()
    sin2, cos2 = 2 * np.sin(phi), 2 * np.cos(phi)
    onsite = (
        np.zeros(ring.sites) if ring.potential is None else np.asarray(ring.potential[0]) / t
    )

    def block_terms(z: np.ndarray) -> np.ndarray:
        trace, logs = scaled_trace(onsite, z / t)
        shrink = np.exp(-logs)  # 0 where |Δ| is beyond floating range: the term vanishes
        return ((sin2[:, None] * shrink) / (trace[None, :] - cos2[:, None] * shrink)).real

    total = fermi_sum(block_terms, float(mu), kT, tol=tol, scale=t / ring.sites,
                      what=f"L = {ring.sites}")
    return (ring.degeneracy * total).reshape(f.shape)
