"""Matrix-free exact diagonalization of interacting fermions on a ring at fixed particle number.

Basis: the C(L, N) occupation bit strings s of N spinless fermions on L sites in increasing
integer order (which is colex order of the occupied-site sets), ranked without a lookup table by
the combinatorial number system, rank(s) = Σ_i C(p_i, i + 1) for the occupied sites
p_0 < p_1 < …. Spin-1/2 (Hubbard) states are pairs (s↑, s↓) with index rank↑·C(L, N↓) + rank↓,
Fock ordering all ↑ modes before all ↓ modes (so a hop of one spin never crosses the other).

Hamiltonian (lattice units t = ħ = e = 1; φ = 2πΦ/Φ0, Φ0 = h/e, the twist spread uniformly)::

    H = −t Σ_{j,σ} (e^{iφ/L} c†_{j+1,σ} c_{j,σ} + h.c.) + Σ_j ε_j n_j + V Σ_j n_j n_{j+1}
        + U Σ_j n_{j↑} n_{j↓}

Hops are applied with numba kernels (no sparse matrix is stored). Moving a fermion across the
closing bond L−1 → 0 passes the other N_σ − 1 fermions of its kind in the Fock ordering: the sign
(−1)^{N_σ−1} is the fermion-parity boundary condition, and with it the free-fermion spectrum is
E = Σ −2t cos((2πk − φ)/L) for every N. The current operator is ∂H/∂φ: the same hops with the
amplitude −t·(i/L)·e^{iφ/L}, and I = −⟨∂H/∂φ⟩ (Hellmann-Feynman) in e·t/ħ.
"""

from __future__ import annotations

import logging
import math

import numba
import numpy as np

logger = logging.getLogger(__name__)


def binomial_table(sites: int) -> np.ndarray:
    """Pascal's table C[n, k] for 0 ≤ n, k ≤ sites (int64)."""
    table = np.zeros((sites + 1, sites + 2), dtype=np.int64)
    for n in range(sites + 1):
        table[n, 0] = 1
        for k in range(1, n + 1):
            table[n, k] = table[n - 1, k - 1] + table[n - 1, k]
    return table


