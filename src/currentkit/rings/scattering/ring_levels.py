"""Levels and currents of a ring closed around a scatterer, from its transmission τ(E) alone.

Lattice units a = ħ = e = 1 with the hopping t explicit; energies in t, currents in e·t/ħ;
φ = 2πf, f = Φ/Φ0, and a level's current is i_n = −∂E_n/∂φ. τ(E) is that of
:mod:`currentkit.rings.scattering.amplitudes`.

Ring
----
Close the scatterer with L − w clean sites into a ring of L sites. The ring's discriminant
Δ(E) = Tr T_{L−1}⋯T_0 is Tr(P D_{L−w} P⁻¹ · P_{w−1} Q P_{−1}⁻¹) = Tr(D_L Q),
D_L = diag(λ^L, λ^{−L}), and time reversal gives Q_11 = Q̄_22 in the band, so with τ = |τ|e^{iδ}

    Δ(E) = λ^L/τ(1/λ) + λ^{−L}/τ(λ) = (2/|τ|) cos(kL + δ),

and the levels at flux φ (Δ(E) = 2 cos φ, see :mod:`currentkit.rings.free.transfer`) obey exactly

    cos(kL + δ) = |τ(E)| cos φ    ⇔    cos(k(L − w) + δ_s) = |τ| cos φ,  δ_s = δ + kw = arg τ_s:

L' = L with the phase of τ referred to the clean chain, or L' = L − w (the free sites) with the
phase δ_s gathered across the scatterer. Outside the band λ is real (|λ| < 1) and the same
analytic formula gives the bound states, near the poles of τ. Differentiating Δ(E_n) = 2 cos φ
gives the level current i_n = −∂E_n/∂φ = 2 sin φ/Δ'(E_n). Nothing of size L is diagonalised:
an evaluation of Δ costs O(w), whatever L (O(L) within :data:`EDGE_WINDOW` of a band edge).

Weak transmission: see :func:`weak_transmission_amplitude` (|I(Φ0/4)| = v_F|τ(E_F)|/(2L)).
"""

from __future__ import annotations

import logging
import math

import numpy as np
import xarray as xr

from currentkit.errors import ConvergenceError, ParameterError, integer
from currentkit.errors import temperature as check_temperature
from currentkit.results import labelled, with_provenance
from currentkit.rings.free import thermo
from currentkit.rings.models import flux_coordinate
from currentkit.rings.scattering.amplitudes import (
    _EPS,
    _discriminant,
    _hopping,
    _potential,
    _sites,
    scattering_amplitudes,
)

logger = logging.getLogger(__name__)

#: Grid points per level spacing π/L of the wavenumber used to bracket the levels.
GRID_PER_LEVEL = 16
#: Times the bracketing grid is refined (×4 each) before giving up on finding L levels.
MAX_REFINEMENTS = 3
#: Most safeguarded Newton steps per level (bisection alone needs ~60 to reach 1e-16).
MAX_ITERATIONS = 200


