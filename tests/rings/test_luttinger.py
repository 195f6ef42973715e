"""Drude weight, Luttinger u and K against the Bethe ansatz, and the Luttinger-liquid ring."""

from __future__ import annotations

import math

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.rings import (
    InteractingRing,
    LatticeRing,
    bethe_ansatz,
    drude_weight,
    luttinger_parameters,
    luttinger_ring,
    persistent_current,
)
from currentkit.rings.interacting.exact import ground_state


def test_bethe_ansatz_reference_numbers() -> None:
    # PHYSICS.md §1 (Shastry-Sutherland 1990), Δ = 0.5: K = 3/4, u = 3√3/2, D = 9√3/(16π);
    # the same closed forms evaluated differently, so only rounding separates them.
    b = bethe_ansatz(0.5)
    assert b.luttinger_k == pytest.approx(0.75, rel=1e-14)
    assert b.velocity == pytest.approx(3 * math.sqrt(3) / 2, rel=1e-14)
    assert b.drude_weight == pytest.approx(9 * math.sqrt(3) / (16 * math.pi), rel=1e-14)
    assert b.velocity == pytest.approx(2.598076, abs=5e-7)  # the quoted 7 digits
    assert b.drude_weight == pytest.approx(0.310122, abs=1e-6)  # quoted truncated: 0.3101225
    free = bethe_ansatz(0.0)  # free fermions: K = 1, u = v_F = 2t, D = 1/π
    assert (free.luttinger_k, free.velocity) == pytest.approx((1.0, 2.0), rel=1e-14)
    for delta in np.linspace(-0.95, 0.95, 9):
        b = bethe_ansatz(float(delta))  # D = uK/(2π) holds identically
        assert b.drude_weight == pytest.approx(b.velocity * b.luttinger_k / (2 * math.pi),
                                               rel=1e-13)


@pytest.mark.parametrize("delta", [1.0, -1.0, 1.5, math.nan])
def test_bethe_ansatz_refuses_outside_luttinger_regime(delta: float) -> None:
    with pytest.raises(ParameterError, match="Luttinger"):
        bethe_ansatz(delta)


@pytest.mark.parametrize(("sites", "electrons"), [(10, 5), (8, 4), (9, 4)])
def test_free_drude_weight_closed_form(sites: int, electrons: int) -> None:
    # Free fermions: D = (L/2)E0'' = −E0/(2L) exactly at the minimum (odd N: φ = 0, even N:
    # φ = π), E0 from the independent LatticeRing; half filling with odd N gives the closed form
    # t/(L sin(π/L)). The stencil (h = 0.05, Richardson) errs by O(h⁴) ~ 1e-9 relative.
    d = drude_weight(InteractingRing(sites, electrons))
    flux = 0.0 if electrons % 2 else 0.5
    e0 = float(persistent_current(LatticeRing(sites), flux, electrons=electrons)["free_energy"][0])
    assert d == pytest.approx(-e0 / (2 * sites), rel=1e-8)
    if (sites, electrons) == (10, 5):
        assert d == pytest.approx(1 / (sites * math.sin(math.pi / sites)), rel=1e-8)


@pytest.mark.parametrize(("interaction", "tolerance"), [(1.0, 2e-3), (0.0, 1e-4), (-1.0, 1e-4)])
def test_luttinger_parameters_match_bethe_ansatz(interaction: float, tolerance: float) -> None:
    # L = 6, 8, 10 at half filling, fitted in 1/L² and 1/L⁴. Measured errors: V = t: 6e-4 in D
    # and K (the umklapp correction ∝ L^{2−4K} = L^{−1} at K = 3/4 is not in the fit), 2e-5 in
    # u; V = 0 and −t: ≤ 3e-5. Tolerances: 3× and 4× the measured errors.
    p = luttinger_parameters(InteractingRing(4, 2, interaction=interaction), (6, 8, 10))
    b = bethe_ansatz(interaction / 2)
    assert p.luttinger_k_limit == pytest.approx(b.luttinger_k, rel=tolerance)
    assert p.drude_weight_limit == pytest.approx(b.drude_weight, rel=tolerance)
    assert p.charge_velocity_limit == pytest.approx(b.velocity, rel=1e-4)
    assert len(p.luttinger_k) == 3 and "/L^2" in p.extrapolation
    # finite sizes approach from above for D (D(L) − D∞ ∝ +1/L² for free fermions)
    assert p.drude_weight[0] > p.drude_weight[1] > p.drude_weight[2] > b.drude_weight


