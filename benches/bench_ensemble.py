"""Disorder ensemble at scale: 10⁴ realizations of a 1D ring on the embedded Dask cluster.

Issue #3's target: R = 10⁴ realizations of an Anderson ring L = 10⁴, W = 1 (box), grand
canonical μ = 0, T = 2T* with k_BT* = ħv_F/(2πL) = 1/(πL) (v_F = 2t at μ = 0), 64 flux points,
``method="transfer"``, in < 2 minutes on the embedded LocalCluster (2 cores). Timed with 1 and
2 worker processes (cluster start included, as a user sees it); ratio = t(1 worker) / t(2
workers) is the speed-up, and the two results must be identical (realization r depends only on
(seed, r), never on the worker). Blocks of realizations per task (``default_block``: 40 here)
keep the Dask overhead to 250 tasks.

``python -m benches.bench_ensemble R`` runs a smaller ensemble while developing.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from benches.timing import Comparison
from currentkit.rings.disorder.ensemble import EnsembleConfig, disorder_ensemble

SITES = 10_000
REALIZATIONS = 10_000


def config(realizations: int = REALIZATIONS) -> EnsembleConfig:
    """The benchmark ensemble (lattice units; T = 2T*, T* = v_F/(2πL), v_F = 2t at μ = 0)."""
    t_star = 2.0 / (2 * np.pi * SITES)
    return EnsembleConfig(sites=SITES, disorder=1.0, mu=0.0, temperature=2 * t_star,
                          flux_points=64, realizations=realizations, seed=2026,
                          method="transfer")


def _timed(cfg: EnsembleConfig, workers: int) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    ds = disorder_ensemble(cfg, scheduler="local", workers=workers, progress=False)
    return time.perf_counter() - start, ds["current"].to_numpy()


def main(realizations: int = REALIZATIONS) -> list[Comparison]:
    cfg = config(realizations)
    one_t, one = _timed(cfg, workers=1)
    two_t, two = _timed(cfg, workers=2)
    scale = float(np.max(np.abs(one))) or 1.0
    dev = float(np.max(np.abs(two - one))) / scale
    name = (f"disorder ensemble R={realizations}, L={SITES}, W=1, mu=0, T=2T*, 64 flux points, "
            "transfer")
    print(f"{name}: 1 worker {one_t:.1f} s ({one_t / realizations * 1e3:.2f} ms per "
          f"realization), 2 workers {two_t:.1f} s ({two_t / realizations * 1e3:.2f} ms per "
          f"realization), speed-up {one_t / two_t:.2f}; identical: {np.array_equal(one, two)}")
    # the same realizations on 1 or 2 workers: bit-identical, so tolerance 0
    return [Comparison(name, two_t, one_t, "1 worker (ours: 2 workers)", dev, 0.0)]


if __name__ == "__main__":
    for comparison in main(int(sys.argv[1]) if len(sys.argv) > 1 else REALIZATIONS):
        print(comparison.line())
