"""Chern ribbon: circulating edge currents, Středa, Landauer transport, real-space bond currents."""

from __future__ import annotations

import math

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from currentkit.errors import ParameterError
from currentkit.magnetization import (
    QWZRibbon,
    bond_currents,
    chern_number,
    density_matrix,
    fermi,
    real_space_hamiltonian,
    ribbon_currents,
)
from currentkit.results import check_conventions

RIBBON = QWZRibbon(width=16, mass=1.0, k_points=1024)
#: k_BT (t): smooth occupations, so the k-sum converges exponentially (δk·v ≈ 0.006 < T); bulk
#: bands lie ≥ 0.7 t from every μ used, so their thermal corrections are < e^{−35}.
T = 0.02


@pytest.mark.parametrize(("mass", "chern"), [(1.0, 1), (0.5, 1), (-1.0, -1), (3.0, 0),
                                             (-2.5, 0)])
def test_chern_number_of_the_qwz_model(mass: float, chern: int) -> None:
    # QWZ: |C| = 1 for 0 < |u| < 2, the sign following u; trivial for |u| > 2
    assert chern_number(mass) == chern


def test_equilibrium_currents_circulate_and_streda_holds() -> None:
    c = chern_number(RIBBON.mass)
    for mu in (-0.3, 0.2):
        ds = ribbon_currents(RIBBON, mu=mu, temperature=T)
        check_conventions(ds)
        current = ds["current"].values
        # zero net current: Σ_k v_k f(E_k) is the k-sum of a periodic derivative
        assert abs(ds.attrs["net_current"]) < 1e-12
        # the edges carry opposite currents, the middle of the ribbon almost none
        assert abs(current[0]) > 0.5 * abs(mu) / (2 * math.pi)
        assert current[0] == pytest.approx(-current[-1], rel=1e-9)
        assert np.abs(current[6:10]).max() < 1e-6 * abs(current[0])
        # Středa: in the gap dM/dμ = C e/h = C/2π and M(μ = 0) = 0 (particle-hole symmetry), so
        # the bulk magnetization is C μ/2π; exponentially accurate at this T and width
        m = ds["magnetization"].values
        assert m[0] == 0 and m[-1] == 0
        assert m[8] == pytest.approx(c * mu / (2 * math.pi), rel=1e-9)
        np.testing.assert_allclose(ds["circulating_current"], current, rtol=0, atol=1e-12)


def test_bias_adds_the_quantized_landauer_current() -> None:
    c = chern_number(RIBBON.mass)
    eq = ribbon_currents(RIBBON, mu=0.1, temperature=T)
    for bias in (0.1, 0.3):
        ds = ribbon_currents(RIBBON, mu=0.1, bias=bias, temperature=T)
        # I = (e²/h)|C|V = |C|Δμ/2π (a chiral edge channel filled to μ + Δμ/2 on one side and
        # emptied to μ − Δμ/2 on the other); measured deviations ~1e-14
        assert ds.attrs["net_current"] == pytest.approx(abs(c) * bias / (2 * math.pi), rel=1e-9)
        np.testing.assert_allclose(ds["transport_current"], ds.attrs["net_current"] / 16,
                                   rtol=1e-12)
        # the circulating part still carries nothing through the ribbon
        assert abs(float(ds["circulating_current"].sum())) < 1e-12
        # the bias changes the currents near the edges only (the bulk is gapped)
        change = (ds["current"] - eq["current"]).values
        assert np.abs(change[6:10]).max() < 1e-5 * np.abs(change).max()


def test_bloch_formula_matches_real_space_bond_currents() -> None:
    length, width, mu = 24, 6, 0.25
    ribbon = QWZRibbon(width=width, mass=1.0, k_points=length)
    h = real_space_hamiltonian(ribbon, length)
    with threadpool_limits(limits=1, user_api="blas"):  # a small matrix: threads only contend
        energies, vectors = np.linalg.eigh(h)
    g = density_matrix(vectors, fermi(energies, mu, 0.05))
    currents = bond_currents(h, g)
    # continuity: eigenstate occupations are stationary, so every site's inflow Σ_i I_{i→j} is 0
    assert np.abs(currents.sum(axis=0)).max() < 1e-12
    assert np.abs(currents + currents.T).max() < 1e-14  # antisymmetric
    rows = []
    for y in range(width):
        a, b = slice(2 * y, 2 * y + 2), slice(2 * (width + y), 2 * (width + y) + 2)
        rows.append(currents[a, b].sum())  # from (x = 0, y) to (x = 1, y), both orbitals
    bloch = ribbon_currents(ribbon, mu=mu, temperature=0.05)["current"].values
    np.testing.assert_allclose(rows, bloch, rtol=0, atol=1e-12)
    assert abs(rows[0]) > 1e-3  # not a comparison of zeros


def test_plane_wave_bond_current_sign() -> None:
    n, t, k = 8, 1.0, 2 * math.pi / 8
    h = np.zeros((n, n), dtype=complex)
    for j in range(n):
        h[(j + 1) % n, j] = h[j, (j + 1) % n] = -t
    psi = np.exp(1j * k * np.arange(n)) / math.sqrt(n)
    g = density_matrix(psi[:, None], np.array([1.0]))
    # I_{j→j+1} = 2t sin k/N = group velocity over N, positive for k > 0
    assert bond_currents(h, g)[0, 1] == pytest.approx(2 * t * math.sin(k) / n, rel=1e-12)


def test_bad_parameters() -> None:
    with pytest.raises(ParameterError, match="width"):
        QWZRibbon(width=1)
    with pytest.raises(ParameterError, match="k_points"):
        QWZRibbon(width=4, k_points=2)
    with pytest.raises(ParameterError, match="mass"):
        QWZRibbon(width=4, mass=float("nan"))
    with pytest.raises(ParameterError, match="bias"):
        ribbon_currents(QWZRibbon(width=4, k_points=8), bias=float("inf"))
    with pytest.raises(ParameterError, match="temperature"):
        fermi(np.zeros(2), 0.0, -1.0)
