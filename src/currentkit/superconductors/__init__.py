"""Superconducting rings: materials, London electrodynamics, inductance, fluxoid states,
critical currents, phase slips and Little-Parks (SI units; Φ0 = h/2e); Josephson rings and
qubits: rf SQUID / fluxonium and the three-junction flux qubit (energies in GHz, E/h)."""

from currentkit.superconductors.annulus import annulus_current, jump_fields, stable_windings
from currentkit.superconductors.critical import (
    coherence_length,
    critical_current,
    depairing_current_density,
    max_winding,
    penetration_depth,
    thermodynamic_field,
)
from currentkit.superconductors.flux_qubit import FluxQubit
from currentkit.superconductors.fluxoid import fluxoid_states, ground_winding
from currentkit.superconductors.junction import (
    ambegaokar_baratoff,
    charging_energy,
    inductive_energy,
    josephson_energy,
)
from currentkit.superconductors.little_parks import little_parks, tc_shift
from currentkit.superconductors.london import (
    london_acceleration,
    london_penetration_depth,
    meissner_profile,
)
from currentkit.superconductors.materials import Material, known_materials, material
from currentkit.superconductors.phase_slips import (
    Wire,
    phase_slip_table,
    sweep_hysteresis,
    switching_current,
)
from currentkit.superconductors.qubit_spectrum import (
    CutoffWarning,
    TwoLevel,
    qubit_spectrum,
    two_level,
)
from currentkit.superconductors.rf_squid import RfSquid
from currentkit.superconductors.rf_squid_wells import classical_wells, rf_squid_hysteresis
from currentkit.superconductors.ring import Inductance, Ring
from currentkit.superconductors.tdgl_ring import FilmRing, simulate_ring

__all__ = [
    "CutoffWarning",
    "FilmRing",
    "FluxQubit",
    "Inductance",
    "Material",
    "RfSquid",
    "Ring",
    "TwoLevel",
    "Wire",
    "ambegaokar_baratoff",
    "annulus_current",
    "charging_energy",
    "classical_wells",
    "coherence_length",
    "critical_current",
    "depairing_current_density",
    "fluxoid_states",
    "ground_winding",
    "inductive_energy",
    "josephson_energy",
    "jump_fields",
    "known_materials",
    "little_parks",
    "london_acceleration",
    "london_penetration_depth",
    "material",
    "max_winding",
    "meissner_profile",
    "penetration_depth",
    "phase_slip_table",
    "qubit_spectrum",
    "rf_squid_hysteresis",
    "simulate_ring",
    "stable_windings",
    "sweep_hysteresis",
    "switching_current",
    "tc_shift",
    "thermodynamic_field",
    "two_level",
]
