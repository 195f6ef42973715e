"""The continuum ring: single-particle levels and the closed forms of its persistent current.

A particle of mass m and charge q on a ring of radius R threaded by Φ (f = Φ/Φ0, Φ0 = h/|q|):
E_ℓ = ε0(ℓ − s·f)², ε0 = ħ²/(2mR²), s = sign(q), and I_ℓ = −∂E_ℓ/∂Φ = qħ(ℓ − s·f)/(2πmR²).
Energies are in joules, currents in amperes, temperatures in kelvin.
"""

from __future__ import annotations

import math

import numpy as np

from currentkit import units
from currentkit.errors import ParameterError
from currentkit.rings.models import ContinuumRing


def levels(
    ring: ContinuumRing, flux: np.ndarray, max_energy: float, *, minimum: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Every level with E_ℓ ≤ ``max_energy`` (at least ``minimum`` orbitals), spin repeated.

    Parameters
    ----------
    ring
        The ring.
    flux
        Reduced flux f = Φ/Φ0, shape (F,).
    max_energy
        Highest energy kept (J).
    minimum
        Fewest orbital levels kept per flux point.

    Returns
    -------
    energies, currents
        Shape (F, n·g): E_ℓ (J) and I_ℓ = −∂E_ℓ/∂Φ (A), the same ℓ set for every flux point
        relative to the nearest integer to s·f (so the set is complete up to ``max_energy``).
    """
    shifted = math.copysign(1.0, ring.charge) * np.asarray(flux, dtype=float)
    frac = shifted - np.round(shifted)  # in [−1/2, 1/2]: the spectrum depends only on this
    reach = math.sqrt(max(max_energy, 0.0) / ring.level_energy) + 1.0
    reach = max(reach, minimum / 2 + 1.0)
    ell = np.arange(-math.ceil(reach), math.ceil(reach) + 1)
    kinetic = ell[None, :] - frac[:, None]
    energies = ring.level_energy * kinetic**2
    currents = math.copysign(ring.current_unit, ring.charge) * kinetic
    if ring.degeneracy > 1:
        energies = np.repeat(energies, ring.degeneracy, axis=1)
        currents = np.repeat(currents, ring.degeneracy, axis=1)
    return energies, currents


def fermi_wavevector(ring: ContinuumRing, electrons: int) -> float:
    """k_F = πN/(gL) (1/m): the Fermi wavevector of N particles, g per orbital level."""
    if electrons < 1:
        raise ParameterError("electrons", electrons, "≥ 1 for a Fermi wavevector")
    return math.pi * electrons / (ring.degeneracy * ring.circumference)


def fermi_velocity(ring: ContinuumRing, electrons: int) -> float:
    """v_F = ħk_F/m (m/s)."""
    return units.HBAR * fermi_wavevector(ring, electrons) / ring.mass


def sawtooth_amplitude(ring: ContinuumRing, electrons: int) -> float:
    """``I0 = |q|·v_F/L`` (A), the current scale of the clean ring (per spin species)."""
    return abs(ring.charge) * fermi_velocity(ring, electrons) / ring.circumference


def crossover_temperature(ring: ContinuumRing, electrons: int) -> float:
    """T* = ħv_F/(π k_B L) (K): harmonic p of the grand-canonical current falls as x/sinh x,
    x = pT/T*."""
    return units.HBAR * fermi_velocity(ring, electrons) / (
        math.pi * units.BOLTZMANN * ring.circumference
    )


def _sawtooth(y: np.ndarray) -> np.ndarray:
    """y − round(y), in [−1/2, 1/2], zero at the half-integers' midpoint convention."""
    out = y - np.round(y)
    return np.where(np.isclose(np.abs(out), 0.5, rtol=0, atol=1e-13), 0.0, out)


def ground_state_current(ring: ContinuumRing, electrons: int, flux: np.ndarray) -> np.ndarray:
    """Closed-form T = 0 current (A) of N free fermions (spinless or spin-1/2).

    Spinless: I = −(2N·ε0/Φ0)·saw(f − c), c = 0 for N odd (diamagnetic), 1/2 for N even
    (paramagnetic), saw(y) = y − round(y); the amplitude 2Nε0/Φ0 equals ``2|q|v_F/L``.
    Spin-1/2: the two species hold ⌈N/2⌉ and ⌊N/2⌋ particles, so the parity rule runs on N mod 4.
    At the jumps the mean of the two sides (zero) is returned.
    """
    if ring.statistics != "fermion":
        raise ParameterError("statistics", ring.statistics, "'fermion' for this closed form")
    f = np.asarray(flux, dtype=float)

    def spinless(n: int) -> np.ndarray:
        if n == 0:
            return np.zeros_like(f)
        shift = 0.0 if n % 2 else 0.5
        return -(2 * n * ring.level_energy / ring.flux_quantum) * _sawtooth(f - shift)

    if not ring.spin:
        return spinless(electrons)
    return spinless((electrons + 1) // 2) + spinless(electrons // 2)


def grand_canonical_harmonics(
    ring: ContinuumRing, mu: float, temperature: float, orders: np.ndarray
) -> np.ndarray:
    """Sine harmonics b_p (A) of the grand-canonical current, I(f) = Σ_p b_p sin(2πpf).

    b_p = g·(2I0/πp)·cos(p·k_F·L)·x_p/sinh(x_p), x_p = pT/T*, with k_F = √(2mμ)/ħ,
    ``I0 = |q|v_F/L`` and k_BT* = ħv_F/(πL). Derived by Poisson summation over ℓ with the
    dispersion linearised at the Fermi points: exact up to relative corrections of order
    1/(k_F·R) and k_BT/μ.
    """
    if not mu > 0:
        raise ParameterError("mu", mu, "a positive chemical potential in joules")
    k_f = math.sqrt(2 * ring.mass * mu) / units.HBAR
    v_f = units.HBAR * k_f / ring.mass
    i0 = abs(ring.charge) * v_f / ring.circumference
    t_star = units.HBAR * v_f / (math.pi * units.BOLTZMANN * ring.circumference)
    p = np.asarray(orders, dtype=float)
    x = p * temperature / t_star
    damping = np.where(x == 0, 1.0, x / np.sinh(np.where(x == 0, 1.0, x)))
    return ring.degeneracy * 2 * i0 / (np.pi * p) * np.cos(p * k_f * ring.circumference) * damping
