"""Interacting ring: half-filled t-V, L = 24, N = 12, V = t, one twist f = 0.1.

Ours (:func:`currentkit.rings.interacting.exact.ground_state`, QuSpin momentum sectors, the ground
state's free-fermion sectors only, two levels each with their currents) against a full-N-sector
matrix-free Lanczos (:class:`benches.fock_lanczos.FockSector`, numba hops, ARPACK,
C(24, 12) = 2 704 156 states, ground energy only), side by side: wall time, peak traced memory
(tracemalloc: NumPy, SciPy and QuSpin buffers) and the ground energy, which must agree to 1e-10.

``python -m benches.bench_interacting --scaling`` times ours at L = 16 … 26 (half filling, one
twist, all momentum sectors as drude_weight needs, and the free-fermion sectors only) to
extrapolate the largest ring one 10-minute run reaches. Measured (2 cores shared, load ~4;
one twist, free-fermion sectors, two levels with currents): L = 16: 0.3 s; 20: 1.4 s;
22: 9 s; 24: 14–26 s (133 MiB); 26: 43 s (451 MiB); 28: 246 s (1.9 GiB, 1 432 736 states per
sector). L = 30 (5.2 M states per sector, ~7 GiB estimated) extrapolates to ~15 min: L = 28 is
the largest half-filled ring within 10 minutes; L = 32 (~27 GiB) is refused on a 23 GiB machine.
All L sectors (as ``ground_state(..., momenta="all")``): L = 16: 2.2 s, L = 20: 82 s.
"""

from __future__ import annotations

import functools
import logging
import math
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse.linalg

from benches.fock_lanczos import FockSector
from benches.timing import Comparison
from currentkit.rings.interacting.exact import ground_state
from currentkit.rings.models import InteractingRing

logger = logging.getLogger(__name__)
SITES, ELECTRONS, INTERACTION, FLUX = 24, 12, 1.0, 0.1


def measured(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall time s, peak traced memory bytes, result) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    result = func()
    wall = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return wall, peak, result


def ours(sites: int = SITES, electrons: int = ELECTRONS, momenta: str = "free") -> float:
    ring = InteractingRing(sites, electrons, interaction=INTERACTION)
    return float(ground_state(ring, np.array([FLUX]), momenta=momenta)[0][0])  # type: ignore[arg-type]


def full_sector_lanczos(sites: int = SITES, electrons: int = ELECTRONS) -> float:
    """E0 by ARPACK on the whole N sector with the own numba hop kernel (no symmetry)."""
    sector = FockSector(sites, electrons)
    diag = sector.diagonal(np.zeros(sites), INTERACTION, 0.0)
    forward = -np.exp(2j * math.pi * FLUX / sites)
    out = np.empty(sector.dimension, dtype=np.complex128)

    def apply(x: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(np.asarray(x, dtype=np.complex128).ravel())
        out[:] = diag * x
        return sector.hop(x, forward, out).copy()

    op = scipy.sparse.linalg.LinearOperator((sector.dimension,) * 2, matvec=apply,
                                            dtype=np.complex128)
    start = np.random.default_rng(0).standard_normal(sector.dimension).astype(np.complex128)
    vals = scipy.sparse.linalg.eigsh(op, k=1, which="SA", tol=0, v0=start, ncv=20,
                                     return_eigenvectors=False)
    return float(vals[0])


def main() -> list[Comparison]:
    ours(8, 4)  # compile QuSpin's and our numba kernels outside the timings
    full_sector_lanczos(8, 4)
    ours_t, ours_mem, e_ours = measured(ours)
    base_t, base_mem, e_base = measured(full_sector_lanczos)
    print(f"t-V L={SITES} N={ELECTRONS} V=t f={FLUX}: E0 ours {e_ours:.12f} t "
          f"({ours_t:.3g} s, peak {ours_mem / 2**20:.0f} MiB), full-sector Lanczos "
          f"{e_base:.12f} t ({base_t:.3g} s, peak {base_mem / 2**20:.0f} MiB)", flush=True)
    return [Comparison(f"t-V ring L={SITES}, N={ELECTRONS}, V=t, one twist: ground energy",
                       ours_t, base_t, "full-N-sector matrix-free Lanczos",
                       abs(e_ours - e_base) / abs(e_base), 1e-10)]


def scaling(sizes: tuple[int, ...] = (16, 18, 20, 22, 24, 26)) -> None:
    """Print our time per twist at half filling, free-fermion sectors and all sectors."""
    ours(8, 4)
    for big in sizes:
        t_free, mem, _ = measured(functools.partial(ours, big, big // 2, "free"))
        line = f"L={big}: free-fermion sectors {t_free:.3g} s (peak {mem / 2**20:.0f} MiB)"
        if big <= 20:
            t_all = measured(functools.partial(ours, big, big // 2, "all"))[0]
            line += f", all {big} sectors {t_all:.3g} s"
        print(line, flush=True)


if __name__ == "__main__":
    if "--scaling" in sys.argv:
        scaling()
    else:
        for c in main():
            print(c.line())
