"""Persistent current I(Φ) and spectrum E_n(Φ) of a ring model, as labelled datasets.

The persistent current is I = −∂F/∂Φ with F the free energy (the ground-state energy at T = 0;
the grand potential when μ is fixed). Lattice rings: flux in Φ0 = h/e, energies in t, currents
in e·t/ħ, temperatures in t/k_B. Continuum rings: flux in Φ0 = h/|q|, energies in J, currents
in A, temperatures in K.
"""

from __future__ import annotations

import logging
import math
from typing import Literal, cast

import numpy as np
import xarray as xr

from currentkit import units
from currentkit.errors import ParameterError, integer
from currentkit.errors import temperature as check_temperature
from currentkit.results import labelled, with_provenance
from currentkit.rings.free import bands, continuum, fermi_window, green, lattice, thermo, transfer
from currentkit.rings.interacting import exact as interacting
from currentkit.rings.models import ContinuumRing, LatticeRing, flux_coordinate

logger = logging.getLogger(__name__)

RingModel = ContinuumRing | LatticeRing
Method = Literal["auto", "exact", "dense", "transfer", "green", "bands", "window"]
LevelMethod = Literal["auto", "exact", "dense"]
METHODS: tuple[str, ...] = ("auto", "exact", "dense", "transfer", "green", "bands", "window")
#: Disordered lattice rings with fewer sites L·M than these are diagonalised densely by
#: ``method="auto"`` (measured crossovers: dense eigh of 100 sites costs ~1 ms per flux point, the
#: Matsubara sum and the band roots of L ≥ 100 a few ms for the whole grid; the window method
#: pays off once the spectrum is much longer than the ~2×6 levels it keeps).
_AUTO_MIN_SIZE = {"transfer": 100, "green": 100, "bands": 100, "window": 600}


def _flux_grid(flux: object) -> np.ndarray:
    grid = np.atleast_1d(np.asarray(flux, dtype=float))
    if grid.ndim != 1 or grid.size == 0:
        raise ParameterError("flux", f"array of shape {grid.shape}", "a non-empty 1D array")
    if not np.all(np.isfinite(grid)):
        raise ParameterError("flux", "non-finite values", "finite reduced fluxes Φ/Φ0")
    return grid


def _unit_attrs(model: RingModel) -> dict[str, str]:
    if isinstance(model, LatticeRing):
        return {"energy": "t", "current": "e*t/hbar", "temperature": "t/k_B"}
    return {"energy": "J", "current": "A", "temperature": "K"}


#: Largest |effective flux| of a rotation: beyond it f + f_rot no longer resolves a flux grid
#: (double precision keeps ~16 digits; 1e6 Φ0 leaves 1e-10 Φ0 of resolution).
_MAX_ROTATION_FLUX = 1e6


def _flux_coord(model: RingModel, grid: np.ndarray) -> xr.DataArray:
    quantum = (
        units.FLUX_QUANTUM_NORMAL if isinstance(model, LatticeRing) else model.flux_quantum
    )
    return flux_coordinate(grid, quantum)


def auto_method(model: RingModel, canonical: bool) -> Method:
    """The fastest exact method for ``model``: what ``method="auto"`` resolves to.

    Clean rings and continuum rings: their closed forms (``"auto"`` of :func:`lattice.levels`).
    Disordered lattice rings of fermions with at least the sizes of :data:`_AUTO_MIN_SIZE`:
    ``"bands"`` (1D) or ``"window"`` (M > 1) at fixed N, ``"transfer"`` (1D) or ``"green"``
    (M > 1) at fixed μ; smaller rings and bosons: ``"dense"``.
    """
    if not isinstance(model, LatticeRing) or model.is_clean:
        return "auto"
    if model.statistics != "fermion":
        return "dense"
    one_d = model.channels == 1
    choice: Method = ("bands" if one_d else "window") if canonical else (
        "transfer" if one_d else "green")
    return choice if model.sites * model.channels >= _AUTO_MIN_SIZE[choice] else "dense"


def _lattice(model: RingModel, method: str) -> LatticeRing:
    if not isinstance(model, LatticeRing):
        raise ParameterError("method", method, f"{method!r} needs a LatticeRing")
    return model


def _levels(
    model: RingModel, flux: np.ndarray, max_energy: float, minimum: int, method: Method
) -> tuple[np.ndarray, np.ndarray]:
    if method in ("transfer", "green"):
        raise ParameterError("method", method, f"{method!r} only at fixed mu")
    if method in ("bands", "window"):
        raise ParameterError("method", method, f"{method!r} only at fixed electrons")
    if isinstance(model, LatticeRing):
        return lattice.levels(model, flux, method=cast(LevelMethod, method))
    if method == "dense":
        raise ParameterError("method", method, "'auto' or 'exact' for a continuum ring")
    return continuum.levels(model, flux, max_energy, minimum=minimum)


