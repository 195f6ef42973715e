"""probability_current: closed forms on 1D–3D grids, gauge invariance, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import currentkit as ck
from currentkit.errors import ParameterError


def test_plane_wave_1d_2d_3d_spectral_is_exact() -> None:
    # ψ = e^{ik·x} on a periodic grid: j = (ħ/m)·k·|ψ|² − (q/m)A|ψ|², exact for the FFT
    # derivative because k is a grid wavenumber (1e-12: round-off of the FFT)
    for shape, k in [((32,), (3,)), ((16, 20), (2, -1)), ((8, 10, 12), (1, 2, -3))]:
        h = [1.0 / n for n in shape]
        axes = np.meshgrid(*[np.arange(n) * hi for n, hi in zip(shape, h, strict=True)],
                           indexing="ij")
        kk = 2 * np.pi * np.asarray(k, dtype=float)
        psi = 0.7 * np.exp(1j * sum(ki * xi for ki, xi in zip(kk, axes, strict=True)))
        a = np.linspace(0.1, 0.3, len(shape))
        j = ck.waves.probability_current(psi, h, vector_potential=a, mass=2.0, hbar=1.5,
                                         charge=-1.0, method="spectral", periodic=True)
        assert j.shape == (len(shape), *shape) and j.dtype == np.float64
        for i in range(len(shape)):
            expected = (1.5 * kk[i] + a[i]) / 2.0 * 0.49
            np.testing.assert_allclose(j[i], expected, rtol=1e-12, atol=1e-12)


def test_central_differences_converge_at_second_order() -> None:
    # central differences: j = (ħ/m) sin(kh)/h·ρ for a plane wave; the error (kh)²/6 relative
    errors = []
    for n in (32, 64):
        x = np.arange(n) / n
        psi = np.exp(2j * np.pi * 3 * x)
        j = ck.waves.probability_current(psi, 1.0 / n, periodic=True)
        errors.append(abs(j[0, 5] - 2 * np.pi * 3) / (2 * np.pi * 3))
        assert errors[-1] == pytest.approx((2 * np.pi * 3 / n) ** 2 / 6, rel=0.05)
    assert errors[0] / errors[1] == pytest.approx(4.0, rel=0.02)  # O(h²)


def test_real_wavefunction_carries_no_current_and_nodes_are_harmless() -> None:
    x = np.linspace(-3, 3, 61)
    psi = x * np.exp(-(x**2))  # a node at x = 0
    j = ck.waves.probability_current(psi, x[1] - x[0])
    assert np.all(j == 0.0)


def _gauge_pair(method: str, n: int = 48) -> tuple[np.ndarray, np.ndarray]:
    h = 2 * np.pi / n
    x, y = np.meshgrid(np.arange(n) * h, np.arange(n) * h, indexing="ij")
    psi = (1 + 0.5 * np.cos(x) + 0.3j * np.sin(2 * y)) * np.exp(1j * (x + 2 * y))
    a = np.stack([0.2 * np.sin(y), 0.1 * np.cos(x)])
    chi = 0.7 * np.sin(x + y) + 0.4 * np.cos(2 * x)
    grad_chi = np.stack([0.7 * np.cos(x + y) - 0.8 * np.sin(2 * x), 0.7 * np.cos(x + y)])
    q, hbar = -1.0, 1.0
    kw = {"method": method, "periodic": True, "charge": q, "hbar": hbar}
    j1 = ck.waves.probability_current(psi, h, vector_potential=a, **kw)  # type: ignore[arg-type]
    j2 = ck.waves.probability_current(psi * np.exp(1j * q * chi / hbar), h,
                                      vector_potential=a + grad_chi, **kw)  # type: ignore[arg-type]
    return j1, j2


def test_gauge_invariance_exact_for_spectral() -> None:
    # band-limited periodic ψ, χ: the FFT derivative is exact (1e-12: round-off)
    j1, j2 = _gauge_pair("spectral")
    np.testing.assert_allclose(j2, j1, rtol=0, atol=1e-12)


def test_gauge_invariance_second_order_for_central() -> None:
    # central differences: the residual is O(h²): halving h divides it by 4 (±5 %: the
    # next order, h⁴, is 4x smaller again at these resolutions)
    coarse = np.abs(np.subtract(*_gauge_pair("central", 48))).max()
    fine = np.abs(np.subtract(*_gauge_pair("central", 96))).max()
    assert coarse > 1e-3
    assert coarse / fine == pytest.approx(4.0, rel=0.05)


@settings(max_examples=25, deadline=None)
@given(st.floats(-0.5, 0.5), st.floats(-0.5, 0.5), st.integers(-3, 3), st.floats(0.2, 3.0))
def test_gauge_invariance_property(c1: float, c2: float, m: int, mass: float) -> None:
    # 1D spectral, 64 points: e^{2iχ} with |2χ| ≤ 2 has Fourier coefficients ~ J_n(1) that
    # fall below 1e-16 well before the Nyquist mode 32, so the FFT derivative is exact
    # and invariance holds to round-off (1e-11)
    n = 64
    x = np.arange(n) * 2 * np.pi / n
    psi = (1.0 + 0.3 * np.cos(x)) * np.exp(1j * m * x)
    chi = c1 * np.sin(x) + c2 * np.cos(2 * x)
    d_chi = c1 * np.cos(x) - 2 * c2 * np.sin(2 * x)
    base = ck.waves.probability_current(psi, x[1], vector_potential=[0.4], mass=mass,
                                        method="spectral", periodic=True, charge=2.0)
    moved = ck.waves.probability_current(psi * np.exp(2j * chi), x[1],
                                         vector_potential=(0.4 + d_chi)[None], mass=mass,
                                         method="spectral", periodic=True, charge=2.0)
    np.testing.assert_allclose(moved, base, rtol=0, atol=1e-11)


def test_atomic_unit_conversion() -> None:
    # one electron circling with 1D current j = 1 (E_h/ħ) carries −e·E_h/ħ = −6.623618e-3 A
    assert ck.waves.current_to_amperes(1.0) == pytest.approx(-6.623618237e-3, rel=1e-9)
    au = ck.waves.ATOMIC
    # e·E_h/ħ from its parts: charge over the atomic time unit (CODATA consistency, 1e-9)
    assert au.current == pytest.approx(ck.units.ELEMENTARY_CHARGE / au.time, rel=1e-9)
    assert au.velocity == pytest.approx(au.length / au.time, rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"psi": np.array([1.0, np.nan, 1.0, 1.0])}, "psi"),
        ({"psi": np.ones((4, 4)), "vector_potential": np.zeros((2, 4, 5))}, "vector_potential"),
        ({"psi": np.ones((4, 4)), "vector_potential": np.zeros(3)}, "vector_potential"),
        ({"psi": np.ones(8), "spacing": -1.0}, "spacing"),
        ({"psi": np.ones(8), "spacing": [0.1, 0.2]}, "spacing"),
        ({"psi": np.ones(8), "mass": 0.0}, "mass"),
        ({"psi": np.ones(8), "method": "spectral"}, "method"),
        ({"psi": np.ones(8), "method": "magic"}, "method"),
        ({"psi": np.ones((2, 2, 2, 2))}, "psi"),
        ({"psi": np.array(["a", "b", "c"])}, "psi"),
        ({"psi": np.ones(2)}, "psi"),
    ],
)
def test_bad_input_raises_parameter_error(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"spacing": 0.1, **kwargs}
    psi = args.pop("psi")
    with pytest.raises(ParameterError) as info:
        ck.waves.probability_current(psi, **args)  # type: ignore[arg-type]
    assert info.value.name == name


def test_bond_currents_of_a_plane_wave_on_a_chain() -> None:
    # J = 2t sin(k)/N on every bond of a clean ring (the group velocity times the density)
    n, k = 12, 2 * math.pi * 2 / 12
    h = np.zeros((n, n))
    idx = np.arange(n)
    h[(idx + 1) % n, idx] = h[idx, (idx + 1) % n] = -1.0
    psi = np.exp(1j * k * idx) / math.sqrt(n)
    bonds = ck.waves.bond_currents(h, psi)
    np.testing.assert_allclose(bonds, -bonds.T, atol=1e-15)
    np.testing.assert_allclose(bonds[idx, (idx + 1) % n], 2 * math.sin(k) / n, rtol=1e-12)
