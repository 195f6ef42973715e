"""London electrodynamics: penetration depth, Meissner profiles, the first London equation.

Geometry and signs: the superconductor fills x ≥ 0 (half-space) or |x| ≤ d (slab of
half-thickness d); the applied field B0 is along +z outside; Ampère's law ∇×B = μ0 j with
B = B_z(x) ẑ gives the supercurrent density along +y, j_y = −(1/μ0) dB_z/dx. SI units throughout:
metres, tesla, A/m², V/m, seconds.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr
from scipy.integrate import cumulative_trapezoid

from currentkit import units
from currentkit.errors import ParameterError
from currentkit.results import labelled, with_provenance
from currentkit.superconductors.critical import check_positive


def london_penetration_depth(
    superfluid_density: float,
    mass: float = units.ELECTRON_MASS,
    charge: float = units.ELEMENTARY_CHARGE,
) -> float:
    """London depth λ = √(m/(μ0 n_s q²)) (m).

    Parameters
    ----------
    superfluid_density
        Density n_s of superconducting carriers (1/m³).
    mass, charge
        Carrier mass (kg) and charge (C). The combination n_s q²/m is invariant under counting
        pairs (n_s/2, 2e, 2m) instead of electrons (n_s, e, m).
    """
    check_positive("superfluid_density", superfluid_density, "1/m³")
    check_positive("mass", mass, "kg")
    if not (math.isfinite(charge) and charge != 0):
        raise ParameterError("charge", charge, "a finite, non-zero charge in coulombs")
    return math.sqrt(mass / (units.MU_0 * superfluid_density * charge**2))


def meissner_profile(
    penetration_depth: float,
    field: float,
    x: np.ndarray,
    half_thickness: float | None = None,
) -> xr.Dataset:
    """Field B_z(x) and supercurrent density j_y(x) screened by a London superconductor.

    Half-space (``half_thickness=None``, x ≥ 0): B(x) = B0 e^{−x/λ}, j(x) = B0 e^{−x/λ}/(μ0λ).
    Slab of half-thickness d in a field B0 on both faces (``|x| ≤ d``):
    B(x) = B0 cosh(x/λ)/cosh(d/λ), j(x) = −B0 sinh(x/λ)/(μ0λ cosh(d/λ)).
    Both follow from the second London equation λ²∇²B = B and j = −(1/μ0) dB/dx.

    Parameters
    ----------
    penetration_depth
        λ (m).
    field
        Applied field B0 (T) along +z.
    x
        Depth coordinates (m): x ≥ 0 for the half-space, ``|x| ≤ d`` for the slab.
    half_thickness
        Slab half-thickness d (m), or ``None`` for the half-space.

    Returns
    -------
    xarray.Dataset
        ``field(x)`` (T) and ``current_density(x)`` (A/m², along +y).
    """
    check_positive("penetration_depth", penetration_depth, "metres")
    if not math.isfinite(field):
        raise ParameterError("field", field, "a finite field in tesla")
    xs = np.asarray(x, dtype=float)
    if xs.ndim != 1 or xs.size == 0 or not np.all(np.isfinite(xs)):
        raise ParameterError("x", x, "a non-empty 1-D array of finite positions in metres")
    lam = penetration_depth
    if half_thickness is None:
        if np.any(xs < 0):
            raise ParameterError("x", float(xs.min()), "x ≥ 0 inside the half-space")
        b = field * np.exp(-xs / lam)
        j = b / (units.MU_0 * lam)
        geometry = "half-space"
    else:
        check_positive("half_thickness", half_thickness, "metres")
        if np.any(np.abs(xs) > half_thickness):
            raise ParameterError(
                "x", float(np.abs(xs).max()), f"|x| ≤ d = {half_thickness:g} m inside the slab"
            )
        # cosh(x/λ)/cosh(d/λ) written with exponentials of (|x| − d)/λ ≤ 0: no overflow for d ≫ λ
        u = (np.abs(xs) - half_thickness) / lam
        v = -2.0 * half_thickness / lam
        decay = np.exp(u) / (1.0 + np.exp(v))
        b = field * decay * (1.0 + np.exp(-2.0 * np.abs(xs) / lam))
        j = (
            -np.sign(xs)
            * field
            * decay
            * (1.0 - np.exp(-2.0 * np.abs(xs) / lam))
            / (units.MU_0 * lam)
        )
        geometry = "slab"
    ds = xr.Dataset(
        {
            "field": labelled(b, "x", "T", "magnetic field B_z"),
            "current_density": labelled(j, "x", "A/m^2",
                                        "supercurrent density j_y = −(1/μ0) dB_z/dx"),
        },
        coords={"x": labelled(xs, "x", "m", "depth coordinate")},
    )
    return with_provenance(
        ds,
        {
            "penetration_depth": lam,
            "field": field,
            "half_thickness": half_thickness if half_thickness is not None else -1.0,
            "geometry": geometry,
        },
    )


def london_acceleration(
    penetration_depth: float,
    time: np.ndarray,
    electric_field: np.ndarray,
    initial_current_density: float = 0.0,
) -> xr.Dataset:
    """Supercurrent density driven by E(t) through the first London equation.

    dj/dt = (n_s e²/m) E = E/(μ0λ²), so j(t) = j(t0) + (1/(μ0λ²)) ∫_{t0}^{t} E dt′, integrated
    with the trapezoidal rule on the given time grid (exact for E linear between samples).
    j and E are parallel: a positive E accelerates the condensate along +E without resistance.

    Parameters
    ----------
    penetration_depth
        λ (m).
    time
        Increasing sample times (s), shape (T,).
    electric_field
        E(t) (V/m) at those times, shape (T,).
    initial_current_density
        j(t0) (A/m²).

    Returns
    -------
    xarray.Dataset
        ``current_density(time)`` (A/m²) and ``electric_field(time)`` (V/m).
    """
    check_positive("penetration_depth", penetration_depth, "metres")
    t = np.asarray(time, dtype=float)
    e = np.asarray(electric_field, dtype=float)
    if t.ndim != 1 or t.size < 2 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ParameterError("time", time, "a 1-D array of ≥ 2 finite, increasing times in s")
    if e.shape != t.shape or not np.all(np.isfinite(e)):
        raise ParameterError(
            "electric_field", electric_field, f"finite values in V/m, one per time, shape {t.shape}"
        )
    if not math.isfinite(initial_current_density):
        raise ParameterError("initial_current_density", initial_current_density, "finite, A/m²")
    rate = 1.0 / (units.MU_0 * penetration_depth**2)
    j = initial_current_density + rate * cumulative_trapezoid(e, t, initial=0.0)
    ds = xr.Dataset(
        {
            "current_density": labelled(j, "time", "A/m^2", "supercurrent density"),
            "electric_field": labelled(e, "time", "V/m", "electric field"),
        },
        coords={"time": labelled(t, "time", "s", "time")},
    )
    return with_provenance(
        ds,
        {
            "penetration_depth": penetration_depth,
            "initial_current_density": initial_current_density,
            "electric_field": e,
        },
    )
