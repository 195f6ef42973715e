"""Clean rings: currentkit against the baselines a user would otherwise write.

1. Clean 1D lattice ring, L = 1000, N = 501, T = 0, 16 flux points: closed-form levels against
   dense ``scipy.linalg.eigh`` of H(φ) with Hellmann-Feynman currents at every flux point.
2. Canonical current at T > 0 (exact, fixed N) of the same ring at T = 1.5 T*
   (k_BT* = ħv_F/πL = 2t/πL at half filling): currentkit's windowed symmetric-polynomial
   projection against the textbook number projection by a discrete Fourier sum over all L
   levels, Z_N = (1/M) Σ_m e^{−iθ_m N} Π_n (1 + e^{iθ_m} x_n), with the current from the
   projected derivative.
"""

from __future__ import annotations

import numpy as np

from benches.timing import Comparison, best_time
from currentkit.rings import LatticeRing, persistent_current
from currentkit.rings.free import lattice, thermo


def _dense_ground_current(ring: LatticeRing, flux: np.ndarray, electrons: int) -> np.ndarray:
    energies, currents = lattice.levels(ring, flux, method="dense")
    return thermo.canonical(energies, currents, electrons, 0.0).current


def _fourier_projection(energies: np.ndarray, currents: np.ndarray, n: int, kt: float
                        ) -> np.ndarray:
    """Canonical current by Fourier number projection over all levels (log-sum for stability)."""
    out = np.empty(energies.shape[0])
    m = energies.shape[1] + 1
    theta = 2 * np.pi * np.arange(m) / m
    for row, (e, i) in enumerate(zip(energies, currents, strict=True)):
        mu = np.sort(e)[n - 1 : n + 1].mean()
        logx = -(e - mu) / kt
        # log(1 + e^{iθ}x) and the occupation factor e^{iθ}x/(1 + e^{iθ}x), evaluated on the
        # side of |x| = 1 where the exponential cannot overflow
        phase = 1j * theta[:, None] + logx[None, :]
        big = logx[None, :] > 0
        small_side = np.exp(np.where(big, -phase, phase))
        terms = np.where(big, phase, 0.0) + np.log1p(small_side)
        occ_factor = np.where(big, 1.0 / (1.0 + small_side), small_side / (1.0 + small_side))
        logprod = terms.sum(axis=1) - 1j * theta * n
        weights = np.exp(logprod - logprod.real.max())
        z = weights.sum().real
        out[row] = (weights @ (occ_factor @ i)).real / z
    return out


def main() -> list[Comparison]:
    ring = LatticeRing(1000)
    flux = np.linspace(0.01, 0.49, 16)
    electrons = 501
    ours_t, ours = best_time(
        lambda: persistent_current(ring, flux, electrons=electrons)["current"].to_numpy())
    base_t, base = best_time(lambda: _dense_ground_current(ring, flux, electrons), repeat=1)
    dev = float(np.max(np.abs(ours - base)) / np.max(np.abs(base)))
    out = [Comparison("clean ring L=1000, T=0, 16 flux points", ours_t, base_t,
                      "dense eigh + Hellmann-Feynman", dev, 1e-9)]

    kt = 1.5 * 2.0 / (np.pi * ring.sites)  # 1.5 T*: the current is still O(I0)
    ours_t, ours = best_time(lambda: persistent_current(
        ring, flux, electrons=electrons, temperature=kt)["current"].to_numpy())
    energies, currents = lattice.levels(ring, flux)
    base_t, base = best_time(lambda: _fourier_projection(energies, currents, electrons, kt),
                             repeat=1)
    dev = float(np.max(np.abs(ours - base)) / np.max(np.abs(base)))
    out.append(Comparison("canonical T=1.5T*, L=1000, N=501, 16 flux points", ours_t, base_t,
                          "Fourier number projection", dev, 1e-8))
    return out
