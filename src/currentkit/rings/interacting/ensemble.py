"""Interaction in a disordered ring: the typical persistent current with and without V.

Each realization r draws box disorder ε_j ∈ [−W/2, W/2] from ``default_rng(task_seed(seed, r))``
(so it depends only on (seed, r)), and the exact ground-state current I(Φ) = −∂E0/∂φ of the same
potential is computed twice: with the interaction (V for t-V, U for Hubbard) and without it.
The typical current is the rms over realizations, I_typ(Φ) = √⟨I²⟩. Lattice units: energies in
t, currents in e·t/ħ, flux in Φ0 = h/e.
"""

from __future__ import annotations

import logging
import numbers
from typing import Any

import numpy as np
import xarray as xr

from currentkit import parallel
from currentkit.errors import ParameterError, integer
from currentkit.results import with_provenance
from currentkit.rings.disorder.potentials import anderson_potential
from currentkit.rings.interacting.exact import check_memory, ground_state
from currentkit.rings.models import InteractingRing, InteractionModel, flux_coordinate

logger = logging.getLogger(__name__)


def _realization(task: tuple[dict[str, Any], int, int, np.ndarray]) -> np.ndarray:
    """Currents (2, K) of realization ``index``: row 0 without, row 1 with the interaction."""
    spec, seed, index, flux = task
    rng = np.random.default_rng(parallel.task_seed(seed, index))
    pot = anderson_potential(rng, spec["sites"], width=spec["disorder"])[0]
    rows = []
    for value in (0.0, spec["interaction"]):
        ring = InteractingRing(spec["sites"], spec["electrons"], spec["hopping"], value,
                               spec["model"], pot)
        rows.append(ground_state(ring, flux)[1])
    return np.stack(rows)


def interacting_disorder(
    sites: int,
    electrons: int | tuple[int, int],
    interaction: float,
    disorder: float,
    realizations: int,
    *,
    seed: int = 0,
    flux_points: int = 8,
    hopping: float = 1.0,
    model: InteractionModel = "t-V",
    scheduler: str | None = "serial",
) -> xr.Dataset:
    """Disorder ensemble of interacting rings: I(Φ) with and without the interaction.

    Parameters
    ----------
    sites, electrons, hopping, model
        The ring, as in :class:`~currentkit.rings.interacting.exact.InteractingRing`.
    interaction
        V (t-V) or U (Hubbard), in t.
    disorder
        Box-disorder width W ≥ 0 (t).
    realizations
        R ≥ 1 disorder realizations.
    seed
        Non-negative seed; realization r uses ``task_seed(seed, r)``.
    flux_points
        K flux points f = k/(2K), k = 0 … K−1 (half a period: I(−f) = −I(f)).
    scheduler
        Passed to :func:`currentkit.parallel.map_tasks` (``"serial"`` by default).

    Returns
    -------
    xarray.Dataset
        ``current(interaction, realization, flux)``, ``typical_current(interaction, flux)``
        = √⟨I²⟩ over realizations; ``interaction`` = [0, V].
    """
    for name, value, low in (("realizations", realizations, 1), ("flux_points", flux_points, 1),
                             ("seed", seed, 0)):
        integer(name, value, minimum=low)
    if isinstance(disorder, bool) or not isinstance(disorder, numbers.Real) or not (
        np.isfinite(disorder) and disorder >= 0
    ):
        raise ParameterError("disorder", disorder, "a finite width W ≥ 0 (t)")
    probe = InteractingRing(sites, electrons, hopping, interaction, model, np.zeros(sites))
    check_memory(probe)
    flux = np.arange(flux_points) / (2 * flux_points)
    spec = {"sites": probe.sites, "electrons": probe.electrons, "hopping": probe.hopping,
            "interaction": float(interaction), "model": model, "disorder": float(disorder)}
    tasks = [(spec, int(seed), r, flux) for r in range(realizations)]
    rows = parallel.map_tasks(_realization, tasks, scheduler=scheduler, progress=False,
                              unit="realization")
    current = np.stack(rows, axis=1)  # (2, R, K)
    typical = np.sqrt(np.mean(current**2, axis=1))
    symbol = "V" if model == "t-V" else "U"
    coords = {
        "interaction": ("interaction", [0.0, float(interaction)],
                        {"units": "t", "long_name": f"interaction {symbol}"}),
        "realization": ("realization", np.arange(realizations),
                        {"units": "1", "long_name": "disorder realization"}),
        "flux": flux_coordinate(flux),
    }
    ds = xr.Dataset(
        {"current": (("interaction", "realization", "flux"), current,
                     {"units": "e*t/hbar", "long_name": "ground-state current I = −∂E0/∂Φ"}),
         "typical_current": (("interaction", "flux"), typical,
                             {"units": "e*t/hbar", "long_name": "typical current √⟨I²⟩"})},
        coords=coords, attrs={"disorder": float(disorder), "disorder_units": "t",
                              "disorder_kind": "box", "model": model})
    logger.info("interacting disorder ensemble: %d realizations at %d flux points",
                realizations, flux_points)
    return with_provenance(ds, {"ring": spec, "realizations": realizations,
                                "flux_points": flux_points}, seed=seed)
