"""Split-operator TDSE: free packet vs closed form, continuity, uniform A, absorbers."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import currentkit as ck
from currentkit.errors import ParameterError

N, H, ORIGIN = 512, 0.1, -25.6
X = ORIGIN + H * np.arange(N)


@functools.cache
def _free_run() -> object:
    op = ck.waves.SplitOperator((N,), H, dt=0.01)
    psi0 = ck.waves.gaussian_packet(X, center=-8.0, wavenumber=1.5, width=1.5)
    return ck.waves.evolve(op, psi0, 600, save_every=2, origin=ORIGIN)


def test_free_packet_matches_closed_form_current() -> None:
    ds = _free_run()
    t = float(ds["time"][-1])  # type: ignore[index]
    sigma, k0 = 1.5, 1.5
    tau = 2 * sigma**2  # τ = 2mσ0²/ħ
    xc = -8.0 + k0 * t
    width2 = sigma**2 * (1 + (t / tau) ** 2)
    rho = np.exp(-((X - xc) ** 2) / (2 * width2)) / np.sqrt(2 * np.pi * width2)
    j = rho * (k0 + (X - xc) * t / (tau**2 + t**2))
    # the free kinetic step is exact and the packet is band-limited on the grid:
    # only FFT round-off remains (1e-12 of the peak)
    np.testing.assert_allclose(ds["density"].values[-1], rho, rtol=0, atol=1e-12)  # type: ignore[index]
    np.testing.assert_allclose(ds["current"].values[-1, 0], j, rtol=0, atol=1e-12)  # type: ignore[index]
    assert ds.attrs["continuity_relative"] < 1e-3  # type: ignore[attr-defined]


def test_continuity_local_and_integrated() -> None:
    ds = _free_run()
    # ∂ρ/∂t + ∂j/∂x: central time difference over 2·dt = 0.02 → O((0.02)²·ω²) relative
    assert ds.attrs["continuity_relative"] < 1e-3  # type: ignore[attr-defined]
    # integrated: d/dt ∫_a^b ρ = j(a) − j(b) with a, b grid points
    a, b = -4.0, 3.0
    inside = ck.waves.window_probability(ds, a, b)  # type: ignore[arg-type]
    t = ds["time"].values  # type: ignore[index]
    rate = (inside[2:] - inside[:-2]) / (t[2:] - t[:-2])
    ia, ib = np.argmin(np.abs(X - a)), np.argmin(np.abs(X - b))
    j = ds["current"].values[1:-1, 0]  # type: ignore[index]
    flux = j[:, ia] - j[:, ib]
    # errors: the time difference O(Δt²) and the trapezoid in x, O(h²·ρ''), both ≲ 1e-3
    assert np.abs(rate - flux).max() < 2e-3 * np.abs(flux).max()
    assert np.abs(flux).max() > 0.1  # the packet really crosses the window


def test_norm_conserved_without_absorber_and_removed_by_it() -> None:
    op = ck.waves.SplitOperator((N,), H, dt=0.01)
    psi0 = ck.waves.gaussian_packet(X, center=10.0, wavenumber=3.0, width=1.0)
    psi = op.step(psi0, 800)
    assert np.sum(np.abs(psi) ** 2) * H == pytest.approx(1.0, abs=1e-12)  # unitary steps
    w = ck.waves.absorbing_layer((N,), H, 8.0, 10.0)
    ab = ck.waves.SplitOperator((N,), H, dt=0.01, absorber=w)
    ds = ck.waves.evolve(ab, psi0, 800, save_every=1, origin=ORIGIN)
    # the packet (v = 3) reaches the right layer and is absorbed: less than 1e-3 left
    assert float(ds["norm"][-1]) < 1e-3
    # continuity with the sink 2Wρ/ħ holds during absorption; the residual is the central
    # time difference's (ωΔt)²/6 with ω ≈ E = 4.5, Δt = 2·dt: ≈ 1.4e-3
    assert ds.attrs["continuity_relative"] < 2e-3


def test_2d_uniform_vector_potential_shifts_the_velocity() -> None:
    # ψ0 = Gaussian·e^{ik0x}, uniform A: kinetic momentum ħk0 − qA, so ∫j = (ħk0 − qA)/m and
    # the centre moves at that velocity (Ehrenfest, exact for a free packet)
    n, h, k0, a, q, m = 64, 0.25, 1.0, (0.5, -0.3), -1.0, 2.0
    x = h * np.arange(n) - 8.0
    xx, yy = np.meshgrid(x, x, indexing="ij")
    psi0 = np.exp(-(xx**2 + yy**2) / 4 + 1j * k0 * xx) / np.sqrt(2 * np.pi)
    op = ck.waves.SplitOperator((n, n), h, dt=0.02, vector_potential=a, charge=q, mass=m)
    ds = ck.waves.evolve(op, psi0, 100, save_every=50, origin=(-8.0, -8.0))
    total = ds["current"].sum(dim=("x", "y")).values * h * h
    velocity = np.array([(k0 - q * a[0]) / m, -q * a[1] / m])
    np.testing.assert_allclose(total[0], velocity, rtol=1e-10)  # norm 1 to 1e-12 on this grid
    np.testing.assert_allclose(total[-1], velocity, rtol=1e-10)
    rho = ds["density"].values
    centre = [np.sum(rho[-1] * c) * h * h for c in (xx, yy)]
    np.testing.assert_allclose(centre, velocity * float(ds["time"][-1]), atol=1e-9)


def test_bad_input() -> None:
    with pytest.raises(ParameterError):
        ck.waves.SplitOperator((64,), 0.1, dt=0.01, vector_potential=np.zeros((1, 64)))  # type: ignore[arg-type]
    with pytest.raises(ParameterError):
        ck.waves.SplitOperator((64,), 0.1, dt=-1.0)
    with pytest.raises(ParameterError):
        ck.waves.SplitOperator((64,), 0.1, dt=0.1, potential=np.zeros(63))
    with pytest.raises(ParameterError):
        ck.waves.SplitOperator((64,), 0.1, dt=0.1, absorber=-np.ones(64))
    op = ck.waves.SplitOperator((64,), 0.1, dt=0.1)
    with pytest.raises(ParameterError):
        ck.waves.evolve(op, np.ones(32), 3)
    with pytest.raises(ParameterError):
        ck.waves.evolve(op, np.full(64, np.nan), 3)


def test_continuity_with_a_potential_and_a_reflecting_packet() -> None:
    # a smooth Gaussian barrier V = 2e^{−x²} reflects most of a packet at E = 1.125: the
    # local balance ∂ρ/∂t + ∂j/∂x = 0 holds along the evolution (the potential does not
    # enter it); residual = central time difference, O((E·dt)²): measured 5e-5 of max|∂ρ/∂t|
    op = ck.waves.SplitOperator((N,), H, dt=0.01, potential=2.0 * np.exp(-(X**2)))
    psi0 = ck.waves.gaussian_packet(X, center=-8.0, wavenumber=1.5, width=1.5)
    ds = ck.waves.evolve(op, psi0, 1200, save_every=1, origin=ORIGIN)
    assert ds.attrs["continuity_relative"] < 5e-4
    assert float(ds["norm"][-1]) == pytest.approx(1.0, abs=1e-12)  # unitary without W
    right = ck.waves.window_probability(ds, 0.0, X[-1])[-1]
    assert right < 0.3  # mostly reflected: the check covers a genuinely scattering state


def test_units_follow_the_grid_dimension() -> None:
    # the units are those current_field writes for the same ψ, with d the grid's dimension
    x = 0.5 * np.arange(16) - 4.0
    xx, yy = np.meshgrid(x, x, indexing="ij")
    psi0 = np.exp(-(xx**2 + yy**2) / 4) / np.sqrt(2 * np.pi)
    ds = ck.waves.evolve(ck.waves.SplitOperator((16, 16), 0.5, dt=0.01), psi0, 2)
    field = ck.waves.current_field(psi0, 0.5)
    assert ds["density"].attrs["units"] == field["density"].attrs["units"] == "bohr^-2"
    assert ds["current"].attrs["units"] == field["current"].attrs["units"]
    assert ds["psi_real"].attrs["units"] == ds["psi_imag"].attrs["units"] == "bohr^-1"
    assert ds["continuity_residual"].attrs["units"] == "bohr^-2/(hbar/E_h)"
    assert ds["time"].attrs["units"] == ds["inner_time"].attrs["units"] == "hbar/E_h"
    assert ds["x"].attrs["units"] == "bohr"
    si = ck.waves.evolve(ck.waves.SplitOperator((16,), 0.5, dt=0.01), psi0[:, 8], 1,
                         length_unit="m", time_unit="s")
    assert si["psi_real"].attrs["units"] == "m^-1/2" and si["current"].attrs["units"] == "1/s"
    assert si["density"].attrs["units"] == "m^-1" and si["time"].attrs["units"] == "s"
