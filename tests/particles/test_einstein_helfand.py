"""Einstein-Helfand from particle positions against Green-Kubo from their velocities.

Independent particles with Ornstein-Uhlenbeck (AR(1)) velocities, positions integrated by the
trapezoid rule: J = Σ q_i v_i and D = Σ q_i Δr_i = ∫J dt describe the same motion, and
∫0^∞⟨J_a(0)J_a(t)⟩dt = Σ_i q_i² · s²Δ(1 + a)/(2(1 − a)) exactly (PHYSICS.md §3, AR(1)).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

import currentkit as ck

TAU, SAMPLES, PARTICLES = 10.0, 2**15, 6
CHARGES = np.array([1.0, -1.0, 2.0, -2.0, 1.0, -1.0])


def ou_gas(seed: int, wrapped: bool) -> tuple[list, float]:
    rng = np.random.default_rng(seed)
    a = np.exp(-1.0 / TAU)
    noise = rng.standard_normal((SAMPLES, PARTICLES, 3)) * np.sqrt(1 - a * a)
    noise[0] = rng.standard_normal((PARTICLES, 3))  # stationary start, unit variance
    v = signal.lfilter([1.0], [1.0, -a], noise, axis=0)
    steps = 0.5 * (v[1:] + v[:-1])  # Δ = 1 s: trapezoid positions, so D = ∫J dt exactly
    r = np.concatenate([np.zeros((1, PARTICLES, 3)), np.cumsum(steps, axis=0)])
    box = 50.0  # every step is ≪ box/2
    if wrapped:
        r = np.mod(r, box)
    chunks = ck.particles.from_arrays(np.arange(SAMPLES, dtype=float), r, velocities=v,
                                      charges=CHARGES, box_lo=np.zeros(3),
                                      box_length=np.full(3, box), unwrapped=not wrapped,
                                      chunk=1000)
    exact = float(np.sum(CHARGES**2)) * (1 + a) / (2 * (1 - a))
    return chunks, exact


@pytest.mark.parametrize("wrapped", [False, True])
def test_displacement_is_the_integrated_current(wrapped: bool) -> None:
    chunks, _ = ou_gas(1, wrapped)
    j = ck.particles.total_current(chunks)["total_current"].to_numpy()
    d = ck.particles.charge_displacement(chunks)["charge_displacement"].to_numpy()
    integral = np.concatenate([np.zeros((1, 3)), np.cumsum(0.5 * (j[1:] + j[:-1]), axis=0)])
    # the same trapezoid sums in another order (and, wrapped, the minimum image undoing the
    # folding exactly): rounding of ~3·10⁴ terms of size ~1
    np.testing.assert_allclose(d, integral, atol=1e-9 * np.abs(integral).max())


def test_einstein_helfand_from_positions_agrees_with_green_kubo() -> None:
    chunks, exact = ou_gas(7, wrapped=True)
    j = ck.particles.total_current(chunks)["total_current"].to_numpy()
    d = ck.particles.charge_displacement(chunks)["charge_displacement"].to_numpy()
    gk = ck.kubo.transport_coefficient(j, 1.0)
    kappa, sigma = float(gk["coefficient"]), float(gk["coefficient_std"])
    eh = float(ck.kubo.einstein_helfand(d, 1.0, fit_range=(5 * TAU, 50 * TAU))["coefficient"])
    # Green-Kubo: within 3 of its own (calibrated) standard deviations of the exact value
    assert abs(kappa - exact) < 3 * sigma
    # Einstein-Helfand at lags 5τ–50τ of a 3300τ series scatters by ≈ 12 % (seeds 7–10 gave
    # −14 %, +18 %, −9 %, +2 %); 25 % is about 2 of those and still catches a lost factor 2
    # (the ½ of the slope) or 3 (components); this seed: −14 %
    assert eh == pytest.approx(exact, rel=0.25)
    # and the two routes agree with each other to the same bound
    assert eh == pytest.approx(kappa, rel=0.25)
