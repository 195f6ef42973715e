"""Typical persistent current from ballistic to diffusive: the diffuson on the Born random walk.

Lattice units t = a = ħ = e = k_B = 1: currents in e·t/ħ, energies and temperatures in t, flux
f = Φ/Φ0 with Φ0 = h/e, I = −∂Ω/∂φ (φ = 2πf) at fixed chemical potential μ.

The diffuson theory of the typical current (Cheung, Riedl and Gefen, PRL 62, 587 (1989); Riedel
and von Oppen, PRB 47, 15449 (1993)) writes the flux harmonics of the current correlator through
the return probability P_p(t) of paths winding p times around the ring, weighted by t⁻³ and by
the thermal factor R_T(t) = (πTt/sinh πTt)²:

    ⟨δI_p²⟩ = (2/π²) p² ∫_0^∞ dt t⁻³ R_T(t) P_p(t),   P_p(t) = L·P(pL, t)

(spinless; diffuson and cooperon together). With the diffusion kernel
P(X, t) = (4πDt)^{−1/2} e^{−X²/4Dt} this is :func:`~currentkit.rings.typical_harmonics`,
√⟨δI_p²⟩ = √96 p^{−3/2} E_c/Φ0 at T = 0. At L of a few mean free paths the paths that wind once
have scattered only a few times, and the diffusion kernel overstates their weight at the short
times (t ~ L²/14D for p = 1) that dominate: here P is the return probability of the Born
persistent random walk of the strip's 2N open states
(:mod:`~currentkit.rings.disorder.random_walk`), exact in the winding number and with the
same D at long times. The ratio to the diffuson with that D needs no prefactor:

    diffuson_ratio(p)² = ∫ t⁻³ R_T P_p^walk dt / ∫ t⁻³ R_T P_p^diff dt,

a function of pL/ℓ, the channels' velocities and T·L²/D alone; it tends to 1 for pL ≫ ℓ
(0.33, 0.58, 0.80, 0.95 at pL/ℓ = 2.5, 5, 10, 25 for a three-mode strip). Localization
(L → ξ) is not in it.

Measured (:func:`~currentkit.rings.typical_current_scan`, open strips, W = 1.5t, std of b_p
over 100–120 realizations, ±7% statistical): M = 8, μ = −1.33t (5 open modes), T = 0.3E_c,
measured/theory = 1.05, 0.93, 0.80 (p = 1, 2, 3) at L/ℓ = 2.5 (L/ξ = 0.20); 1.01, 0.88, 0.76 at
L/ℓ = 5 (L/ξ = 0.42); 0.87, 0.78, 0.63 at L/ℓ = 10 (L/ξ = 0.83); at T = 3E_c, L/ℓ = 5: 1.10,
1.03, 0.87 (the fast thermal decay is the walk's); at T = 0, L/ℓ = 2.5 (R = 60, ±9%): 1.08,
0.86, 0.96. M = 4, μ = −t, L/ℓ = 4.9: 0.98, 0.88, 0.95.
The deficit grows with pL/ξ (the length of the winding paths over the localization length),
not with L/ℓ. Near a mode threshold (M = 8, μ = −0.6t, 0.13t from one) the Born rates fail
and the measurement lies 8–50% below.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError, finite_real, integer, positive_real
from currentkit.results import labelled, with_provenance
from currentkit.rings.disorder.mesoscopic import (
    BornEstimate,
    born_estimate,
    thouless_energy,
    typical_harmonics,
)
from currentkit.rings.disorder.random_walk import PersistentWalk, diffuson_ratio, persistent_walk
from currentkit.rings.models import LatticeRing

_CURRENT_UNITS = "e*t/hbar"


def ballistic_harmonics(
    ring: LatticeRing,
    mu: float,
    disorder: float,
    orders: int = 3,
    temperature: float = 0.0,
    *,
    connected: bool = True,
    diffusion_constant: float | None = None,
) -> xr.Dataset:
    """rms flux harmonics √⟨δI_p²⟩ of an Anderson-disordered strip or cylinder, ballistic to
    diffusive (module notes), p = 1 … ``orders``, at fixed μ.

    Parameters
    ----------
    ring
        The clean ring: ``sites`` L (circumference, a), ``channels`` M, ``hopping``,
        ``transverse_hopping``, ``transverse`` and ``spin`` are used; the disorder is
        box-distributed of width ``disorder`` (its potential must be ``None``).
    mu
        Chemical potential μ (t), at least one open mode.
    disorder
        Box width W (t) of the Anderson disorder, ⟨ε²⟩ = W²/12.
    orders
        Number of harmonics.
    temperature
        T ≥ 0 (t/k_B).
    connected
        Drop the unscattered winding paths, whose weight e^{−pL/ℓ} belongs to the squared
        ensemble mean ⟨I_p⟩² rather than to the variance (the default, to compare with the
        standard deviation of an ensemble).
    diffusion_constant
        D (t·a²/ħ) to use instead of the Born D, e.g. the Landauer one of
        :func:`~currentkit.rings.measure_transport`: the diffuson takes E_c = D/L² and the walk
        keeps its velocities and relative rates with every rate scaled to give this D (ℓ and ξ
        scale with it). Near a mode threshold the Born magnitudes fail (13 % in D measured
        0.023t from one) while the measured D holds.

    Returns
    -------
    xarray.Dataset
        ``typical_harmonic(order)`` (e·t/ħ, the random-walk theory), ``diffuson_harmonic(order)``
        (e·t/ħ, the diffusive limit with the same D) and ``diffuson_ratio(order)``, their ratio;
        attrs: the D used and the Born D, ℓ, ξ, E_c = D/L², L/ℓ, L/ξ and the open channels.
        Spin (no Zeeman or spin-orbit coupling) doubles every harmonic.
    """
    if not isinstance(ring, LatticeRing):
        raise ParameterError("ring", type(ring).__name__, "a LatticeRing")
    if ring.potential is not None:
        raise ParameterError("ring", "a ring with a potential",
                             "the clean ring (the disorder enters through 'disorder')")
    mu_value, width, kt, born, walk = strip_inputs(ring, mu, disorder, orders, temperature)
    if diffusion_constant is not None:
        walk = walk.with_diffusion_constant(diffusion_constant)
    d = walk.diffusion_constant
    ell, xi = (born.mean_free_path * d / born.diffusion_constant,
               born.localization_length * d / born.diffusion_constant)
    length = float(ring.sites)
    ec = thouless_energy(d, length)
    diffuson = typical_harmonics(ec, int(orders), kt, spin=ring.spin)
    ratio = np.array([diffuson_ratio(walk, p * length, kt, connected=connected)
                      for p in range(1, int(orders) + 1)])
    order = labelled(np.arange(1, int(orders) + 1), "order", "1",
                     "flux harmonic p of I = Σ I_p sin 2πpf")
    ds = xr.Dataset(
        {
            "typical_harmonic": labelled(diffuson * ratio, "order", _CURRENT_UNITS,
                                         "√⟨δI_p²⟩, diffuson on the strip's random walk"),
            "diffuson_harmonic": labelled(diffuson, "order", _CURRENT_UNITS,
                                          "√⟨δI_p²⟩, diffusive limit with the same D"),
            "diffuson_ratio": labelled(ratio, "order", "1", "random-walk theory / diffuson"),
        },
        coords={"order": order},
        attrs={"diffusion_constant": d, "diffusion_constant_units": "t*a^2/hbar",
               "born_diffusion_constant": born.diffusion_constant,
               "born_diffusion_constant_units": "t*a^2/hbar",
               "mean_free_path": ell, "mean_free_path_units": "a",
               "localization_length": xi, "localization_length_units": "a",
               "thouless_energy": ec, "thouless_energy_units": "t",
               "length_over_mean_free_path": length / ell,
               "length_over_localization_length": length / xi,
               "open_channels": born.open_channels, "temperature": kt,
               "temperature_units": "t/k_B", "connected": int(connected)},
    )
    parameters = {"sites": ring.sites, "channels": ring.channels, "hopping": ring.hopping,
                  "transverse_hopping": ring.transverse_hopping, "transverse": ring.transverse,
                  "spin": ring.spin, "mu": mu_value, "disorder": width, "orders": int(orders),
                  "temperature": kt, "connected": connected,
                  "diffusion_constant": diffusion_constant}
    return with_provenance(ds, parameters)


def strip_inputs(ring: LatticeRing, mu: float, disorder: float, orders: int, temperature: float
                 ) -> tuple[float, float, float, BornEstimate, PersistentWalk]:
    """Checked (μ, W, k_BT) of a strip theory, its Born estimate and its Born random walk."""
    integer("orders", orders, minimum=1, what="harmonics")
    mu_value = finite_real("mu", mu, "a finite chemical potential in t")
    width = positive_real("disorder", disorder, "a positive box width W in t")
    kt = finite_real("temperature", temperature, "a temperature ≥ 0 in t/k_B", nonnegative=True)
    common = {"hopping": ring.hopping, "transverse_hopping": ring.transverse_hopping,
              "transverse": ring.transverse}
    born = born_estimate(mu_value, width, ring.channels, **common)  # type: ignore[arg-type]
    walk = persistent_walk(mu_value, width, ring.channels, **common)  # type: ignore[arg-type]
    return mu_value, width, kt, born, walk