def persistent_current(
    model: RingModel | interacting.InteractingRing,
    flux: object,
    *,
    electrons: int | None = None,
    mu: float | None = None,
    temperature: float = 0.0,
    rotation: float = 0.0,
    method: Method = "auto",
    tol: float = 1e-12,
) -> xr.Dataset:
    """Persistent current I(Φ) = −∂F/∂Φ of independent particles on a ring.

    Parameters
    ----------
    model
        A :class:`ContinuumRing` or :class:`LatticeRing`; an
        :class:`~currentkit.rings.models.InteractingRing` is passed on to
        :func:`currentkit.rings.interacting.exact.persistent_current` (ground state by exact
        diagonalization, its own N).
    flux
        Reduced fluxes f = Φ/Φ0.
    electrons
        Fixed particle number N (canonical ensemble; exact at T > 0 by number projection).
    mu
        Fixed chemical potential (grand canonical): t for lattice rings, J for continuum ones.
    temperature
        T ≥ 0: t/k_B for lattice rings, K for continuum ones.
    rotation
        Angular velocity Ω (rad/s) of a continuum ring about +z; it adds the effective flux
        f_eff = s·mΩR²/ħ (see :meth:`ContinuumRing.rotation_flux`), and the current is the one
        measured in the ring's (rotating) frame.
    method
        Lattice rings: ``"exact"`` (clean closed form), ``"dense"`` (diagonalisation with
        Hellmann-Feynman), ``"transfer"`` (1D rings at fixed μ: the Matsubara sum of
        transfer-matrix traces, an integral at T = 0, O(L) per frequency, no diagonalisation;
        returns the current only), ``"bands"`` (1D rings at fixed N: per-band roots of
        Δ(E) = 2cos φ, no diagonalisation per flux point), ``"green"`` (M-channel rings at
        fixed μ: the same sum over the closing-bond Green function, O(L·M³) per frequency;
        current only), ``"window"`` (M-channel rings at fixed N: the levels near the Fermi
        energy by shift-invert Lanczos, the rest by the closing-bond Green function; current
        only) or ``"auto"`` (the fastest of these that applies, see :func:`auto_method`).
    tol
        Relative tolerance of the Matsubara sums and T = 0 integrals of ``"transfer"``,
        ``"green"`` and ``"window"`` (the other methods are exact to round-off).

    Returns
    -------
    xarray.Dataset
        ``current(flux)`` and ``free_energy(flux)`` (canonical) or ``grand_potential(flux)`` and
        ``mean_number(flux)`` (grand canonical). ``"transfer"``, ``"green"`` and ``"window"``
        (also when ``"auto"`` picks them) give the current alone; ``attrs["method"]`` names the
        method used.
    """
    if isinstance(model, interacting.InteractingRing):
        return interacting.persistent_current(model, flux, electrons=electrons, mu=mu,
                                              temperature=temperature, method=method)
    grid = _flux_grid(flux)
    kt_units = check_temperature("temperature", temperature)
    if (electrons is None) == (mu is None):
        raise ParameterError("electrons/mu", (electrons, mu), "exactly one of them")
    if method not in METHODS:
        raise ParameterError("method", method, "one of " + ", ".join(map(repr, METHODS)))
    if method == "auto":
        # "auto" of a clean lattice ring or a continuum ring is the closed form: record "exact"
        method = auto_method(model, canonical=electrons is not None)
        method = "exact" if method == "auto" else method
    f_rot = 0.0
    if rotation:
        if not isinstance(model, ContinuumRing):
            raise ParameterError("rotation", rotation, "0 for lattice rings (a ContinuumRing "
                                 "has the radius and mass a rotation needs)")
        f_rot = model.rotation_flux(rotation)
        if abs(f_rot) > _MAX_ROTATION_FLUX:
            limit = abs(rotation) * _MAX_ROTATION_FLUX / abs(f_rot)
            raise ParameterError("rotation", rotation, f"|Ω| ≤ {limit:.3g} rad/s for this ring "
                                 f"(an effective flux beyond {_MAX_ROTATION_FLUX:g} Φ0 leaves "
                                 "no floating-point precision for the flux grid)")
    kt = kt_units * units.BOLTZMANN if isinstance(model, ContinuumRing) else kt_units
    total = grid + f_rot
    u = _unit_attrs(model)
    attrs: dict[str, object] = {"temperature": kt_units, "temperature_units": u["temperature"],
                                "rotation_flux": f_rot, "method": method}
    if method in ("transfer", "green", "window"):
        attrs["tol"] = tol
    current_label = (u["current"], "persistent current I = −∂F/∂Φ")
    result: thermo.EnsembleResult | None = None
    if electrons is not None:
        n = integer("electrons", electrons, minimum=0, what="particles on the ring")
        attrs.update(ensemble="canonical", electrons=n)
        potential = ("free_energy", "free energy F (the ground-state energy at T = 0)")
        if method == "window" and n > 0:
            current = fermi_window.canonical_current(_lattice(model, method), total, n, kt,
                                                     tol=tol)
        else:
            if method == "bands" and n > 0:
                energies, currents = bands.canonical_levels(_lattice(model, method), total, n,
                                                            kt)
            else:
                scale = model.level_energy if isinstance(model, ContinuumRing) else 0.0
                top = scale * (n / model.degeneracy / 2 + 2) ** 2 + thermo.FROZEN_KT * 2 * kt
                energies, currents = _levels(model, total, top, n // model.degeneracy + 2,
                                             "dense" if method == "window" else method)
            result = thermo.canonical(energies, currents, n, kt, model.statistics)
    else:
        mu_value = float(mu)  # type: ignore[arg-type]
        if not math.isfinite(mu_value):
            raise ParameterError("mu", mu, "a finite chemical potential")
        potential = ("grand_potential", "grand potential Ω = F − μN")
        attrs.update(ensemble="grand_canonical", mu=mu_value, mu_units=u["energy"])
        if method in ("transfer", "green"):
            current = (transfer.matsubara_current if method == "transfer"
                       else green.closing_bond_current)(_lattice(model, method), total, mu_value,
                                                        kt, tol=tol)
        else:
            top = mu_value + thermo.FROZEN_KT * 2 * kt
            energies, currents = _levels(model, total, top, 1, method)
            result = thermo.grand_canonical(energies, currents, mu_value, kt, model.statistics)
    if result is None:
        data = {"current": labelled(current, "flux", *current_label)}
    else:
        data = {
            "current": labelled(result.current, "flux", *current_label),
            potential[0]: labelled(result.potential, "flux", u["energy"], potential[1]),
        }
        if mu is not None:
            data["mean_number"] = labelled(result.number, "flux", "1",
                                           "mean particle number ⟨N⟩")
    coord = _flux_coord(model, grid)
    ds = xr.Dataset(data, coords={"flux": coord}, attrs=attrs)
    logger.debug("computed I(Φ) at %d flux points for %r", grid.size, model)
    return with_provenance(ds, {"model": model, "options": attrs})


