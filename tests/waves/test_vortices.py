"""Vortices: found and counted with their winding; the LLL current is a magnetization current."""

from __future__ import annotations

import math

import numpy as np
import pytest

import currentkit as ck
from currentkit.errors import ParameterError

ZEROS = (0.0 + 0.0j, 1.5 + 0.5j, -1.2 + 1.1j, 0.4 - 1.6j, -1.0 - 0.9j)


def _lll(field: float = -1.0, charge: float = -1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.linspace(-5, 5, 161)
    psi, a = ck.waves.lowest_landau_level(x, x, ZEROS, field=field, charge=charge)
    return x, psi, a


@pytest.mark.parametrize(("field", "sign"), [(-1.0, 1), (1.0, -1)])
def test_lll_zeros_are_found_with_their_charge(field: float, sign: int) -> None:
    x, psi, _ = _lll(field)
    found = ck.waves.find_vortices(psi, x[1] - x[0], (x[0], x[0]))
    # exactly the prescribed zeros; charge sign(qB) each (z or z̄ prefactor)
    assert found.count == len(ZEROS)
    assert np.all(found.charges == sign) and found.net_charge == sign * len(ZEROS)
    for z in ZEROS:
        d = np.hypot(found.positions[:, 0] - z.real, found.positions[:, 1] - z.imag)
        # bilinear root in the plaquette: O(h²·|ψ''/ψ'|), h = 1/16 → ≲ 1e-3
        assert d.min() < 2e-3


@pytest.mark.parametrize(("field", "sign"), [(-1.0, 1.0), (2.0, -1.0)])
def test_lll_current_is_a_pure_magnetization_current(field: float, sign: float) -> None:
    x = np.linspace(-12, 12, 192, endpoint=False)
    h = x[1] - x[0]
    psi, a = ck.waves.lowest_landau_level(x, x, ZEROS[:3], field=field, charge=-1.0)
    j = ck.waves.probability_current(psi, h, vector_potential=a, charge=-1.0,
                                     method="spectral", periodic=True)
    rho = np.abs(psi) ** 2
    grad = ck.grid.gradient(rho, h, method="spectral", periodic=True)
    magnetization = sign * 0.5 * np.stack([-grad[1], grad[0]])  # s·(ħ/2m) ẑ × ∇ρ
    # ψ ∝ r³e^{−r²/4l²} (l² = ħ/|qB| ≤ 1) is below 1e-12 of its peak at the edges (r ≥ 12)
    # and band-limited on this grid (spectrum ~ e^{−k²l²}, k_max = 25), so the periodic
    # spectral derivative is exact to round-off: 1e-8 of max|j| leaves a wide margin
    assert np.abs(j - magnetization).max() < 1e-8 * np.abs(j).max()
    # no transport: the current through a cut from the centre to the edge is the
    # magnetization at the centre, and through a full line across the sample it is zero
    assert abs(np.sum(j[0][96, :]) * h) < 1e-10


def test_three_plane_waves_give_a_honeycomb_of_alternating_vortices() -> None:
    k = 2.0
    ks = k * np.array([[1.0, 0.0], [-0.5, math.sqrt(3) / 2], [-0.5, -math.sqrt(3) / 2]])
    # grid shifted off the lattice's symmetry lines: a node exactly on a grid edge would
    # have a phase jump of exactly π there, which no plaquette sum can assign
    x = np.linspace(-4, 4, 321) + 0.0123
    psi = ck.waves.plane_wave_superposition(x, x, ks)
    found = ck.waves.find_vortices(psi, x[1] - x[0], (x[0], x[0]))
    # closed form: ψ = 0 where the three phases k_j·r are 0, 2π/3, 4π/3 (mod 2π) in either
    # order: (k1 − k2)·r = ±2π/3 + 2πn, (k2 − k3)·r = ±2π/3 + 2πm (same sign)
    b = np.array([ks[0] - ks[1], ks[1] - ks[2]])
    expected, charges = [], []
    for s in (1, -1):
        for n in range(-8, 9):
            for m in range(-8, 9):
                r = np.linalg.solve(b, [s * 2 * np.pi / 3 + 2 * np.pi * n,
                                        s * 2 * np.pi / 3 + 2 * np.pi * m])
                if np.all(np.abs(r) < 3.9):
                    expected.append(r)
                    # winding = sign of the Jacobian det ∂(Re ψ, Im ψ)/∂(x, y) at the node
                    g = np.array([1j * kk * np.exp(1j * kk @ r) for kk in ks]).sum(axis=0)
                    charges.append(int(np.sign(g[0].real * g[1].imag - g[1].real * g[0].imag)))
    inner = np.all(np.abs(found.positions) < 3.9, axis=1)
    assert inner.sum() == len(expected) > 20
    got = found.positions[inner]
    for r, q in zip(expected, charges, strict=True):
        d = np.hypot(*(got - r).T)
        i = int(np.argmin(d))
        assert d[i] < 1e-3 and found.charges[inner][i] == q  # bilinear root, h = 0.025
    assert abs(sum(charges)) <= 4


def test_periodic_box_counts_two_vortices_per_cell() -> None:
    # the same lattice on a torus of exactly 3 × 2 rectangular supercells (2π/3k·… see
    # below) on which ψ itself is periodic: the honeycomb has two vortices (+1, −1) per
    # primitive cell of area 8π²/(3√3k²), so 24 vortices, net charge 0, no edge effects
    k = 2.0
    ks = k * np.array([[1.0, 0.0], [-0.5, math.sqrt(3) / 2], [-0.5, -math.sqrt(3) / 2]])
    lx, ly = 3 * 4 * math.pi / (3 * k), 2 * 4 * math.pi / (math.sqrt(3) * k)
    nx, ny = 96, 112
    x = np.arange(nx) * lx / nx + 0.0123
    y = np.arange(ny) * ly / ny + 0.0123
    psi = ck.waves.plane_wave_superposition(x, y, ks)
    found = ck.waves.find_vortices(psi, (lx / nx, ly / ny), periodic=True)
    cell = 8 * math.pi**2 / (3 * math.sqrt(3) * k**2)
    assert found.count == round(2 * lx * ly / cell) == 24
    assert found.positive == found.negative == 12 and found.net_charge == 0


def test_bad_input() -> None:
    with pytest.raises(ParameterError):
        ck.waves.find_vortices(np.ones(10))
    with pytest.raises(ParameterError):
        ck.waves.find_vortices(np.full((4, 4), np.nan))
    with pytest.raises(ParameterError):
        ck.waves.lowest_landau_level(np.arange(3.0), np.arange(3.0), field=0.0)
