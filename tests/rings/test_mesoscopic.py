"""Mean free path, diffusion constant, Thouless energy and typical current (rings/mesoscopic.py).

Lattice units t = a = ħ = e = k_B = 1, h = 2π: conductance in e²/h, currents in e·t/ħ,
E_c/Φ0 = E_c/(2π). References: closed forms (1D Born ℓ and the Thouless localization length of
PHYSICS.md, clean-lead and single-impurity transmissions), the independent Landauer
measurement of ℓ against the Born estimate, and disorder ensembles of ring currents
(persistent_current, method="green") against the diffuson theory of the typical current.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from currentkit import parallel
from currentkit.errors import ParameterError
from currentkit.rings import LatticeRing, anderson_potential, persistent_current
from currentkit.rings.disorder import mesoscopic as ms
from currentkit.rings.models import Transverse

#: A cylinder whose M = 10 transverse modes all lie ≥ 0.5t from the band thresholds at μ, so
#: that the Born rates (∝ 1/v_m) are well defined: 7 open modes.
MU = -0.88


@pytest.mark.parametrize("energy", [-1.7, -0.5, 0.0, 1.2])
def test_born_1d_matches_thouless_localization_length(energy: float) -> None:
    born = ms.born_estimate(energy, 0.7)
    # closed forms: ℓ = 6(4t² − E²)/W², ξ = 4ℓ = 24(4t² − E²)/W² (PHYSICS.md); rounding only
    assert born.mean_free_path == pytest.approx(6 * (4 - energy**2) / 0.49, rel=1e-12)
    assert born.localization_length == pytest.approx(24 * (4 - energy**2) / 0.49, rel=1e-12)
    # D = v_F ℓ in 1D (d = 1)
    assert born.diffusion_constant == pytest.approx(
        math.sqrt(4 - energy**2) * born.mean_free_path, rel=1e-12)


def test_born_equal_velocity_cylinder_rate() -> None:
    # On a cylinder w_mn = 1/M, so 1/τ = 2(W²/12)(1/M)Σ_n 1/v_n for every mode: exact algebra
    born = ms.born_estimate(MU, 1.3, 10, transverse="periodic")
    eps, _ = ms.transverse_modes(10, "periodic")
    v = np.sqrt(4 - (MU - eps[np.abs(MU - eps) < 2]) ** 2)
    expected = 2 * (1.3**2 / 12) / 10 * np.sum(1 / v)
    np.testing.assert_allclose(born.rates, expected, rtol=1e-12)
    assert born.open_channels == 7


@pytest.mark.parametrize(("channels", "transverse", "energy"),
                         [(1, "open", 0.3), (8, "open", 0.5), (6, "open", 2.9),
                          (6, "periodic", 0.1), (10, "periodic", MU)])
def test_clean_strip_transmits_every_open_channel(channels: int, transverse: Transverse,
                                                  energy: float) -> None:
    g = ms.landauer_transmission(np.zeros((channels, 25)), energy, transverse=transverse)
    born = ms.born_estimate(energy, 1.0, channels, transverse=transverse)
    # g = M_open exactly; 1e-10 covers round-off of the 25-step recursion
    assert g == pytest.approx(born.open_channels, abs=1e-10)


@pytest.mark.parametrize(("energy", "strength"), [(0.3, 1.0), (-1.5, 2.5), (1.9, -0.4)])
def test_single_impurity_transmission(energy: float, strength: float) -> None:
    pot = np.zeros((1, 9))
    pot[0, 4] = strength
    v2 = 4 - energy**2  # 4t² sin² k
    # |τ|² = 4t²sin²k/(4t²sin²k + V²); round-off only
    assert ms.landauer_transmission(pot, energy) == pytest.approx(v2 / (v2 + strength**2),
                                                                  rel=1e-12)


def test_transmission_lengths_agree_with_separate_strips() -> None:
    rng = np.random.default_rng(3)
    pot = rng.uniform(-1, 1, (4, 6, 30))
    sweep = ms.landauer_transmission(pot, 0.4, lengths=[5, 17, 30])
    for i, n in enumerate((5, 17, 30)):
        # the same recursion truncated: round-off only
        np.testing.assert_allclose(sweep[:, i], ms.landauer_transmission(pot[..., :n], 0.4),
                                   rtol=1e-10)


def test_measured_mean_free_path_matches_born() -> None:
    born = ms.born_estimate(MU, 1.5, 10, transverse="periodic")
    lengths = np.array([10, 20, 35, 50, 70])
    meas = ms.measure_transport(MU, 1.5, 10, lengths, realizations=200, transverse="periodic")
    # Measured (R = 200, L ≤ 0.4ξ) 20.8 against Born 21.8. Tolerance 10%: the fit's statistical
    # error (~2%) plus the next Born order, relative (ħ/τ)/(distance of a mode to threshold)
    # ≈ 0.16/0.5 for the fastest-scattered mode, which moves ℓ by a few per cent.
    assert meas.dmpk_mean_free_path == pytest.approx(born.dmpk_mean_free_path, rel=0.10)
    assert meas.diffusion_constant == pytest.approx(born.diffusion_constant, rel=0.10)
    # the fitted law describes every point within 3 standard errors + the 1/M terms it drops
    law = ms.dmpk_conductance(lengths, meas.dmpk_mean_free_path, meas.open_channels)
    assert np.all(np.abs(law - meas.conductance) < 3 * meas.error + 0.05)


def test_typical_harmonics_zero_temperature_closed_form() -> None:
    ec = 0.013
    p = np.arange(1, 5)
    # √⟨I_p²⟩ = √96/p^{3/2}·E_c/Φ0, E_c/Φ0 = E_c/(2π): closed form, round-off only
    np.testing.assert_allclose(ms.typical_harmonics(ec, 4),
                               math.sqrt(96) / p**1.5 * ec / (2 * math.pi), rtol=1e-13)
    assert ms.typical_harmonics(ec, 4, spin=True) == pytest.approx(
        2 * ms.typical_harmonics(ec, 4), rel=1e-13)
    # T → 0: the Matsubara sum tends to the integral with O((T/E_c)²) corrections
    cold = ms.typical_harmonics(ec, 2, 1e-3 * ec)
    np.testing.assert_allclose(cold, ms.typical_harmonics(ec, 2), rtol=1e-4)
    # flux-rms: √(48ζ(3))·E_c/Φ0 (ζ(3) = 1.2020569…); 64 harmonics leave 1/(2·64²) of the sum
    assert ms.typical_current(ec) == pytest.approx(
        math.sqrt(48 * 1.2020569031595942) * ec / (2 * math.pi), rel=1e-3)


def test_typical_harmonics_thermal_factor_against_quadrature() -> None:
    from scipy.integrate import quad
    from scipy.special import zeta

    ec, kt = 1.0, 0.05
    h = 2 * np.pi * kt
    # Independent route: Σ_{n≥1} F(nh), F(ω) = ω e^{−p√(ω/E_c)} = Σ_k (−p)^k ω^{1+k/2}/k!, has
    # the zeta-regularised Euler-Maclaurin expansion ∫F/h + Σ_k (−p)^k/k!·h^{1+k/2}ζ(−1−k/2)
    # (k = 0: −h/12). Terms up to k = 5 leave O(h^{4.5}) ~ 1e-3·p⁶/6! ≲ 1e-6 relative.
    for p in (1, 2):
        integral = quad(lambda w, p=p: w * np.exp(-p * np.sqrt(w / ec)), 0, np.inf)[0]
        series = sum((-p) ** k / math.factorial(k) * h ** (1 + k / 2) * zeta(-1 - k / 2)
                     for k in range(6))
        expected = 8 * p * kt**2 * (integral / h**2 + series / h)
        got = ms.typical_harmonics(ec, p, kt)[-1] ** 2
        assert got == pytest.approx(expected, rel=1e-6)


def test_parameter_errors() -> None:
    with pytest.raises(ParameterError):
        ms.born_estimate(5.0, 1.0)  # no open mode
    with pytest.raises(ParameterError):
        ms.born_estimate(0.0, 0.0)
    with pytest.raises(ParameterError):
        ms.landauer_transmission(np.zeros((2, 5)), 0.0, lengths=[3, 2])
    with pytest.raises(ParameterError):
        ms.thouless_energy(-1.0, 10)
    with pytest.raises(ParameterError):
        ms.typical_harmonics(1.0, 0)
    with pytest.raises(ParameterError):
        ms.typical_harmonics(1.0, 2, temperature=-0.1)


def ensemble_b1(channels: int, transverse: Transverse, mu: float, width: float, length: int,
                temperature: float, realizations: int, seed: int = 7) -> np.ndarray:
    """First sine harmonic b_1 of I(f) for R realizations (green method, 8 flux points)."""
    flux = np.arange(8) / 8
    out = []
    for r in range(realizations):
        pot = anderson_potential(np.random.default_rng(parallel.task_seed(seed, r)), length,
                                 channels, width)
        ring = LatticeRing(length, channels=channels, transverse=transverse, potential=pot)
        cur = persistent_current(ring, flux, mu=mu, temperature=temperature, method="green")
        out.append(-2 * np.fft.rfft(cur["current"].to_numpy())[1].imag / 8)
    return np.array(out)


@pytest.mark.slow
def test_typical_current_of_diffusive_cylinder_against_theory() -> None:
    # M = 10 cylinder at μ = −0.88 (7 open modes, thresholds ≥ 0.5t away), W = 1.5: Landauer
    # ℓ_g ≈ 21 (ℓ ≈ 10), ξ ≈ 175; L = 60 gives L/ℓ ≈ 6, L/ξ ≈ 0.35. T = 0.3E_c, where the
    # thermal factor of the first harmonic is 0.99, so this is the T → 0 prefactor √96.
    mu, width, length, r = MU, 1.5, 60, 80
    meas = ms.measure_transport(mu, width, 10, [10, 20, 35, 50, 70], realizations=200,
                                transverse="periodic")
    ec = ms.thouless_energy(meas.diffusion_constant, length)
    b1 = ensemble_b1(10, "periodic", mu, width, length, 0.3 * ec, r)
    # the theory is the connected correlator ⟨δI²⟩: compare the standard deviation, since the
    # mean keeps a ballistic remnant ∝ e^{−L/2ℓ} (the disorder-averaged Green function)
    ratio = float(b1.std(ddof=1) / ms.typical_harmonics(ec, 1, 0.3 * ec)[0])
    # Measured: std/theory = 0.77 (seed 7, R = 80); the rms with the mean included gives 0.99
    # (mean/std = 0.73). The std of R Gaussian samples has relative error 1/√(2R) = 0.08
    # (3σ = 0.24); D from the Landauer fit is good to ~3%; the diffuson theory is the ℓ/L → 0,
    # L/ξ → 0 limit, and its corrections here (a ballistic cutoff ω → ω(1 + ωτ) alone gives
    # −25% at L/ℓ = 6; L/ξ = 0.35 lowers it further) we allow as 0.15 more.
    assert abs(ratio - 1) < 0.24 + 0.03 + 0.15, ratio


def test_crossover_diffusive_scaling_and_localization() -> None:
    # 1D-like narrow cylinder M = 4 (3 open modes at μ = 1, thresholds 1t away), L = 40.
    # Diffusive window ℓ_g ≪ L ≪ ξ: I_typ ∝ D ∝ 1/W². Localized L ≫ ξ: exponential fall.
    typ = {w: float(np.sqrt(np.mean(ensemble_b1(4, "periodic", 1.0, w, 40, 0.01, 24) ** 2)))
           for w in (1.5, 2.5, 8.0)}
    xi = {w: ms.born_estimate(1.0, w, 4, transverse="periodic").localization_length for w in typ}
    # W = 1.5 → 2.5: ratio ∝ (2.5/1.5)² = 2.8 in the diffusive theory; allow ×/÷ 1.8 for the
    # sampling error (±15% each at R = 24) and the ℓ/L and L/ξ corrections of this short ring.
    assert 2.8 / 1.8 < typ[1.5] / typ[2.5] < 2.8 * 1.8
    # W = 8: L/ξ ≫ 1, the current falls far below the 1/W² extrapolation from W = 2.5
    assert xi[8.0] < 40 / 3
    assert typ[8.0] < 0.3 * typ[2.5] * (2.5 / 8.0) ** 2
