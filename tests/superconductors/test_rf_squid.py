"""rf SQUID / fluxonium: scqubits' Fluxonium, the harmonic limit, Hellmann-Feynman currents,
the classical wells against β_L, the hysteresis loop tied to sweep_hysteresis, device input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.superconductors import (
    RfSquid,
    Ring,
    classical_wells,
    inductive_energy,
    qubit_spectrum,
    rf_squid_hysteresis,
    sweep_hysteresis,
)
from currentkit.superconductors.junction import NANOAMPERE_PER_GHZ, inductance_of


@pytest.mark.parametrize("ej, ec, el", [(8.9, 2.5, 0.5), (3.0, 1.0, 1.2)])
def test_transition_energies_match_scqubits_fluxonium(ej: float, ec: float, el: float) -> None:
    fluxes = np.array([0.0, 0.13, 0.37, 0.5, 0.71])
    ours = RfSquid(ej, ec, el, cutoff=110).eigensystem(fluxes, 6)[0]
    with warnings.catch_warnings():  # scqubits' import emits parser/deprecation warnings
        warnings.simplefilter("ignore")
        scq = pytest.importorskip("scqubits")
        ref_q = scq.Fluxonium(EJ=ej, EC=ec, EL=el, flux=0.0, cutoff=110, truncated_dim=6)
        ref = []
        for f in fluxes:
            ref_q.flux = float(f)
            ref.append(ref_q.eigenvals(evals_count=6))
    ref_a = np.array(ref)
    # scqubits puts the flux in the cosine (θ = φ − 2πf): same spectrum; both dense eigh,
    # agreement ~1e-13, tolerance 1e-8 as required
    np.testing.assert_allclose(ours[:, 1:] - ours[:, :1], ref_a[:, 1:] - ref_a[:, :1], rtol=1e-8)


def test_harmonic_limit_spacing_is_the_plasma_energy() -> None:
    squid = RfSquid(0.0, 1.3, 0.7, cutoff=40)
    levels = qubit_spectrum(squid, [0.0, 0.3], levels=6)["energy"].to_numpy()
    omega = math.sqrt(8 * 1.3 * 0.7)  # √(8E_C E_L), written here
    # E_J = 0: the basis is the exact oscillator, levels (k + ½)ħω to rounding
    np.testing.assert_allclose(np.diff(levels, axis=1), omega, rtol=1e-12)
    np.testing.assert_allclose(levels[:, 0], omega / 2, rtol=1e-12)


def test_currents_are_minus_the_flux_derivative_and_odd_in_flux() -> None:
    squid = RfSquid(6.0, 1.0, 0.8, cutoff=80)
    flux = np.array([0.1, 0.27, 0.43])
    ds = qubit_spectrum(squid, flux, levels=4)
    check_conventions(ds)
    h = 1e-4
    fd = -(squid.eigensystem(flux + h, 4)[0] - squid.eigensystem(flux - h, 4)[0]) / (2 * h)
    # h²E'''/6 with E''' ≲ (2π)³E_J gives ≲ 3e-6 of the slope; rounding 1e-13/h
    np.testing.assert_allclose(ds["current"].to_numpy(), fd * NANOAMPERE_PER_GHZ,
                               atol=1e-5 * float(np.max(np.abs(fd))) * NANOAMPERE_PER_GHZ)
    # time reversal: I_k(−f) = −I_k(f)
    mirror = qubit_spectrum(squid, -flux, levels=4)["current"].to_numpy()
    np.testing.assert_allclose(mirror, -ds["current"].to_numpy(),
                               atol=1e-9 * float(np.max(np.abs(mirror))))


def test_phase_element_direct_equals_the_commutator_value() -> None:
    el = RfSquid(8.9, 2.5, 0.5).transition_elements(0.37)
    # φ is a true operator of the extended phase here: ⟨0|φ|1⟩ directly and from
    # [H, φ] = −8iE_C n agree for converged eigenstates (rounding, 1e-9)
    # (same eigenvectors, so the comparison includes the phase: value and sign)
    assert el["phi"] == pytest.approx(el["phi_commutator"], rel=1e-9)


@pytest.mark.parametrize("beta", [0.5, 0.95, 1.5, 4.0, 9.0])
def test_number_of_classical_wells_follows_beta(beta: float) -> None:
    squid = RfSquid(beta * 1.0, 1.0, 1.0)
    flux = np.linspace(-0.5, 0.5, 41)
    wells = classical_wells(squid, flux)
    check_conventions(wells)
    counts = wells["count"].to_numpy()
    if beta < 1:
        assert np.all(counts == 1)  # φ + β sin φ is monotonic: a single well
        return
    # brute force: minima of U on a fine phase grid (independent of the bisection)
    delta = squid.spinodal_offset
    for f, n_wells in zip(flux[::8], counts[::8], strict=True):
        phi = np.linspace(2 * math.pi * f - beta - 4, 2 * math.pi * f + beta + 4, 200001)
        u = squid.potential(phi, float(f))
        minima = np.count_nonzero((u[1:-1] < u[:-2]) & (u[1:-1] < u[2:]))
        assert n_wells == minima
        # closed form: well n exists for |f − n| < δ
        assert n_wells == sum(1 for n in range(-20, 21) if abs(f - n) < delta)
    assert counts.max() > 1


def test_hysteresis_is_sweep_hysteresis_with_the_spinodal_offset() -> None:
    squid = RfSquid(40.0, 1.0, 5.0)  # β_L = 8
    loop = rf_squid_hysteresis(squid, -2.0, 2.0, points=401)
    check_conventions(loop)
    beta = squid.beta_L
    offset = (math.acos(-1 / beta) + math.sqrt(beta**2 - 1)) / (2 * math.pi)  # written here
    np.testing.assert_allclose(loop["jumps_up"].to_numpy() % 1, offset % 1, atol=1e-12)
    # the large-β ring model of sweep_hysteresis (I_c L = β_L Φ0/2π) jumps later by the
    # junction's own phase: δ − β/2π → 1/4 + O(1/β)
    ring = sweep_hysteresis(critical=1.0, inductance=beta / (2 * math.pi) * 2.067833848e-15,
                            flux_start=-2.0, flux_stop=2.0, points=401)
    shift = loop["jumps_up"].to_numpy()[0] - ring["jumps_up"].to_numpy()[0]
    assert shift == pytest.approx(0.25, abs=1.0 / beta)
    # the current in each state is the junction's, bounded by I_c
    ic = 2 * math.pi * 40.0 * 6.62607015e-25 / 2.067833848e-15
    assert np.max(np.abs(loop["current_up"].to_numpy())) <= ic * (1 + 1e-12)


def test_single_well_refuses_hysteresis() -> None:
    with pytest.raises(ParameterError, match="β_L"):
        rf_squid_hysteresis(RfSquid(0.5, 1.0, 1.0), 0.0, 1.0)


def test_from_ring_uses_the_ring_inductance() -> None:
    ring = Ring(5e-6, wire_radius=100e-9, material="Al")
    squid = RfSquid.from_ring(ring, critical_current=1e-6, capacitance=5e-15)
    assert squid.EL == pytest.approx(inductive_energy(ring.inductance().total), rel=1e-12)
    assert inductance_of(squid.EL) == pytest.approx(ring.inductance().total, rel=1e-12, abs=0)
    # β_L = 2πL I_c/Φ0 written here
    beta = 2 * math.pi * ring.inductance().total * 1e-6 / 2.067833848e-15
    assert squid.beta_L == pytest.approx(beta, rel=1e-9)


@pytest.mark.parametrize("name, value", [("EJ", -1.0), ("EC", 0.0), ("EL", math.inf),
                                         ("cutoff", 2), ("cutoff", True)])
def test_bad_parameters_are_refused_by_name(name: str, value: float) -> None:
    params: dict[str, float] = dict(EJ=1.0, EC=1.0, EL=1.0)
    params[name] = value
    with pytest.raises(ParameterError, match=name):
        RfSquid(**params)  # type: ignore[arg-type]


def test_heavy_junction_tends_to_the_classical_well() -> None:
    # E_C → 0 (large capacitance): the ground state sits in the classical well n = 0 at
    # f = 0.2, β_L = 3: its current tends to the well's −I_c sin φ_0 (same sign convention in
    # both modules) and its energy to U(φ_0) + ½√(8E_C U''(φ_0)), zero-point motion of the well
    f = 0.2
    well = classical_wells(RfSquid(30.0, 1.0, 10.0), [f], windings=[0])
    phi0 = float(well["phase"][0, 0])
    u_min = float(well["energy"][0, 0])
    curvature = 30.0 * math.cos(phi0) + 10.0  # U'' = E_J cos φ + E_L
    errors = []
    for ec in (0.2, 0.05):
        ds = qubit_spectrum(RfSquid(30.0, ec, 10.0), [f], levels=2)
        errors.append(abs(float(ds["current"][0, 0]) - float(well["current"][0, 0])))
        zero_point = 0.5 * math.sqrt(8 * ec * curvature)
        # anharmonic correction of the zero-point energy is O(E_C), ~E_C/4 here
        assert float(ds["energy"][0, 0]) == pytest.approx(u_min + zero_point, abs=0.5 * ec)
    # the current's quantum correction is O(√E_C): quartering E_C halves it
    assert 1.6 < errors[0] / errors[1] < 2.4
