"""Normal-metal rings: models, spectra and persistent currents.

Everything another package (the CLI, the tour) may use is named in ``__all__``; the subpackages
(``free``, ``disorder``, ``scattering``, ``interacting``) are internal. Two transmissions with
different questions: :func:`landauer_transmission` (Landauer conductance ``Σ|t|²`` of a disordered
strip between clean leads; :func:`transmission` is its older alias) and
:func:`scatterer_transmission` (``|τ|²`` of one scatterer in a 1D chain). For users who fill levels
themselves: :func:`lattice_levels` (all levels and level currents on a flux grid),
:func:`canonical_ensemble` / :func:`grand_canonical_ensemble` (fixed N or μ at any k_BT).
"""

from currentkit.rings.current import METHODS, persistent_current, spectrum
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
    landauer_transmission,
    measure_transport,
    thouless_energy,
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
from currentkit.rings.free.lattice import levels as lattice_levels
from currentkit.rings.free.thermo import EnsembleResult
from currentkit.rings.free.thermo import canonical as canonical_ensemble
from currentkit.rings.free.thermo import grand_canonical as grand_canonical_ensemble
from currentkit.rings.harmonics import flux_harmonics
from currentkit.rings.interacting.dmrg import (
    DMRGOptions,
    DrudeEstimate,
    dmrg_drude_weight,
    dmrg_ground_energy,
)
from currentkit.rings.interacting.ensemble import (
    InteractingEnsembleConfig,
    interacting_disorder,
    interacting_ensemble,
)
from currentkit.rings.interacting.exact import ground_state
from currentkit.rings.interacting.luttinger import (
    BetheAnsatz,
    LuttingerParameters,
    bethe_ansatz,
    drude_weight,
    luttinger_parameters,
    luttinger_ring,
)
from currentkit.rings.interacting.sectors import clear_sector_cache
from currentkit.rings.models import ContinuumRing, InteractingRing, LatticeRing
from currentkit.rings.scattering.amplitudes import scatterer_transmission, scattering_amplitudes
from currentkit.rings.scattering.ring_levels import (
    ring_levels_from_scattering,
    scattering_current,
    scattering_levels,
    weak_transmission_amplitude,
)

#: Alias of :func:`landauer_transmission` (the name before the scatterer's transmission existed).
transmission = landauer_transmission

#: Every ``method`` of :func:`persistent_current`; disorder ensembles accept each of them.
ENSEMBLE_METHODS = METHODS

__all__ = [
    "ENSEMBLE_METHODS",
    "BetheAnsatz",
    "BornEstimate",
    "ContinuumRing",
    "DMRGOptions",
    "DrudeEstimate",
    "EnsembleConfig",
    "EnsembleResult",
    "InteractingEnsembleConfig",
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
    "canonical_ensemble",
    "clear_sector_cache",
    "crossover_temperature",
    "diffusion_from_resistivity",
    "diffuson_ratio",
    "disorder_ensemble",
    "dmrg_drude_weight",
    "dmrg_ground_energy",
    "drude_weight",
    "fermi_velocity",
    "flux_harmonics",
    "grand_canonical_ensemble",
    "grand_canonical_harmonics",
    "ground_state",
    "ground_state_current",
    "impurity_potential",
    "interacting_disorder",
    "interacting_ensemble",
    "landauer_transmission",
    "lattice_levels",
    "luttinger_parameters",
    "luttinger_ring",
    "measure_transport",
    "number_variance_harmonics",
    "persistent_current",
    "persistent_walk",
    "ring_levels_from_scattering",
    "ring_prediction",
    "sawtooth_amplitude",
    "scatterer_transmission",
    "scattering_amplitudes",
    "scattering_current",
    "scattering_levels",
    "spectrum",
    "thouless_energy",
    "transmission",
    "typical_current",
    "typical_current_scan",
    "typical_current_si",
    "typical_harmonics",
    "weak_transmission_amplitude",
]
