"""Interaction in a disordered ring: the typical persistent current with and without V.

Each realization r draws box disorder ε_j ∈ [−W/2, W/2] from ``default_rng(task_seed(seed, r))``
(so it depends only on (seed, r)), and the exact ground-state current I(Φ) = −∂E0/∂φ of the same
potential is computed twice: with the interaction (V for t-V, U for Hubbard) and without it.
The typical current is the rms over realizations, I_typ(Φ) = √⟨I²⟩. Lattice units: energies in
t, currents in e·t/ħ, flux in Φ0 = h/e.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from currentkit import parallel
from currentkit.errors import ParameterError, finite_real, integer
from currentkit.results import labelled, parameters_json, with_provenance
from currentkit.rings.disorder.potentials import anderson_potential
from currentkit.rings.interacting.exact import check_memory, ground_state
from currentkit.rings.models import InteractingRing, InteractionModel, flux_coordinate

logger = logging.getLogger(__name__)


_FINGERPRINT_SCHEMA = "currentkit.rings.interacting.ensemble/1"


@dataclass(frozen=True)
class InteractingEnsembleConfig:
    """Everything that defines a disorder ensemble of interacting rings (lattice units).

    Parameters
    ----------
    sites, electrons, hopping, model
        The ring, as in :class:`~currentkit.rings.models.InteractingRing`.
    interaction
        V (t-V) or U (Hubbard), in t; each realization is also computed at 0.
    disorder
        Box-disorder width W ≥ 0 (t).
    realizations
        R ≥ 1 disorder realizations.
    seed
        Non-negative seed; realization r uses ``task_seed(seed, r)``.
    flux_points
        K flux points f = k/(2K), k = 0 … K−1 (half a period: I(−f) = −I(f)).
    """

    sites: int
    electrons: int | tuple[int, int]
    interaction: float
    disorder: float
    realizations: int
    seed: int = 0
    flux_points: int = 8
    hopping: float = 1.0
    model: InteractionModel = "t-V"

    def __post_init__(self) -> None:
        for name, low in (("realizations", 1), ("flux_points", 1), ("seed", 0)):
            integer(name, getattr(self, name), minimum=low)
        finite_real("disorder", self.disorder, "a finite width W ≥ 0 (t)", nonnegative=True)
        probe = self.ring(np.zeros(integer("sites", self.sites, minimum=2)))  # validates the rest
        object.__setattr__(self, "electrons", probe.electrons)

    def ring(self, potential: np.ndarray | None, interaction: float | None = None
             ) -> InteractingRing:
        """The ring with on-site energies ``potential`` (and the given or configured V or U)."""
        value = self.interaction if interaction is None else interaction
        return InteractingRing(self.sites, self.electrons, self.hopping, value, self.model,
                               potential)

    def flux(self) -> np.ndarray:
        """The flux grid f = k/(2K), k = 0 … K−1 (Φ0 = h/e)."""
        return np.arange(self.flux_points) / (2 * self.flux_points)

    def identity(self) -> dict[str, Any]:
        """Every field except ``realizations``: what realization r depends on, besides r."""
        fields = dataclasses.asdict(self)
        fields.pop("realizations")
        return fields

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`identity` and a schema tag: a checkpoint store is reused by any run
        with the same fingerprint, whatever its number of realizations."""
        text = parameters_json({"schema": _FINGERPRINT_SCHEMA, "config": self.identity()})
        return hashlib.sha256(text.encode()).hexdigest()


def _realization(task: tuple[InteractingEnsembleConfig, int]) -> dict[str, np.ndarray]:
    """Currents (2, K) of realization r: row 0 without, row 1 with the interaction."""
    config, index = task
    rng = np.random.default_rng(parallel.task_seed(config.seed, index))
    pot = anderson_potential(rng, config.sites, width=config.disorder)[0]
    flux = config.flux()
    rows = [ground_state(config.ring(pot, value), flux)[1]
            for value in (0.0, config.interaction)]
    return {"current": np.stack(rows)}


def interacting_ensemble(
    config: InteractingEnsembleConfig,
    *,
    scheduler: str | None = "serial",
    store: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    workers: int | None = None,
    block: int | None = None,
) -> xr.Dataset:
    """Disorder ensemble of interacting rings: I(Φ) with and without the interaction.

    Parameters
    ----------
    config
        The ensemble.
    scheduler, progress, workers, block
        As in :func:`currentkit.rings.disorder_ensemble` (``"serial"`` by default here).
    store
        Checkpoint folder: finished blocks of realizations are stored as they complete and a
        rerun with the same configuration (any R) loads them instead of recomputing; a folder
        written by another configuration raises :class:`~currentkit.errors.StoreMismatchError`.

    Returns
    -------
    xarray.Dataset
        ``current(interaction, realization, flux)`` I = −∂E0/∂Φ (e·t/ħ, Φ0 = h/e),
        ``typical_current(interaction, flux)`` = √⟨I²⟩ over realizations; ``interaction`` =
        [0, V].
    """
    if not isinstance(config, InteractingEnsembleConfig):
        raise ParameterError("config", type(config).__name__, "an InteractingEnsembleConfig")
    check_memory(config.ring(np.zeros(config.sites)))
    tasks = [(config, r) for r in range(config.realizations)]
    results = parallel.map_tasks(_realization, tasks, scheduler=scheduler, progress=progress,
                                 checkpoint=store, fingerprint=config.fingerprint(),
                                 config=config.identity(), workers=workers, block=block,
                                 unit="realization")
    current = np.stack([np.asarray(res["current"], dtype=float) for res in results],
                       axis=1)  # (2, R, K)
    typical = np.sqrt(np.mean(current**2, axis=1))
    symbol = "V" if config.model == "t-V" else "U"
    ds = xr.Dataset(
        {"current": labelled(current, ("interaction", "realization", "flux"), "e*t/hbar",
                             "ground-state current I = −∂E0/∂Φ"),
         "typical_current": labelled(typical, ("interaction", "flux"), "e*t/hbar",
                                     "typical current √⟨I²⟩")},
        coords={"interaction": labelled([0.0, float(config.interaction)], "interaction", "t",
                                        f"interaction {symbol}"),
                "realization": labelled(np.arange(config.realizations), "realization", "1",
                                        "disorder realization"),
                "flux": flux_coordinate(config.flux())},
        attrs={"disorder": float(config.disorder), "disorder_units": "t",
               "disorder_kind": "box", "model": config.model,
               "fingerprint": config.fingerprint()})
    logger.info("interacting disorder ensemble: %d realizations at %d flux points",
                config.realizations, config.flux_points)
    return with_provenance(ds, config, seed=config.seed)


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
    """The older call of :func:`interacting_ensemble`: the same result from loose parameters.

    Equivalent to ``interacting_ensemble(InteractingEnsembleConfig(sites, electrons,
    interaction, disorder, realizations, seed=seed, flux_points=flux_points, hopping=hopping,
    model=model), scheduler=scheduler)``; use that form for a checkpoint ``store``.
    """
    config = InteractingEnsembleConfig(sites, electrons, interaction, disorder, realizations,
                                       seed=seed, flux_points=flux_points, hopping=hopping,
                                       model=model)
    return interacting_ensemble(config, scheduler=scheduler)
