"""Ring models: parameter sets of the normal-metal rings currentkit computes currents for.

Models are frozen dataclasses validated on construction: a bad value raises
:class:`~currentkit.errors.ParameterError` naming the parameter, the value and what is allowed.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import xarray as xr

from currentkit import units
from currentkit.errors import ParameterError, positive_real

Statistics = Literal["fermion", "boson"]
Transverse = Literal["open", "periodic"]


def flux_coordinate(grid: np.ndarray, quantum: float = units.FLUX_QUANTUM_NORMAL
                    ) -> xr.DataArray:
    """The ``flux`` coordinate Φ/Φ0 of ring results, with the flux quantum Φ0 (Wb) in attrs."""
    return xr.DataArray(
        grid, dims="flux",
        attrs={"units": "Phi0", "long_name": "magnetic flux through the ring, Φ/Φ0",
               "flux_quantum": quantum, "flux_quantum_units": "Wb"})




def _count(name: str, value: int, minimum: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ParameterError(name, value, f"an integer ≥ {minimum} ({what})")
    return int(value)


def _statistics(value: str, spin: bool) -> None:
    if value not in ("fermion", "boson"):
        raise ParameterError("statistics", value, "'fermion' or 'boson'")
    if value == "boson" and spin:
        raise ParameterError("spin", spin, "False for bosons (spinless bosons only)")


@dataclass(frozen=True)
class ContinuumRing:
    """A particle of mass ``mass`` and charge ``charge`` on a ring of radius ``radius`` (SI).

    Parameters
    ----------
    radius
        Ring radius R (m).
    mass
        Particle mass m (kg); the electron mass by default.
    charge
        Particle charge q (C); the electron's −e by default.
    spin
        Spin-1/2 particles (two degenerate copies of every orbital level) if true.
    statistics
        ``"fermion"`` or ``"boson"`` (spinless bosons, for contrast).

    Notes
    -----
    With Φ threading the ring and f = Φ/Φ0, Φ0 = h/|q|, the state of canonical angular momentum
    ℓħ has energy E_ℓ = (ħ²/2mR²)(ℓ − s·f)² with s = sign(q), and current
    I_ℓ = −∂E_ℓ/∂Φ = qħ(ℓ − s·f)/(2πmR²), equal to q times its angular velocity over 2π.
    The spectrum as a set, and so every many-body I(Φ), does not depend on the sign of q.
    """

    radius: float
    mass: float = units.ELECTRON_MASS
    charge: float = -units.ELEMENTARY_CHARGE
    spin: bool = False
    statistics: Statistics = "fermion"

    def __post_init__(self) -> None:
        positive_real("radius", self.radius, "a positive, finite radius in metres")
        positive_real("mass", self.mass, "a positive, finite mass in kilograms")
        if isinstance(self.charge, bool) or not (
            isinstance(self.charge, numbers.Real) and math.isfinite(self.charge) and self.charge
        ):
            raise ParameterError("charge", self.charge, "a finite, non-zero charge in coulombs")
        _statistics(self.statistics, self.spin)

    @property
    def degeneracy(self) -> int:
        """Spin degeneracy g of each orbital level (2 for spin-1/2, else 1)."""
        return 2 if self.spin else 1

    @property
    def flux_quantum(self) -> float:
        """Φ0 = h/|q| (Wb)."""
        return units.flux_quantum(self.charge)

    @property
    def circumference(self) -> float:
        """L = 2πR (m)."""
        return 2 * math.pi * self.radius

    @property
    def level_energy(self) -> float:
        """ε0 = ħ²/(2mR²) (J), the energy scale of E_ℓ = ε0(ℓ − s·f)²."""
        return units.HBAR**2 / (2 * self.mass * self.radius**2)

    @property
    def current_unit(self) -> float:
        """|q|ħ/(2πmR²) (A): a state's current per unit of (ℓ − s·f)."""
        return abs(self.charge) * units.HBAR / (2 * math.pi * self.mass * self.radius**2)

    def rotation_flux(self, angular_velocity: float) -> float:
        """Effective reduced flux f_eff = s·mΩR²/ħ of rotation at Ω (rad/s) about +z.

        In the frame co-rotating with the ring the Hamiltonian gains −ΩL_z, which completes the
        square of E_ℓ exactly as a flux Φ_eff = 2πmΩR²/q does (Φ_eff/Φ0 = s·mΩR²/ħ).
        """
        if not math.isfinite(angular_velocity):
            raise ParameterError("rotation", angular_velocity, "a finite angular velocity in rad/s")
        return math.copysign(1.0, self.charge) * self.mass * angular_velocity * self.radius**2 / (
            units.HBAR
        )


