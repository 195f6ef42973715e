"""Grand-canonical current of an M-channel lattice ring from closing-bond Green functions.

Lattice units ħ = e = k_B = 1, energies in the unit of the hopping t (kept explicit). The ring has
slices j = 0…L−1 of M sites each, slice Hamiltonians h_j = (transverse hopping) + diag(ε_{·,j}),
and inter-slice hopping −t·1. The flux sits on the closing bond (``lattice.hamiltonian`` with
``gauge="bond"``): H_{0,L−1} = −t·e^{iφ}·1, H_{L−1,0} = −t·e^{−iφ}·1, φ = 2πΦ/Φ0. The current is
I = −∂Ω/∂φ in units of e·t/ħ, as in :mod:`currentkit.rings.free.transfer` and
:func:`currentkit.rings.free.thermo.grand_canonical` (I = Σ_n f(E_n − μ)·i_n, i_n = −∂E_n/∂φ).

Matsubara sum
-------------
With f(ξ) = 1/2 + k_BT Σ_{k∈ℤ} 1/(iω_k − ξ), ω_k = (2k + 1)πk_BT, Tr ∂_φH = 0 and
G(z) = (z − H)⁻¹,

    I = −Σ_n f(E_n − μ)∂_φE_n = −k_BT Σ_{k∈ℤ} Tr[G(z_k)∂_φH] = −2k_BT Re Σ_{k≥0} Tr[G(z_k)∂_φH]

(z_{−k−1} = z̄_k and G(z̄) = G(z)†). Since −Tr[G ∂_φH] = ∂_φ ln det(z − H(φ)), this equals

    I = 2k_BT Re Σ_{k≥0} ∂_φ ln det(z_k − H(φ)).

Closing the open chain
----------------------
Let g = G⁰(z) be the resolvent of the open chain (the closing bond removed) and
a = g_{0,0}, b = g_{0,L−1}, c = g_{L−1,0}, d = g_{L−1,L−1} its corner blocks (M×M). With v the
closing bond on the 2M-dimensional boundary space (slices 0 and L−1),
det(z − H) = det(z − H⁰)·det(1 − g v), and with u = e^{iφ}

    1 − g v = diag(1, ū)·A(φ)·diag(1, u),   A(φ) = [[1 + t ū b, t a], [t d, 1 + t u c]],

so det(1 − g v) = det A and ∂_φ ln det(z − H) = Tr[A⁻¹ ∂_φA], ∂_φA = t·diag(−iū b, iu c).
Only the exponentially small corner blocks b, c carry φ: every entry of ∂_φA is small and the
trace is formed without the cancellation of O(1) terms that Tr[G ∂_φH] (evaluated as
Tr[(1 − g v)⁻¹ g ∂_φv]) would suffer. A is invertible at complex z because
det A = det(z − H)/det(z − H⁰) and both H and H⁰ are Hermitian.
"""

from __future__ import annotations

import numpy as np

from currentkit.rings.chain import recursive_green
from currentkit.rings.free.lattice import slice_blocks
from currentkit.rings.free.matsubara import (
    FIRST_FREQUENCIES,
    MAX_BLOCK_FREQUENCIES,
    fermi_inputs,
    fermi_sum,
)
from currentkit.rings.models import LatticeRing

#: Most frequencies × M² handled in one vectorised block (bounds the (K, M, M) work arrays).
_BLOCK_ENTRIES = 1 << 18


