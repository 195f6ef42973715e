"""GL critical fields and currents (superconductors/critical.py) against hand-computed values.

Nb-like reference: λ = 39 nm, ξ = 38 nm, Φ0 = h/2e = 2.0678e-15 Wb. By hand (4 digits):
B_c = Φ0/(2√2 π λ ξ) = 2.0678e-15/(8.8858 × 1.482e-15 m²) = 0.1570 T and
j_d = Φ0/(3√3 π μ0 λ² ξ) = 2.0678e-15/(16.324 × 1.25664e-6 × 5.7798e-23) = 1.744e12 A/m².
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants as sc

from currentkit.errors import ParameterError
from currentkit.superconductors import critical

LAMBDA, XI = 39e-9, 38e-9
PHI0 = sc.h / (2 * sc.e)


def test_thermodynamic_field_by_hand() -> None:
    # 4 significant digits were carried by hand: relative 1e-3.
    assert critical.thermodynamic_field(LAMBDA, XI) == pytest.approx(0.1570, rel=1e-3)


def test_depairing_density_by_hand() -> None:
    # 4 significant digits were carried by hand: relative 1e-3.
    assert critical.depairing_current_density(LAMBDA, XI) == pytest.approx(1.744e12, rel=1e-3)


@pytest.mark.parametrize(("lam", "xi"), [(39e-9, 38e-9), (16e-9, 1.6e-6), (500e-9, 2e-9)])
def test_depairing_equals_textbook_form(lam: float, xi: float) -> None:
    """j_d = Φ0/(3√3 π μ0 λ² ξ) equals Tinkham's 2√2 B_c/(3√3 μ0 λ)."""
    bc = critical.thermodynamic_field(lam, xi)
    textbook = 2 * math.sqrt(2) * bc / (3 * math.sqrt(3) * sc.mu_0 * lam)
    # Two algebraically equal expressions: only a few roundings apart (1e-12 relative).
    assert critical.depairing_current_density(lam, xi) == pytest.approx(textbook, rel=1e-12)


def test_temperature_dependence_closed_forms() -> None:
    tc = 9.2
    # At T = Tc/2: λ = λ0/√(15/16), ξ = ξ0·√2; at T = 0 they are λ0, ξ0. Rounding only: 1e-14.
    assert critical.penetration_depth(LAMBDA, tc, tc / 2) == pytest.approx(
        LAMBDA / math.sqrt(15 / 16), rel=1e-14, abs=0
    )
    assert critical.coherence_length(XI, tc, tc / 2) == pytest.approx(XI * math.sqrt(2),
                                                                      rel=1e-14, abs=0)
    assert critical.penetration_depth(LAMBDA, tc, 0.0) == LAMBDA
    temps = np.array([0.0, 2.0, 9.0])
    xis = critical.coherence_length(XI, tc, temps)
    assert isinstance(xis, np.ndarray)
    assert xis == pytest.approx(XI / np.sqrt(1 - temps / tc), rel=1e-14, abs=0)


def test_critical_current_is_density_times_area() -> None:
    area = 20e-9 * 50e-9
    jd = critical.depairing_current_density(LAMBDA, XI)
    # Same product, one rounding: 1e-14.
    assert critical.critical_current(LAMBDA, XI, area) == pytest.approx(jd * area, rel=1e-14)


def test_max_winding_criterion() -> None:
    inductance = 1e-10
    # I_c L = 2.4 Φ0 holds n = 2; 0.6 Φ0 holds only n = 0 (n = 1 would carry Φ0/L > I_c).
    assert critical.max_winding(2.4 * PHI0 / inductance, inductance) == 2
    assert critical.max_winding(0.6 * PHI0 / inductance, inductance) == 0
    rng = np.random.default_rng(5)
    for icl, ext in zip(rng.uniform(0.1, 6, 50), rng.uniform(-3, 3, 50), strict=True):
        ic = icl * PHI0 / inductance
        allowed = [m for m in range(-20, 20) if abs(m * PHI0 - ext * PHI0) <= ic * inductance]
        if allowed:
            assert critical.max_winding(ic, inductance, ext * PHI0) == max(allowed)
        else:  # no winding carries |I| ≤ I_c: the ring is normal at this flux
            with pytest.raises(ParameterError, match="some winding"):
                critical.max_winding(ic, inductance, ext * PHI0)


def test_rejects_bad_parameters() -> None:
    with pytest.raises(ParameterError, match=r"not superconducting at T ≥ Tc = 9\.2"):
        critical.coherence_length(XI, 9.2, 9.2)
    with pytest.raises(ParameterError, match="not superconducting"):
        critical.penetration_depth(LAMBDA, 9.2, np.array([1.0, 10.0]))
    with pytest.raises(ParameterError, match="lambda0"):
        critical.penetration_depth(-1e-9, 9.2, 1.0)
    with pytest.raises(ParameterError, match="coherence"):
        critical.thermodynamic_field(LAMBDA, math.nan)
    with pytest.raises(ParameterError, match="area"):
        critical.critical_current(LAMBDA, XI, 0.0)
    with pytest.raises(ParameterError, match="temperature"):
        critical.coherence_length(XI, 9.2, -1.0)
    with pytest.raises(ParameterError, match="external_flux"):
        critical.max_winding(1e-3, 1e-10, math.inf)
