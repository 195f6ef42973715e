"""GL local model of a film annulus: closed forms against quadrature and the London ring."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants as sc
from scipy.integrate import quad

from currentkit.superconductors import fluxoid_states
from currentkit.superconductors.annulus import (
    annulus_current,
    critical_wavevector,
    edge_wavevectors,
    effective_flux,
    jump_fields,
    stable_windings,
)
from currentkit.superconductors.tdgl_ring import FilmRing

PHI0 = sc.h / (2 * sc.e)
FILM = FilmRing(inner_radius=0.5e-6, outer_radius=1e-6, thickness=50e-9,
                penetration_depth=200e-9, coherence_length=100e-9)


def quadrature_current(n: int, field: float, suppression: bool) -> float:
    """∫ (dΦ0/2πμ0λ²) q(1 − ξ²q²) dr by adaptive quadrature, written from the definition."""
    xi, d, lam = FILM.coherence_length, FILM.thickness, FILM.penetration_depth

    def sheet(r: float) -> float:
        q = n / r - math.pi * field * r / PHI0
        depletion = 1 - xi**2 * q**2 if suppression else 1.0
        return d * PHI0 / (2 * math.pi * sc.mu_0 * lam**2) * q * depletion

    value, _ = quad(sheet, FILM.inner_radius, FILM.outer_radius, epsabs=0, epsrel=1e-12)
    return value


@pytest.mark.parametrize(("n", "field"), [(0, 0.0), (1, 0.0), (2, 3e-3), (-1, 1e-3), (3, 6e-3)])
@pytest.mark.parametrize("suppression", [True, False])
def test_closed_form_against_quadrature(n: int, field: float, suppression: bool) -> None:
    expected = quadrature_current(n, field, suppression)
    # polynomial integrand: quad's relative error ~1e-12; cancellation in the closed form ~1e-15
    assert float(annulus_current(FILM, n, field, suppression=suppression)) == pytest.approx(
        expected, rel=1e-10, abs=1e-18)


def test_london_limit_is_the_fluxoid_ring_with_kinetic_inductance() -> None:
    # fluxoid_states of a ring with L = L_k at the effective flux: the same (nΦ0 − Φ)/L
    lk = FILM.kinetic_inductance()
    field = np.linspace(0.0, 8e-3, 9)
    flux = effective_flux(FILM, field) / PHI0
    states = fluxoid_states(lk, flux, np.arange(-1, 4))
    for n in range(-1, 4):
        london = annulus_current(FILM, n, field, suppression=False)
        library = states["current"].sel(winding=n).to_numpy()
        np.testing.assert_allclose(london, library, rtol=1e-12, atol=1e-18)


def test_depletion_lowers_the_current_and_stability_window_edges() -> None:
    qc = critical_wavevector(FILM)
    for n in range(0, 4):
        down, up = jump_fields(FILM, n)
        assert down < up
        qi, qo = edge_wavevectors(FILM, n, up)
        assert float(qo) == pytest.approx(-qc, rel=1e-12)  # n ≥ 0: the outer edge depairs first
        assert abs(float(qi)) < qc
        qi, qo = edge_wavevectors(FILM, n, down)
        # on the way down the inner edge depairs first once n > q_c r_i r_o/(r_i + r_o) = 1.92
        first, other = (qi, qo) if n >= 2 else (qo, qi)
        assert float(first) == pytest.approx(qc, rel=1e-12)
        assert abs(float(other)) < qc
        # the window is where the state is stable: inside yes, outside no
        assert n in stable_windings(FILM, 0.5 * (down + up))
        assert n not in stable_windings(FILM, up * (1 + 1e-9))
        assert n not in stable_windings(FILM, down * (1 - 1e-9) if down > 0 else down - 1e-9)
    # GL depletion: |ψ|² < 1 where current flows, so |I| is smaller than London's
    full = annulus_current(FILM, 2, 0.0, suppression=False)
    depleted = annulus_current(FILM, 2, 0.0)
    assert 0 < depleted < full


def test_stable_windings_at_zero_field() -> None:
    # B = 0: |n|/r_i < q_c, i.e. |n| < r_i/(√3ξ) = 2.887 → n ∈ {−2, …, 2}
    np.testing.assert_array_equal(stable_windings(FILM, 0.0), np.arange(-2, 3))
