"""Multicomponent Green-Kubo (Bertossa, Grasselli, Ercole, Baroni, PRL 122, 255901 (2019)).

In a fluid of several species the energy current J_E can exchange a non-diffusive part with the
mass (or charge) currents J_1 … J_{n−1}: adding hJ to J_E changes ∫⟨J_E J_E⟩ but not the
thermal conductivity, which is the zero-frequency value of the Schur complement of the
cross-spectrum matrix,

    κ ∝ S_EE − S_EJ S_JJ⁻¹ S_JE = 1/(S⁻¹)_EE     at f → 0,

i.e. the spectrum of the part of J_E that is uncorrelated with the other currents; it is
invariant under J_E → J_E + Σ h_i J_i for every h (the enthalpies carried by the diffusing
species drop out). Statistics: the l-averaged cross-periodogram matrix is (1/l)×complex Wishart
with l degrees of freedom; its n×n Schur complement is S_true/l × Gamma(l − n + 1, 1), so the
log-periodogram of the Schur complement has bias ψ(l − n + 1) − ln l and variance ψ′(l − n + 1)
(at f = 0 and f_Ny, real Wishart: ψ((l − n + 1)/2) − ln(l/2), ψ′((l − n + 1)/2)); the cepstral
machinery of :mod:`currentkit.kubo.cepstral` then applies unchanged with ν = l − n + 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import fft as sfft


def spectral_matrix(currents: Sequence[np.ndarray], timestep: float) -> np.ndarray:
    """l-averaged (cross-)periodogram Ŝ_ij(f_k) = (Δ/(Nl)) Σ_a X_ia(k) X*_ja(k), shape (F, n, n).

    Each current is (N, l); one current gives shape (F, 1, 1). One FFT per component at a time
    keeps the memory to a few copies of one column.
    """
    n_samples, n_comp = currents[0].shape
    n = len(currents)
    nf = n_samples // 2 + 1
    out = np.zeros((nf, n, n), dtype=np.complex128 if n > 1 else np.float64)
    scale = timestep / (n_samples * n_comp)
    for a in range(n_comp):
        cols = [sfft.rfft(c[:, a]) for c in currents]
        for i in range(n):
            if n == 1:
                out[:, 0, 0] += cols[0].real ** 2 + cols[0].imag ** 2
                continue
            for j in range(n):
                out[:, i, j] += cols[i] * np.conj(cols[j])
    out *= scale
    return out


def schur_psd(matrix: np.ndarray) -> np.ndarray:
    """S_EE − S_EJ S_JJ⁻¹ S_JE at every frequency of a (F, n, n) spectral matrix (real part)."""
    if matrix.shape[1] == 1:
        return np.real(matrix[:, 0, 0]).copy()
    s_ee = matrix[:, 0, 0]
    s_ej = matrix[:, 0:1, 1:]
    s_jj = matrix[:, 1:, 1:]
    s_je = matrix[:, 1:, 0:1]
    return np.real(s_ee - (s_ej @ np.linalg.solve(s_jj, s_je))[:, 0, 0])
