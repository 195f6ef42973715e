"""Disordered 1D ring, canonical T = 0 current: per-band Chebyshev roots against dense eigh.

L = 2000, N = 1000 spinless electrons, 64 flux points f = k/64 (issue #3's acceptance case).
currentkit.rings.persistent_current(method="bands") (band edges once, Chebyshev interpolants of
Δ(E) and Δ'(E) per band from one vectorised transfer-matrix recursion, then the roots of
Δ(E) = 2cos φ and i_n = 2 sin φ/Δ'(E_n) at every flux point) against
persistent_current(method="dense") (``scipy.linalg.eigh`` of H(φ) with Hellmann-Feynman currents
at every flux point), both through thermo.canonical.

1. W = 1 (box disorder, ξ ≈ 105 ≪ L: localized, I ~ 1e-10 e·t/ħ) — the acceptance case.
2. W = 0.2 (ξ ≈ 2600 > L: I ~ 1e-3 e·t/ħ).

Agreement is max|ΔI| / max|I|. Dense Hellmann-Feynman carries an absolute round-off of
~1e-16 e·t/ħ per flux point, which is ~1e-6 of the localized ring's current, while the band
route is relatively accurate (Δ' from the recursion). The exact symmetry I(−f) = −I(f) (the grid
holds f and 1 − f) measures the dense route's own round-off, printed beside the deviation; the
tolerance is 1e-8 or twice that measured floor, whichever is larger.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from benches.timing import Comparison, best_time
from currentkit.rings import LatticeRing, persistent_current
from currentkit.rings.disorder.potentials import anderson_potential

#: Flux points f = k/64 (k = 0…63); f and 1 − f both present.
POINTS = 64


def _compare(width: float, seed: int) -> Comparison:
    length, electrons = 2000, 1000
    ring = LatticeRing(length, potential=anderson_potential(np.random.default_rng(seed), length,
                                                            1, width))
    flux = np.arange(POINTS) / POINTS

    def current(method: Literal["bands", "dense"]) -> np.ndarray:
        ds = persistent_current(ring, flux, electrons=electrons, method=method)
        return ds["current"].to_numpy()

    ours_t, ours = best_time(lambda: current("bands"))
    base_t, base = best_time(lambda: current("dense"), repeat=1)
    scale = float(np.max(np.abs(base)))
    dev = float(np.max(np.abs(ours - base))) / scale
    # I(1 − f) = −I(f) exactly: the dense route's violation is its round-off; ours is odd exactly
    mirror = (POINTS - np.arange(POINTS)) % POINTS
    floor = float(np.max(np.abs(base + base[mirror]))) / scale
    odd = float(np.max(np.abs(ours + ours[mirror]))) / scale
    print(f"W={width}: max|I| = {scale:.3e} e*t/hbar; dense asymmetry |I(f) + I(1-f)|/max|I| = "
          f"{floor:.2e}, bands asymmetry {odd:.2e}")
    return Comparison(f"disordered ring W={width}, L={length}, N={electrons}, T=0, {POINTS} flux "
                      "points, bands", ours_t, base_t, "dense eigh + Hellmann-Feynman", dev,
                      max(1e-8, 2 * floor))


def main() -> list[Comparison]:
    return [_compare(1.0, 2024), _compare(0.2, 2024)]


if __name__ == "__main__":
    for comparison in main():
        print(comparison.line())
