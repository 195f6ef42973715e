"""Cepstral estimates on exact synthetic currents; multicomponent invariance E = Q + hM."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import fft as sfft

from currentkit.errors import ParameterError
from currentkit.kubo import cepstral_analysis, schur_psd, spectral_matrix, transport_coefficient
from currentkit.kubo.cepstral import _filtered, cepstral_coefficients, log_bias_and_variance
from currentkit.results import check_conventions

from .conftest import ar1, ar1_integral


def test_white_noise_is_exact_to_its_error_bar() -> None:
    # white noise: S(f) = s²Δ flat, ∫0^∞C dt = s²Δ/2 (trapezoid of a single C(0) = s²)
    x = np.random.default_rng(1).standard_normal((20_000, 3)) * 2.0
    res = cepstral_analysis(x, 0.5)
    assert res.resample == 1  # a flat spectrum never halves: no resampling
    assert res.p_star < 10  # a constant log-spectrum needs C_0 alone; AIC adds a few at most
    assert abs(res.value - 4.0 * 0.5 / 2) < 3 * res.std  # 3σ: fails by chance 0.3 % (seeded)


def test_log_bias_removes_the_chi2_mean() -> None:
    # E[ln(Gamma(l)/l)] = ψ(l) − ln l: check on 200 000 draws (std ψ′(3)^½/√2e5 ≈ 1.4e-3)
    rng = np.random.default_rng(2)
    bias, var = log_bias_and_variance(5, 3, 3)
    draws = np.log(rng.gamma(3, 1 / 3, 200_000))
    assert draws.mean() == pytest.approx(bias[2], abs=6e-3)
    assert draws.var() == pytest.approx(var[2], rel=0.02)
    ends = np.log(rng.chisquare(3, 200_000) / 3)  # real end points: χ²_l/l
    assert ends.mean() == pytest.approx(bias[0], abs=6e-3)


def test_cepstrum_of_an_ar1_spectrum_is_a_power_over_n() -> None:
    # ln S(ω) = const − ln|1 − a e^{iω}|² has cepstral coefficients C_n = aⁿ/n exactly
    a, nf = 0.6, 513
    omega = np.pi * np.arange(nf) / (nf - 1)
    cep = cepstral_coefficients(-np.log(1 + a * a - 2 * a * np.cos(omega)))
    n = np.arange(1, 20)
    np.testing.assert_allclose(cep[1:20], a**n / n, rtol=0, atol=1e-12)  # aliasing a^1024


def test_filtered_log_spectrum_is_the_truncated_inverse_dct() -> None:
    cep = np.random.default_rng(12).standard_normal(2001)
    for p in (1, 5, 40):
        kept = np.zeros_like(cep)
        kept[:p] = cep[:p]
        # the cosine recurrence against scipy's DCT-I: rounding grows ~ P·ulp
        np.testing.assert_allclose(_filtered(cep, p), sfft.dct(kept, type=1), rtol=0,
                                   atol=1e-11)


@pytest.mark.parametrize("tau", [3.0, 30.0])
def test_ar1_value_within_its_error_bar(tau: float) -> None:
    x = ar1(np.random.default_rng(int(tau)), 50_000, tau)
    res = cepstral_analysis(x, 1.0)
    # one seeded replica: 2.5σ (the calibration test measures the 1σ coverage properly)
    assert abs(res.value - ar1_integral(tau)) < 2.5 * res.std
    assert res.std / res.value < 0.15


def test_mixture_invariance_for_every_enthalpy() -> None:
    rng = np.random.default_rng(7)
    q = ar1(rng, 30_000, 4.0)  # the "heat" part
    m = ar1(rng, 30_000, 15.0, variance=9.0)  # an independent, slower "mass" current
    alone = cepstral_analysis(q, 1.0, f_star=0.1, p_star=6)
    for h in (0.0, 0.7, -3.0, 25.0):
        mixed = cepstral_analysis(q + h * m, 1.0, extra_currents=[m], f_star=0.1, p_star=6)
        # the Schur complement S_EE − S_EM S_MM⁻¹ S_ME of E = Q + hM is that of (Q, M) for every
        # h (exact algebra per frequency, up to rounding); only the dof differ from Q alone
        reference = cepstral_analysis(q, 1.0, extra_currents=[m], f_star=0.1, p_star=6)
        assert mixed.value == pytest.approx(reference.value, rel=1e-9)
    uncorrected = cepstral_analysis(q + 3.0 * m, 1.0, f_star=0.1, p_star=6)
    exact = ar1_integral(4.0)
    corrected = cepstral_analysis(q + 3.0 * m, 1.0, extra_currents=[m])
    assert abs(corrected.value - exact) < 3 * corrected.std  # Q's own value, 3σ
    assert abs(alone.value - exact) < 3 * alone.std
    assert uncorrected.value > 10 * exact  # 9·9·15 = 1215 ≫ 4.5 without the correction
    assert corrected.dof == 2 and alone.dof == 3  # ν = l − n + 1


def test_schur_complement_of_a_known_matrix() -> None:
    mat = np.array([[[4.0, 2.0], [2.0, 3.0]]])
    assert schur_psd(mat)[0] == pytest.approx(4 - 2 * 2 / 3, rel=1e-15)
    x = np.random.default_rng(0).standard_normal((64, 3))
    # Parseval: mean over frequencies of the two-sided periodogram = Δ·Var (one current)
    s = spectral_matrix([x], 0.1)[:, 0, 0]
    two_sided = np.concatenate([s, s[1:-1][::-1]])
    assert two_sided.mean() == pytest.approx(0.1 * np.mean(x**2), rel=1e-12)


def test_forced_choices_and_bad_input() -> None:
    x = ar1(np.random.default_rng(9), 4096, 5.0)
    res = cepstral_analysis(x, 2.0, f_star=0.05, p_star=3)
    assert res.resample == 5 and res.f_star == pytest.approx(0.05) and res.p_star == 3
    with pytest.raises(ParameterError, match="f_star"):
        cepstral_analysis(x, 2.0, f_star=1.0)  # above the Nyquist frequency 0.25
    with pytest.raises(ParameterError, match="p_star"):
        cepstral_analysis(x, 1.0, f_star=0.5, p_star=10**6)
    with pytest.raises(ParameterError, match="at most 2 with 3 components"):
        cepstral_analysis(x, 1.0, extra_currents=[x, x, x])
    with pytest.raises(ParameterError, match="same shape"):
        cepstral_analysis(x, 1.0, extra_currents=[x[:, :2]])
    with pytest.raises(ParameterError, match="periodogram with zeros"):
        cepstral_analysis(np.zeros((100, 3)), 1.0)


def test_dataset_conventions_and_attrs() -> None:
    x = ar1(np.random.default_rng(11), 8192, 5.0)
    ds = transport_coefficient(x, 0.5, prefactor=3.0)
    check_conventions(ds)
    exact = 3.0 * ar1_integral(5.0, timestep=0.5)
    assert abs(float(ds["coefficient"]) - exact) < 3 * float(ds["coefficient_std"])
    for name in ("f_star", "P_star"):
        assert ds["coefficient"].attrs[name] == ds.attrs[name]
    assert ds["aic_weight"].sum() == pytest.approx(1.0)
    # the direct running integral reaches the same plateau (20τ = 200 lags; 3σ statistical)
    plateau = float(ds["running_integral"].sel(lag_time=50.0))
    assert plateau == pytest.approx(exact, rel=0.15)
