"""Phase slips and sweep hysteresis (superconductors/phase_slips.py).

References: the Langer-Ambegaokar barrier and McCumber-Halperin rate assembled here by hand from
B_c and ξ; the current-biased barrier ΔF(0)(1 − I/I_c)^{5/4} (Tinkham et al., PRB 68, 134515
(2003)); fluxoid quantization I_n = (nΦ0 − Φ)/L, checked by an independent step-by-step sweep.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants as sc

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.superconductors import critical
from currentkit.superconductors.phase_slips import (
    Wire,
    barrier,
    gl_time,
    phase_slip_table,
    rate,
    sweep_hysteresis,
    switching_current,
)

PHI0 = sc.h / (2 * sc.e)
#: Nb-like ring arm: λ(0) = 39 nm, ξ(0) = 38 nm, Tc = 9.2 K, 10 nm × 10 nm, 10 µm long.
WIRE = Wire(lambda0=39e-9, xi0=38e-9, critical_temperature=9.2, area=1e-16, length=10e-6)


def test_barrier_by_hand() -> None:
    t = 8.0
    lam = critical.penetration_depth(39e-9, 9.2, t)
    xi = critical.coherence_length(38e-9, 9.2, t)
    bc = sc.h / (2 * sc.e) / (2 * math.sqrt(2) * math.pi * lam * xi)
    by_hand = 8 * math.sqrt(2) / 3 * bc**2 / (2 * sc.mu_0) * 1e-16 * xi
    # Same formula, evaluated along a different path: rounding only, 1e-12.
    assert barrier(WIRE, t) == pytest.approx(by_hand, rel=1e-12, abs=0)


def test_barrier_scales_with_area() -> None:
    thick = Wire(39e-9, 38e-9, 9.2, 3e-16, 10e-6)
    temps = np.array([1.0, 5.0, 9.0])
    # ΔF ∝ A exactly (B_c and ξ do not depend on A): rounding only, 1e-12.
    assert np.asarray(barrier(thick, temps)) == pytest.approx(
        3 * np.asarray(barrier(WIRE, temps)), rel=1e-12, abs=0
    )


def test_current_bias_lowers_barrier() -> None:
    t = 8.5
    ic = float(WIRE.critical_current(t))
    for frac in (0.1, 0.5, 0.9):
        # The stated form ΔF(0)(1 − I/I_c)^{5/4}, either current sign: rounding only, 1e-12.
        for sign in (1, -1):
            assert barrier(WIRE, t, sign * frac * ic) == pytest.approx(
                barrier(WIRE, t) * (1 - frac) ** 1.25, rel=1e-12, abs=0
            )
    assert barrier(WIRE, t, 1.01 * ic) == 0.0
    assert rate(WIRE, t, 1.01 * ic) == math.inf
    assert float(rate(WIRE, t, 0.5 * ic)) > float(rate(WIRE, t))


def test_gl_time_closed_form() -> None:
    # τ_GL = πħ/(8k_B·1 K) = 3.0e-12 s at Tc − T = 1 K (hand value, 2 digits: rel 1e-2).
    assert gl_time(9.2, 8.2) == pytest.approx(3.0e-12, rel=1e-2, abs=0)


def test_rate_prefactor_and_arrhenius_slope() -> None:
    t = 9.0
    xi = float(critical.coherence_length(38e-9, 9.2, t))
    areas = np.array([0.5e-16, 1e-16, 2e-16, 4e-16])
    wires = [Wire(39e-9, 38e-9, 9.2, a, 10e-6) for a in areas]
    x = np.array([float(barrier(w, t)) for w in wires]) / (sc.k * t)
    gammas = np.array([float(rate(w, t)) for w in wires])
    omega = WIRE.length / xi / (math.pi * sc.hbar / (8 * sc.k * 0.2))
    # Γ/√x = (l/ξ)e^{−x}/τ_GL assembled by hand from the constants: rounding only, 1e-10.
    assert gammas / np.sqrt(x) == pytest.approx(omega * np.exp(-x), rel=1e-10, abs=0)
    # Arrhenius: ln(Γ/√x) falls with slope exactly −1 in x = ΔF/k_BT (rounding of logs: 1e-9).
    slope = np.diff(np.log(gammas / np.sqrt(x))) / np.diff(x)
    assert slope == pytest.approx(-1.0, rel=1e-9)


def test_table_matches_functions_and_conventions() -> None:
    temps = np.array([2.0, 6.0, 8.8, 9.1])
    ds = phase_slip_table(WIRE, temps, current=1e-7)
    check_conventions(ds)
    # Same functions called pointwise: identical up to rounding, 1e-12.
    assert ds["rate"].values == pytest.approx(np.asarray(rate(WIRE, temps, 1e-7)), rel=1e-12)
    assert ds["temperature"].attrs["units"] == "K"
    x = ds["barrier_over_kT"].values
    rebuilt = ds["attempt_frequency"].values * np.exp(-x)
    assert rebuilt == pytest.approx(ds["rate"].values, rel=1e-12)  # Γ = Ω e^{−x}: rounding


def test_switching_current() -> None:
    # Γ(0) < r at these (T, r), while Γ near I_c (x = 1/2) ~ l/(ξ τ_GL) ~ 1e14/s > r: the
    # root Γ(I_s) = r lies strictly inside (0, I_c).
    for t, r in ((8.0, 1.0), (8.5, 1e3), (8.7, 1e-3)):
        i_s = switching_current(WIRE, t, r)
        ic = float(WIRE.critical_current(t))
        assert 0 < i_s < ic
        # Brent's method to xtol 1e-14 in x; Γ's log-derivative in x is O(1): rel 1e-8.
        assert float(rate(WIRE, t, i_s)) == pytest.approx(r, rel=1e-8)
    # Hot enough that Γ(0) beats the sweep: no current survives.
    assert switching_current(WIRE, 9.19, 1.0) == 0.0
    # The rate never exceeds ~ l/(ξ τ_GL) ~ 1e14/s (at x = 1/2): a faster sweep beats every
    # slip and the ring switches at the depairing current itself.
    assert switching_current(WIRE, 1.0, 1e20) == float(WIRE.critical_current(1.0))


def brute_force_sweep(fluxes: np.ndarray, n0: int, offset: float) -> np.ndarray:
    """Step along the grid; jump toward lower energy while |Φ − n| ≥ offset (Φ in Φ0)."""
    n, out = n0, []
    for f in fluxes:
        while abs(f - n) >= offset and abs(f - n) > 0.5:
            n += 1 if f > n else -1
        out.append(n)
    return np.array(out)


@pytest.mark.parametrize("icl", [0.75, 1.3, 2.6])
def test_sweep_without_slips(icl: float) -> None:
    inductance = 1e-10
    ic = icl * PHI0 / inductance
    ds = sweep_hysteresis(ic, inductance, -0.35, 6.2, points=2001)
    check_conventions(ds)
    up, down = ds["jumps_up"].values, ds["jumps_down"].values
    from_up = np.arange(up.size)  # winding before each up jump; starts in n = round(−0.35) = 0
    from_down = np.arange(up.size, up.size - down.size, -1)  # back down from the top state
    # Closed form |Φ − nΦ0| = I_c L: rounding of I_c·L/Φ0 only, 1e-12 absolute (in Φ0).
    assert up == pytest.approx(from_up + icl, abs=1e-12)
    assert down == pytest.approx(from_down - icl, abs=1e-12)
    # Hysteresis: n → n+1 going up at n + I_cL, n+1 → n going down at n + 1 − I_cL.
    down_at = dict(zip(from_down.tolist(), down.tolist(), strict=True))
    widths = [
        u - down_at[n + 1]
        for n, u in zip(from_up.tolist(), up.tolist(), strict=True)
        if n + 1 in down_at
    ]
    assert widths
    assert widths == pytest.approx([2 * (icl - 0.5)] * len(widths), abs=1e-12)  # rounding
    assert np.any(ds["winding_up"].values != ds["winding_down"].values)
    # Independent step-by-step sweep gives the same windings on the grid.
    flux = ds["flux"].values
    assert np.array_equal(ds["winding_up"].values, brute_force_sweep(flux, 0, icl))
    top = int(ds["winding_up"].values[-1])
    assert np.array_equal(ds["winding_down"].values, brute_force_sweep(flux[::-1], top, icl)[::-1])
    # Currents obey fluxoid quantization and never exceed I_c.
    assert np.all(np.abs(ds["current_up"].values) <= ic * (1 + 1e-12))


def test_hot_ring_jumps_early() -> None:
    t, r = 8.7, 1.0
    ic = float(WIRE.critical_current(t))
    inductance = 3.0 * PHI0 / ic  # I_c L = 3 Φ0: without slips the first jump is at Φ = 3 Φ0
    i_s = switching_current(WIRE, t, r)
    ds = sweep_hysteresis(ic, inductance, 0.0, 8.0, switching=i_s)
    first = float(ds["jumps_up"].values[0])
    assert 0.5 < first < 3.0
    # It jumps where the current reaches I_s: rounding only, 1e-12 in Φ0.
    assert first == pytest.approx(max(i_s * inductance / PHI0, 0.5), abs=1e-12)


def test_rejects_bad_parameters() -> None:
    with pytest.raises(ParameterError, match="length"):
        Wire(39e-9, 38e-9, 9.2, 1e-16, -1.0)
    with pytest.raises(ParameterError, match="not superconducting at T ≥ Tc"):
        rate(WIRE, 9.3)
    with pytest.raises(ParameterError, match="T > 0"):
        rate(WIRE, 0.0)
    with pytest.raises(ParameterError, match="inductance"):
        sweep_hysteresis(1e-6, 0.4 * PHI0 / 1e-6, 0.0, 2.0)
    with pytest.raises(ParameterError, match="switching"):
        sweep_hysteresis(1e-6, PHI0 / 1e-6, 0.0, 2.0, switching=2e-6)
    with pytest.raises(ParameterError, match="flux_stop"):
        sweep_hysteresis(1e-6, PHI0 / 1e-6, 2.0, 1.0)
    with pytest.raises(ParameterError, match="sweep_rate"):
        switching_current(WIRE, 8.0, math.nan)