def spectrum(
    model: RingModel | interacting.InteractingRing, flux: object, *, levels: int = 20,
    method: Method = "auto"
) -> xr.Dataset:
    """The lowest ``levels`` single-particle levels E_n(Φ) and their currents i_n = −∂E_n/∂Φ.

    Levels are sorted by energy at every flux point (so ``level`` indexes energy order, and a
    level's current jumps where two levels cross). Spin-degenerate levels appear twice. For an
    :class:`~currentkit.rings.models.InteractingRing` the levels are many-body levels, the
    lowest ``levels`` of each momentum sector
    (:func:`currentkit.rings.interacting.exact.spectrum_dataset`, dims flux, momentum, level).
    """
    if isinstance(model, interacting.InteractingRing):
        return interacting.spectrum_dataset(model, flux, levels)
    grid = _flux_grid(flux)
    integer("levels", levels, minimum=1, what="levels per flux point")
    top = (
        model.level_energy * (levels / model.degeneracy / 2 + 2) ** 2
        if isinstance(model, ContinuumRing) else 0.0
    )
    energies, currents = _levels(model, grid, top, levels // model.degeneracy + 2, method)
    if levels > energies.shape[1]:
        raise ParameterError("levels", levels, f"at most {energies.shape[1]} for this ring")
    order = np.argsort(energies, axis=1, kind="stable")[:, :levels]
    u = _unit_attrs(model)
    ds = xr.Dataset(
        {
            "energy": labelled(np.take_along_axis(energies, order, axis=1), ("flux", "level"),
                               u["energy"], "single-particle energy E_n"),
            "level_current": labelled(np.take_along_axis(currents, order, axis=1),
                                      ("flux", "level"), u["current"], "level current −∂E_n/∂Φ"),
        },
        coords={"flux": _flux_coord(model, grid),
                "level": labelled(np.arange(levels), "level", "1", "level index in energy order")},
    )
    return with_provenance(ds, {"model": model, "levels": levels, "method": method})
