"""Levels of an M-channel ring near the Fermi energy from its boundary Schur complement.

Lattice units ħ = e = 1, energies in the unit of the hopping t (kept explicit). The ring is that of
:mod:`~currentkit.rings.free.green`: slices j = 0…L−1 of M sites with blocks h_j, hopping −t·1
between neighbouring slices and the flux on the closing bond alone, H_{0,L−1} = −t·e^{iφ}·1.

Method
------
Only the 2M boundary sites b (slices 0 and L−1) feel the flux. The interior slices 1…L−2 form a
real symmetric band matrix with eigenpairs (ε_k, u_k) and couplings w_k = V u_k to the boundary
(V = −t·1 from slices 1 and L−2, so w_k is real). The Schur complement of the interior,

    S(E, φ) = H_bb(φ) − E + Σ_k w_k w_kᵀ / (E − ε_k),

is a 2M×2M Hermitian matrix with dS/dE = −1 − Σ_k w_k w_kᵀ/(E − ε_k)² ≤ −1. By Haynsworth's
inertia additivity the number of levels of H(φ) below E is

    N(E, φ) = #{ε_k < E} + #{eigenvalues of S(E, φ) below 0}.

Between consecutive poles ε_k < ε_{k+1} every eigenvalue λ_j(E) of S (ascending order) is
continuous and falls with slope ≤ −1 (Weyl), so the interval holds exactly the levels n with
n_k ≤ n < n_{k+1}, and level n is the single root of λ_{n−k−1} there. n_k, the number of levels
below ε_k, is k + 1 + the number of negative eigenvalues of S at the pole with the diverging
direction w_k projected out. Each root is found by Newton's method on λ_j, safeguarded by
bisection, with λ_j′ = u†(∂S/∂E)u for its eigenvector u.

The interior is never diagonalised with vectors (:mod:`~currentkit.rings.free.interior_poles`):
all poles ε_k come from the band matrix without vectors, which fixes their absolute indices;
the couplings w_k are found by inverse iteration for the *near* poles only, those around the
wanted levels, padded until the rest lie at least
:data:`~currentkit.rings.free.interior_poles.REACH` half-widths from the search window; the far
poles enter as one matrix function, F(E) = Σ_far w_k w_kᵀ/(E − ε_k), analytic on the window
and represented there by a Chebyshev series converged to round-off (from the exact resolvent
corners t²·Pᵀ(z − H_int)⁻¹P at complex z minus the near poles). So

    S(E, φ) = H_bb(φ) − E + Σ_near w_k w_kᵀ/(E − ε_k) + F(E),

exactly, with dF/dE from the same series in λ_j′. The near set is kept and widened when a later
request reaches beyond it.

The current of each level follows from λ_j(E_n(φ), φ) = 0 (Hellmann-Feynman on S):

    i_n = −∂E_n/∂φ = (u†∂_φH_bb u)/λ_j′,   u†∂_φH_bb u = 2t·Im(e^{iφ} u_0†u_{L−1}),

equal to −⟨n|∂_φH|n⟩ for the normalised eigenvector, whose boundary part is u/‖ψ‖ with
‖ψ‖² = −λ_j′ for |u| = 1. No eigenvector of H(φ) is formed: after the flux-independent set-up
(O(K²·M) for the poles, O(K·M²) per near pole, O(L·M³) per sample of F) each flux point costs
O(levels · iterations · (near poles + Chebyshev terms) · M²).

A level that is (nearly) degenerate, or an interior eigenvector that does not reach the boundary
(w_k ≈ 0, a level that ignores the flux), defeats the root search, as does inverse iteration
that does not converge; such flux points are reported back so the caller can use another
method.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from currentkit.rings.free.interior_poles import Interior, NearPoles, interior, near_poles
from currentkit.rings.free.lattice import slice_blocks
from currentkit.rings.models import LatticeRing

logger = logging.getLogger(__name__)

#: The interior's poles are found for rings of up to this many interior sites (L − 2)·M (all
#: eigenvalues of the band matrix, O(K²·M) time, O(K·M) memory); larger rings use shift-invert
#: Lanczos on H(φ) instead (the caller's fallback). Measured at M = 8 on one thread: all poles
#: 2.5 s at K = 8000 and 11.4 s at K = 16400, Lanczos for 12 levels 0.26–0.29 s per flux point.
INTERIOR_LIMIT = 8192
#: Newton steps (each at least halves the bracket when it falls back to bisection).
_MAX_STEPS = 200
#: |w_k|² below this fraction of t² marks a pole that does not couple to the boundary.
_DECOUPLED = 1e-20
#: Two eigenvalues of S closer than this (relative to its scale) at a root: degenerate level.
_DEGENERATE = 1e-9
#: Inverse iteration for S's eigenvectors: the shift above the eigenvalue and the largest
#: accepted residual, both relative to ‖S‖ (the currents need eigenvectors to ~1e-10).
_SHIFT = 1e-14
_RESIDUAL = 1e-14


@dataclass(frozen=True)
class BoundarySpectrum:
    """The φ-independent part of a ring's boundary Schur complement.

    Attributes
    ----------
    poles
        All interior eigenvalues ε_k (t), ascending, shape (K,).
    interior
        The interior band matrix (:class:`~currentkit.rings.free.interior_poles.Interior`).
    first, last
        The boundary slice blocks h_0 and h_{L−1} (t), shape (M, M).
    hopping
        t.
    bound
        An energy beyond every level (Gershgorin, padded), t.
    near
        Near-pole sets built so far (:func:`_near`), each serving the windows inside its own.
    """

    poles: np.ndarray
    interior: Interior
    first: np.ndarray
    last: np.ndarray
    hopping: float
    bound: float
    near: list[NearPoles] = field(default_factory=list, compare=False, repr=False)


def boundary_spectrum(ring: LatticeRing) -> BoundarySpectrum | None:
    """All poles of the interior (no vectors yet); None when L < 3 or the interior is too large."""
    m, n = ring.channels, ring.sites
    if n < 3 or (n - 2) * m > INTERIOR_LIMIT:
        return None
    blocks = slice_blocks(ring)
    inner = interior(blocks[1:-1], ring.hopping)
    onsite = 0.0 if ring.potential is None else float(np.max(np.abs(ring.potential)))
    bound = 2 * ring.hopping + 2 * ring.transverse_hopping + onsite + 1.0
    return BoundarySpectrum(inner.poles, inner, blocks[0], blocks[-1], ring.hopping, bound)


def _near(spec: BoundarySpectrum, start: int, stop: int) -> NearPoles | None:
    """Near poles for a search over poles start…stop−1 (the window from ε_start to ε_{stop−1},
    or to ∓bound at the ends of the spectrum); an earlier set is reused when it covers it."""
    k = spec.poles.size

    def window(a: int, b: int) -> tuple[float, float]:
        return (float(spec.poles[a]) if a > 0 else -spec.bound,
                float(spec.poles[b - 1]) if b < k else spec.bound)

    lo, hi = window(start, stop)
    for cached in spec.near:
        if cached.lo <= lo and hi <= cached.hi:
            return cached
    found = near_poles(spec.interior, lo, hi)
    if found is not None:
        spec.near.append(found)
    return found


def _boundary_block(spec: BoundarySpectrum, phis: np.ndarray) -> np.ndarray:
    """H_bb(φ) for every φ, shape (B, 2M, 2M)."""
    m = spec.first.shape[0]
    eye = np.eye(m)
    out = np.zeros((phis.size, 2 * m, 2 * m), dtype=complex)
    out[:, :m, :m] = spec.first
    out[:, m:, m:] = spec.last
    out[:, :m, m:] = -spec.hopping * np.exp(1j * phis)[:, None, None] * eye
    out[:, m:, :m] = np.conj(np.swapaxes(out[:, :m, m:], 1, 2))
    return out


def _schur(near: NearPoles, energy: np.ndarray, hbb: np.ndarray,
           skip: np.ndarray | None = None) -> np.ndarray:
    """S(E, φ) for each row (energy, H_bb), shape (B, 2M, 2M); ``skip`` drops one pole per row."""
    r = hbb.shape[1]
    s = hbb + near.value(energy, skip).reshape(-1, r, r)
    s[:, np.arange(r), np.arange(r)] -= energy[:, None]
    return s


def _pole_counts(spec: BoundarySpectrum, near: NearPoles, phis: np.ndarray,
                 poles: np.ndarray) -> np.ndarray:
    """n_k, the number of levels of H(φ) below pole k, for rows (φ, k); −1 where undecidable."""
    hbb = _boundary_block(spec, phis)
    s = _schur(near, spec.poles[poles], hbb, skip=poles)
    w = near.couplings[:, poles - near.start].T  # (B, 2M)
    norm = np.linalg.norm(w, axis=1)
    decoupled = norm ** 2 < _DECOUPLED * spec.hopping ** 2
    # orthonormal basis of the complement of w (Householder reflector's last 2M − 1 columns)
    v = w / np.where(norm > 0, norm, 1.0)[:, None]
    v[:, 0] += np.where(v[:, 0] >= 0, 1.0, -1.0)
    v /= np.linalg.norm(v, axis=1)[:, None]
    house = np.eye(w.shape[1])[None] - 2 * v[:, :, None] * v[:, None, :]
    basis = house[:, :, 1:]
    projected = np.swapaxes(basis, 1, 2) @ s @ basis
    finite = np.all(np.isfinite(projected), axis=(1, 2))  # not at a repeated pole
    projected[~finite] = np.eye(projected.shape[1])
    values = np.linalg.eigvalsh(projected)
    scale = np.max(np.abs(values), axis=1) + 1.0
    ambiguous = np.min(np.abs(values), axis=1) < 1e-12 * scale
    counts = poles + 1 + np.sum(values < 0, axis=1)
    return np.where(decoupled | ambiguous | ~finite, -1, counts)


def _pole_range(spec: BoundarySpectrum, first: np.ndarray, count: int) -> np.ndarray:
    """The poles that can bound levels first … first + count − 1 (interlacing: level n lies in
    [ε_{n−2M}, ε_n]), with one more on each side."""
    r, n_poles = 2 * spec.first.shape[0], spec.poles.size
    return np.arange(max(int(np.min(first)) - r - 1, 0),
                     min(int(np.max(first)) + count + 1, n_poles))


def prepare(spec: BoundarySpectrum, first: np.ndarray, count: int) -> None:
    """Build the near poles for levels first[f] … first[f] + count − 1 of all flux points at
    once, so that :func:`levels_by_index` called point by point reuses one set."""
    ks = _pole_range(spec, np.asarray(first, dtype=int), count)
    if ks.size:
        _near(spec, int(ks[0]), int(ks[-1]) + 1)


def levels_by_index(spec: BoundarySpectrum, phis: np.ndarray, first: np.ndarray, count: int,
                    guess: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Levels first[f] … first[f] + count − 1 of H(φ_f) and their currents.

    Parameters
    ----------
    spec
        From :func:`boundary_spectrum`.
    phis
        Phases φ = 2πΦ/Φ0, shape (F,).
    first
        Absolute index (from 0, ascending) of the lowest wanted level at each φ, shape (F,).
    count
        Levels wanted per flux point.
    guess
        Starting energies, shape (F, count) (NaN: none), e.g. the levels at a nearby flux: the
        root search then needs a few Newton steps instead of a bracket's worth.

    Returns
    -------
    tuple of numpy.ndarray
        Energies E_n (t) and currents i_n = −∂E_n/∂φ (e·t/ħ), shape (F, count), and a boolean
        mask (F,) of the flux points where the search failed (degenerate or decoupled levels);
        their rows are undefined.
    """
    phis = np.asarray(phis, dtype=float)
    first = np.asarray(first, dtype=int)
    unusable = (np.zeros((phis.size, count)), np.zeros((phis.size, count)),
                np.ones(phis.size, dtype=bool))
    ks = _pole_range(spec, first, count)
    if ks.size == 0:
        return unusable
    near = _near(spec, int(ks[0]), int(ks[-1]) + 1)
    if near is None or not _separated(spec, near, ks):
        return unusable
    try:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            energies, currents, failed = _search(spec, near, phis, first, count, guess)
    except np.linalg.LinAlgError:  # a non-finite Schur complement (a root at a pole)
        return unusable
    failed |= ~np.all(np.isfinite(energies) & np.isfinite(currents), axis=1)
    failed |= ~np.all(np.diff(energies, axis=1) > 0, axis=1)
    return energies, currents, failed


