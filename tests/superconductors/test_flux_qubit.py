"""Three-junction flux qubit: scqubits on identical parameters, Hellmann-Feynman currents, the
two-level reduction, Orlando's classical limit, matrix elements, convergence and bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.superconductors import (
    CutoffWarning,
    FluxQubit,
    charging_energy,
    josephson_energy,
    qubit_spectrum,
    two_level,
)
from currentkit.superconductors.junction import NANOAMPERE_PER_GHZ, critical_current_of


def orlando(ratio: float = 80.0, alpha: float = 0.8, gamma: float = 0.02, ejs: float = 200.0,
            **kw: float) -> FluxQubit:
    """Orlando et al. PRB 60, 15398 (1999) parametrisation: E_J/E_C, α, γ = C_g/C (GHz)."""
    ec = ejs / ratio
    return FluxQubit(ejs, ejs, alpha * ejs, ec, ec, ec / alpha, ec / gamma, ec / gamma, **kw)


def scqubits_levels(params: dict[str, float], fluxes: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():  # scqubits' import emits parser/deprecation warnings
        warnings.simplefilter("ignore")
        scq = pytest.importorskip("scqubits")
        ref = scq.FluxQubit(**params, flux=0.5, truncated_dim=6)
        out = []
        for f in fluxes:
            ref.flux = float(f)
            out.append(ref.eigenvals(evals_count=6))
    return np.array(out)


@pytest.mark.parametrize("params", [
    dict(EJ1=200.0, EJ2=200.0, EJ3=160.0, ECJ1=2.5, ECJ2=2.5, ECJ3=3.125, ECg1=125.0,
         ECg2=125.0, ng1=0.0, ng2=0.0, ncut=10),
    # asymmetric junctions and gate charges: no symmetry of ours or theirs can hide a mistake
    dict(EJ1=35.0, EJ2=38.0, EJ3=0.7 * 35, ECJ1=1.0, ECJ2=0.9, ECJ3=1.3, ECg1=40.0,
         ECg2=55.0, ng1=0.23, ng2=-0.41, ncut=10),
], ids=["orlando", "asymmetric-gated"])
def test_transition_energies_match_scqubits(params: dict[str, float]) -> None:
    fluxes = np.array([0.5, 0.47, 0.3, 0.61, 0.0])  # sweet spot, near it, far off, zero
    ours = FluxQubit(**params).eigensystem(fluxes, 6)[0]
    ref = scqubits_levels(params, fluxes)
    ours_t, ref_t = ours[:, 1:] - ours[:, :1], ref[:, 1:] - ref[:, :1]
    # same Hamiltonian and basis, both solved to ~1e-13 relative (dense eigh vs shift-invert
    # Lanczos); 1e-8 leaves room for the smallest transition (the gap, ~3e-3 of E_J) losing
    # digits to the subtraction
    np.testing.assert_allclose(ours_t, ref_t, rtol=1e-8)


def test_currents_are_minus_the_flux_derivative_of_the_levels() -> None:
    qubit = orlando(35.0, 0.8, ncut=10)
    flux = np.array([0.3, 0.45, 0.49, 0.52])
    ds = qubit_spectrum(qubit, flux, levels=4)
    h = 1e-4
    up = qubit.eigensystem(flux + h, 4)[0]
    down = qubit.eigensystem(flux - h, 4)[0]
    fd = -(up - down) / (2 * h) * NANOAMPERE_PER_GHZ
    scale = float(np.max(np.abs(fd)))
    # central difference error h²E'''/6: E''' ~ (2I_p-slope)³/Δ² at the anticrossing gives
    # ≲ 1e-5 of the current scale here; eigenvalue rounding adds 1e-13/h ≈ 1e-9
    np.testing.assert_allclose(ds["current"].to_numpy(), fd, atol=1e-5 * scale)
    check_conventions(ds)
    assert ds["current"].attrs["units"] == "nA" and ds["energy"].attrs["units"] == "GHz"


def test_two_level_reduction_matches_the_full_spectrum_near_the_sweet_spot() -> None:
    qubit = orlando(35.0, 0.8, ncut=10)
    two = two_level(qubit)
    flux = 0.5 + np.array([-4e-3, -1e-3, 0.0, 5e-4, 2e-3, 4e-3])
    full = qubit.eigensystem(flux, 2)[0]
    model = two.energies(flux)
    # the model neglects the coupling to level 2 (≳ 10Δ away) and the flux dependence of I_p:
    # corrections of order (ε/E_02)·ε; within |f − 1/2| ≤ 4e-3 the splitting agrees to 1 %
    split_full = full[:, 1] - full[:, 0]
    split_model = model[:, 1] - model[:, 0]
    np.testing.assert_allclose(split_model, split_full, rtol=1e-2)
    assert split_full[2] == pytest.approx(two.gap, rel=1e-12)  # Δ is the sweet-spot gap
    # the asymptotic slope of the levels is ±I_p: far from the gap (ε ≈ 10Δ) the ground current
    # is I_p ε/√(ε²+Δ²) of it
    far = 0.5 + 10 * two.gap / (2 * two.persistent_current / NANOAMPERE_PER_GHZ)
    ds = qubit_spectrum(qubit, [far], levels=2)
    eps = float(two.bias(far))
    expected = two.persistent_current * eps / math.hypot(eps, two.gap)
    assert abs(float(ds["current"][0, 0])) == pytest.approx(expected, rel=2e-2)


@pytest.mark.parametrize("ratio, tolerance", [(80.0, 0.12), (320.0, 0.06)])
def test_persistent_current_tends_to_orlandos_classical_value(ratio: float,
                                                              tolerance: float) -> None:
    # Orlando et al. (1999): for α > 1/2 the minima at f = 1/2 sit at cos φ* = 1/(2α) and
    # circulate I_p = I_c sin φ*. Zero-point motion lowers the quantum I_p by O(√(E_C/E_J)):
    # ~10 % at E_J/E_C = 80, ~5 % at 320 (the tolerance halves as √ratio doubles)
    qubit = orlando(ratio, 0.8, ncut=12)
    classical = critical_current_of(qubit.EJ1) * 1e9 * qubit.classical_minimum()["current_over_ic"]
    ip = two_level(qubit).persistent_current
    assert ip < classical
    assert ip == pytest.approx(classical, rel=tolerance)


@pytest.mark.parametrize("gamma", [0.0, 0.02])
def test_orlandos_circulating_currents_at_f_049(gamma: float) -> None:
    # Orlando et al., PRB 60, 15398 (1999), E_J/E_C = 80, α = 0.8: the ground and first excited
    # states at f = 0.49 circulate ∓0.70 I_c (value as quoted from the paper in J. R. Johansson's
    # reproduction notebook, github.com/jrjohansson/reproduced-papers). Two digits are quoted:
    # agreement to half a unit of the last one (0.005). γ = 0 (no gate capacitance) is taken as
    # γ → 0⁺ (E_Cg = E_C/γ huge); γ = 0.02 is the value of the paper's rotated-coordinate
    # example. The levels are converged to 1e-6 of E_J (ncut = 10 vs 14 agree to 1e-9 of I_c).
    # Signs are ours, I = −∂E/∂Φ: below f = ½ the ground level rises with the flux.
    qubit = orlando(80.0, 0.8, max(gamma, 1e-9), ncut=10)
    ic = critical_current_of(qubit.EJ1) * 1e9
    current = qubit_spectrum(qubit, [0.49], levels=2)["current"].to_numpy()[0] / ic
    assert current[0] == pytest.approx(-0.70, abs=0.005)
    assert current[1] == pytest.approx(0.70, abs=0.005)


def test_gap_closes_exponentially_with_ej_over_ec() -> None:
    # tunnelling through the barrier: Δ ∝ exp(−c√(E_J/E_C)); ln Δ must be linear in √ratio
    ratios = np.array([40.0, 80.0, 160.0])
    gaps = np.array([two_level(orlando(r, 0.8, ncut=12)).gap / 200.0 for r in ratios])
    slopes = np.diff(np.log(gaps)) / np.diff(np.sqrt(ratios))
    assert np.all(slopes < 0)
    assert slopes[0] == pytest.approx(slopes[1], rel=0.1)  # WKB: prefactor varies slowly


def test_phase_matrix_element_from_the_commutator_is_consistent() -> None:
    qubit = orlando(160.0, 0.8, ncut=12)
    el = qubit.transition_elements(0.5)
    phi_star = qubit.classical_minimum()["phase"]
    # deep wells: |0⟩, |1⟩ = (|L⟩ ± |R⟩)/√2 with φ1 = ∓φ* in L/R, so ⟨0|φ1|1⟩ ≈ φ* and
    # ⟨0|sin φ1|1⟩ ≈ sin φ*: the ratio tends to sin φ*/φ*; zero-point spread (√(E_C/E_J)) ~ 5 %
    assert abs(el["sin_phi1"] / el["phi1"]) == pytest.approx(math.sin(phi_star) / phi_star,
                                                              rel=0.05)
    assert abs(el["phi1"]) == pytest.approx(phi_star, rel=0.1)
    # symmetric qubit: the two islands move oppositely, φ2 = −φ1 in each well
    assert el["phi2"] / el["phi1"] == pytest.approx(-1.0, rel=1e-6)
    # I_p from ∂H/∂Φ equals I_c·|⟨0|sin φ_3-junction|1⟩| only classically; here check its sign-free
    # size against the two-level value (same element, computed twice)
    assert abs(el["dH_dflux"]) * NANOAMPERE_PER_GHZ == pytest.approx(
        two_level(qubit).persistent_current, rel=1e-10)


def test_small_cutoff_warns_with_the_change_and_large_cutoff_is_quiet() -> None:
    qubit = orlando(80.0, 0.8, ncut=3)
    with pytest.warns(CutoffWarning, match=r"ncut = 3 moved the levels by"):
        ds = qubit_spectrum(qubit, [0.5], levels=2)
    assert ds.attrs["cutoff_change"] > 1e-3
    # ncut = 10 for E_J/E_C = 80: the charge spread (E_J/8E_C)^{1/4} ≈ 1.8 ≪ 10, so the levels
    # move by < 1e-6 of their range and no warning is raised (warnings are errors here)
    quiet = qubit_spectrum(orlando(80.0, 0.8, ncut=10), [0.5, 0.45], levels=2)
    top = float(quiet["energy"].max() - quiet["energy"].sel(level=0).min())
    assert quiet.attrs["cutoff_change"] < 1e-6 * top


def test_from_device_matches_the_closed_forms() -> None:
    ic, c = 0.5e-6, 2e-15
    qubit = FluxQubit.from_device((ic, ic, 0.8 * ic), (c, c, 0.8 * c), (0.02 * c, 0.02 * c))
    # E_J = Φ0 I_c/2π and E_C = e²/2C written here independently, in GHz
    phi0 = 6.62607015e-34 / (2 * 1.602176634e-19)
    assert qubit.EJ1 == pytest.approx(phi0 * ic / (2 * math.pi) / 6.62607015e-25, rel=1e-12)
    assert qubit.ECJ1 == pytest.approx(1.602176634e-19**2 / (2 * c) / 6.62607015e-25, rel=1e-12)
    assert qubit.EJ3 == pytest.approx(0.8 * josephson_energy(ic), rel=1e-12)
    assert qubit.ECg1 == pytest.approx(charging_energy(0.02 * c), rel=1e-12)


@pytest.mark.parametrize("name, value", [("EJ1", -1.0), ("ECJ2", math.nan), ("ECg1", 0.0),
                                         ("ng1", math.inf), ("ncut", 0), ("ncut", 2.5)])
def test_bad_parameters_are_refused_by_name(name: str, value: float) -> None:
    params: dict[str, float] = dict(EJ1=1.0, EJ2=1.0, EJ3=0.8, ECJ1=0.1, ECJ2=0.1, ECJ3=0.1,
                                    ECg1=1.0, ECg2=1.0)
    params[name] = value
    with pytest.raises(ParameterError, match=name):
        FluxQubit(**params)  # type: ignore[arg-type]


@pytest.mark.parametrize("flux", [[0.1, math.nan], [], [[0.1, 0.2]], ["a"]])
def test_flux_grid_must_be_finite(flux: object) -> None:
    with pytest.raises(ParameterError, match="flux"):
        qubit_spectrum(orlando(ncut=4), flux, levels=2)  # type: ignore[arg-type]


def test_intra_well_excitations_tend_to_the_normal_modes_of_the_classical_minimum() -> None:
    # deep wells: the first excited doublets sit ħω above the ground doublet, ω² the eigenvalues
    # of 8E_C·K (H ≈ 4nᵀE_C n + ½φᵀKφ, K the Hessian of U at φ1 = −φ2 = φ*, f = ½). This checks
    # the capacitance matrix and the potential independently of scqubits. Anharmonic shifts are
    # O(√(E_C/E_J)) relative: the deviation must halve when E_J/E_C grows fourfold.
    deviations = []
    for ratio, ncut in ((320.0, 14), (1280.0, 20)):
        qubit = orlando(ratio, 0.8, ncut=ncut)
        e = qubit.eigensystem(np.array([0.5]), 6)[0][0]
        ej, alpha = qubit.EJ1, 0.8
        c1 = 1 / (2 * alpha)  # cos φ*
        c2 = 2 * c1**2 - 1  # cos 2φ*
        hessian = np.array([[ej * c1 - alpha * ej * c2, alpha * ej * c2],
                            [alpha * ej * c2, ej * c1 - alpha * ej * c2]])
        modes = np.sort(np.sqrt(np.linalg.eigvals(8 * qubit.EC_matrix @ hessian).real))
        excitations = np.array([e[2:4].mean(), e[4:6].mean()]) - e[:2].mean()
        deviations.append(np.abs(excitations / modes - 1))
    assert np.all(deviations[1] < 0.04)  # 3.4 % and 1.4 % at E_J/E_C = 1280
    ratio_of_deviations = deviations[0] / deviations[1]
    assert np.all((ratio_of_deviations > 1.6) & (ratio_of_deviations < 2.6))  # √4 = 2


def test_matrix_elements_match_scqubits() -> None:
    params = dict(EJ1=35.0, EJ2=38.0, EJ3=0.7 * 35, ECJ1=1.0, ECJ2=0.9, ECJ3=1.3, ECg1=40.0,
                  ECg2=55.0, ng1=0.23, ng2=-0.41, ncut=10)
    ours = FluxQubit(**params).transition_elements(0.46)  # type: ignore[arg-type]
    with warnings.catch_warnings():  # scqubits' import emits parser/deprecation warnings
        warnings.simplefilter("ignore")
        scq = pytest.importorskip("scqubits")
        ref = scq.FluxQubit(**params, flux=0.46, truncated_dim=6)
        table = {name: ref.matrixelement_table(op, evals_count=2)[0, 1]
                 for name, op in (("n1", "n_1_operator"), ("n2", "n_2_operator"),
                                  ("dH_dflux", "d_hamiltonian_d_flux"),
                                  ("cos_phi1", "cos_phi_1_operator"))}
        slopes_ref = np.real(np.diag(ref.matrixelement_table("d_hamiltonian_d_flux",
                                                             evals_count=3)))
    # eigenvector phases are arbitrary on both sides: compare moduli; same states to ~1e-12
    for name, value in table.items():
        assert abs(ours[name]) == pytest.approx(abs(value), rel=1e-8), name
    # diagonal elements of ∂H/∂f are the Hellmann-Feynman slopes (phase-free)
    slopes = FluxQubit(**params).eigensystem(np.array([0.46]), 3)[1][0]  # type: ignore[arg-type]
    np.testing.assert_allclose(slopes, slopes_ref, rtol=1e-8)
