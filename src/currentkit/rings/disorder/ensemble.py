"""Disorder ensembles of persistent currents: R Anderson-disordered rings, their mean and rms.

Realization r draws its potential from ``default_rng(task_seed(seed, r))``, so it depends only
on ``(seed, r)``: a rerun, a resumed run and a cluster run give identical numbers, and the first
R realizations of a larger ensemble are the R realizations of a smaller one. That is why a
checkpoint store (``store=DIR``) can be resumed after an interruption, grown to more realizations
or read for fewer: it is keyed by :meth:`EnsembleConfig.fingerprint`, which leaves out R.
Realizations travel in blocks (one Dask task and one stored file per block; see
:func:`currentkit.parallel.map_tasks`), so 10⁴ realizations cost 250 tasks, not 10⁴. Units are
lattice units: energies in t, currents in e·t/ħ, temperatures in t/k_B, flux in Φ0 = h/e.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from currentkit import parallel
from currentkit.errors import ParameterError, finite_real, integer
from currentkit.results import labelled, parameters_json, with_provenance
from currentkit.rings.current import METHODS, Method, persistent_current
from currentkit.rings.disorder.potentials import DisorderKind, anderson_potential
from currentkit.rings.models import LatticeRing, Transverse, flux_coordinate

_CURRENT_UNITS = "e*t/hbar"
_FINGERPRINT_SCHEMA = "currentkit.rings.disorder.ensemble/1"


@dataclass(frozen=True)
class EnsembleConfig:
    """Everything that defines a disorder ensemble of lattice rings (lattice units).

    Parameters
    ----------
    sites, channels, hopping, transverse_hopping, transverse, spin
        The ring, as in :class:`~currentkit.rings.models.LatticeRing` (t for energies).
    disorder
        Anderson disorder strength W ≥ 0 (t).
    disorder_kind
        ``"box"`` or ``"gaussian"`` (same variance W²/12; see
        :func:`~currentkit.rings.disorder.potentials.anderson_potential`).
    electrons, mu
        Exactly one: fixed particle number N (canonical) or chemical potential μ (t).
    temperature
        T ≥ 0 (t/k_B).
    flux_points
        K flux points f = k/K, k = 0 … K−1, over one period [0, 1) Φ0.
    realizations
        Number R ≥ 1 of disorder realizations.
    seed
        Non-negative integer seed of the ensemble.
    method
        How each I(Φ) is computed: any method of :func:`~currentkit.rings.persistent_current`
        (``"auto"``, ``"exact"`` for W = 0, ``"dense"``, ``"transfer"`` and ``"green"`` at fixed
        μ, ``"bands"`` and ``"window"`` at fixed N; ``"transfer"`` and ``"bands"`` for M = 1),
        at any T ≥ 0, with or without spin.
    """

    sites: int
    channels: int = 1
    hopping: float = 1.0
    transverse_hopping: float = 1.0
    transverse: Transverse = "open"
    disorder: float = 1.0
    disorder_kind: DisorderKind = "box"
    electrons: int | None = None
    mu: float | None = None
    temperature: float = 0.0
    flux_points: int = 64
    realizations: int = 16
    seed: int = 0
    method: Method = "auto"
    spin: bool = False

    def __post_init__(self) -> None:
        ring = self.clean_ring()  # validates sites, channels, hoppings, transverse, spin
        finite_real("disorder", self.disorder, "a finite disorder strength W in t ≥ 0",
                    nonnegative=True)
        if self.disorder_kind not in ("box", "gaussian"):
            raise ParameterError("disorder_kind", self.disorder_kind, "'box' or 'gaussian'")
        if (self.electrons is None) == (self.mu is None):
            raise ParameterError("electrons/mu", (self.electrons, self.mu), "exactly one of them")
        if self.electrons is not None:
            n = self.electrons
            integer("electrons", n, minimum=0, maximum=ring.states,
                    what="at most the L·M·g single-particle states")
        else:
            finite_real("mu", self.mu, "a finite chemical potential in t")
        finite_real("temperature", self.temperature, "a finite temperature in t/k_B ≥ 0",
                    nonnegative=True)
        integer("flux_points", self.flux_points, minimum=1, what="flux points over one period")
        integer("realizations", self.realizations, minimum=1, what="disorder realizations")
        integer("seed", self.seed, minimum=0, what="random seed")
        if self.method not in METHODS:
            raise ParameterError("method", self.method, "one of " + ", ".join(map(repr, METHODS)))
        if self.method == "exact" and self.disorder > 0:
            raise ParameterError("method", self.method, "'exact' only for disorder 0 (clean)")
        fixed = "mu" if self.method in ("transfer", "green") else (
            "electrons" if self.method in ("bands", "window") else None)
        if fixed is not None and getattr(self, fixed) is None:
            raise ParameterError("method", self.method, f"{self.method!r} only at fixed {fixed}")
        if self.method in ("transfer", "bands") and self.channels != 1:
            raise ParameterError("method", self.method, f"{self.method!r} only for channels = 1; "
                                 f"use {'green' if self.method == 'transfer' else 'window'!r} "
                                 "for several channels")

    def clean_ring(self, potential: np.ndarray | None = None) -> LatticeRing:
        """The ring of this ensemble with on-site energies ``potential`` (clean by default)."""
        return LatticeRing(self.sites, channels=self.channels, hopping=self.hopping,
                           transverse_hopping=self.transverse_hopping,
                           transverse=self.transverse, potential=potential, spin=self.spin)

    def flux(self) -> np.ndarray:
        """The flux grid f = k/K, k = 0 … K−1 (Φ0 = h/e)."""
        return np.arange(self.flux_points) / self.flux_points

    def identity(self) -> dict[str, Any]:
        """Every field except ``realizations``: what realization r depends on, besides r."""
        fields = dataclasses.asdict(self)
        fields.pop("realizations")
        return fields

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`identity` (every field except ``realizations``) and a schema tag.

        Realization r depends only on these fields and r, so two configurations with the same
        fingerprint agree realization by realization whatever their R: a checkpoint store is
        reused by a run with more realizations (only the new ones are computed) or fewer.
        """
        text = parameters_json({"schema": _FINGERPRINT_SCHEMA, "config": self.identity()})
        return hashlib.sha256(text.encode()).hexdigest()


