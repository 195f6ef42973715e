"""Symmetry sectors of interacting ring Hamiltonians (QuSpin) and their lowest levels.

In a sector (fixed N↑, N↓ and, for a clean ring, the momentum label k of QuSpin's ``kblock``)
H(φ) = −t(e^{iφ/L}F + e^{−iφ/L}F†) + diag(D), with F = Σ_{j,σ} c†_{j+1,σ}c_{j,σ} (the hop around
the ring, its closing bond a genuine fermion hop) and D the diagonal (on-site energies, V or U).
F and D do not depend on φ, so a sector is built once and H(φ) assembled per flux point; the
current operator is ∂H/∂φ = −t(i/L)(e^{iφ/L}F − e^{−iφ/L}F†). Lattice units t = ħ = e = 1.
"""

from __future__ import annotations

import functools
import itertools
import logging
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg

from currentkit.errors import ParameterError, integer
from currentkit.rings.models import InteractingRing

logger = logging.getLogger(__name__)

#: Sectors with at most this many states are diagonalised densely (measured: dense ``eigh`` of an
#: 800-state sector costs ~0.1 s, ARPACK ~10 ms).
DENSE_LIMIT = 200
#: ARPACK Krylov space (its default 2k + 1 restarts ~10× more often: measured 0.2 s vs 0.02 s for
#: k = 2 in an 800-state sector).
_KRYLOV = 20
#: Levels closer than this (t) to the ground energy count as degenerate with it.
DEGENERATE = 1e-9


def _quspin() -> tuple[Any, Any, Any]:
    with warnings.catch_warnings():
        # QuSpin 1.0.1 has invalid escape sequences in docstrings: a DeprecationWarning
        # (SyntaxWarning from Python 3.12) whenever its sources are compiled without a bytecode
        # cache; harmless, and not ours to fix.
        for category in (DeprecationWarning, SyntaxWarning):
            warnings.filterwarnings("ignore", "invalid escape sequence", category)
        from quspin.basis import spinful_fermion_basis_1d, spinless_fermion_basis_1d
        from quspin.operators import hamiltonian
    return spinless_fermion_basis_1d, spinful_fermion_basis_1d, hamiltonian


@dataclass(frozen=True)
class Sector:
    """One symmetry sector: H(φ) = −t(e^{iφ/L}F + e^{−iφ/L}F†) + diag(D), k the momentum label."""

    momentum: int
    forward: scipy.sparse.csr_array
    diagonal: np.ndarray

    def hamiltonian(self, phi: float, hopping: float, sites: int) -> scipy.sparse.csr_array:
        """H(φ) in this sector (sparse, complex128)."""
        w = -hopping * np.exp(1j * phi / sites)
        h = w * self.forward
        return h + h.conj().T + scipy.sparse.diags_array(self.diagonal)

    def current_operator(self, phi: float, hopping: float, sites: int) -> scipy.sparse.csr_array:
        """∂H/∂φ = −t(i/L)(e^{iφ/L}F − e^{−iφ/L}F†)."""
        w = -hopping * 1j / sites * np.exp(1j * phi / sites)
        h = w * self.forward
        return h + h.conj().T


def _sector_bytes(sector: Sector | None) -> int:
    if sector is None:
        return 0
    f = sector.forward
    return int(f.data.nbytes + f.indices.nbytes + f.indptr.nbytes + sector.diagonal.nbytes)