def _clean_levels(sites: int, phi: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
    """τ = 1: kL = ±φ mod 2π, E = −2t cos((2πn − φ)/L), i = (2t/L) sin((2πn − φ)/L)."""
    q = (2 * np.pi * np.arange(sites))[None, :] - phi[:, None]
    energies = -2 * t * np.cos(q / sites)
    currents = (2 * t / sites) * np.sin(q / sites)
    order = np.argsort(energies, axis=1, kind="stable")
    return np.take_along_axis(energies, order, 1), np.take_along_axis(currents, order, 1)


def _grid(onsite: np.ndarray, sites: int, density: int) -> np.ndarray:
    """Sample points u = E/t: uniform in k inside the band, uniform in u outside it."""
    count = max(64, density * sites)
    k = np.pi * (np.arange(count) + 0.5) / count
    low = min(0.0, float(onsite.min())) - 2.0 - 1e-6
    high = max(0.0, float(onsite.max())) + 2.0 + 1e-6
    extra = density * (onsite.size + 4)
    below = np.linspace(low, -2 - 1e-9, extra)
    above = np.linspace(2 + 1e-9, high, extra)
    return np.concatenate([below, -2 * np.cos(k), above])


def _roots(onsite: np.ndarray, sites: int, cos_phi: np.ndarray) -> np.ndarray:
    """All L roots u of Δ(u) = 2cos φ per row, ascending, by bracketing and safeguarded Newton."""
    for refinement in range(MAX_REFINEMENTS + 1):
        grid = _grid(onsite, sites, GRID_PER_LEVEL * 4**refinement)
        value, _, scale = _discriminant(onsite, sites, grid)
        g = value[None, :] - 2 * cos_phi[:, None] * scale[None, :]
        change = (g[:, 1:] > 0) != (g[:, :-1] > 0)
        counts = change.sum(axis=1)
        if np.all(counts == sites):
            break
        logger.debug("refining the level brackets: %s levels found of %d", counts, sites)
    else:
        raise ParameterError("flux", "a flux with (near-)degenerate levels",
                             f"fluxes where the {sites} levels are resolved by a grid of "
                             f"{grid.size} points (avoid exact level crossings)")
    rows, cells = np.nonzero(change)
    lo, hi = grid[cells], grid[cells + 1]
    lo_positive = g[rows, cells] > 0
    c2 = 2 * cos_phi[rows]
    x = 0.5 * (lo + hi)
    active = np.arange(x.size)
    tol = _EPS * (float(np.max(np.abs(grid))) + 1.0)
    for _ in range(MAX_ITERATIONS):
        if active.size == 0:
            break
        xa = x[active]
        value, slope, scale = _discriminant(onsite, sites, xa)
        ga = value - c2[active] * scale
        same = (ga > 0) == lo_positive[active]  # the root is above xa
        a = np.where(same, xa, lo[active])
        b = np.where(same, hi[active], xa)
        with np.errstate(divide="ignore", invalid="ignore"):
            new = xa - ga / slope
        bad = ~np.isfinite(new) | (new <= a) | (new >= b)
        new = np.where(bad, 0.5 * (a + b), new)
        lo[active], hi[active], x[active] = a, b, new
        done = (np.abs(new - xa) <= tol) | (b - a <= tol)
        active = active[~done]
    else:
        raise ConvergenceError("the ring-level root search", f"not within {MAX_ITERATIONS} steps")
    return x.reshape(cos_phi.size, sites)


def scattering_levels(
    potential: object, sites: int, flux: object, hopping: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """All L levels E_n(φ) of the ring and their currents i_n = −∂E_n/∂φ, from τ(E) alone.

    Returns arrays of shape (F, L), ascending per row: energies (t) and currents (e·t/ħ). See
    :func:`ring_levels_from_scattering`.
    """
    pot = _potential(potential)
    t = _hopping(hopping)
    n = _sites(sites, pot.size)
    f = np.atleast_1d(np.asarray(flux, dtype=float))
    if f.ndim != 1 or not np.all(np.isfinite(f)):
        raise ParameterError("flux", "non-finite or not 1D", "a 1D array of finite fluxes Φ/Φ0")
    reduced = f - np.round(f)
    phi = 2 * np.pi * reduced
    if not np.any(pot):
        return _clean_levels(n, phi, t)
    half = np.abs(reduced) == 0.5
    cos_phi = np.where(half, -1.0, np.cos(phi))
    sin_phi = np.where(half | (reduced == 0), 0.0, np.sin(phi))
    u = _roots(pot / t, n, cos_phi)
    _, slope, scale = _discriminant(pot / t, n, u.ravel())
    # i = 2 sin φ/Δ'(E), Δ'(E) = (dΔ/du)/t, dΔ/du = slope/scale
    current = 2 * t * sin_phi[:, None] * (scale / slope).reshape(u.shape)
    return u * t, current


def ring_levels_from_scattering(
    potential: object, sites: int, flux: object, hopping: float = 1.0
) -> xr.Dataset:
    """Levels E_n(Φ) and level currents of a ring containing a scatterer, without diagonalising.

    Parameters
    ----------
    potential
        Site energies ε_0 … ε_{w−1} (t) of the scatterer; the ring has these on its sites
        0 … w−1 and L − w clean sites (the spectrum does not depend on where they sit).
    sites
        Ring size L ≥ max(3, w).
    flux
        Reduced fluxes f = Φ/Φ0 (1D); φ = 2πf.
    hopping
        Hopping t > 0.

    Returns
    -------
    xarray.Dataset
        ``energy(flux, level)`` (t) and ``level_current(flux, level)`` = −∂E_n/∂φ (e·t/ħ), all L
        levels in ascending order, spinless.

    Notes
    -----
    The levels solve ``cos(kL + δ) = |τ(E)| cos φ`` in the band (δ = arg τ, E = −2t cos k) and the
    analytic continuation of Δ(E) = 2cos φ outside it (bound states); see the module notes.
    The L roots are bracketed on a grid of 16 points per level spacing in k (refined when fewer
    than L sign changes are seen) and polished by Newton steps safeguarded by bisection;
    i_n = 2 sin φ/Δ'(E_n), exactly 0 at f = 0 and f = 1/2. A clean scatterer (τ ≡ 1) uses the
    closed form kL = 2πn − φ. Raises :class:`~currentkit.errors.ParameterError` where two levels
    coincide (a scatterer with ``|τ| = 1`` at a level at f = 0 or 1/2).
    """
    energies, currents = scattering_levels(potential, sites, flux, hopping)
    f = np.atleast_1d(np.asarray(flux, dtype=float))
    ds = xr.Dataset(
        {
            "energy": labelled(energies, ("flux", "level"), "t", "single-particle energy E_n"),
            "level_current": labelled(currents, ("flux", "level"), "e*t/hbar",
                                      "level current −∂E_n/∂Φ"),
        },
        coords={
            "flux": flux_coordinate(f),
            "level": labelled(np.arange(energies.shape[1]), "level", "1",
                              "level index in energy order"),
        },
    )
    return with_provenance(ds, {"potential": _potential(potential), "sites": int(sites),
                                "hopping": float(hopping)})


def scattering_current(
    potential: object, sites: int, flux: object, electrons: int, *, hopping: float = 1.0,
    temperature: float = 0.0,
) -> np.ndarray:
    """Canonical persistent current I = −∂F/∂φ (e·t/ħ) of N spinless fermions, from τ(E).

    The ring of :func:`ring_levels_from_scattering`, filled by
    :func:`currentkit.rings.free.thermo.canonical` (exact at any k_BT ≥ 0: all L levels are known).
    """
    n = integer("electrons", electrons, minimum=0, maximum=sites, what="spinless fermions ≤ L")
    kT = check_temperature("temperature", temperature, "a finite k_BT ≥ 0 (t)")
    energies, currents = scattering_levels(potential, sites, flux, hopping)
    return thermo.canonical(energies, currents, n, kT).current


def weak_transmission_amplitude(
    potential: object, sites: int, fermi_energy: float, hopping: float = 1.0
) -> float:
    """Predicted ``|I|`` at f = 1/4, weak transmission: ``v_F|τ(E_F)|/(2(L + ∂δ/∂k))`` (e·t/ħ).

    Notes
    -----
    At ``|τ| ≪ 1`` each level E_m stays near kL + δ = (m + 1/2)π and, from
    ``cos(kL + δ) = |τ| cos φ``, carries ``i_m = (−1)^{m+1}·c_m·sin φ/√(1 − |τ|²cos²φ)`` with
    ``c_m = v|τ|/(L + ∂δ/∂k)`` (v = 2t sin k = ∂E/∂k), exactly at f = 1/4. The N filled levels
    give the alternating sum
    Σ_{m≤M}(−1)^{M−m} c_m = c_M/2 + c'_M/4 + … ≈ c(E_F)/2 (Euler; the lowest band's c → 0), with
    E_F halfway between the top filled and first empty levels: the current is half of the top
    level's, not all of it, because c grows across the Fermi sea. Corrections are O(c''/c) per
    level squared, ~ (πv/L·∂_E)² ln c, and ``O(|τ|²)`` from the phase δ's dependence on ``|τ|``.
    """
    pot = _potential(potential)
    t = _hopping(hopping)
    n = _sites(sites, pot.size)
    e = float(fermi_energy)
    tau, _ = scattering_amplitudes(pot, np.array([e]), t)
    k = math.acos(-e / (2 * t))
    step = 1e-6
    plus = scattering_amplitudes(pot, np.array([-2 * t * math.cos(k + step)]), t)[0][0]
    minus = scattering_amplitudes(pot, np.array([-2 * t * math.cos(k - step)]), t)[0][0]
    delay = float(np.angle(plus / minus)) / (2 * step)  # ∂δ/∂k by a central difference
    return 2 * t * math.sin(k) * float(np.abs(tau[0])) / (2 * (n + delay))

