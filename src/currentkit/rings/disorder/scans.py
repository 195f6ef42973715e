"""Measured typical currents of disordered rings beside the ballistic and diffusive theories.

Lattice units t = a = ħ = e = k_B = 1: currents in e·t/ħ, energies and temperatures in t, flux
f = Φ/Φ0 (Φ0 = h/e). Each scan point (M, W, L, μ) is an ensemble of R Anderson-disordered
rings (:func:`~currentkit.rings.disorder_ensemble`, grand canonical, closing-bond Green
function); the flux harmonics b_p of I(f) = Σ_p b_p sin 2πpf come from K flux points by FFT,
and their standard deviation over the ensemble is set beside :func:`ballistic_harmonics` and
its diffusive limit :func:`~currentkit.rings.typical_harmonics`, all with one D: the Born D,
or the Landauer D of the same strips where the Born rates fail.
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Sequence
from typing import Literal

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError, finite_real, positive_real
from currentkit.results import labelled, with_provenance
from currentkit.rings.current import persistent_current
from currentkit.rings.disorder.ballistic import ballistic_harmonics
from currentkit.rings.disorder.ensemble import (
    EnsembleConfig,
    disorder_ensemble,
    realization_potential,
)
from currentkit.rings.disorder.mesoscopic import measure_transport
from currentkit.rings.models import LatticeRing, Transverse

logger = logging.getLogger(__name__)
_CURRENT_UNITS = "e*t/hbar"


def flux_sine_harmonics(current: np.ndarray, orders: int) -> np.ndarray:
    """b_p, p = 1 … orders, of I(f) = Σ b_p sin 2πpf sampled at f = k/K (last axis)."""
    k = current.shape[-1]
    if 2 * orders >= k:
        raise ParameterError("orders", orders, f"< K/2 = {k / 2:g} (flux points / 2)")
    return np.asarray(-2 * np.fft.rfft(current, axis=-1)[..., 1:orders + 1].imag / k)


def _currents(config: EnsembleConfig) -> np.ndarray:
    """I(f) of every realization (R, K): the ensemble at T > 0, the same potentials at T = 0
    (Green function; dense diagonalisation for a realization with a level at μ, where the
    T = 0 frequency integral does not converge and a level exactly at μ is half filled)."""
    if config.temperature > 0:
        return disorder_ensemble(config, scheduler="serial", progress=False)[
            "current"].to_numpy()
    rows = []
    for r in range(config.realizations):
        ring = config.clean_ring(realization_potential(config, r))
        try:
            ds = persistent_current(ring, config.flux(), mu=config.mu, temperature=0.0,
                                    method="green")
        except ParameterError:  # a level within the quadrature's resolution of μ
            logger.info("realization %d: a level at μ; dense diagonalisation instead", r)
            ds = persistent_current(ring, config.flux(), mu=config.mu, temperature=0.0,
                                    method="dense")
        rows.append(ds["current"].to_numpy())
    return np.array(rows)


def typical_current_scan(
    points: Sequence[tuple[int, float, int, float]],
    *,
    transverse: Transverse = "open",
    temperature: float = 0.3,
    orders: int = 3,
    realizations: int = 40,
    flux_points: int = 16,
    seed: int = 0,
    diffusion: Literal["born", "landauer"] = "born",
) -> xr.Dataset:
    """Standard deviation of the flux harmonics over disorder against the theories.

    Parameters
    ----------
    points
        Scan points (channels M, disorder W (t), sites L, chemical potential μ (t)).
    transverse
        ``"open"`` strips or ``"periodic"`` cylinders.
    temperature
        T in units of each point's Born Thouless energy E_c = D/L² (≥ 0; 0 uses the T = 0
        Green-function integral on the ensemble's potentials).
    orders, realizations, flux_points, seed
        Harmonics p = 1 … orders, R ≥ 2 realizations, K flux points (> 2·orders; aliasing from
        p' = K ± p is below 1% of ⟨b_p²⟩ for K = 16 and p ≤ 3), and the ensemble seed.
    diffusion
        Where the theories' D comes from: ``"born"`` (golden-rule rates) or ``"landauer"``
        (:func:`~currentkit.rings.measure_transport` on open strips of lengths L/4 … L with
        the same M, W, μ and R realizations: the Einstein D of their mean conductance), for
        many-mode strips whose μ lies near a mode threshold, where the Born D is off (13 %
        measured 0.023t from one).

    Returns
    -------
    xarray.Dataset
        Over ``point`` and ``order``: ``measured`` (std of b_p), ``measured_error``
        (its standard error std/√(2(R − 1)), Gaussian b_p), ``mean_harmonic`` ⟨b_p⟩,
        ``ballistic`` and ``diffuson`` (theories, e·t/ħ), ``measured_ratio`` and
        ``ballistic_ratio`` (over the diffuson); per point the D used (``diffusion_constant``),
        the ℓ, ξ, E_c, L/ℓ and L/ξ that follow from it, and ``diffusive`` = 1 only inside
        ℓ < L < ξ: the diffuson and its ballistic correction assume L ≪ ξ (no localization),
        so rows with 0 are reported, not extrapolated.
    """
    if isinstance(realizations, bool) or not isinstance(realizations, numbers.Integral) or (
        realizations < 2
    ):
        raise ParameterError("realizations", realizations, "an integer ≥ 2")
    t_over_ec = finite_real("temperature", temperature, "a temperature ≥ 0 in units of E_c",
                            nonnegative=True)
    if isinstance(orders, bool) or not isinstance(orders, numbers.Integral) or orders < 1:
        raise ParameterError("orders", orders, "an integer ≥ 1")
    if isinstance(flux_points, bool) or not isinstance(flux_points, numbers.Integral) or (
        flux_points <= 2 * orders
    ):
        raise ParameterError("flux_points", flux_points, f"an integer > 2·orders = {2 * orders}")
    if diffusion not in ("born", "landauer"):
        raise ParameterError("diffusion", diffusion, "'born' or 'landauer'")
    if len(points) == 0:
        raise ParameterError("points", points, "at least one (M, W, L, μ) point")
    rows = []
    for i, point in enumerate(points):
        if len(point) != 4:
            raise ParameterError(f"points[{i}]", point, "a tuple (M, W, L, μ)")
        channels, width, sites, mu = point
        width = positive_real(f"points[{i}] disorder W", width, "a positive box width in t")
        clean = LatticeRing(sites, channels=channels, transverse=transverse)  # validates M, L
        d = None
        if diffusion == "landauer":
            lengths = np.unique(np.round(np.linspace(0.25, 1.0, 4) * sites).astype(int))
            d = measure_transport(mu, width, channels, lengths, realizations=realizations,
                                  seed=seed, transverse=transverse).diffusion_constant
        theory0 = ballistic_harmonics(clean, mu, width, orders, 0.0, diffusion_constant=d)
        kt = t_over_ec * float(theory0.attrs["thouless_energy"])
        theory = theory0 if kt == 0 else ballistic_harmonics(clean, mu, width, orders, kt,
                                                             diffusion_constant=d)
        config = EnsembleConfig(sites, channels=channels, transverse=transverse, disorder=width,
                                mu=mu, temperature=kt, flux_points=flux_points,
                                realizations=realizations, seed=seed,
                                method="green" if kt > 0 else "auto")
        b = flux_sine_harmonics(_currents(config), orders)
        std = b.std(axis=0, ddof=1)
        attrs = theory.attrs
        lol, lox = attrs["length_over_mean_free_path"], attrs["length_over_localization_length"]
        rows.append({"M": channels, "W": width, "L": sites, "mu": mu, "std": std,
                     "mean": b.mean(axis=0), "ballistic": theory["typical_harmonic"].to_numpy(),
                     "diffuson": theory["diffuson_harmonic"].to_numpy(), "lol": lol, "lox": lox,
                     "ec": attrs["thouless_energy"], "kt": kt,
                     "d": attrs["diffusion_constant"],
                     "open": attrs["open_channels"], "diffusive": int(lol > 1 and lox < 1)})
        logger.info("M=%d W=%g L=%d: std/diffuson %s, ballistic %s", channels, width, sites,
                    std / rows[-1]["diffuson"], rows[-1]["ballistic"] / rows[-1]["diffuson"])
    return _dataset(rows, realizations, orders, transverse, t_over_ec, flux_points, seed,
                    diffusion)


def _dataset(rows: list[dict], realizations: int, orders: int, transverse: str,
             t_over_ec: float, flux_points: int, seed: int, diffusion: str) -> xr.Dataset:
    def col(key: str) -> np.ndarray:
        return np.array([r[key] for r in rows])

    std, diffuson, ballistic = col("std"), col("diffuson"), col("ballistic")
    two = ("point", "order")
    ds = xr.Dataset(
        {
            "measured": labelled(std, two, _CURRENT_UNITS,
                                 "standard deviation of b_p over disorder"),
            "measured_error": labelled(std / math.sqrt(2 * (realizations - 1)), two,
                                       _CURRENT_UNITS, "standard error of the measured std"),
            "mean_harmonic": labelled(col("mean"), two, _CURRENT_UNITS, "ensemble mean ⟨b_p⟩"),
            "ballistic": labelled(ballistic, two, _CURRENT_UNITS,
                                  f"√⟨δI_p²⟩, diffuson on the random walk ({diffusion} D)"),
            "diffuson": labelled(diffuson, two, _CURRENT_UNITS,
                                 f"√⟨δI_p²⟩, diffusive limit ({diffusion} D)"),
            "measured_ratio": labelled(std / diffuson, two, "1", "measured std / diffuson"),
            "ballistic_ratio": labelled(ballistic / diffuson, two, "1",
                                        "ballistic theory / diffuson"),
            "length_over_mean_free_path": labelled(col("lol"), "point", "1",
                                                   f"L/ℓ (ℓ from the {diffusion} D)"),
            "length_over_localization_length": labelled(col("lox"), "point", "1",
                                                        "L/ξ, ξ = (M_open + 1)·2ℓ (DMPK)"),
            "diffusion_constant": labelled(col("d"), "point", "t*a^2/hbar",
                                           f"D of the theories ({diffusion})"),
            "thouless_energy": labelled(col("ec"), "point", "t", f"E_c = D/L² ({diffusion} D)"),
            "temperature": labelled(col("kt"), "point", "t/k_B", "temperature"),
            "open_channels": labelled(col("open"), "point", "1", "open modes at μ"),
            "diffusive": labelled(col("diffusive"), "point", "1",
                                  "1 inside ℓ < L < ξ, 0 outside (not extrapolated)"),
        },
        coords={
            "channels": labelled(col("M"), "point", "1", "sites per slice M"),
            "disorder": labelled(col("W"), "point", "t", "box width W"),
            "sites": labelled(col("L"), "point", "a", "circumference L"),
            "mu": labelled(col("mu"), "point", "t", "chemical potential μ"),
            "order": labelled(np.arange(1, orders + 1), "order", "1", "flux harmonic p"),
        },
        attrs={"realizations": realizations, "transverse": transverse,
               "temperature_over_thouless": t_over_ec, "flux_points": flux_points,
               "diffusion": diffusion},
    )
    parameters = {"points": [[r["M"], r["W"], r["L"], r["mu"]] for r in rows],
                  "transverse": transverse, "temperature_over_thouless": t_over_ec,
                  "orders": orders, "realizations": realizations, "flux_points": flux_points,
                  "diffusion": diffusion}
    return with_provenance(ds, parameters, seed=seed)
