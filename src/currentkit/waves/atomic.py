"""Atomic units (ħ = m_e = e = 4πε0 = 1) and their SI values, for the wave-mechanics modules.

The functions of :mod:`currentkit.waves` default to ħ = m = 1 and q = −1: an electron in atomic
units. Lengths are then in bohr a0, times in ħ/E_h, energies in hartree E_h, vector potentials in
ħ/(e·a0) and a current (charge per time) in e·E_h/ħ = 6.623618237e-3 A. Every value here comes
from :mod:`scipy.constants` (CODATA) through :mod:`currentkit.units` or directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy import constants as _c

from currentkit import units


@dataclass(frozen=True)
class AtomicUnits:
    """SI values of the atomic units (all read from CODATA; construct with no arguments).

    Attributes
    ----------
    length
        Bohr radius a0 (m).
    energy
        Hartree E_h (J).
    time
        ħ/E_h (s).
    current
        e·E_h/ħ (A), the atomic unit of current.
    vector_potential
        ħ/(e·a0) (T·m).
    velocity
        a0·E_h/ħ (m/s).
    """

    length: float = _c.physical_constants["Bohr radius"][0]
    energy: float = units.HARTREE
    time: float = _c.physical_constants["atomic unit of time"][0]
    current: float = units.ATOMIC_UNIT_OF_CURRENT
    vector_potential: float = units.HBAR / (units.ELEMENTARY_CHARGE
                                            * _c.physical_constants["Bohr radius"][0])
    velocity: float = _c.physical_constants["atomic unit of velocity"][0]


#: The atomic units, SI values.
ATOMIC = AtomicUnits()


def current_to_amperes(current: float, charge: float = -1.0) -> float:
    """Charge current in A of a probability current through a surface, in atomic units.

    Parameters
    ----------
    current
        Probability per unit time (in units of E_h/ħ) crossing a surface, e.g. the value of a
        1D probability current j or a flux ∫ j·dS of a normalised wavefunction.
    charge
        The particle's charge in units of e (−1 for an electron).

    Returns
    -------
    float
        q·j in amperes: charge × current × e·E_h/ħ.
    """
    return float(charge) * float(current) * ATOMIC.current


__all__ = ["ATOMIC", "AtomicUnits", "current_to_amperes"]
