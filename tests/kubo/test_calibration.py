"""Calibration of the cepstral error bar on exact AR(1)/Ornstein-Uhlenbeck replicas.

200 independent replicas (l = 3 components, τ = 20Δ) at two series lengths; the exact value is
the trapezoid integral s²Δ(1 + a)/(2(1 − a)) (PHYSICS.md, "Exact synthetic test"). A calibrated
±1σ bar covers it in 68 % of replicas; 200 trials at p = 0.68 have a binomial standard deviation
√(0.68·0.32/200) = 3.3 %, so the issue's band 63–73 % is ±1.5 binomial σ. The seed is fixed,
so the test is deterministic; the measured numbers are in the module docstring of
currentkit.kubo.cepstral. SporTran's recipe (the AIC minimum alone, L_0(P*) ± σ_{P*}, at the
same f*) is measured beside it on the same replicas: it is optimistic (47–60 % in the issue).
"""

from __future__ import annotations

import logging

import numpy as np
import pytest

from currentkit.kubo import cepstral_analysis

from .conftest import ar1, ar1_integral

REPLICAS = 200
TAU = 20.0
logger = logging.getLogger(__name__)


def coverage(samples: int, seed: int) -> tuple[float, float, float]:
    """Fraction of replicas within ±1σ (ours, SporTran's recipe) and the mean relative error."""
    rng = np.random.default_rng(seed)
    data = ar1(rng, samples, TAU, replicas=REPLICAS)
    exact = ar1_integral(TAU)
    ours = recipe = 0
    errors = []
    for x in data:
        res = cepstral_analysis(x, 1.0)
        ours += abs(res.value - exact) <= res.std
        plain = cepstral_analysis(x, 1.0, f_star=res.f_star, p_star=res.p_star)
        recipe += abs(plain.value - exact) <= plain.std
        errors.append(res.value / exact - 1)
    return ours / REPLICAS, recipe / REPLICAS, float(np.mean(errors))


@pytest.mark.parametrize("samples", [8192, 32768])
def test_one_sigma_coverage_is_calibrated(samples: int) -> None:
    ours, recipe, bias = coverage(samples, seed=samples)
    logger.warning("N=%d: coverage %.3f (SporTran recipe %.3f), mean rel. error %+.3f",
                   samples, ours, recipe, bias)
    assert 0.63 <= ours <= 0.73  # the band, ±1.5 binomial σ around 0.68
    # the plain AIC-minimum bar is measurably optimistic on the same data (issue: 47–60 %)
    assert recipe < ours - 0.05
    # the estimate itself is nearly unbiased: |mean error| far below one σ (6–13 % here)
    assert abs(bias) < 0.03