class SectorCache:
    """Least-recently-used store of built sectors, bounded by the bytes they hold.

    Building a sector (QuSpin basis and hopping operator) is most of the cost of small rings and
    depends on neither the flux nor t, so sweeps reuse them. The cache never holds more than
    ``max_bytes`` (the sectors' sparse arrays and diagonals); a sector larger than that is used
    once and not kept, and the least recently used ones are dropped first.
    """

    def __init__(self, max_bytes: int) -> None:
        self._entries: OrderedDict[tuple[Any, ...], tuple[Sector | None, int]] = OrderedDict()
        self._bytes = 0
        self.max_bytes = integer("max_bytes", max_bytes, minimum=0, what="cache size in bytes")

    @property
    def nbytes(self) -> int:
        """Bytes held now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[Any, ...], build: Callable[[], Sector | None]) -> Sector | None:
        """The sector stored under ``key``, built by ``build()`` (and kept if it fits) if absent."""
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key][0]
        sector = build()
        size = _sector_bytes(sector)
        if size <= self.max_bytes:
            self._entries[key] = (sector, size)
            self._bytes += size
            self._shrink(self.max_bytes)
        return sector

    def _shrink(self, limit: int) -> None:
        while self._bytes > limit and self._entries:
            _, (_, size) = self._entries.popitem(last=False)
            self._bytes -= size

    def resize(self, max_bytes: int) -> None:
        """Set the bound (bytes), dropping least recently used sectors beyond it."""
        self.max_bytes = integer("max_bytes", max_bytes, minimum=0, what="cache size in bytes")
        self._shrink(self.max_bytes)

    def clear(self) -> None:
        """Drop every sector."""
        self._entries.clear()
        self._bytes = 0


#: Default bound of the sector cache: 256 MiB, a fraction of what one Lanczos run of the largest
#: ring the memory check admits needs; :func:`clear_sector_cache` empties it.
DEFAULT_CACHE_BYTES = 256 * 2**20
_CACHE = SectorCache(DEFAULT_CACHE_BYTES)


def clear_sector_cache(max_bytes: int | None = None) -> None:
    """Empty the cache of interacting-ring sectors (and, with ``max_bytes``, set its bound).

    Exact diagonalisation keeps the sectors of recently used rings (their basis and hopping
    operator, independent of flux and t) up to :data:`DEFAULT_CACHE_BYTES`; call this to release
    that memory, or with ``max_bytes=0`` to disable caching.
    """
    _CACHE.clear()
    if max_bytes is not None:
        _CACHE.resize(max_bytes)


def _cache_key(ring: InteractingRing) -> tuple[Any, ...]:
    pot = None if ring.potential is None else ring.potential.tobytes()
    return (ring.sites, ring.spin_counts, ring.model, ring.interaction, pot)


def sectors(ring: InteractingRing, momenta: Sequence[int] | None = None) -> list[Sector]:
    """The fixed-N sectors of ``ring``: one per momentum label k if clean, else one (k = −1).

    ``momenta`` restricts a clean ring to those labels (default: all k = 0 … L−1). Sectors of
    recent rings are kept in a cache bounded by bytes (:func:`clear_sector_cache`).
    """
    key = _cache_key(ring)
    labels: list[int | None] = [None]
    if ring.is_clean:
        chosen = range(ring.sites) if momenta is None else {int(k) % ring.sites for k in momenta}
        labels = [int(k) for k in sorted(chosen)]
    out = []
    for k in labels:
        sector = _CACHE.get((*key, k), functools.partial(_build_sector, ring, k))
        if sector is not None:
            out.append(sector)
    return out


def free_momenta(ring: InteractingRing, phis: np.ndarray) -> list[int]:
    """Momentum labels of the free-fermion (V = 0) ground states at the twists ``phis``.

    For each twist, every way of filling the N lowest levels −2t cos((2πk − φ)/L) (all choices
    at a degenerate Fermi level) gives K = Σk; both ±K mod L are returned (QuSpin's label is
    −K). Interactions that keep the ring a Luttinger liquid do not move the ground state out of
    these sectors (the zero-mode quantum numbers are adiabatic); tested against all sectors.
    """
    if ring.model != "t-V":
        raise ParameterError("momenta", "free", "'all' for a Hubbard ring")
    big, n = ring.sites, ring.spin_counts[0]
    k = np.arange(big)
    found: set[int] = set()
    for phi in np.atleast_1d(phis):
        e = -np.cos((2 * np.pi * k - phi) / big)
        order = np.argsort(e, kind="stable")
        if n == 0:
            found.add(0)
            continue
        fermi = e[order[n - 1]]
        below = [int(x) for x in order if e[x] < fermi - DEGENERATE]
        shell = [int(x) for x in order if abs(e[x] - fermi) <= DEGENERATE]
        for pick in itertools.combinations(shell, n - len(below)):
            total = sum(below) + sum(pick)
            found.update({total % big, -total % big})
    return sorted(found)


def _build_sector(ring: InteractingRing, k: int | None) -> Sector | None:
    spinless, spinful, hamiltonian = _quspin()
    big = ring.sites
    pot = np.zeros(big) if ring.potential is None else np.asarray(ring.potential)
    hops = [[1.0, (j + 1) % big, j] for j in range(big)]
    diag_terms: list[list[Any]]
    kw = dict(dtype=np.complex128, check_symm=False, check_herm=False, check_pcon=False)
    extra = {} if k is None else {"kblock": k}
    if ring.model == "t-V":
        basis = spinless(big, Nf=ring.spin_counts[0], **extra)
        hop_terms = [["+-", hops]]
        diag_terms = [["n", [[float(pot[j]), j] for j in range(big)]],
                      ["nn", [[ring.interaction, j, (j + 1) % big] for j in range(big)]]]
    else:
        basis = spinful(big, Nf=ring.spin_counts, **extra)
        hop_terms = [["+-|", hops], ["|+-", hops]]
        diag_terms = [["n|", [[float(pot[j]), j] for j in range(big)]],
                      ["|n", [[float(pot[j]), j] for j in range(big)]],
                      ["n|n", [[ring.interaction, j, j] for j in range(big)]]]
    if basis.Ns == 0:
        return None
    forward = hamiltonian(hop_terms, [], basis=basis, **kw).tocsr()
    diag = hamiltonian(diag_terms, [], basis=basis, **kw).tocsr().diagonal().real
    return Sector(-1 if k is None else k, scipy.sparse.csr_array(forward),
                  np.ascontiguousarray(diag))


def sector_levels(
    ring: InteractingRing, sector: Sector, phis: np.ndarray, levels: int
) -> tuple[np.ndarray, np.ndarray]:
    """Lowest ``levels`` energies E_n(φ) and currents −⟨n|∂H/∂φ|n⟩ of one sector.

    Rows beyond the sector's size are NaN. Returns arrays of shape (len(phis), levels).
    """
    dim = sector.diagonal.shape[0]
    energies = np.full((phis.size, levels), np.nan)
    currents = np.full((phis.size, levels), np.nan)
    m = min(levels, dim)
    for i, phi in enumerate(phis):
        h = sector.hamiltonian(float(phi), ring.hopping, ring.sites)
        if dim <= DENSE_LIMIT:
            vals, vecs = scipy.linalg.eigh(h.toarray(), subset_by_index=(0, m - 1))
        else:
            rng = np.random.default_rng(0)  # a fixed start vector: reproducible to round-off
            start = rng.standard_normal(dim) + 1j * rng.standard_normal(dim)
            ncv = min(dim - 1, max(_KRYLOV, 2 * m + 1))
            vals, vecs = scipy.sparse.linalg.eigsh(h, k=m, which="SA", tol=0, v0=start, ncv=ncv)
            order = np.argsort(vals)
            vals, vecs = vals[order], vecs[:, order]
        dh = sector.current_operator(float(phi), ring.hopping, ring.sites)
        energies[i, :m] = vals
        currents[i, :m] = -np.real(np.einsum("in,in->n", vecs.conj(), dh @ vecs))
    return energies, currents
