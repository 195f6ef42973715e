"""The open tight-binding chain, slice by slice: transfer matrices and recursive Green functions.

One implementation of each recursion, shared by the single-particle methods
(:mod:`~currentkit.rings.free.transfer`, :mod:`~currentkit.rings.free.bands`,
:mod:`~currentkit.rings.free.green`), the scatterer (:mod:`~currentkit.rings.scattering.amplitudes`)
and the Landauer transmission (:mod:`~currentkit.rings.disorder.mesoscopic`). It sits at the top of
``rings/`` because both ``free/`` and ``scattering/``/``disorder/`` use it and neither owns the
chain; it imports nothing from currentkit.

Transfer matrices (1D chain, hopping t, energies in t)
-----------------------------------------------------
−tψ_{j+1} − tψ_{j−1} + ε_jψ_j = Eψ_j gives (ψ_{j+1}, ψ_j) = T_j(u)(ψ_j, ψ_{j−1}) with u = E/t and

    T_j(u) = [[x_j, −1], [1, 0]],   x_j = ε_j/t − u,   det T_j = 1,   dx_j/du = −1.

:func:`transfer_product` forms M = T_{n−1}⋯T_0 and dM/du by the row recursion
(m_{1·}, m_{2·}) ← (x_j m_{1·} − m_{2·}, m_{1·}), O(n) passes over a vector of energies;
:func:`scaled_trace` forms Tr M alone for complex u by a pairwise (tree) product, log₂n passes,
the fast way for long chains at many Matsubara frequencies where no derivative is needed.

Recursive Green function (M-channel strip, inter-slice hopping −t·1)
--------------------------------------------------------------------
:func:`recursive_green` runs the left-connected recursion

    g_0 = A_0⁻¹,   g_j = (A_j − t²·g_{j−1})⁻¹,   G_{0,j} = −t·G_{0,j−1}·g_j,

for blocks A_j = z − h_j (any leading batch axes), where g_j = G^{(j)}_{j,j} is the last diagonal
block of the resolvent of slices 0…j and G_{0,j} = G^{(j)}_{0,j} its corner. O(L·M³).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy as np

#: Sites × frequencies handled in one vectorised block of :func:`scaled_trace`: small enough to
#: stay in cache (fastest measured at L = 10⁶, K = 16), at least _MIN_CHUNK sites.
_BLOCK_ELEMENTS = 1 << 14
_MIN_CHUNK = 64
#: Tree levels between renormalisations: entries with |Re|, |Im| ≤ 1 grow to at most 2048 in 3.
_LEVELS_PER_NORMALISATION = 3


class TransferProduct(NamedTuple):
    """M = T_{n−1}⋯T_0 = e^{log_scale}·[[m11, m12], [m21, m22]] and dM/du with the same scale."""

    m11: np.ndarray
    m12: np.ndarray
    m21: np.ndarray
    m22: np.ndarray
    d11: np.ndarray
    d12: np.ndarray
    d21: np.ndarray
    d22: np.ndarray
    log_scale: np.ndarray


def transfer_product(onsite: np.ndarray, u: np.ndarray, *, stride: int | None = None
                     ) -> TransferProduct:
    """M = T_{n−1}⋯T_0 and dM/du at every u = E/t (``onsite`` = ε_j/t, shape (n,)).

    Entries have the shape of ``u`` (real or complex). With ``stride``, every ``stride`` sites
    (and at the end) all entries and derivatives are divided by the largest |entry| of M and the
    log of that factor is accumulated in ``log_scale``, so long chains never overflow; without it
    (short scatterers) M is returned unscaled and ``log_scale`` is 0.
    """
    u = np.asarray(u)
    dtype = np.result_type(u.dtype, float)
    top = np.zeros((2, *u.shape), dtype)  # row 1 of M: (m11, m12)
    top[0] = 1.0
    bottom = np.zeros((2, *u.shape), dtype)  # row 2 of M: (m21, m22)
    bottom[1] = 1.0
    dtop = np.zeros_like(top)
    dbottom = np.zeros_like(top)
    logs = np.zeros(u.shape)
    x = np.empty(u.shape, dtype)
    new = np.empty_like(top)
    dnew = np.empty_like(top)
    last = len(onsite) - 1
    for j, eps in enumerate(onsite):
        np.subtract(eps, u, out=x)
        np.multiply(x, top, out=new)
        new -= bottom
        np.multiply(x, dtop, out=dnew)
        dnew -= dbottom
        dnew -= top
        # rotate the buffers: the oldest row receives the next site's values
        bottom, top, new = top, new, bottom
        dbottom, dtop, dnew = dtop, dnew, dbottom
        if stride is not None and ((j + 1) % stride == 0 or j == last):
            scale = np.maximum(np.abs(top).max(axis=0), np.abs(bottom).max(axis=0))
            inv = 1.0 / scale
            top *= inv
            bottom *= inv
            dtop *= inv
            dbottom *= inv
            logs += np.log(scale)
    return TransferProduct(top[0], top[1], bottom[0], bottom[1],
                           dtop[0], dtop[1], dbottom[0], dbottom[1], logs)


def _normalise(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Divide each matrix [[a, b], [c, d]] by its largest |Re| or |Im| entry; return its log."""
    scale = np.maximum(
        np.maximum(np.maximum(np.abs(a.real), np.abs(a.imag)), np.maximum(np.abs(b.real),
                                                                           np.abs(b.imag))),
        np.maximum(np.maximum(np.abs(c.real), np.abs(c.imag)), np.maximum(np.abs(d.real),
                                                                           np.abs(d.imag))),
    )
    inv = 1.0 / scale
    return a * inv, b * inv, c * inv, d * inv, np.log(scale)


