"""Disorder ensemble at scale: 10⁴ realizations of a 1D ring, serially and on Dask workers.

The target: R = 10⁴ realizations of an Anderson ring L = 10⁴, W = 1 (box), grand canonical
μ = 0, T = 2T* with k_BT* = ħv_F/(2πL) = 1/(πL) (v_F = 2t at μ = 0), 64 flux points,
``method="transfer"``, in < 2 minutes on 2 cores. Timed in this process (``scheduler="serial"``:
what a one-worker request runs, since a one-worker cluster cannot beat the process itself) and
on the embedded cluster of 2 workers (its lazy start, TLS and shutdown included, as a user sees
it); ratio = t(serial) / t(2 workers) is the speed-up, and the results must be identical
(realization r depends only on (seed, r), never on the worker). Blocks of realizations per task
(``default_block``: 40 here) keep the Dask overhead to 250 tasks.

``python -m benches.bench_ensemble R [tcp://host:port]`` runs a smaller ensemble while
developing; with an address it also times that cluster (e.g. a scheduler with N ``dask worker``
processes, for the scaling beyond the embedded cluster).
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


def _timed(cfg: EnsembleConfig, scheduler: str, workers: int | None = None
           ) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    ds = disorder_ensemble(cfg, scheduler=scheduler, workers=workers, progress=False)
    return time.perf_counter() - start, ds["current"].to_numpy()


def main(realizations: int = REALIZATIONS, address: str | None = None) -> list[Comparison]:
    cfg = config(realizations)
    one_t, one = _timed(cfg, "serial")
    two_t, two = _timed(cfg, "local", workers=2)
    runs = [("2 workers (embedded)", two_t, two)]
    if address is not None:
        runs.append((address, *_timed(cfg, address)))
    scale = float(np.max(np.abs(one))) or 1.0
    name = (f"disorder ensemble R={realizations}, L={SITES}, W=1, mu=0, T=2T*, 64 flux points, "
            "transfer")
    out = []
    for label, seconds, current in runs:
        print(f"{name}: serial {one_t:.1f} s ({one_t / realizations * 1e3:.2f} ms per "
              f"realization), {label} {seconds:.1f} s ({seconds / realizations * 1e3:.2f} ms per "
              f"realization), speed-up {one_t / seconds:.2f}; identical: "
              f"{np.array_equal(one, current)}")
        dev = float(np.max(np.abs(current - one))) / scale
        # the same realizations wherever they run: bit-identical, so tolerance 0
        out.append(Comparison(f"{name} on {label}", seconds, one_t, "serial", dev, 0.0))
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    for comparison in main(int(args[0]) if args else REALIZATIONS,
                           args[1] if len(args) > 1 else None):
        print(comparison.line())
