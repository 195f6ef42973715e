"""Probability current of a wavefunction sampled on a regular grid (1D, 2D, 3D).

The probability current density of a particle of mass m and charge q in a vector potential A is

    j = (ħ/m)·Im(ψ*∇ψ) − (q/m)·A·|ψ|²,

the velocity field (p − qA)/m weighted by the density ρ = |ψ|². It is gauge invariant: under
ψ → e^{iqχ/ħ}ψ, A → A + ∇χ both terms change by ±(q/m)∇χ·ρ. The charge current density is q·j.
It obeys the continuity equation ∂ρ/∂t + ∇·j = 0 for the Schrödinger equation with the kinetic
energy (p − qA)²/2m.

Units are whatever ħ, m, q, A and the grid pitch are given in: the defaults ħ = m = 1, q = −1 are
atomic units (ħ = m_e = e = 1, lengths in bohr, j in 1/(bohr^{d−1}·(ħ/E_h)));
:mod:`currentkit.waves.atomic` converts to SI. Pass SI values (``hbar=units.HBAR``,
``mass=units.ELECTRON_MASS``, ``charge=-units.ELEMENTARY_CHARGE``, A in T·m, pitch in m) to get j
in SI (1/(m^{d−1}·s) for a ψ normalised to ∫|ψ|² d^dx = 1).

The gradient comes from :mod:`currentkit.grid`: ``method="central"`` (second-order differences,
error O(h²)) or ``method="spectral"`` (exact for band-limited periodic fields, which needs
``periodic=True``). Arrays are handled in complex128.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr

from currentkit import grid
from currentkit.errors import ParameterError, finite_real, positive_real
from currentkit.results import labelled, with_provenance


def as_wavefunction(psi: object, *, max_ndim: int = 3) -> np.ndarray:
    """``psi`` as a finite complex128 array with 1 to ``max_ndim`` axes, or ParameterError."""
    try:
        arr = np.asarray(psi)
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise ParameterError("psi", type(psi).__name__, "a numeric array") from exc
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ParameterError("psi", f"array of dtype {arr.dtype}", "a real or complex array")
    if not 1 <= arr.ndim <= max_ndim:
        raise ParameterError("psi", f"array of shape {arr.shape}",
                             f"a wavefunction on a 1D to {max_ndim}D grid")
    if arr.size == 0:
        raise ParameterError("psi", f"array of shape {arr.shape}", "a non-empty grid")
    out = arr.astype(np.complex128)
    finite = np.isfinite(out)
    if not np.all(finite):
        bad = np.unravel_index(int(np.flatnonzero(~finite.ravel())[0]), out.shape)
        raise ParameterError("psi", f"non-finite value at index {tuple(int(i) for i in bad)}",
                             "finite values (no NaN or infinity)")
    return out


def vector_field(value: object, shape: tuple[int, ...], name: str = "vector_potential"
                 ) -> np.ndarray:
    """A vector field of shape (ndim, *shape); a uniform vector of shape (ndim,) is broadcast."""
    ndim = len(shape)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ParameterError(name, type(value).__name__, "a real array") from exc
    if arr.shape == (ndim,):
        arr = np.broadcast_to(arr.reshape((ndim,) + (1,) * ndim), (ndim, *shape))
    if arr.shape != (ndim, *shape):
        raise ParameterError(name, f"array of shape {arr.shape}",
                             f"shape ({ndim}, {', '.join(map(str, shape))}) matching psi, "
                             f"or ({ndim},) for a uniform field")
    if not np.all(np.isfinite(arr)):
        raise ParameterError(name, "an array with non-finite values", "finite values")
    return arr


def density(psi: object) -> np.ndarray:
    """Probability density ``ρ = |ψ|²`` (real array of psi's shape)."""
    arr = as_wavefunction(psi)
    return arr.real**2 + arr.imag**2


def probability_current(
    psi: object,
    spacing: float | Sequence[float],
    *,
    vector_potential: object | None = None,
    mass: float = 1.0,
    hbar: float = 1.0,
    charge: float = -1.0,
    method: grid.Method = "central",
    periodic: bool = False,
) -> np.ndarray:
    """Probability current density ``j = (ħ/m)·Im(ψ*∇ψ) − (q/m)·A·|ψ|²`` on a regular grid.

    Parameters
    ----------
    psi
        Wavefunction samples, shape (n0,), (n0, n1) or (n0, n1, n2); axis i is coordinate x_i.
        Cast to complex128; NaN or infinities are refused.
    spacing
        Grid pitch, one number or one per axis (length unit of the problem).
    vector_potential
        A of shape ``(ndim, *psi.shape)`` (component i along axis i), or (ndim,) for a uniform A;
        ``None`` for A = 0. Units: momentum per charge (T·m in SI, ħ/(e·bohr) in atomic units).
    mass, hbar, charge
        m > 0, ħ > 0 and q (finite, may be 0) in consistent units; defaults are atomic units
        for an electron (q = −1).
    method
        ``"central"`` (second-order finite differences; O(h²)) or ``"spectral"`` (FFT
        derivative, needs ``periodic=True``; exact for band-limited periodic ψ).
    periodic
        Whether the grid wraps around (the neighbours of the last point are the first).

    Returns
    -------
    numpy.ndarray
        j of shape ``(ndim, *psi.shape)``, real; j[i] is the component along axis i. The charge
        current density is ``charge * j``.

    Notes
    -----
    ``Im(ψ*∂ψ)`` is formed from the derivative of ψ itself (not of its phase), so nodes of ψ are
    harmless. Gauge invariance holds exactly for the spectral derivative of band-limited
    periodic fields and to O(h²) for central differences.
    """
    arr = as_wavefunction(psi)
    h = grid.spacings(spacing, arr.ndim)
    m = positive_real("mass", mass)
    hb = positive_real("hbar", hbar)
    q = finite_real("charge", charge)
    if method not in grid.METHODS:
        raise ParameterError("method", method, f"one of {', '.join(grid.METHODS)}")
    if not isinstance(periodic, bool | np.bool_):
        raise ParameterError("periodic", periodic, "True or False")
    if method == "central" and min(arr.shape) < 3:
        raise ParameterError("psi", f"array of shape {arr.shape}",
                             "at least 3 points per axis for central differences")
    grad = grid.gradient(arr, h, method=method, periodic=bool(periodic))
    j = (hb / m) * np.imag(np.conj(arr)[None] * grad)
    if vector_potential is not None:
        a = vector_field(vector_potential, arr.shape)
        j = j - (q / m) * a * (arr.real**2 + arr.imag**2)[None]
    return np.ascontiguousarray(j, dtype=float)


_AXES = ("x", "y", "z")


def grid_units(ndim: int, length_unit: str = "bohr", time_unit: str = "hbar/E_h"
               ) -> dict[str, str]:
    """Unit strings of the fields of a d-dimensional wavefunction (∫|ψ|² d^dx = 1).

    For lengths in ``length_unit`` (L) and times in ``time_unit`` (T; the defaults ħ = m = 1
    are atomic units, bohr and ħ/E_h): ``"length"`` L, ``"time"`` T, ``"wavefunction"`` ψ in
    L^-d/2, ``"density"`` ρ in L^-d, ``"current"`` j in L^-(d-1)/T and ``"density_rate"``
    ∂ρ/∂t in L^-d/T. A compound T is parenthesised after a "/", e.g. ``"bohr^-1/(hbar/E_h)"``.
    """
    d = int(ndim)
    time = f"({time_unit})" if "/" in time_unit else time_unit
    half = f"{d // 2}" if d % 2 == 0 else f"{d}/2"
    return {"length": length_unit, "time": time_unit,
            "wavefunction": f"{length_unit}^-{half}",
            "density": f"{length_unit}^-{d}",
            "current": f"{length_unit}^-{d - 1}/{time}" if d > 1 else f"1/{time}",
            "density_rate": f"{length_unit}^-{d}/{time}"}


def current_field(
    psi: object,
    spacing: float | Sequence[float],
    *,
    vector_potential: object | None = None,
    mass: float = 1.0,
    hbar: float = 1.0,
    charge: float = -1.0,
    method: grid.Method = "central",
    periodic: bool = False,
    length_unit: str = "bohr",
    time_unit: str = "hbar/E_h",
) -> xr.Dataset:
    """Density ``ρ = |ψ|²`` and probability current j of :func:`probability_current` as a Dataset.

    The arguments are those of :func:`probability_current` (which returns the bare array, also
    ``ds["current"].to_numpy()`` here), plus the names of the length and time units the inputs
    are given in: the defaults ħ = m = 1 are atomic units (bohr, ħ/E_h); SI inputs take
    ``length_unit="m", time_unit="s"``. Units are then written for the dimension d of ψ:
    ρ in ``length^-d``, j in ``length^-(d-1)/time`` (for ∫|ψ|² d^dx = 1).

    Returns
    -------
    xarray.Dataset
        ``density(x[, y[, z]])``, ``current(component, x[, y[, z]])`` with j[i] along axis i,
        position coordinates x_i = i·h (``length_unit``), a ``component`` coordinate, and attrs
        ``mass``, ``hbar``, ``charge``, ``derivative``, ``periodic`` (0/1).
    """
    j = probability_current(psi, spacing, vector_potential=vector_potential, mass=mass,
                            hbar=hbar, charge=charge, method=method, periodic=periodic)
    arr = as_wavefunction(psi)
    d = arr.ndim
    h = grid.spacings(spacing, d)
    dims = _AXES[:d]
    units = grid_units(d, length_unit, time_unit)
    coords = {dim: labelled(h[i] * np.arange(arr.shape[i]), dim, length_unit, f"position {dim}")
              for i, dim in enumerate(dims)}
    coords["component"] = labelled(list(dims), "component", "1", "vector component")
    ds = xr.Dataset(
        {"density": labelled(arr.real**2 + arr.imag**2, dims, units["density"],
                             "probability density ρ = |ψ|²"),
         "current": labelled(j, ("component", *dims), units["current"],
                             "probability current j = (ħ/m) Im(ψ*∇ψ) − (q/m) A ρ")},
        coords=coords,
        attrs={"mass": float(mass), "hbar": float(hbar), "charge": float(charge),
               "derivative": method, "periodic": int(bool(periodic))},
    )
    return with_provenance(ds, {"shape": list(arr.shape), "spacing": list(h), "mass": mass,
                                "hbar": hbar, "charge": charge, "derivative": method,
                                "periodic": bool(periodic), "length_unit": length_unit,
                                "time_unit": time_unit})


def bond_currents(hamiltonian: object, psi: object, *, hbar: float = 1.0) -> np.ndarray:
    """Bond currents J_{a→b} = (2/ħ)·Im(H_ba ψ_b* ψ_a) of a tight-binding state.

    Parameters
    ----------
    hamiltonian
        Hermitian matrix H (N×N) of hoppings and on-site energies (energy unit).
    psi
        The state's amplitudes (length N), normalised or not.
    hbar
        ħ in the units of H·time (1 for lattice units, where currents come in t/ħ).

    Returns
    -------
    numpy.ndarray
        Antisymmetric N×N array, entry [a, b] = J_{a→b}: the probability per unit time flowing
        from site a to site b (the convention of :func:`currentkit.magnetization.bond_currents`).
        Continuity: dρ_b/dt = Σ_a J_{a→b}. For a ring with Peierls phases this is the lattice
        probability current; the sum over the bonds crossing a cut, for an eigenstate, equals
        −∂E/∂φ (Hellmann-Feynman) when φ is the phase accumulated across that cut.
    """
    h = np.asarray(hamiltonian, dtype=np.complex128)
    if h.ndim != 2 or h.shape[0] != h.shape[1]:
        raise ParameterError("hamiltonian", f"array of shape {h.shape}", "a square matrix")
    if not np.all(np.isfinite(h)) or not np.allclose(h, h.conj().T, rtol=0,
                                                     atol=1e-12 * max(1.0, np.abs(h).max())):
        raise ParameterError("hamiltonian", "a non-Hermitian or non-finite matrix",
                             "a finite Hermitian matrix")
    v = as_wavefunction(psi, max_ndim=1)
    if v.shape != (h.shape[0],):
        raise ParameterError("psi", f"array of shape {v.shape}", f"shape ({h.shape[0]},)")
    hb = positive_real("hbar", hbar)
    # element [a, b] = (2/ħ) Im(H_ba ψ_b* ψ_a)
    return (2.0 / hb) * np.imag(h.T * np.conj(v)[None, :] * v[:, None])


__all__ = ["as_wavefunction", "bond_currents", "current_field", "density", "grid_units",
           "probability_current"]
