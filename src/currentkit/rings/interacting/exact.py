"""Interacting fermions on a ring threaded by flux: exact diagonalization with a twist.

Models (lattice units t = ħ = e = 1, φ = 2πΦ/Φ0 with Φ0 = h/e, the twist spread uniformly as
e^{iφ/L} on every bond so translations stay a symmetry)::

    t-V:      H = −t Σ_j (e^{iφ/L} c†_{j+1}c_j + h.c.) + V Σ_j n_j n_{j+1} + Σ_j ε_j n_j
    Hubbard:  H = −t Σ_{j,σ} (e^{iφ/L} c†_{j+1,σ}c_{j,σ} + h.c.) + U Σ_j n_{j↑}n_{j↓}
              + Σ_{j,σ} ε_j n_{j,σ}

``interaction`` is V for ``model="t-V"`` and U for ``model="hubbard"``. The site L − 1 is joined
to site 0 by a genuine fermion hop (the fermion-parity boundary condition is built into the Fock
ordering), so at V = U = 0 the levels are the free ones, E = Σ −2t cos((2πk − φ)/L), for even and
odd N alike; in spin language (XXZ, J = 2t, Δ = V/2t) the same ring has the boundary twist
φ + π(N − 1). The persistent current is I = −∂E0/∂φ in e·t/ħ (I = −∂E0/∂Φ with Φ in Φ0 = h/e),
evaluated exactly by Hellmann-Feynman, I = −⟨0|∂H/∂φ|0⟩.

Engine (:mod:`~currentkit.rings.interacting.sectors`): QuSpin's fermion bases in fixed-N (and, for
clean
rings, fixed-momentum) sectors, with H(φ) = −t(e^{iφ/L}F + e^{−iφ/L}F†) + D assembled per flux
point from the sparse forward-hop F and the diagonal D built once per sector; Lanczos (ARPACK)
above :data:`~currentkit.rings.interacting.sectors.DENSE_LIMIT` states, dense
``eigh`` below. Chosen by measurement against the own matrix-free numba kernel of
:mod:`benches.fock_lanczos` (benches/bench_interacting.py; t-V, L = 24, N = 12, V = t,
f = 0.1, same E0 to 7e-15): QuSpin's two ground-state momentum sectors of 112 716 states, two
levels and currents, 14 s and 133 MiB peak, against the full N sector of 2 704 156 states,
132 s and 1155 MiB (2-core machine under load). One QuSpin sector alone: 2.1 s to build,
0.8 s for its ground state.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import numpy as np

from currentkit.errors import ParameterError, integer
from currentkit.resources import require_memory
from currentkit.rings.interacting.sectors import (
    DEGENERATE,
    Sector,
    free_momenta,
    sector_levels,
    sectors,
)
from currentkit.rings.models import InteractingRing, flux_coordinate

logger = logging.getLogger(__name__)


def check_memory(ring: InteractingRing, available: int | None = None) -> None:
    """Refuse a ring whose sector would not fit in memory, with the estimate in the message."""
    require_memory(ring.memory_estimate(), "sites", ring.sites,
                   f"ring: the sector of {ring.sector_dimension():,} states is too large for "
                   "Lanczos", available)


Momenta = Literal["all", "free"]


def spectrum_by_sector(
    ring: InteractingRing, flux: np.ndarray, levels: int = 1, momenta: Momenta = "all"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Momentum labels and the lowest levels per sector: E[flux, sector, level], I[…].

    ``momenta="free"`` (clean t-V rings) keeps only the sectors of :func:`free_momenta`.
    """
    if momenta not in ("all", "free"):
        raise ParameterError("momenta", momenta, "'all' or 'free'")
    check_memory(ring)
    phis = 2 * np.pi * np.asarray(flux, dtype=float)
    chosen = free_momenta(ring, phis) if momenta == "free" and ring.is_clean else None
    secs = sectors(ring, chosen)
    parts = [sector_levels(ring, s, phis, levels) for s in secs]
    labels = np.array([s.momentum for s in secs])
    energies = np.stack([p[0] for p in parts], axis=1)
    currents = np.stack([p[1] for p in parts], axis=1)
    logger.debug("diagonalised %d sectors at %d flux points", len(secs), phis.size)
    return labels, energies, currents


def ground_state(
    ring: InteractingRing, flux: np.ndarray, momenta: Momenta = "all"
) -> tuple[np.ndarray, np.ndarray]:
    """Ground energy E0(Φ) (t) and current I(Φ) = −∂E0/∂φ (e·t/ħ) on a flux grid (Φ/Φ0).

    Where the ground state is degenerate (a level crossing, e.g. f = 1/2 for odd N), the current
    is the mean over the degenerate states (within 1e-9 t): the T → 0 limit of the thermal
    current, as for independent fermions in :func:`currentkit.rings.persistent_current`.
    ``momenta="free"``: search only the free-fermion ground-state sectors (clean t-V rings;
    about L/2 times cheaper than all L sectors).
    """
    _, energies, currents = spectrum_by_sector(ring, flux, 2, momenta)
    flat_e = energies.reshape(energies.shape[0], -1)
    flat_i = currents.reshape(currents.shape[0], -1)
    e0 = np.nanmin(flat_e, axis=1)
    near = np.abs(flat_e - e0[:, None]) <= DEGENERATE
    current = np.where(near, flat_i, 0.0).sum(axis=1) / near.sum(axis=1)
    return e0, current


