"""Normal-metal rings: models, spectra and persistent currents."""

from currentkit.rings.continuum import (
    crossover_temperature,
    fermi_velocity,
    grand_canonical_harmonics,
    ground_state_current,
    sawtooth_amplitude,
)
from currentkit.rings.current import persistent_current, spectrum
from currentkit.rings.disorder import anderson_potential, barrier_potential, impurity_potential
from currentkit.rings.ensemble import EnsembleConfig, disorder_ensemble
from currentkit.rings.harmonics import flux_harmonics
from currentkit.rings.models import ContinuumRing, LatticeRing

__all__ = [
    "ContinuumRing",
    "EnsembleConfig",
    "LatticeRing",
    "anderson_potential",
    "barrier_potential",
    "crossover_temperature",
    "disorder_ensemble",
    "fermi_velocity",
    "flux_harmonics",
    "grand_canonical_harmonics",
    "ground_state_current",
    "impurity_potential",
    "persistent_current",
    "sawtooth_amplitude",
    "spectrum",
]
