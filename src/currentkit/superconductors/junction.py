"""Josephson-junction energies from device parameters, in GHz (E/h) as the qubit field quotes them.

Conventions
-----------
Φ0 = h/2e. Every energy here is a frequency E/h in GHz, the unit of scqubits and of the
experimental papers. A junction of critical current I_c has the Josephson energy

    E_J = ħI_c/(2e) = Φ0 I_c/(2π),

a capacitance C the charging energy of one electron E_C = e²/(2C) (the Cooper-pair charging
energy is 4E_C, as in H = 4E_C n² with n the number of Cooper pairs), and an inductance L the
inductive energy E_L = (Φ0/2π)²/L. The Ambegaokar–Baratoff relation gives a tunnel junction's
critical current at T = 0 from its normal-state resistance R_n and the BCS gap
Δ(0) = 1.764 k_B Tc: I_c R_n = πΔ(0)/(2e).

A persistent current follows from an energy in GHz and a flux in units of Φ0 as
I = −∂E/∂Φ = −(h·10⁹/Φ0)·∂E[GHz]/∂(Φ/Φ0) = −2e·10⁹·∂E[GHz]/∂(Φ/Φ0) amperes:
:data:`NANOAMPERE_PER_GHZ` is 2e·10¹⁸ ≈ 0.3204 nA per GHz per flux quantum.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
import numpy.typing as npt

from currentkit.errors import ParameterError, finite_real, positive_real
from currentkit.units import BOLTZMANN, ELEMENTARY_CHARGE, FLUX_QUANTUM_SUPERCONDUCTING, PLANCK

#: h·1 GHz in joules: the energy unit of the qubit models.
JOULE_PER_GHZ: float = PLANCK * 1e9
#: Current in nA of a slope of 1 GHz per flux quantum Φ0 = h/2e: 2e·10⁹·10⁹.
NANOAMPERE_PER_GHZ: float = 2 * ELEMENTARY_CHARGE * 1e18
#: BCS weak-coupling gap ratio Δ(0)/(k_B Tc) = π e^{−γ_Euler} = 1.764.
BCS_GAP_RATIO: float = math.pi * math.exp(-0.5772156649015329)


def energy_ghz(name: str, value: Any) -> float:
    """``value`` as a float if it is a finite energy ≥ 0 in GHz, else :class:`ParameterError`."""
    return finite_real(name, value, "a finite energy ≥ 0 in GHz (E/h)", nonnegative=True)


def count(name: str, value: Any, minimum: int, what: str) -> int:
    """``value`` as an int if it is an integer ≥ ``minimum`` (not a bool), else ParameterError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ParameterError(name, value, f"an integer ≥ {minimum} ({what})")
    return int(value)


def josephson_energy(critical_current: float) -> float:
    """E_J/h = Φ0 I_c/(2πh) in GHz for a junction of critical current I_c (A)."""
    ic = positive_real("critical_current", critical_current, "a positive current in A")
    return FLUX_QUANTUM_SUPERCONDUCTING * ic / (2 * math.pi) / JOULE_PER_GHZ


def critical_current_of(josephson_energy_ghz: float) -> float:
    """I_c = 2πE_J/Φ0 in A for a Josephson energy E_J/h in GHz (the inverse of the above)."""
    ej = positive_real("josephson_energy", josephson_energy_ghz, "a positive energy in GHz")
    return 2 * math.pi * ej * JOULE_PER_GHZ / FLUX_QUANTUM_SUPERCONDUCTING


def charging_energy(capacitance: float) -> float:
    """E_C/h = e²/(2Ch) in GHz for a capacitance C (F)."""
    c = positive_real("capacitance", capacitance, "a positive capacitance in F")
    return ELEMENTARY_CHARGE**2 / (2 * c) / JOULE_PER_GHZ


def capacitance_of(charging_energy_ghz: float) -> float:
    """C = e²/(2E_C) in F for a charging energy E_C/h in GHz (the inverse of the above)."""
    ec = positive_real("charging_energy", charging_energy_ghz, "a positive energy in GHz")
    return ELEMENTARY_CHARGE**2 / (2 * ec * JOULE_PER_GHZ)


def inductive_energy(inductance: float) -> float:
    """E_L/h = (Φ0/2π)²/(Lh) in GHz for an inductance L (H)."""
    ind = positive_real("inductance", inductance, "a positive inductance in H")
    return (FLUX_QUANTUM_SUPERCONDUCTING / (2 * math.pi)) ** 2 / ind / JOULE_PER_GHZ


def inductance_of(inductive_energy_ghz: float) -> float:
    """L = (Φ0/2π)²/E_L in H for an inductive energy E_L/h in GHz (the inverse of the above)."""
    el = positive_real("inductive_energy", inductive_energy_ghz, "a positive energy in GHz")
    return (FLUX_QUANTUM_SUPERCONDUCTING / (2 * math.pi)) ** 2 / (el * JOULE_PER_GHZ)


def ambegaokar_baratoff(normal_resistance: float, critical_temperature: float) -> float:
    """Critical current I_c = πΔ(0)/(2eR_n) (A) of a tunnel junction at T = 0.

    Ambegaokar–Baratoff (Phys. Rev. Lett. 10, 486 (1963)) with the weak-coupling BCS gap
    Δ(0) = 1.764 k_B Tc of both (identical) electrodes.

    Parameters
    ----------
    normal_resistance
        Normal-state tunnel resistance R_n (Ω).
    critical_temperature
        Tc of the electrodes (K).
    """
    rn = positive_real("normal_resistance", normal_resistance, "a positive resistance in Ω")
    tc = positive_real("critical_temperature", critical_temperature, "a positive Tc in K")
    gap = BCS_GAP_RATIO * BOLTZMANN * tc
    return math.pi * gap / (2 * ELEMENTARY_CHARGE * rn)


def flux_grid(flux: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """``flux`` (Φ/Φ0) as a non-empty 1-D float array of finite values, else ParameterError."""
    try:
        values = np.atleast_1d(np.asarray(flux, dtype=float))
    except (TypeError, ValueError):
        raise ParameterError("flux", flux, "finite real numbers (units of Φ0 = h/2e)") from None
    if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)):
        raise ParameterError("flux", flux, "a non-empty 1-D grid of finite values (units of Φ0)")
    return values