def ground_sector(
    ring: InteractingRing, phi: float, momenta: Momenta = "all"
) -> tuple[Sector, float]:
    """The sector holding the ground state at twist φ, and E0(φ).

    ``momenta="free"``: only the free-fermion ground-state sectors (clean t-V rings).
    """
    chosen = (free_momenta(ring, np.array([phi]))
              if momenta == "free" and ring.is_clean and ring.model == "t-V" else None)
    best: tuple[Sector, float] | None = None
    for sector in sectors(ring, chosen):
        e = float(sector_levels(ring, sector, np.array([phi]), 1)[0][0, 0])
        if best is None or e < best[1]:
            best = (sector, e)
    if best is None:  # pragma: no cover - every ring has a non-empty sector
        raise ParameterError("electrons", ring.electrons, "a non-empty sector")
    return best


def current_dataset(ring: InteractingRing, flux: object) -> Any:
    """I(Φ) and E0(Φ) of the interacting ring at T = 0 as a Dataset (see persistent_current).

    ``current(flux)`` = −∂E0/∂φ (e·t/ħ, Hellmann-Feynman) and ``free_energy(flux)`` = E0 (t),
    the layout of :func:`currentkit.rings.persistent_current` for a canonical ring at T = 0.
    """
    import xarray as xr

    from currentkit.results import labelled, with_provenance

    grid = np.atleast_1d(np.asarray(flux, dtype=float))
    if grid.ndim != 1 or grid.size == 0 or not np.all(np.isfinite(grid)):
        raise ParameterError("flux", f"array of shape {grid.shape}",
                             "a non-empty 1D array of finite reduced fluxes Φ/Φ0")
    energy, current = ground_state(ring, grid)
    attrs = {"temperature": 0.0, "temperature_units": "t/k_B", "method": "exact_diagonalization",
             "ensemble": "canonical", "electrons": ring.total_electrons,
             "model": ring.model, "interaction": float(ring.interaction)}
    ds = xr.Dataset(
        {"current": labelled(current, "flux", "e*t/hbar", "persistent current I = −∂E0/∂Φ"),
         "free_energy": labelled(energy, "flux", "t", "ground-state energy E0 (F at T = 0)")},
        coords={"flux": flux_coordinate(grid)}, attrs=attrs)
    return with_provenance(ds, {"model": ring.parameters(), "options": attrs})


def persistent_current(
    ring: InteractingRing, flux: object, *, electrons: int | None = None,
    mu: float | None = None, temperature: float = 0.0, method: str = "auto",
) -> Any:
    """:func:`currentkit.rings.persistent_current` for an :class:`InteractingRing`.

    Only the canonical ground state is computed: ``electrons`` must be ``None`` or the ring's
    own (total) N, ``mu`` ``None``, ``temperature`` 0 and ``method`` ``"auto"`` or ``"exact"``.
    """
    if mu is not None:
        raise ParameterError("mu", mu, "None: an InteractingRing has a fixed N (its electrons)")
    if electrons is not None and electrons != ring.total_electrons:
        raise ParameterError("electrons", electrons,
                             f"None or the ring's own N = {ring.total_electrons}")
    if temperature != 0:
        raise ParameterError("temperature", temperature, "0 (interacting rings: ground state)")
    if method not in ("auto", "exact"):
        raise ParameterError("method", method, "'auto' or 'exact' (exact diagonalization)")
    return current_dataset(ring, flux)


def spectrum_dataset(ring: InteractingRing, flux: object, levels: int = 3) -> Any:
    """Lowest ``levels`` many-body levels of every momentum sector, E[flux, momentum, level].

    The crossings of the sectors' lowest levels make the sawtooth of E0(Φ). ``momentum`` is
    QuSpin's kblock label k (total momentum 2πk/L; −1 for a disordered ring); NaN pads levels a
    small sector lacks.
    """
    import xarray as xr

    from currentkit.results import labelled, with_provenance

    integer("levels", levels, minimum=1, what="levels per sector")
    grid = np.atleast_1d(np.asarray(flux, dtype=float))
    labels, energies, currents = spectrum_by_sector(ring, grid, int(levels))
    ds = xr.Dataset(
        {"energy": labelled(energies, ("flux", "momentum", "level"), "t",
                            "many-body level E_n(Φ) of the sector"),
         "level_current": labelled(currents, ("flux", "momentum", "level"), "e*t/hbar",
                                   "level current −∂E_n/∂Φ")},
        coords={"flux": flux_coordinate(grid),
                "momentum": labelled(labels, "momentum", "2*pi/L", "total momentum label k"),
                "level": labelled(np.arange(levels), "level", "1", "level in the sector")})
    return with_provenance(ds, {"model": ring.parameters(), "levels": int(levels)})