def _separated(spec: BoundarySpectrum, near: NearPoles, ks: np.ndarray) -> bool:
    """Whether poles ks are simple and all couple to the boundary (else counts are ambiguous)."""
    poles = spec.poles[ks]
    strength = np.sum(near.couplings[:, ks - near.start] ** 2, axis=0)
    return bool(np.all(np.diff(poles) > _DEGENERATE * spec.bound)
                and np.all(strength > _DECOUPLED * spec.hopping ** 2))


def _search(spec: BoundarySpectrum, near: NearPoles, phis: np.ndarray, first: np.ndarray,
            count: int, guess: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The root search of :func:`levels_by_index` (no checks of the poles)."""
    n_poles = spec.poles.size
    r = 2 * spec.first.shape[0]
    total = n_poles + r
    failed = np.zeros(phis.size, dtype=bool)
    # poles that can bound the wanted levels: interlacing puts level n in [ε_{n−2M}, ε_n]
    lo_pole = np.clip(first - r - 1, 0, n_poles)
    hi_pole = np.clip(first + count + 1, 0, n_poles)
    rows_f, rows_k = [], []
    for f in range(phis.size):
        ks = np.arange(lo_pole[f], hi_pole[f])
        rows_f.append(np.full(ks.size, f))
        rows_k.append(ks)
    row_f, row_k = np.concatenate(rows_f), np.concatenate(rows_k)
    counts = _pole_counts(spec, near, phis[row_f], row_k)
    failed[np.unique(row_f[counts < 0])] = True
    # bracket of each wanted level: (ε_k, ε_{k+1}) with n_k ≤ n < n_{k+1}; virtual poles at ±bound
    target_f = np.repeat(np.arange(phis.size), count)
    target_n = (first[:, None] + np.arange(count)[None, :]).ravel()
    lo = np.empty(target_n.size)
    hi = np.empty(target_n.size)
    branch = np.empty(target_n.size, dtype=int)
    for f in range(phis.size):
        mine = row_f == f
        ks, ns = row_k[mine], counts[mine]
        edges_e = np.concatenate([[-spec.bound] if ks.size == 0 or ks[0] == 0 else [],
                                  spec.poles[ks],
                                  [spec.bound] if ks.size == 0 or ks[-1] == n_poles - 1 else []])
        below = ([0] if ks.size == 0 or ks[0] == 0 else [])
        above = ([total] if ks.size == 0 or ks[-1] == n_poles - 1 else [])
        edges_n = np.concatenate([below, ns, above]).astype(int)
        edges_k = np.concatenate([[-1] if below else [], ks, [n_poles] if above else []])
        sel = target_f == f
        wanted = target_n[sel]
        slot = np.searchsorted(edges_n, wanted, side="right") - 1
        if np.any(slot < 0) or np.any(slot >= edges_n.size - 1) or failed[f]:
            failed[f] = True
            slot = np.clip(slot, 0, edges_n.size - 2)
        lo[sel], hi[sel] = edges_e[slot], edges_e[slot + 1]
        branch[sel] = wanted - (edges_k[slot] + 1)
    branch = np.clip(branch, 0, r - 1)
    hbb = _boundary_block(spec, phis)[target_f]
    x = 0.5 * (lo + hi)
    if guess is not None:
        start = np.asarray(guess, dtype=float).ravel()
        usable = np.isfinite(start) & (start > lo) & (start < hi)
        x = np.where(usable, start, x)
    done = np.zeros(x.size, dtype=bool)
    rows = np.arange(x.size)
    previous = np.full((x.size, r), np.nan, dtype=complex)  # last eigenvector of each root
    # far below what the currents need (1e-8), above the round-off of S near a pole
    tiny = 64 * np.finfo(float).eps * spec.bound
    for _ in range(_MAX_STEPS):
        act = np.flatnonzero(~done)
        if act.size == 0:
            break
        values, u = _eigenpairs(_schur(near, x[act], hbb[act]), branch[act], previous[act])
        value = values[np.arange(act.size), branch[act]]
        previous[act] = u
        slope = _slope(near, x[act], u)
        lo[act] = np.where(value > 0, x[act], lo[act])
        hi[act] = np.where(value < 0, x[act], hi[act])
        step = x[act] - value / slope
        inside = (step > lo[act]) & (step < hi[act])
        converged = (np.abs(value / slope) <= tiny) | (hi[act] - lo[act] <= tiny)
        new = np.where(inside | converged, np.clip(step, lo[act], hi[act]),
                       0.5 * (lo[act] + hi[act]))
        x[act] = new
        done[act[converged]] = True
    failed[np.unique(target_f[~done])] = True
    # eigenvectors at the roots themselves (a root next to a weakly coupled pole makes u vary
    # on the scale of its distance to the pole): currents, and a check that the level is simple
    values, u = _eigenpairs(_schur(near, x, hbb), branch, previous)
    gap = np.min(np.abs(values - values[rows, branch][:, None])
                 + np.where(np.arange(r)[None, :] == branch[:, None], np.inf, 0.0), axis=1)
    scale = np.max(np.abs(values), axis=1) + 1.0
    failed[np.unique(target_f[gap < _DEGENERATE * scale])] = True
    m = r // 2
    bond = 2 * spec.hopping * np.imag(
        np.exp(1j * phis[target_f]) * np.sum(np.conj(u[:, :m]) * u[:, m:], axis=1))
    currents = bond / _slope(near, x, u)
    return x.reshape(phis.size, count), currents.reshape(phis.size, count), failed


def _eigenpairs(s: np.ndarray, branch: np.ndarray, start: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues of each S, (B, 2M) ascending, and the unit eigenvector of number ``branch``.

    Where ``start`` holds the eigenvector at the previous iterate (else NaN), the eigenvector is
    one step of inverse iteration from it at σ = λ + 10⁻¹⁴‖S‖: every other eigenvector is damped
    by |λ − σ|/|λ_i − σ|, and a residual ‖Su − λu‖ above 10⁻¹⁴‖S‖ (a start far from the answer)
    sends the row to a full eigendecomposition, as are rows without a start. Eigenvalues alone
    and one solve cost about 2/3 of the full decomposition at 2M = 16.
    """
    r = s.shape[1]
    values = np.empty((s.shape[0], r))
    u = np.empty((s.shape[0], r), dtype=complex)
    full = ~np.all(np.isfinite(start), axis=1)
    if not np.all(full):
        old = np.flatnonzero(~full)
        v = np.linalg.eigvalsh(s[old])
        lam = v[np.arange(old.size), branch[old]]
        scale = np.max(np.abs(v), axis=1) + 1.0
        shifted = s[old] - (lam + _SHIFT * scale)[:, None, None] * np.eye(r)
        try:
            x = np.linalg.solve(shifted, start[old][..., None])[..., 0]
        except np.linalg.LinAlgError:  # an exactly singular shift: decompose those rows
            x = np.full((old.size, r), np.nan, dtype=complex)
        x /= np.linalg.norm(x, axis=1)[:, None]
        residual = np.linalg.norm((s[old] @ x[..., None])[..., 0] - lam[:, None] * x, axis=1)
        good = residual <= _RESIDUAL * scale  # False for NaN
        values[old[good]], u[old[good]] = v[good], x[good]
        full[old[~good]] = True
    if np.any(full):
        rest = np.flatnonzero(full)
        v, vectors = np.linalg.eigh(s[rest])
        values[rest], u[rest] = v, vectors[np.arange(rest.size), :, branch[rest]]
    return values, u


def _slope(near: NearPoles, energy: np.ndarray, u: np.ndarray) -> np.ndarray:
    """λ′ = u†(∂S/∂E)u = −|u|² − Σ_k |w_k·u|²/(E − ε_k)² for eigenvectors u, shape (B,)."""
    return -np.sum(np.abs(u) ** 2, axis=1) + near.slope(energy, u)