@dataclass(frozen=True, eq=False)
class LatticeRing:
    """A tight-binding ring of ``sites`` slices of ``channels`` sites, in lattice units.

    Parameters
    ----------
    sites
        Number of slices L around the ring (≥ 3).
    channels
        Sites per slice M (1 for a strictly 1D ring).
    hopping
        Hopping t along the ring (energy unit; 1 by convention).
    transverse_hopping
        Hopping t⊥ between neighbouring channels of a slice.
    transverse
        ``"open"`` (a strip) or ``"periodic"`` (a cylinder, M ≥ 3) transverse boundary.
    potential
        On-site energies ε, shape (L,) or (M, L); ``None`` for a clean ring.
    spin
        Spin-1/2 electrons (every orbital level twice) if true.
    statistics
        ``"fermion"`` or ``"boson"``.

    Notes
    -----
    H = −t Σ_{j,m} (e^{iφ/L} c†_{j+1,m} c_{j,m} + h.c.) − t⊥ Σ_{j,⟨m m'⟩} c†_{j,m} c_{j,m'}
    + Σ ε_{m,j} n_{j,m}, with φ = 2πΦ/Φ0, Φ0 = h/e, the flux threading the hole only.
    The clean 1D spectrum is E_k = −2t cos((2πk − φ)/L).
    """

    sites: int
    channels: int = 1
    hopping: float = 1.0
    transverse_hopping: float = 1.0
    transverse: Transverse = "open"
    potential: np.ndarray | None = field(default=None, repr=False)
    spin: bool = False
    statistics: Statistics = "fermion"

    def __post_init__(self) -> None:
        _count("sites", self.sites, 3, "slices around the ring")
        _count("channels", self.channels, 1, "sites per slice")
        positive_real("hopping", self.hopping, "a positive, finite hopping energy")
        if isinstance(self.transverse_hopping, bool) or not (
            isinstance(self.transverse_hopping, numbers.Real)
            and math.isfinite(self.transverse_hopping)
        ):
            raise ParameterError("transverse_hopping", self.transverse_hopping, "a finite energy")
        if self.transverse not in ("open", "periodic"):
            raise ParameterError("transverse", self.transverse, "'open' or 'periodic'")
        if self.transverse == "periodic" and self.channels < 3:
            raise ParameterError("channels", self.channels, "≥ 3 for a periodic (cylinder) ring")
        _statistics(self.statistics, self.spin)
        if self.potential is not None:
            pot = np.array(self.potential, dtype=float)
            if pot.shape not in ((self.sites,), (self.channels, self.sites)):
                allowed = f"shape ({self.sites},) or ({self.channels}, {self.sites})"
                raise ParameterError("potential", f"array of shape {pot.shape}", allowed)
            if not np.all(np.isfinite(pot)):
                bad = int(np.flatnonzero(~np.isfinite(pot.ravel()))[0])
                raise ParameterError("potential", f"non-finite entry at flat index {bad}",
                                     "finite on-site energies")
            pot = np.broadcast_to(pot, (self.channels, self.sites)).copy()
            pot.flags.writeable = False
            object.__setattr__(self, "potential", pot)

    @property
    def degeneracy(self) -> int:
        """Spin degeneracy g of each orbital level."""
        return 2 if self.spin else 1

    @property
    def states(self) -> int:
        """Number of single-particle states L·M·g."""
        return self.sites * self.channels * self.degeneracy

    @property
    def is_clean(self) -> bool:
        """Whether the on-site energies are uniform (the spectrum is then known in closed form)."""
        return self.potential is None or bool(np.ptp(self.potential) == 0)

    def transverse_energies(self) -> np.ndarray:
        """Energies of the M transverse modes of one slice (open: −2t⊥cos(πm/(M+1)))."""
        m = np.arange(1, self.channels + 1)
        if self.channels == 1:
            return np.zeros(1)
        if self.transverse == "open":
            return -2 * self.transverse_hopping * np.cos(np.pi * m / (self.channels + 1))
        return -2 * self.transverse_hopping * np.cos(2 * np.pi * m / self.channels)
