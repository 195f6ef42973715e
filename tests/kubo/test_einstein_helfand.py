"""Einstein-Helfand (MSD of ∫J dt) against Green-Kubo on the same AR(1) currents."""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.kubo import einstein_helfand, mean_square_displacement, transport_coefficient
from currentkit.results import check_conventions

from .conftest import ar1, ar1_integral


def test_msd_equals_the_direct_average() -> None:
    d = np.random.default_rng(0).standard_normal((300, 2)).cumsum(axis=0)
    direct = [np.mean(np.sum((d[k:] - d[: 300 - k]) ** 2, axis=1)) / 2 for k in range(21)]
    np.testing.assert_allclose(mean_square_displacement(d, 20), direct, rtol=1e-10, atol=1e-9)


def test_einstein_helfand_agrees_with_green_kubo() -> None:
    tau, dt = 5.0, 0.2
    exact = 2.0 * ar1_integral(tau, timestep=dt)
    eh_dev, gk_dev = [], []
    for seed in range(6):
        j = ar1(np.random.default_rng(seed), 100_000, tau)
        # D(t) = ∫J dt by the trapezoid rule, so that ⟨ΔD²⟩ grows as 2t·(trapezoid ∫C)
        d = np.concatenate([np.zeros((1, 3)), np.cumsum(0.5 * dt * (j[1:] + j[:-1]), axis=0)])
        eh = einstein_helfand(d, dt, prefactor=2.0)  # default window 100…1000 lags = 20…200τ
        gk = transport_coefficient(j, dt, prefactor=2.0)
        eh_dev.append(float(eh["coefficient"]) / exact - 1)
        gk_dev.append(float(gk["coefficient"]) / exact - 1)
    check_conventions(eh)
    # EH's slope scatters by ≈ 7 % per replica here (measured over 8 seeds), GK's by ≈ 2 %: the
    # mean over 6 replicas has σ ≈ 3 %, so both routes must agree with the exact value and
    # with each other to 3σ = 9 %
    assert abs(np.mean(eh_dev)) < 0.09
    assert abs(np.mean(eh_dev) - np.mean(gk_dev)) < 0.09
    assert abs(np.mean(gk_dev)) < 0.03  # GK alone: 3 × 2 %/√6
    with pytest.raises(ParameterError, match="fit_range"):
        einstein_helfand(d, dt, fit_range=(5.0, 1.0))
