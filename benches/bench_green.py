"""Multichannel rings at fixed μ, T > 0: the closing-bond Green-function Matsubara sum.

1. M = 16, L = 60, W = 1, T = 0.05 t, 8 flux points: ``method="green"`` against dense ``eigh`` +
   Hellmann-Feynman + Fermi sum (LM = 960), side by side, with the agreement.
2. The acceptance case of issue #3: M = 16, L = 1000, W = 1, T = 2T*, 64 flux points. Dense
   diagonalisation of LM = 16 000 (a 4 GB complex matrix, ~10 min per flux point here) is out of
   reach 64 times over, so dense is measured at one flux point of the same ring shortened to
   L = 250 (LM = 4000) and scaled by (LM)³ to L = 1000 and by 64 flux points; the line says so.
"""

from __future__ import annotations

import numpy as np

from benches.timing import Comparison, best_time
from currentkit.rings import LatticeRing, persistent_current
from currentkit.rings.free import lattice


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

    sites, channels, short = 1000, 16, 250
    kt = 2 * 2.0 / (np.pi * sites)  # 2T*, k_BT* = ħv_F/(πL) with v_F ≈ 2t
    potential = np.random.default_rng(1000).uniform(-0.5, 0.5, (channels, sites))
    big = LatticeRing(sites, channels=channels, potential=potential)
    flux = np.linspace(0.0, 1.0, 64, endpoint=False)
    green_t, _ = best_time(lambda: persistent_current(
        big, flux, mu=0.3, temperature=kt, method="green")["current"], repeat=1)
    cut = LatticeRing(short, channels=channels, potential=potential[:, :short])
    small_t, _ = best_time(lambda: lattice.levels(cut, flux[1:2], method="dense"), repeat=1)
    dense_estimate = small_t * (sites / short) ** 3 * flux.size
    out.append(Comparison(
        f"M=16, L=1000, W=1, T=2T*, 64 flux points (dense: {small_t:.1f} s measured for one "
        f"flux point at L={short}, scaled by (LM)³ and 64)", green_t, dense_estimate,
        "dense eigh + Hellmann-Feynman (extrapolated)", 0.0, 1e-8))
    return out
