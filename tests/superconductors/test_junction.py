"""Junction energies from device parameters, and the shift-invert solver's inertia guard."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as sla

from currentkit.errors import ParameterError
from currentkit.superconductors import (
    FluxQubit,
    ambegaokar_baratoff,
    charging_energy,
    inductive_energy,
    josephson_energy,
)
from currentkit.superconductors.flux_qubit import lowest_levels
from currentkit.superconductors.junction import (
    NANOAMPERE_PER_GHZ,
    capacitance_of,
    critical_current_of,
    inductance_of,
)

# CODATA 2018 exact values, typed here so that the library's scipy.constants path is checked
H, E, KB = 6.62607015e-34, 1.602176634e-19, 1.380649e-23


def test_energies_match_their_closed_forms() -> None:
    phi0 = H / (2 * E)
    assert josephson_energy(1e-6) == pytest.approx(phi0 * 1e-6 / (2 * math.pi) / H / 1e9,
                                                   rel=1e-12)
    assert charging_energy(1e-15) == pytest.approx(E**2 / 2e-15 / H / 1e9, rel=1e-12)
    assert inductive_energy(1e-9) == pytest.approx((phi0 / (2 * math.pi)) ** 2 / 1e-9 / H / 1e9,
                                                   rel=1e-12)
    # the field's rule of thumb: I_c = 1 µA ↔ E_J/h ≈ 497 GHz; C = 1 fF ↔ E_C/h ≈ 19.4 GHz
    assert josephson_energy(1e-6) == pytest.approx(497.0, abs=0.5)
    assert charging_energy(1e-15) == pytest.approx(19.37, abs=0.01)
    # 1 GHz per flux quantum is a current of 2e·1e9 A = 0.3204 nA
    assert NANOAMPERE_PER_GHZ == pytest.approx(2 * E * 1e18, rel=1e-12)


def test_inverses_round_trip() -> None:
    assert critical_current_of(josephson_energy(3.3e-7)) == pytest.approx(3.3e-7, rel=1e-13, abs=0)
    assert capacitance_of(charging_energy(4.5e-15)) == pytest.approx(4.5e-15, rel=1e-13, abs=0)
    assert inductance_of(inductive_energy(2e-10)) == pytest.approx(2e-10, rel=1e-13, abs=0)


def test_ambegaokar_baratoff_for_aluminium() -> None:
    # I_c R_n = πΔ/2e with Δ = 1.764 k_B Tc: Tc = 1.2 K gives Δ = 182 µeV, I_c R_n = 286 µV
    ic = ambegaokar_baratoff(1.0e3, 1.2)
    gap = 1.764 * KB * 1.2
    # 1.764 quoted to 4 digits vs the library's πe^{−γ} = 1.76388: 7e-5 relative
    assert ic == pytest.approx(math.pi * gap / (2 * E * 1.0e3), rel=1e-4, abs=0)
    assert ic * 1.0e3 == pytest.approx(286e-6, rel=2e-3, abs=0)


@pytest.mark.parametrize("func, bad", [(josephson_energy, -1e-6), (charging_energy, 0.0),
                                       (inductive_energy, math.nan),
                                       (ambegaokar_baratoff, math.inf)])
def test_bad_device_parameters(func: object, bad: float) -> None:
    with pytest.raises(ParameterError):
        if func is ambegaokar_baratoff:
            ambegaokar_baratoff(bad, 1.2)
        else:
            func(bad)  # type: ignore[operator]


def test_shift_above_the_ground_state_is_lowered_until_the_inertia_is_zero() -> None:
    qubit = FluxQubit(50.0, 50.0, 40.0, 1.0, 1.0, 1.25, 50.0, 50.0, ng1=0.2, ncut=9)
    h = qubit.hamiltonian(0.47)
    exact = sla.eigh(h.toarray(), eigvals_only=True)[:6]
    # a shift between E_3 and E_4: the 6 eigenvalues nearest it are not the lowest 6, so the
    # guard must detect negative pivots and lower it
    wrong = 0.5 * (exact[3] + exact[4])
    w, v = lowest_levels(h, 6, wrong)
    np.testing.assert_allclose(w, exact, rtol=1e-11, atol=1e-11 * abs(exact[0]))
    residual = np.linalg.norm(h @ v - v * w, axis=0)
    assert np.all(residual < 1e-9 * abs(exact[0]))  # eigenpairs, not just values


def test_without_josephson_coupling_the_levels_are_the_charging_energies() -> None:
    # E_J = 0: H is diagonal in |n1, n2⟩ and the ground state sits exactly on the Gershgorin
    # bound the solver starts from; the levels are the sorted 4 nᵀE_C n (+ gate charges)
    qubit = FluxQubit(0.0, 0.0, 0.0, 1.0, 1.2, 1.5, 20.0, 30.0, ng1=0.3, ng2=0.1, ncut=9)
    w = qubit.eigensystem(np.array([0.21]), 5)[0][0]
    n = np.arange(-9, 10)
    q1, q2 = np.meshgrid(n - 0.3, n - 0.1, indexing="ij")
    ec = qubit.EC_matrix
    exact = np.sort((4 * (ec[0, 0] * q1**2 + ec[1, 1] * q2**2 + 2 * ec[0, 1] * q1 * q2)).ravel())
    np.testing.assert_allclose(w, exact[:5], rtol=1e-12, atol=1e-12)
