"""A rotating continuum ring: rotation at Ω acts as the effective flux f_eff = s·mΩR²/ħ.

In the frame co-rotating with the ring H' = H − ΩL_z, with L_z = ħℓ (canonical). Completing the
square, ε0(ℓ − s·f)² − ħΩℓ = ε0(ℓ − s·f − mΩR²/ħ)² − ε0(mΩR²/ħ)² − 2ε0·s·f·mΩR²/ħ, so the
spectrum at flux f and rotation Ω is the one at f + s·mΩR²/ħ up to an ℓ-independent constant.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import constants as sc

from currentkit.rings import ContinuumRing, crossover_temperature, persistent_current

R = 1e-6
OMEGA = 2 * math.pi * 1e3


@pytest.mark.parametrize("charge", [-sc.e, sc.e])
@pytest.mark.parametrize("spin", [False, True])
@pytest.mark.parametrize("ratio", [0.0, 0.8])
def test_rotation_equals_shifted_flux_exactly(charge: float, spin: bool, ratio: float) -> None:
    ring = ContinuumRing(radius=R, charge=charge, spin=spin)
    f = np.linspace(-0.6, 0.6, 13)
    for n in (1, 2, 5):
        t = ratio * crossover_temperature(ring, n)
        omega = 3e4 * OMEGA  # f_eff ≈ 1.6: more than a flux quantum
        rotating = persistent_current(ring, f, electrons=n, temperature=t, rotation=omega)
        shifted = persistent_current(ring, f + ring.rotation_flux(omega), electrons=n,
                                     temperature=t)
        # the same floating-point operations on the same numbers: exact equality
        np.testing.assert_array_equal(rotating["current"], shifted["current"])
        np.testing.assert_array_equal(rotating["free_energy"], shifted["free_energy"])
        assert rotating.attrs["rotation_flux"] == ring.rotation_flux(omega)
        np.testing.assert_array_equal(rotating["flux"], f)  # the coordinate is the real flux


def test_rotation_without_flux_is_the_aharonov_bohm_ring_at_f_eff() -> None:
    ring = ContinuumRing(radius=R)
    f_eff = ring.rotation_flux(OMEGA)
    # |f_eff| = m_eΩR²/ħ ≈ 5.43e-5 (PHYSICS.md ✓); negative for an electron
    assert f_eff == pytest.approx(-sc.m_e * OMEGA * R**2 / sc.hbar, rel=1e-15, abs=0)
    assert abs(f_eff) == pytest.approx(5.43e-5, rel=1e-3, abs=0)
    for n in (1, 3, 4):
        rotating = persistent_current(ring, [0.0], electrons=n, rotation=OMEGA)["current"]
        ab = persistent_current(ring, [f_eff], electrons=n)["current"]
        np.testing.assert_array_equal(rotating, ab)
    # one electron: I = −(2ε0/Φ0)·f_eff > 0 (diamagnetic response to a negative f_eff)
    one = float(persistent_current(ring, [0.0], electrons=1, rotation=OMEGA)["current"][0])
    unit = sc.e * sc.hbar / (2 * math.pi * sc.m_e * R**2)
    assert one == pytest.approx(-unit * f_eff, rel=1e-12, abs=0)
    assert one > 0


@pytest.mark.parametrize("charge", [-sc.e, sc.e])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_rotating_frame_spectrum_by_direct_minimisation(charge: float, n: int) -> None:
    # Independent of rotation_flux: minimise Σ_occupied (ε0ℓ² − ħΩℓ) over sets of n distinct ℓ
    # at f = 0 and compare with the returned ground-state energy, which is the spectrum at
    # f_eff, i.e. that sum plus n·ε0·f_eff². Ω is large enough that the ground state moves.
    ring = ContinuumRing(radius=R, charge=charge)
    eps0 = sc.hbar**2 / (2 * ring.mass * R**2)
    for omega in (0.3 * sc.hbar / (ring.mass * R**2), 1.7 * sc.hbar / (ring.mass * R**2)):
        ell = np.arange(-8, 9)
        rotating = eps0 * ell**2 - sc.hbar * omega * ell
        best = min(rotating[list(c)].sum() for c in itertools.combinations(range(ell.size), n))
        f_eff = ring.mass * omega * R**2 / sc.hbar
        got = float(persistent_current(ring, [0.0], electrons=n, rotation=omega)["free_energy"][0])
        # sums of a few terms of size ≤ 10 ε0: rounding ~1e-15 relative
        assert got == pytest.approx(best + n * eps0 * f_eff**2, rel=1e-12, abs=1e-12 * eps0)


def test_rotation_rejected_for_lattice_and_non_finite() -> None:
    from currentkit.errors import ParameterError
    from currentkit.rings import LatticeRing

    with pytest.raises(ParameterError, match=r"^rotation="):
        persistent_current(LatticeRing(5), [0.0], electrons=1, rotation=OMEGA)
    with pytest.raises(ParameterError, match=r"^rotation="):
        ContinuumRing(radius=R).rotation_flux(math.inf)
