"""Normal-metal rings: models, spectra and persistent currents."""

from currentkit.rings.current import persistent_current, spectrum
from currentkit.rings.disorder.ballistic import ballistic_harmonics
from currentkit.rings.disorder.canonical_average import (
    canonical_average_harmonics,
    number_variance_harmonics,
)
from currentkit.rings.disorder.ensemble import EnsembleConfig, disorder_ensemble
from currentkit.rings.disorder.experiments import (
    RingSample,
    diffusion_from_resistivity,
    ring_prediction,
)
from currentkit.rings.disorder.mesoscopic import (
    BornEstimate,
    MeasuredTransport,
    born_estimate,
    measure_transport,
    thouless_energy,
    transmission,
    typical_current,
    typical_harmonics,
)
from currentkit.rings.disorder.potentials import (
    anderson_potential,
    barrier_potential,
    impurity_potential,
)
from currentkit.rings.disorder.random_walk import PersistentWalk, diffuson_ratio, persistent_walk
from currentkit.rings.disorder.real_rings import typical_current_si
from currentkit.rings.disorder.scans import typical_current_scan
from currentkit.rings.free.continuum import (
    crossover_temperature,
    fermi_velocity,
    grand_canonical_harmonics,
    ground_state_current,
    sawtooth_amplitude,
)
from currentkit.rings.harmonics import flux_harmonics
from currentkit.rings.interacting.dmrg import (
    DMRGOptions,
    DrudeEstimate,
    dmrg_drude_weight,
    dmrg_ground_energy,
)
from currentkit.rings.interacting.ensemble import interacting_disorder
from currentkit.rings.interacting.luttinger import (
    BetheAnsatz,
    LuttingerParameters,
    bethe_ansatz,
    drude_weight,
    luttinger_parameters,
    luttinger_ring,
)
from currentkit.rings.models import ContinuumRing, InteractingRing, LatticeRing
from currentkit.rings.scattering.amplitudes import scattering_amplitudes
from currentkit.rings.scattering.ring_levels import ring_levels_from_scattering, scattering_current

__all__ = [
    "BetheAnsatz",
    "BornEstimate",
    "ContinuumRing",
    "DMRGOptions",
    "DrudeEstimate",
    "EnsembleConfig",
    "InteractingRing",
    "LatticeRing",
    "LuttingerParameters",
    "MeasuredTransport",
    "PersistentWalk",
    "RingSample",
    "anderson_potential",
    "ballistic_harmonics",
    "barrier_potential",
    "bethe_ansatz",
    "born_estimate",
    "canonical_average_harmonics",
    "crossover_temperature",
    "diffusion_from_resistivity",
    "diffuson_ratio",
    "disorder_ensemble",
    "dmrg_drude_weight",
    "dmrg_ground_energy",
    "drude_weight",
    "fermi_velocity",
    "flux_harmonics",
    "grand_canonical_harmonics",
    "ground_state_current",
    "impurity_potential",
    "interacting_disorder",
    "luttinger_parameters",
    "luttinger_ring",
    "measure_transport",
    "number_variance_harmonics",
    "persistent_current",
    "persistent_walk",
    "ring_levels_from_scattering",
    "ring_prediction",
    "sawtooth_amplitude",
    "scattering_amplitudes",
    "scattering_current",
    "spectrum",
    "thouless_energy",
    "transmission",
    "typical_current",
    "typical_current_scan",
    "typical_current_si",
    "typical_harmonics",
]
