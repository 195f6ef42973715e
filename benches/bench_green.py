"""Multichannel rings at fixed μ, T > 0: the closing-bond Green-function Matsubara sum.

1. M = 16, L = 60, T = 0.05 t, 8 flux points, disordered: ``method="green"`` against dense
   ``eigh`` + Hellmann-Feynman + Fermi sum (LM = 960), side by side.
2. M = 16, L = 1000, T = 2T*, 64 flux points: green timed; dense (LM = 16 000) is out of reach,
   so its time per flux point is measured at L = 100 and scaled by (LM)³ — stated as such.
"""

from __future__ import annotations

import numpy as np

from benches.timing import Comparison, best_time
from currentkit.rings import LatticeRing, lattice, persistent_current


def main() -> list[Comparison]:
    rng = np.random.default_rng(16)
    ring = LatticeRing(60, channels=16, potential=rng.uniform(-0.5, 0.5, (16, 60)))
    flux = np.linspace(0.01, 0.49, 8)

    def current(method: str) -> np.ndarray:
        ds = persistent_current(ring, flux, mu=0.3, temperature=0.05, method=method)
        return ds["current"].to_numpy()

    ours_t, ours = best_time(lambda: current("green"))
    base_t, base = best_time(lambda: current("dense"), repeat=1)
    dev = float(np.max(np.abs(ours - base)) / np.max(np.abs(base)))
    out = [Comparison("M=16, L=60, W=1, T=0.05t, 8 flux points", ours_t, base_t,
                      "dense eigh + Hellmann-Feynman", dev, 1e-8)]

    sites, channels = 1000, 16
    kt = 2 * 2.0 / (np.pi * sites)  # 2T*, k_BT* = ħv_F/(πL) with v_F ≈ 2t
    big = LatticeRing(sites, channels=channels)
    flux = np.linspace(0.0, 1.0, 64, endpoint=False)
    green_t, _ = best_time(lambda: persistent_current(
        big, flux, mu=0.3, temperature=kt, method="green")["current"], repeat=1)
    small_t, _ = best_time(lambda: lattice.levels(
        LatticeRing(100, channels=channels), flux[:1], method="dense"), repeat=1)
    dense_estimate = small_t * (sites / 100) ** 3 * flux.size
    print(f"M=16, L=1000, T=2T*, 64 flux points: green {green_t:.2f} s; dense estimated "
          f"{dense_estimate:.3g} s (measured {small_t:.2f} s per flux point at L=100, ×(LM)³); "
          f"ratio ≈ {dense_estimate / green_t:.3g}")
    return out