def realization_potential(config: EnsembleConfig, r: int) -> np.ndarray:
    """On-site energies (t) of realization ``r``, shape (channels, sites); depends on (seed, r)."""
    rng = np.random.default_rng(parallel.task_seed(config.seed, r))
    return anderson_potential(rng, config.sites, config.channels, config.disorder,
                              config.disorder_kind)


def _realization(task: tuple[EnsembleConfig, int]) -> dict[str, np.ndarray]:
    """I(Φ) of realization r of ``config``: the task of :func:`disorder_ensemble` (picklable)."""
    config, r = task
    ring = config.clean_ring(realization_potential(config, r))
    ds = persistent_current(ring, config.flux(), electrons=config.electrons, mu=config.mu,
                            temperature=config.temperature, method=config.method)
    return {"current": ds["current"].to_numpy()}


def disorder_ensemble(
    config: EnsembleConfig,
    *,
    scheduler: str | None = None,
    store: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    workers: int | None = None,
    block: int | None = None,
    security: Any = None,
) -> xr.Dataset:
    """Persistent currents of R disorder realizations, with their ensemble mean and rms.

    Parameters
    ----------
    config
        The ensemble.
    scheduler
        ``"serial"``, ``"local"``/``None`` (embedded Dask cluster, started only when the work
        pays for it) or a scheduler address ``"tcp://host:port"`` / ``"tls://host:port"`` (see
        :func:`currentkit.parallel.map_tasks`). A scheduler lost mid-run raises
        :class:`~currentkit.errors.SchedulerError`; with a ``store`` a rerun resumes.
    store
        Checkpoint folder: each finished block of realizations is stored as it completes, and a
        rerun with the same configuration loads those instead of recomputing them: after an
        interruption, and also with more realizations (only the new ones are computed) or
        fewer. A folder written by another configuration raises
        :class:`~currentkit.errors.StoreMismatchError` naming the fields that differ, and so
        does a folder in use by another run. Each stored block is verified (checksum, task
        indices, shapes, finite values) before it is used; a damaged one is recomputed (see
        :class:`currentkit.store.Store`). A resumed run logs ``"resuming: K of R realizations
        already stored"`` at INFO on the logger ``currentkit.store``.
    progress
        Show a progress bar counting realizations (``None``: only on a terminal).
    workers
        Worker processes of the embedded cluster.
    block
        Realizations per Dask task and per stored file (default
        :func:`currentkit.parallel.default_block` of R, independent of ``workers``). The
        numbers never depend on it.
    security
        A :class:`distributed.security.Security` holding the TLS certificates of a ``tls://``
        scheduler (see :func:`currentkit.parallel.map_tasks`); the embedded cluster makes its
        own temporary ones.

    Returns
    -------
    xarray.Dataset
        ``current(realization, flux)`` I_r(Φ); ``mean_current(flux)`` ⟨I⟩ = (1/R) Σ_r I_r;
        ``typical_current(flux)`` √⟨I²⟩ = √((1/R) Σ_r I_r²), all in e·t/ħ, with I = −∂F/∂Φ
        (F the free energy, the grand potential at fixed μ) and Φ0 = h/e.
    """
    if not isinstance(config, EnsembleConfig):
        raise ParameterError("config", type(config).__name__, "an EnsembleConfig")
    task: Callable[[tuple[EnsembleConfig, int]], dict[str, np.ndarray]] = _realization
    tasks = [(config, r) for r in range(config.realizations)]
    results = parallel.map_tasks(task, tasks, scheduler=scheduler, progress=progress,
                                 checkpoint=store, fingerprint=config.fingerprint(),
                                 config=config.identity(), workers=workers, block=block,
                                 unit="realization", security=security)
    current = np.stack([np.asarray(res["current"], dtype=float) for res in results])
    flux = flux_coordinate(config.flux())
    realization = labelled(np.arange(config.realizations), "realization", "1",
                           "disorder realization index r (seed of r: "
                           "SeedSequence(seed).spawn(R)[r])")
    ds = xr.Dataset(
        {
            "current": labelled(current, ("realization", "flux"), _CURRENT_UNITS,
                                "persistent current I = −∂F/∂Φ of each realization"),
            "mean_current": labelled(current.mean(axis=0), "flux", _CURRENT_UNITS,
                                     "ensemble mean current ⟨I⟩"),
            "typical_current": labelled(np.sqrt(np.mean(current**2, axis=0)), "flux",
                                        _CURRENT_UNITS, "typical current √⟨I²⟩ (ensemble rms)"),
        },
        coords={"realization": realization, "flux": flux},
        attrs={"ensemble": "canonical" if config.electrons is not None else "grand_canonical",
               "temperature": float(config.temperature), "temperature_units": "t/k_B",
               "disorder": float(config.disorder), "disorder_units": "t",
               "disorder_kind": config.disorder_kind, "method": config.method,
               "fingerprint": config.fingerprint()},
    )
    return with_provenance(ds, config, seed=config.seed, complete=True)