@numba.njit(cache=True)
def _states(sites: int, particles: int, count: int) -> np.ndarray:  # pragma: no cover - numba
    out = np.empty(count, dtype=np.int64)
    if particles == 0:
        out[0] = 0
        return out
    s = (np.int64(1) << particles) - 1
    for i in range(count):
        out[i] = s
        # Gosper's hack: the next larger integer with the same number of set bits
        c = s & -s
        r = s + c
        s = (((r ^ s) >> 2) // c) | r
    return out


def states(sites: int, particles: int) -> np.ndarray:
    """All L-bit strings with N set bits, increasing (int64); bit j is site j."""
    count = math.comb(sites, particles)
    return _states(sites, particles, count)


@numba.njit(cache=True, inline="always")
def _rank(s: np.int64, sites: int, table: np.ndarray) -> np.int64:  # pragma: no cover - numba
    r = np.int64(0)
    i = 0
    for p in range(sites):
        if (s >> p) & 1:
            i += 1
            r += table[p, i]
    return r


@numba.njit(cache=True)
def _hop_one(
    basis: np.ndarray, sites: int, table: np.ndarray, x: np.ndarray, y: np.ndarray,
    forward: complex, backward: complex, stride_out: int, stride_in: int, other: int,
    closing_sign: float,
) -> None:  # pragma: no cover - numba
    """y += Σ_j (forward·c†_{j+1}c_j + backward·c†_j c_{j+1}) x for one species.

    The species' state a of partner state o sits at index a·stride_out + o·stride_in. A hop
    between neighbours j, j + 1 keeps the particle's order i (the number of particles below
    it), so the rank changes by ±C(j, i) (Pascal's rule); only the closing bond re-ranks.
    """
    n = basis.shape[0]
    for a in range(n):
        s = basis[a]
        i = 0  # particles on sites < j
        for j in range(sites - 1):
            bj = (s >> j) & 1
            bk = (s >> (j + 1)) & 1
            if bj != bk:
                if bj == 1:
                    b = a + table[j, i]
                    amp = forward
                else:
                    b = a - table[j, i]
                    amp = backward
                for o in range(other):
                    y[b * stride_out + o * stride_in] += amp * x[a * stride_out + o * stride_in]
            i += bj
        last = sites - 1
        b0 = s & 1
        bl = (s >> last) & 1
        if b0 != bl:
            t = s ^ ((np.int64(1) << last) | np.int64(1))
            b = _rank(t, sites, table)
            amp = (forward if bl == 1 else backward) * closing_sign  # L−1 → 0 or 0 → L−1
            for o in range(other):
                y[b * stride_out + o * stride_in] += amp * x[a * stride_out + o * stride_in]


@numba.njit(cache=True)
def _diagonal(
    basis: np.ndarray, sites: int, potential: np.ndarray, neighbour: float
) -> np.ndarray:  # pragma: no cover - numba
    out = np.zeros(basis.shape[0])
    for a in range(basis.shape[0]):
        s = basis[a]
        e = 0.0
        for j in range(sites):
            if (s >> j) & 1:
                e += potential[j]
                if (s >> ((j + 1) % sites)) & 1:
                    e += neighbour
        out[a] = e
    return out


@numba.njit(cache=True)
def _double_occupancy(up: np.ndarray, down: np.ndarray) -> np.ndarray:  # pragma: no cover
    out = np.empty(up.shape[0] * down.shape[0])
    nd = down.shape[0]
    for a in range(up.shape[0]):
        for b in range(nd):
            s = up[a] & down[b]
            c = 0
            while s:
                s &= s - 1
                c += 1
            out[a * nd + b] = c
    return out


class FockSector:
    """The fixed-(N↑, N↓) sector of L sites (spinless: ``down=None``) with its hop kernels.

    Parameters
    ----------
    sites
        L ≥ 2.
    up
        N (spinless) or N↑.
    down
        N↓ for spin-1/2 fermions, ``None`` for spinless ones.
    """

    def __init__(self, sites: int, up: int, down: int | None = None) -> None:
        self.sites = sites
        self.up, self.down = up, down
        self.table = binomial_table(sites)
        self.basis_up = states(sites, up)
        self.basis_down = None if down is None else states(sites, down)
        self.dim_down = 1 if self.basis_down is None else int(self.basis_down.shape[0])
        self.dimension = int(self.basis_up.shape[0]) * self.dim_down

    def diagonal(self, potential: np.ndarray, neighbour: float, onsite: float) -> np.ndarray:
        """Diagonal Σ ε_j n_j + V Σ n_j n_{j+1} + U Σ n_{j↑}n_{j↓} on the sector's index."""
        d_up = _diagonal(self.basis_up, self.sites, potential, neighbour)
        if self.basis_down is None:
            return d_up
        d_dn = _diagonal(self.basis_down, self.sites, potential, neighbour)
        out = (d_up[:, None] + d_dn[None, :]).ravel()
        if onsite:
            out = out + onsite * _double_occupancy(self.basis_up, self.basis_down)
        return out

    def hop(self, x: np.ndarray, forward: complex, out: np.ndarray | None = None) -> np.ndarray:
        """y = Σ_{j,σ} (forward·c†_{j+1,σ}c_{j,σ} + h.c.) x (complex128)."""
        y = np.zeros(self.dimension, dtype=np.complex128) if out is None else out
        backward = complex(np.conj(forward))
        sign_up = -1.0 if (self.up - 1) % 2 else 1.0
        _hop_one(self.basis_up, self.sites, self.table, x, y, forward, backward,
                 self.dim_down, 1, self.dim_down, sign_up)
        if self.basis_down is not None and self.down is not None:
            sign_dn = -1.0 if (self.down - 1) % 2 else 1.0
            _hop_one(self.basis_down, self.sites, self.table, x, y, forward, backward,
                     1, self.dim_down, int(self.basis_up.shape[0]), sign_dn)
        return y
