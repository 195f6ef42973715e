"""Canonical (fixed N) ensemble average of the persistent current: the Φ0/2 cooperon current.

Lattice units t = a = ħ = e = k_B = 1: currents in e·t/ħ, energies and temperatures in t, flux
f = Φ/Φ0 (Φ0 = h/e), φ = 2πf, I = −∂F/∂φ; spinless fermions.

A ring of fixed N differs from one at the flux-independent chemical potential μ̄ with
⟨N(μ̄)⟩ = N by the free energy of the surplus δN(φ) = N(μ̄, φ) − N of electrons, (Δ/2)δN² to
leading order (Δ the mean level spacing). The grand-canonical average vanishes (up to a
ballistic remnant ∝ e^{−L/2ℓ}), so (Bouchiat and Montambaux, J. Phys. France 50, 2695 (1989);
Altshuler, Gefen and Imry, PRL 66, 88 (1991); Schmid, PRL 66, 80 (1991); von Oppen and
Riedel, PRL 66, 84 (1991))

    ⟨I⟩_can = −(Δ/2) ∂_φ ⟨δN²(μ̄, φ)⟩.

Only the cooperon makes ⟨δN²⟩ flux dependent, with the flux doubled: per channel
⟨δN²⟩ = (1/π²) ∫_0^∞ dt/t R_T(t) P^C(t; φ), R_T = (πTt/sinh πTt)², and the Poisson sum over
windings gives P^C(t; φ) = Σ_p P_p(t) cos 2pφ, P_p = L·P(pL, t). Hence the harmonics of
⟨I⟩ = Σ_k b_k sin 2πkf are b_k = 0 for odd k and

    b_{2p} = (2Δ/π²) p L c(pL, T),   c(X, T) = ∫_0^∞ dt/t R_T(t) P(X, t),

with c = 1/X for diffusion at T = 0 (b_{2p} = 2Δ/π² = (4/π)Δ/Φ0 for every p) and c from the
Born random walk of :mod:`~currentkit.rings.disorder.random_walk` at finite L/ℓ. The
semiclassical return probability holds for times below the Heisenberg time 2π/Δ, i.e. for
p²L²/D ≪ 2π/Δ: the theory needs E_c ≫ Δ (g ≫ 1), which the attrs report.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError, finite_real, positive_real
from currentkit.results import labelled, with_provenance
from currentkit.rings.disorder.ballistic import strip_inputs
from currentkit.rings.disorder.random_walk import (
    PersistentWalk,
    gauss_legendre_panels,
)
from currentkit.rings.models import LatticeRing


def cooperon_moment(walk: PersistentWalk | None, distance: float, temperature: float = 0.0, *,
                    diffusion_constant: float | None = None) -> float:
    """c(X, T) = ∫_0^∞ dt/t R_T(t) P(X, t) (a⁻¹) of the walk, or of diffusion (walk None).

    Notes
    -----
    Laplace space: at T = 0, c = ∫_0^∞ P̂(X, s) ds; at T > 0, R_T/t = 4π²T² t Σ_n n e^{−ω_n t}
    (ω_n = 2πnT) gives c = 4π²T² Σ_n n (−∂_sP̂)(ω_n). Diffusion, P̂ = e^{−a√s}/(2√(Ds)) with
    a = X/√D: c = 1/X at T = 0 and 4π²T²Σ_n n e^{−a√ω_n}(a/ω_n + ω_n^{−3/2})/(4√D) at T > 0.
    The walk's s integral uses Gauss-Legendre panels in ln s from 1e-10·D/X² (the missing
    piece is √(s/D) ≤ 1e-5 of c) to the cut-offs of
    :func:`~currentkit.rings.disorder.random_walk.thermal_moment`; its s derivative a central
    difference of relative step 1e-4 (error ~1e-8).
    """
    x = positive_real("distance", distance, "a positive distance X in a")
    kt = finite_real("temperature", temperature, "a temperature ≥ 0 in t/k_B", nonnegative=True)
    if walk is None:
        d = positive_real("diffusion_constant", diffusion_constant, "a positive D in t·a²/ħ")
        a = x / math.sqrt(d)
        terms = int((60 / a) ** 2 / (2 * math.pi * kt)) + 2 if kt > 0 else 0
        if kt == 0 or terms > 10**6:  # T < 1e-6·E_c: the T = 0 value, to O(√(T/E_c))
            return 1 / x
        w = 2 * math.pi * kt * np.arange(1, terms)
        return float(4 * math.pi**2 * kt**2 * np.sum(np.arange(1, w.size + 1) * np.exp(
            -a * np.sqrt(w)) * (a / w + w**-1.5)) / (4 * math.sqrt(d)))
    d = walk.diffusion_constant
    hi = max(60 * float(np.max(walk.velocities)) / x, 2000 * d / x**2)
    if kt == 0:
        nodes, weights = gauss_legendre_panels(np.geomspace(1e-10 * d / x**2, hi, 81))
        return float(np.sum(weights * walk.return_laplace(x, nodes)))
    omega = 2 * math.pi * kt * np.arange(1, int(hi / (2 * math.pi * kt)) + 2)
    h = 1e-4 * omega
    slope = (walk.return_laplace(x, omega + h) - walk.return_laplace(x, omega - h)) / (2 * h)
    return float(-4 * math.pi**2 * kt**2 * np.sum(np.arange(1, omega.size + 1) * slope))


def canonical_average_harmonics(
    ring: LatticeRing, mu: float, disorder: float, orders: int = 4, temperature: float = 0.0
) -> xr.Dataset:
    """Harmonics b_k of the canonical ensemble average ⟨I⟩ = Σ_k b_k sin 2πkf (module notes).

    Parameters
    ----------
    ring
        The clean ring (``sites`` L, ``channels``, hoppings, ``transverse``; spinless).
    mu
        The chemical potential μ̄ whose mean occupation is N (t).
    disorder
        Box width W (t).
    orders
        Harmonics k = 1 … orders (odd ones vanish).
    temperature
        T ≥ 0 (t/k_B).

    Returns
    -------
    xarray.Dataset
        ``average_harmonic(order)`` (Born random walk) and ``diffusive_harmonic(order)``
        (diffusion with the Born D), e·t/ħ; attrs: Δ = 1/(νL), E_c = D/L², E_c/Δ, L/ℓ, L/ξ.
    """
    if not isinstance(ring, LatticeRing) or ring.potential is not None or ring.spin:
        raise ParameterError("ring", repr(ring), "a clean, spinless LatticeRing")
    mu_value, width, kt, born, walk = strip_inputs(ring, mu, disorder, orders, temperature)
    length = float(ring.sites)
    spacing = 1 / (born.density_of_states * length)
    d = born.diffusion_constant
    k = np.arange(1, int(orders) + 1)
    walk_b, diff_b = np.zeros(k.size), np.zeros(k.size)
    for i, order in enumerate(k):
        if order % 2 == 0:
            p = order // 2
            scale = 2 * spacing / math.pi**2 * p * length
            walk_b[i] = scale * cooperon_moment(walk, p * length, kt)
            diff_b[i] = scale * cooperon_moment(None, p * length, kt, diffusion_constant=d)
    units = "e*t/hbar"
    ds = xr.Dataset(
        {"average_harmonic": labelled(walk_b, "order", units,
                                      "canonical ⟨b_k⟩, cooperon on the random walk"),
         "diffusive_harmonic": labelled(diff_b, "order", units,
                                        "canonical ⟨b_k⟩, diffusive cooperon")},
        coords={"order": labelled(k, "order", "1", "flux harmonic k of ⟨I⟩ = Σ b_k sin 2πkf")},
        attrs={"level_spacing": spacing, "level_spacing_units": "t",
               "thouless_energy": d / length**2, "thouless_energy_units": "t",
               "thouless_over_spacing": d / length**2 / spacing,
               "length_over_mean_free_path": length / born.mean_free_path,
               "length_over_localization_length": length / born.localization_length,
               "temperature": kt, "temperature_units": "t/k_B"},
    )
    return with_provenance(ds, {"sites": ring.sites, "channels": ring.channels,
                                "transverse": ring.transverse, "mu": mu_value,
                                "disorder": width, "orders": int(orders), "temperature": kt})


def number_variance_harmonics(energies: np.ndarray, flux: np.ndarray, mu: np.ndarray | float,
                              level_spacing: np.ndarray | float, orders: int = 4) -> np.ndarray:
    """b_k of −(Δ/2)∂_φ⟨δN²(μ̄, φ)⟩ measured from the levels of an ensemble.

    Parameters
    ----------
    energies
        Levels E (t) of R realizations on F flux points f ∈ [0, 1/2] (uniform, ends included),
        shape (R, F, n).
    flux
        The F flux points.
    mu, level_spacing
        One or several μ̄ (t) and their Δ (t); the result is averaged over them.
    orders
        Harmonics k = 1 … orders.

    Notes
    -----
    N_r(μ̄, φ) counts the levels below μ̄; its variance over realizations is even in f and has
    period 1, so its cosine harmonics a_k come from [0, 1/2] (trapezoid); b_k = (Δ/2)·k·a_k.
    """
    e = np.asarray(energies, dtype=float)
    f = np.asarray(flux, dtype=float)
    if e.ndim != 3 or e.shape[1] != f.size or e.shape[0] < 2:
        raise ParameterError("energies", f"shape {e.shape}", "(R ≥ 2, len(flux), n)")
    if not np.allclose(f, np.linspace(0, 0.5, f.size)):
        raise ParameterError("flux", "a grid", "uniform points from 0 to 1/2, ends included")
    mus = np.atleast_1d(np.asarray(mu, dtype=float))
    deltas = np.broadcast_to(np.asarray(level_spacing, dtype=float), mus.shape)
    k = np.arange(1, orders + 1)
    basis = np.cos(2 * np.pi * np.outer(k, f))
    out = np.zeros(k.size)
    for m, delta in zip(mus, deltas, strict=True):
        variance = (e < m).sum(axis=2).var(axis=0, ddof=1)
        a = 4 * np.trapezoid(basis * variance, f, axis=1)
        out += delta / 2 * k * a
    return out / mus.size