def corner_blocks(
    slices: np.ndarray, hopping: float, z: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Corner blocks of the open chain's resolvent at every z, each of shape (K, M, M).

    ``slices`` has shape (L, M, M) (the h_j). Returns (g_{0,0}, g_{0,L−1}, g_{L−1,0},
    g_{L−1,L−1}) from the left-connected recursion

        gL_0 = (z − h_0)⁻¹,   gL_j = (z − h_j − t²·gL_{j−1})⁻¹,
        G_{0,j} = −t·G_{0,j−1}·gL_j,   G_{j,0} = −t·gL_j·G_{j−1,0},
        G_{0,0} ← G_{0,0} + t²·G_{0,j−1}·gL_j·G_{j−1,0},

    where G^{(j)} is the resolvent of slices 0…j (gL_j = G^{(j)}_{j,j}). The open chain is real
    symmetric, so G_{j,0} = G_{0,j}ᵀ and only G_{0,j} is carried. Cost O(L·M³) per frequency.
    """
    m = slices.shape[1]
    zz = z[:, None, None] * np.eye(m)  # (K, M, M)
    t2 = hopping * hopping
    g00 = np.zeros(0)
    for step in recursive_green((zz - h for h in slices), hopping):
        if step.advance is None or step.previous_corner is None:
            g00 = step.diagonal.copy()
        else:
            g00 = g00 + t2 * (step.advance @ np.swapaxes(step.previous_corner, 1, 2))
    return g00, step.corner, np.swapaxes(step.corner, 1, 2), step.diagonal


def _log_det_slopes(
    corners: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    hopping: float,
    phi: np.ndarray,
) -> np.ndarray:
    """∂_φ ln det(z_k − H(φ)) = Tr[A⁻¹ ∂_φA] for every flux point and frequency, shape (F, K)."""
    a, b, c, d = corners
    k, m = a.shape[0], a.shape[1]
    u = np.exp(1j * phi)[:, None, None, None]  # (F, 1, 1, 1)
    tb, tc = hopping * b[None], hopping * c[None]  # (1, K, M, M)
    eye = np.eye(m)
    mat = np.empty((phi.size, k, 2 * m, 2 * m), dtype=complex)
    mat[..., :m, :m] = eye + np.conj(u) * tb
    mat[..., :m, m:] = hopping * a[None]
    mat[..., m:, :m] = hopping * d[None]
    mat[..., m:, m:] = eye + u * tc
    inv = np.linalg.inv(mat)
    # Tr[A⁻¹ ∂A] with ∂A = diag(−iū·t b, iu·t c): Tr[R00 (−iū t b)] + Tr[R11 (iu t c)]
    first = np.einsum("fkij,fkji->fk", inv[..., :m, :m], -1j * np.conj(u) * tb)
    second = np.einsum("fkij,fkji->fk", inv[..., m:, m:], 1j * u * tc)
    return np.asarray(first + second)


def closing_bond_current(
    ring: LatticeRing,
    flux: np.ndarray,
    mu: float,
    temperature: float,
    *,
    tol: float = 1e-12,
) -> np.ndarray:
    r"""Grand-canonical persistent current of an M-channel lattice ring by a Matsubara sum.

    Parameters
    ----------
    ring
        A lattice ring of fermions with any number of channels M, transverse boundary, hopping
        t > 0 and real on-site energies of shape (M, L); spin-1/2 doubles the current.
    flux
        Reduced flux f = Φ/Φ0, any shape; φ = 2πf.
    mu
        Chemical potential μ (same unit as t).
    temperature
        k_BT ≥ 0 (same unit). At T = 0, μ must not sit at a level (the current jumps there).
    tol
        Relative tolerance: frequencies are added in blocks until every new term (and the
        geometric tail they extrapolate to) is below ``tol`` times the largest |partial sum|
        over the flux grid.

    Returns
    -------
    numpy.ndarray
        I(f) = −∂Ω/∂φ in units of e·t/ħ, the shape of ``flux``.

    Raises
    ------
    ParameterError
        For bosons, k_BT < 0 or non-finite, non-finite μ, non-finite flux, a tolerance outside
        (0, 1), a sum not converged within :data:`~currentkit.rings.free.matsubara.MAX_FREQUENCIES`
        frequencies, or (T = 0) μ at a level.

    Notes
    -----
    With the flux on the closing bond (H_{0,L−1} = −t·e^{iφ}·1, the ``gauge="bond"`` of
    :func:`~currentkit.rings.free.lattice.hamiltonian`) and Ω = −k_BT Σ_n ln(1 + e^{−(E_n −
    μ)/k_BT}),

    .. math::

        I(φ) = -\frac{∂Ω}{∂φ} = -g\,2k_BT\,\mathrm{Re}\sum_{k≥0}
               \mathrm{Tr}\bigl[G(z_k)\,∂_φH\bigr]
             = g\,2k_BT\,\mathrm{Re}\sum_{k≥0} \mathrm{Tr}\bigl[A_k^{-1}(φ)\,∂_φA_k(φ)\bigr],

    z_k = μ + iω_k, ω_k = (2k + 1)πk_BT, g = 2 with spin, else 1 (at T = 0 the sum becomes
    (g/π) Re ∫_0^∞ dω of the same trace, see :mod:`currentkit.rings.free.matsubara`), and
    A = [[1 + t e^{−iφ} g_{0,L−1}, t g_{0,0}], [t g_{L−1,L−1}, 1 + t e^{iφ} g_{L−1,0}]] built from
    the corner blocks of the open chain's resolvent g(z) (det A = det(z − H)/det(z − H⁰)). The
    sign is that of I = Σ_n f(E_n − μ)·(−∂E_n/∂φ), checked against dense diagonalisation. The
    corner blocks come from the left-connected recursion gL_j = (z − h_j − t²gL_{j−1})⁻¹ in
    O(L·M³) per frequency; they do not depend on φ, so they are computed once per frequency and
    shared by all F flux points, each of which then costs one 2M×2M inversion per frequency
    (O(F·M³)). The terms fall like e^{−ω_k L/v_F}; everything is a resolvent at complex z, so
    nothing overflows (g_{0,L−1} merely underflows towards 0 for long rings).
    """
    f, kT = fermi_inputs(ring, flux, mu, temperature, tol)
    t, m, n = ring.hopping, ring.channels, ring.sites
    phi = 2 * np.pi * f.ravel()
    slices = slice_blocks(ring)

    max_block = max(2, min(MAX_BLOCK_FREQUENCIES, _BLOCK_ENTRIES // (m * m)))
    def block_terms(z: np.ndarray) -> np.ndarray:
        return _log_det_slopes(corner_blocks(slices, t, z), t, phi).real

    total = fermi_sum(block_terms, float(mu), kT, tol=tol, scale=t / n,
                      first=max(2, min(FIRST_FREQUENCIES, max_block)), max_block=max_block,
                      what=f"L = {n}, M = {m}")
    return (ring.degeneracy * total).reshape(f.shape)