def test_luttinger_parameters_refuse_bad_families() -> None:
    ring = InteractingRing(4, 2, interaction=1.0)
    with pytest.raises(ParameterError, match="even"):
        luttinger_parameters(ring, (6, 7))
    with pytest.raises(ParameterError, match="sizes"):
        luttinger_parameters(ring, (6,))
    with pytest.raises(ParameterError, match="t-V"):
        luttinger_parameters(InteractingRing(4, 2, model="hubbard"), (4, 6))


@pytest.mark.parametrize("electrons", [5, 6])
def test_luttinger_ring_sawtooth_beside_exact_diagonalization(electrons: int) -> None:
    # Loss's sawtooth with the ring's own uK = 2πD(L): it matches ED to first order in f near
    # the minimum (by construction), and then within band curvature: measured 2.5 % at the
    # flux farthest from the minimum (0.1 Φ0 before the jump), so 5 %. Odd N: jumps at
    # f = ±1/2; even N: at f = 0.
    ring = InteractingRing(12, electrons, interaction=1.0)
    d = drude_weight(ring)
    u, k = 2 * math.pi * d, 1.0  # uK is all the current depends on
    shift = 0.0 if electrons % 2 else 0.5
    flux = shift + np.array([-0.4, -0.2, -0.05, 0.05, 0.2, 0.4])
    _, current = ground_state(ring, flux)
    _, theory = luttinger_ring(flux, 12, electrons, u, k)
    np.testing.assert_allclose(current, theory, rtol=5e-2)
    assert np.all(np.sign(current) == -np.sign(flux - shift))  # diamagnetic at the minimum
    _, jump = luttinger_ring(np.array([0.5 - shift - 1e-9, 0.5 - shift + 1e-9]), 12, electrons,
                             u, k)
    assert jump[0] == pytest.approx(-u * k / 12, rel=1e-7)
    assert jump[1] == pytest.approx(u * k / 12, rel=1e-7)


def test_free_hubbard_drude_weight_is_twice_spinless() -> None:
    # U = 0, (N↑, N↓) = (3, 3) on L = 6: two closed-shell spin copies, D = −E0/(2L) with E0 the
    # spinful free ring's energy at φ = 0 (independent LatticeRing); stencil error ~1e-9.
    d = drude_weight(InteractingRing(6, (3, 3), model="hubbard"))
    e0 = float(persistent_current(LatticeRing(6, spin=True), 0.0, electrons=6)["free_energy"][0])
    assert d == pytest.approx(-e0 / 12, rel=1e-8)
    assert d == pytest.approx(2 * drude_weight(InteractingRing(6, 3)), rel=1e-8)


@pytest.mark.parametrize(("delta", "tolerance"), [
    (-0.9, 2e-3), (-0.7, 2e-4), (-0.3, 2e-4), (0.3, 2e-4), (0.7, 6e-3), (0.9, 4e-2)])
def test_bethe_ansatz_across_the_luttinger_regime(delta: float, tolerance: float) -> None:
    # L = 8…16 extrapolated in 1/L² and 1/L⁴. Measured relative errors (K, u, D):
    # Δ = −0.9: 1e-5, 5e-4, 5e-4; −0.7, −0.3, 0.3: ≤ 4e-5; 0.7: 2.6e-3, 4e-4, 2.2e-3;
    # 0.9: 2.0e-2, 2.7e-3, 1.7e-2. Towards Δ = 1 the leading correction L^{2−4K} (K → 1/2)
    # becomes logarithmic and no power series in 1/L² captures it (PHYSICS.md): the tolerance
    # grows with Δ accordingly, 2–4 times the largest measured error of each case.
    fit = luttinger_parameters(InteractingRing(4, 2, interaction=2 * delta), (8, 10, 12, 14, 16))
    exact = bethe_ansatz(delta)
    assert fit.luttinger_k_limit == pytest.approx(exact.luttinger_k, rel=tolerance)
    assert fit.charge_velocity_limit == pytest.approx(exact.velocity, rel=tolerance)
    assert fit.drude_weight_limit == pytest.approx(exact.drude_weight, rel=tolerance)
