"""Fermi sums on the imaginary axis (rings/matsubara.py): the T = 0 integral and its callers.

Lattice units ħ = e = k_B = 1, t = 1. The T = 0 grand-canonical current is
I = Σ_{E_n < μ} i_n with i_n = −∂E_n/∂φ (e·t/ħ), the reference being thermo.grand_canonical on
dense Hellmann-Feynman levels.
"""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.rings import LatticeRing
from currentkit.rings.disorder.potentials import anderson_potential
from currentkit.rings.free import lattice, thermo
from currentkit.rings.free.green import closing_bond_current
from currentkit.rings.free.matsubara import fermi_sum, imaginary_axis_integral
from currentkit.rings.free.transfer import matsubara_current

FLUX = np.linspace(-0.5, 1.0, 13)


def test_integral_of_closed_forms() -> None:
    """∫_0^∞ e^{−aω} dω = 1/a and ∫_0^∞ δ/(ω² + δ²) dω = π/2 for δ down to 1e-9 of the scale."""
    a = np.array([0.5, 1.0, 30.0])
    deltas = np.array([1.0, 1e-3, 1e-9])

    def terms(z: np.ndarray) -> np.ndarray:
        w = z.imag[None, :]
        return np.concatenate([np.exp(-a[:, None] * w), deltas[:, None] / (w**2 + deltas[:, None]
                                                                              ** 2)])

    got = imaginary_axis_integral(terms, 0.0, scale=1.0, tol=1e-13)
    expected = np.concatenate([1 / a, np.full(3, np.pi / 2)])
    # the panels' halves agree to 1e-13 of the largest value; 1e-11 leaves room for the sum of
    # a few dozen accepted panels
    np.testing.assert_allclose(got, expected, rtol=1e-11)


def test_fermi_sum_tends_to_the_integral() -> None:
    """2k_BT Σ_k F(iω_k) → (1/π)∫F dω as T → 0: for F = e^{−ω} the sum is k_BT/sinh(πk_BT)."""

    def terms(z: np.ndarray) -> np.ndarray:
        return np.exp(-z.imag)[None, :]

    for kT in (0.3, 0.01):
        got = fermi_sum(terms, 0.0, kT, tol=1e-14, scale=1.0)
        # Σ_{k≥0} e^{−(2k+1)πkT} = 1/(2 sinh(πkT)); the tolerance is that of the sum
        np.testing.assert_allclose(got, [kT / np.sinh(np.pi * kT)], rtol=1e-12)
    np.testing.assert_allclose(fermi_sum(terms, 0.0, 0.0, tol=1e-14, scale=1.0), [1 / np.pi],
                               rtol=1e-12)


def dense_zero_temperature(ring: LatticeRing, mu: float) -> np.ndarray:
    energies, currents = lattice.levels(ring, FLUX, method="dense")
    return thermo.grand_canonical(energies, currents, mu, 0.0).current


@pytest.mark.parametrize(("sites", "channels", "width", "mu"),
                         [(61, 1, 1.0, 0.13), (40, 1, 3.0, -1.1), (24, 3, 1.0, 0.2),
                          (15, 4, 2.0, -0.7)])
def test_zero_temperature_matches_dense(sites: int, channels: int, width: float,
                                        mu: float) -> None:
    ring = LatticeRing(sites, channels=channels,
                       potential=anderson_potential(np.random.default_rng(sites), sites,
                                                    channels, width))
    ref = dense_zero_temperature(ring, mu)
    scale = float(np.max(np.abs(ref)))
    # both sides are exact; 1e-10 of max|I| covers the integral's 1e-12 tolerance and the dense
    # Hellmann-Feynman round-off (measured ≲ 4e-13)
    np.testing.assert_allclose(closing_bond_current(ring, FLUX, mu, 0.0), ref, rtol=0,
                               atol=1e-10 * scale)
    if channels == 1:
        np.testing.assert_allclose(matsubara_current(ring, FLUX, mu, 0.0), ref, rtol=0,
                                   atol=1e-10 * scale)


def test_clean_ring_sawtooth_at_zero_temperature() -> None:
    """Clean ring, μ between levels: the closed-form level sum, including the spin factor 2."""
    ring = LatticeRing(30, spin=True)
    flux = np.array([0.1, 0.25, 0.4])
    energies, currents = lattice.levels(ring, flux, method="exact")
    mu = -1.0  # never at a level for these fluxes (levels −2cos((2πk − φ)/30) move by < 0.14)
    ref = thermo.grand_canonical(energies, currents, mu, 0.0).current
    np.testing.assert_allclose(matsubara_current(ring, flux, mu, 0.0), ref, rtol=1e-10)


def test_mu_at_a_level_is_refused() -> None:
    ring = LatticeRing(11)
    level = -2 * np.cos(2 * np.pi * 0.1 / 11)  # the k = 0 level at f = 0.1
    with pytest.raises(ParameterError, match="mu"):
        matsubara_current(ring, np.array([0.1]), level, 0.0)


def test_tolerance_reaches_the_api() -> None:
    """persistent_current(tol=…) sets the sum's tolerance: a loose one is looser, but honest."""
    from currentkit.rings import persistent_current

    ring = LatticeRing(80, potential=anderson_potential(np.random.default_rng(3), 80, 1, 1.0))
    ref = dense_zero_temperature(ring, 0.1)
    scale = float(np.max(np.abs(ref)))
    for method in ("transfer", "green"):
        loose = persistent_current(ring, FLUX, mu=0.1, method=method, tol=1e-3)
        tight = persistent_current(ring, FLUX, mu=0.1, method=method)
        assert loose.attrs["tol"] == 1e-3 and tight.attrs["tol"] == 1e-12
        err_loose = float(np.max(np.abs(loose["current"] - ref)))
        err_tight = float(np.max(np.abs(tight["current"] - ref)))
        # the panel test bounds each panel's error by tol·max|I|; a few dozen panels at most
        assert err_tight <= 1e-10 * scale and err_loose <= 1e-1 * scale
    with pytest.raises(ParameterError, match="tol"):
        persistent_current(ring, FLUX, mu=0.1, method="transfer", tol=2.0)
