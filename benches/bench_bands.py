"""Disordered 1D ring, canonical T = 0 current: band-wise root finding against dense eigh.

L = 2000, N = 1000, 16 flux points. currentkit.rings.bands.canonical_current (band edges once,
Newton/bisection on Δ(E) = 2cos φ for the N + 2 lowest bands, i_n = 2 sin φ/Δ'(E_n)) against
dense ``scipy.linalg.eigh`` of H(φ) with Hellmann-Feynman currents and thermo.canonical.
W = 0.2 (ξ ≈ 105/W² ≈ 2600 > L): at W = 1 the ring is localized (ξ ≈ 105 ≪ L) and the current,
~e^{−L/ξ}, lies below the dense route's round-off, so agreement could not be measured.
"""

from __future__ import annotations

import numpy as np

from benches.timing import Comparison, best_time
from currentkit.rings import LatticeRing, lattice, thermo
from currentkit.rings.bands import canonical_current


def main() -> list[Comparison]:
    length, electrons, width = 2000, 1000, 0.2
    rng = np.random.default_rng(2024)
    ring = LatticeRing(length, potential=rng.uniform(-width / 2, width / 2, length))
    flux = np.linspace(0.01, 0.49, 16)
    ours_t, ours = best_time(lambda: canonical_current(ring, flux, electrons))

    def dense() -> np.ndarray:
        energies, currents = lattice.levels(ring, flux, method="dense")
        return thermo.canonical(energies, currents, electrons, 0.0).current

    base_t, base = best_time(dense, repeat=1)
    dev = float(np.max(np.abs(ours - base)) / np.max(np.abs(base)))
    return [Comparison(f"disordered ring W={width}, L={length}, N={electrons}, T=0, "
                       "16 flux points", ours_t, base_t, "dense eigh + Hellmann-Feynman", dev,
                       1e-9)]


if __name__ == "__main__":
    for comparison in main():
        print(comparison.line())
