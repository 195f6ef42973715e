"""Physical constants, flux quanta and unit conversions.

Every constant comes from :mod:`scipy.constants` (CODATA); none is typed by hand.

Conventions
-----------
Lattice models use units with hopping t = lattice constant a = ħ = e = k_B = 1: energies in t,
currents in e·t/ħ, temperatures in t/k_B, times in ħ/t. :class:`LatticeUnits` converts them to SI
for a given t (in eV) and a (in m). Flux is measured in flux quanta: Φ0 = h/e for normal
(single-electron) rings, Φ0 = h/2e for superconductors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import constants as _c

from currentkit.errors import ParameterError

#: Planck constant h (J s).
PLANCK: float = _c.h
#: Reduced Planck constant ħ (J s).
HBAR: float = _c.hbar
#: Elementary charge e (C).
ELEMENTARY_CHARGE: float = _c.e
#: Electron mass m_e (kg).
ELECTRON_MASS: float = _c.m_e
#: Boltzmann constant k_B (J/K).
BOLTZMANN: float = _c.k
#: Vacuum permeability μ0 (H/m).
MU_0: float = _c.mu_0
#: Electronvolt (J).
ELECTRONVOLT: float = _c.eV
#: Normal-metal flux quantum Φ0 = h/e (Wb).
FLUX_QUANTUM_NORMAL: float = _c.h / _c.e
#: Superconducting flux quantum Φ0 = h/2e (Wb).
FLUX_QUANTUM_SUPERCONDUCTING: float = _c.h / (2 * _c.e)
#: Atomic unit of current e·E_h/ħ (A).
ATOMIC_UNIT_OF_CURRENT: float = _c.physical_constants["atomic unit of current"][0]
#: Hartree energy E_h (J).
HARTREE: float = _c.physical_constants["Hartree energy"][0]
#: Bohr magneton μ_B (J/T).
BOHR_MAGNETON: float = _c.physical_constants["Bohr magneton"][0]


def flux_quantum(charge: float) -> float:
    """Flux quantum ``Φ0 = h/|q|`` (Wb) for a particle of charge ``charge`` (C)."""
    if not math.isfinite(charge) or charge == 0:
        raise ParameterError("charge", charge, "a finite, non-zero charge in coulombs")
    return PLANCK / abs(charge)


def field_for_flux(flux: float, radius: float) -> float:
    """Uniform field B = Φ/(πR²) (T) that threads ``flux`` (Wb) through a ring of ``radius`` (m)."""
    if not radius > 0:
        raise ParameterError("radius", radius, "a positive radius in metres")
    return flux / (math.pi * radius**2)


def current_from_count(
    electrons: float, seconds: float, charge: float = ELEMENTARY_CHARGE
) -> float:
    """Current I = N·q/t (A) of ``electrons`` carriers of ``charge`` passing in ``seconds``."""
    if not seconds > 0:
        raise ParameterError("seconds", seconds, "a positive time in seconds")
    return electrons * charge / seconds


def carriers_per_second(current: float, charge: float = ELEMENTARY_CHARGE) -> float:
    """Carriers per second N/t = I/q that make up ``current`` (A)."""
    return current / charge


def kelvin_to_joule(temperature: float) -> float:
    """Thermal energy k_B·T (J) of a temperature in kelvin."""
    return BOLTZMANN * temperature


@dataclass(frozen=True)
class LatticeUnits:
    """Conversion between lattice units (t = a = ħ = e = k_B = 1) and SI.

    Parameters
    ----------
    hopping_ev
        Hopping energy t in eV.
    spacing
        Lattice constant a in m.

    Notes
    -----
    Energy unit t; current unit e·t/ħ; time unit ħ/t; temperature unit t/k_B; velocity a·t/ħ.
    A tight-binding band −2t cos(ka) has effective mass m* = ħ²/(2ta²) at its bottom.
    """

    hopping_ev: float = 1.0
    spacing: float = 1e-10

    def __post_init__(self) -> None:
        if not (math.isfinite(self.hopping_ev) and self.hopping_ev > 0):
            raise ParameterError("hopping_ev", self.hopping_ev, "a positive energy in eV")
        if not (math.isfinite(self.spacing) and self.spacing > 0):
            raise ParameterError("spacing", self.spacing, "a positive length in metres")

    @property
    def energy(self) -> float:
        """The energy unit t in joules."""
        return self.hopping_ev * ELECTRONVOLT

    @property
    def current(self) -> float:
        """The current unit e·t/ħ in amperes."""
        return ELEMENTARY_CHARGE * self.energy / HBAR

    @property
    def time(self) -> float:
        """The time unit ħ/t in seconds."""
        return HBAR / self.energy

    @property
    def temperature(self) -> float:
        """The temperature unit t/k_B in kelvin."""
        return self.energy / BOLTZMANN

    @property
    def band_mass(self) -> float:
        """Effective mass ħ²/(2ta²) (kg) at the bottom of the tight-binding band."""
        return HBAR**2 / (2 * self.energy * self.spacing**2)
