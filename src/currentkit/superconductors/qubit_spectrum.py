"""Spectrum and persistent currents of a flux-biased qubit, its convergence, its two-level model.

Works on :class:`~currentkit.superconductors.flux_qubit.FluxQubit` and
:class:`~currentkit.superconductors.rf_squid.RfSquid`. Energies E_k in GHz (E/h); the applied
flux f = Φ/Φ0 with Φ0 = h/2e; the persistent current of level k is I_k = −∂E_k/∂Φ
(Hellmann-Feynman), in nA: I_k = −2e·10¹⁸·∂E_k[GHz]/∂f. At an exact degeneracy the current of
each degenerate level depends on the eigenvectors chosen; their sum does not.

Convergence: the levels are recomputed with a larger basis (ncut + 2 for the flux qubit, 20 % more
oscillator states for the rf SQUID) at up to three fluxes; the largest change (GHz) is stored in the
attrs, and a :class:`CutoffWarning` naming it is issued when it exceeds the tolerance times the
energy range of the levels computed (the largest E_k − E_0 on the grid).

Two-level reduction near the sweet spot f = 1/2: H ≈ −(ε σ_z + Δ σ_x)/2 with ε = 2I_p(Φ − Φ0/2),
Δ = E_1 − E_0 at f = 1/2 and I_p = |⟨0|∂H/∂Φ|1⟩| there (in the basis of the two circulating-
current states ∂H/∂Φ = −I_p σ_z, whose off-diagonal element between the sweet-spot eigenstates,
eigenstates of σ_x, is I_p). Then E_{1,0} = Ē ± ½√(ε² + Δ²).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import xarray as xr

from currentkit.errors import ParameterError
from currentkit.results import labelled, with_provenance
from currentkit.superconductors.flux_qubit import FluxQubit
from currentkit.superconductors.junction import NANOAMPERE_PER_GHZ, count, flux_grid
from currentkit.superconductors.rf_squid import RfSquid
from currentkit.units import FLUX_QUANTUM_SUPERCONDUCTING

logger = logging.getLogger(__name__)

Qubit = FluxQubit | RfSquid
#: Default largest allowed change of a level when the basis is enlarged, relative to the range of
#: the levels computed: 1e-6 of a ~10 GHz range is 10 kHz, below spectroscopic resolution.
CUTOFF_TOLERANCE = 1e-6


class CutoffWarning(UserWarning):
    """The levels changed by more than the tolerance when the basis cutoff was enlarged."""


def _check_qubit(qubit: Any) -> Qubit:
    if not isinstance(qubit, FluxQubit | RfSquid):
        raise ParameterError("qubit", type(qubit).__name__, "a FluxQubit or an RfSquid")
    return qubit


def cutoff_change(qubit: Qubit, flux: npt.ArrayLike, levels: int) -> float:
    """Largest |E_k(enlarged basis) − E_k| (GHz) over ``flux`` and the lowest ``levels``."""
    fluxes = flux_grid(flux)
    small = qubit.eigensystem(fluxes, levels)[0]
    large = qubit.enlarged().eigensystem(fluxes, levels)[0]
    return float(np.max(np.abs(large - small)))


def qubit_spectrum(qubit: Qubit, flux: npt.ArrayLike, levels: int = 6, *,
                   tolerance: float = CUTOFF_TOLERANCE) -> xr.Dataset:
    """Lowest levels E_k(Φ) (GHz) and persistent currents I_k = −∂E_k/∂Φ (nA) on a flux grid.

    Parameters
    ----------
    qubit
        A :class:`FluxQubit` or :class:`RfSquid`.
    flux
        Applied flux Φ/Φ0 (Φ0 = h/2e), finite values.
    levels
        Number of levels (≥ 1, below a quarter of the basis dimension).
    tolerance
        Largest allowed change of a level when the basis is enlarged, relative to the range
        max(E_k − E_0) of the levels computed; beyond it a :class:`CutoffWarning` says by how
        much (GHz) the levels moved.

    Returns
    -------
    xarray.Dataset
        ``energy(flux, level)`` in GHz and ``current(flux, level)`` in nA; attrs
        ``flux_quantum`` (Wb), ``cutoff_change`` (GHz), ``cutoff_name``, ``cutoff``.
    """
    qubit = _check_qubit(qubit)
    fluxes = flux_grid(flux)
    levels = count("levels", levels, 1, "number of levels")
    if levels > qubit.dimension // 4:
        raise ParameterError("levels", levels, f"at most {qubit.dimension // 4} for this "
                             f"basis (dimension {qubit.dimension}); raise the cutoff")
    energies, slopes, _ = qubit.eigensystem(fluxes, levels)
    picks = np.unique(fluxes[[0, fluxes.size // 2, -1]])
    change = cutoff_change(qubit, picks, levels)
    scale = float(np.max(energies - energies[:, :1])) if levels > 1 else abs(energies).max()
    if change > tolerance * max(scale, np.finfo(float).tiny):
        warnings.warn(
            f"{type(qubit).__name__}: enlarging {qubit.cutoff_name} = "
            f"{getattr(qubit, qubit.cutoff_name)} moved the levels by {change:.3g} GHz "
            f"(> {tolerance:g} of their {scale:.4g} GHz range): raise {qubit.cutoff_name}",
            CutoffWarning, stacklevel=2)
    current = -NANOAMPERE_PER_GHZ * slopes

    ds = xr.Dataset(
        {"energy": labelled(energies, ("flux", "level"), "GHz", "level energy E_k/h"),
         "current": labelled(current, ("flux", "level"), "nA",
                             "persistent current I_k = −∂E_k/∂Φ")},
        coords={"flux": labelled(fluxes, "flux", "Phi0", "applied flux Φ/Φ0"),
                "level": labelled(np.arange(levels), "level", "1", "level index")},
        attrs={"flux_quantum": FLUX_QUANTUM_SUPERCONDUCTING, "cutoff_change": change,
               "cutoff_change_units": "GHz", "cutoff_name": qubit.cutoff_name,
               "cutoff": int(getattr(qubit, qubit.cutoff_name)), "model": type(qubit).__name__},
    )
    return with_provenance(ds, {"qubit": qubit, "levels": levels, "tolerance": tolerance})


@dataclass(frozen=True)
class TwoLevel:
    """Two-level model H = −(ε σ_z + Δ σ_x)/2 of the lowest two levels near f = 1/2.

    Attributes
    ----------
    gap
        Δ = E_1 − E_0 at the sweet spot (GHz).
    persistent_current
        ``I_p = |⟨0|∂H/∂Φ|1⟩|`` at the sweet spot (nA).
    mean_energy
        (E_0 + E_1)/2 at the sweet spot (GHz).
    sweet_spot
        The flux of the sweet spot (Φ0).
    """

    gap: float
    persistent_current: float
    mean_energy: float
    sweet_spot: float = 0.5

    def bias(self, flux: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """ε = 2I_p(Φ − Φ0/2) in GHz (ε/h), for flux in units of Φ0."""
        return np.asarray(2 * self.persistent_current / NANOAMPERE_PER_GHZ
                          * (np.asarray(flux, dtype=float) - self.sweet_spot))

    def energies(self, flux: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """(E_0, E_1) = Ē ∓ ½√(ε² + Δ²) in GHz, last axis of length 2."""
        half = 0.5 * np.sqrt(self.bias(flux) ** 2 + self.gap**2)
        return np.stack([self.mean_energy - half, self.mean_energy + half], axis=-1)


def two_level(qubit: Qubit, sweet_spot: float = 0.5) -> TwoLevel:
    """The qubit's two-level parameters Δ (GHz), I_p (nA) at the sweet spot (default Φ0/2)."""
    qubit = _check_qubit(qubit)
    f = float(flux_grid(sweet_spot)[0])
    energies = qubit.eigensystem(np.array([f]), 2)[0][0]
    element = qubit.transition_elements(f, 0, 1)["dH_dflux"]
    return TwoLevel(gap=float(energies[1] - energies[0]),
                    persistent_current=float(NANOAMPERE_PER_GHZ * abs(element)),
                    mean_energy=float(energies.mean()), sweet_spot=f)