def _chunk_product(
    onsite: np.ndarray, z: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """T_{n−1}⋯T_0 for the sites of ``onsite`` = ε_j/t and every z/t, as (a, b, c, d, log scale).

    Pairwise (tree) reduction over the site axis: log₂n NumPy passes, renormalised every
    :data:`_LEVELS_PER_NORMALISATION` levels (and at the end), so no entry leaves floating
    range. The true product is [[a, b], [c, d]]·e^{log scale}, per frequency.
    """
    a = onsite[:, None] - z[None, :]
    shape = a.shape
    b = np.full(shape, -1.0 + 0j)
    c = np.full(shape, 1.0 + 0j)
    d = np.zeros(shape, dtype=complex)
    a, b, c, d, logs = _normalise(a, b, c, d)
    level = 0
    while a.shape[0] > 1:
        if a.shape[0] % 2:  # pad with the identity so that sites pair up
            a, d = (np.concatenate([x, np.ones((1, shape[1]), complex)]) for x in (a, d))
            b, c = (np.concatenate([x, np.zeros((1, shape[1]), complex)]) for x in (b, c))
            logs = np.concatenate([logs, np.zeros((1, shape[1]))])
        # later site (odd index) times earlier site (even index)
        a1, b1, c1, d1 = a[1::2], b[1::2], c[1::2], d[1::2]
        a0, b0, c0, d0 = a[0::2], b[0::2], c[0::2], d[0::2]
        a, b, c, d = (
            a1 * a0 + b1 * c0, a1 * b0 + b1 * d0, c1 * a0 + d1 * c0, c1 * b0 + d1 * d0
        )
        logs = logs[1::2] + logs[0::2]
        level += 1
        if level % _LEVELS_PER_NORMALISATION == 0 or a.shape[0] == 1:
            a, b, c, d, step = _normalise(a, b, c, d)
            logs += step
    return a[0], b[0], c[0], d[0], logs[0]


def scaled_trace(onsite: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Δ(z) = Tr T_{n−1}⋯T_0 = Δ̃·e^{s} for ``onsite`` = ε_j/t and complex z = E/t, shape (K,).

    Returns (Δ̃, s). Blocks of sites are multiplied as trees (:data:`_BLOCK_ELEMENTS` entries at a
    time) and the blocks chained left to right, renormalising as they go.
    """
    k = z.size
    chunk = max(_MIN_CHUNK, _BLOCK_ELEMENTS // k)
    a = np.ones(k, complex)
    b = np.zeros(k, complex)
    c = np.zeros(k, complex)
    d = np.ones(k, complex)
    logs = np.zeros(k)
    for start in range(0, onsite.size, chunk):
        a1, b1, c1, d1, l1 = _chunk_product(onsite[start : start + chunk], z)
        a, b, c, d, step = _normalise(
            a1 * a + b1 * c, a1 * b + b1 * d, c1 * a + d1 * c, c1 * b + d1 * d
        )
        logs = logs + l1 + step
    return a + d, logs


class GreenStep(NamedTuple):
    """One slice j of :func:`recursive_green`.

    ``dressed`` = A_j − t²g_{j−1} (A_0 for j = 0), ``diagonal`` = g_j = dressed⁻¹, ``corner`` =
    G_{0,j} of slices 0…j, ``previous_corner`` = G_{0,j−1} and ``advance`` = G_{0,j−1}·g_j
    (so corner = −t·advance; both ``None`` for j = 0).
    """

    dressed: np.ndarray
    diagonal: np.ndarray
    corner: np.ndarray
    previous_corner: np.ndarray | None
    advance: np.ndarray | None


def recursive_green(blocks: Iterable[np.ndarray], hopping: float) -> Iterator[GreenStep]:
    """Left-connected recursive Green function over the blocks A_j = z − h_j, slice by slice.

    ``blocks`` yields arrays of shape (..., M, M) (a batch of energies or of strips in the
    leading axes); slices are coupled by −t·1 with t = ``hopping``. Yields a :class:`GreenStep`
    per slice, so a caller can close the chain (corner blocks) or attach a lead at any length.
    """
    t2 = hopping * hopping
    diagonal: np.ndarray | None = None
    corner: np.ndarray | None = None
    for block in blocks:
        if diagonal is None or corner is None:
            dressed = block
            diagonal = np.linalg.inv(dressed)
            corner = diagonal
            yield GreenStep(dressed, diagonal, corner, None, None)
            continue
        dressed = block - t2 * diagonal
        diagonal = np.linalg.inv(dressed)
        advance = corner @ diagonal
        previous, corner = corner, -hopping * advance
        yield GreenStep(dressed, diagonal, corner, previous, advance)
