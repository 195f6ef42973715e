"""Normal-metal rings: models, spectra and persistent currents."""

from currentkit.rings.continuum import (
    crossover_temperature,
    fermi_velocity,
    grand_canonical_harmonics,
    ground_state_current,
    sawtooth_amplitude,
)
from currentkit.rings.current import persistent_current, spectrum
from currentkit.rings.harmonics import flux_harmonics
from currentkit.rings.models import ContinuumRing, LatticeRing

__all__ = [
    "ContinuumRing",
    "LatticeRing",
    "crossover_temperature",
    "fermi_velocity",
    "flux_harmonics",
    "grand_canonical_harmonics",
    "ground_state_current",
    "persistent_current",
    "sawtooth_amplitude",
    "spectrum",
]
