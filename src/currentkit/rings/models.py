"""Ring models: parameter sets of the normal-metal rings currentkit computes currents for.

Models are frozen dataclasses validated on construction: a bad value raises
:class:`~currentkit.errors.ParameterError` naming the parameter, the value and what is allowed.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import xarray as xr

from currentkit import units
from currentkit.errors import ParameterError, finite_real, integer, positive_real
from currentkit.results import labelled

Statistics = Literal["fermion", "boson"]
Transverse = Literal["open", "periodic"]


def flux_coordinate(grid: np.ndarray, quantum: float = units.FLUX_QUANTUM_NORMAL
                    ) -> xr.DataArray:
    """The ``flux`` coordinate Φ/Φ0 of ring results, with the flux quantum Φ0 (Wb) in attrs."""
    return labelled(grid, "flux", "Phi0", "magnetic flux through the ring, Φ/Φ0",
                    flux_quantum=quantum, flux_quantum_units="Wb")


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
    With Φ threading the ring and f = Φ/Φ0, ``Φ0 = h/|q|``, the state of canonical angular momentum
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
        """``Φ0 = h/|q|`` (Wb)."""
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
        """``|q|ħ/(2πmR²)`` (A): a state's current per unit of (ℓ − s·f)."""
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
        integer("sites", self.sites, minimum=3, what="slices around the ring")
        integer("channels", self.channels, minimum=1, what="sites per slice")
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


InteractionModel = Literal["t-V", "hubbard"]
#: Bytes per sector state of the estimate in :meth:`InteractingRing.memory_estimate`: the sparse
#: F, F† and H (complex128 + int32 index per entry, 1 + L·g/2 entries per row) and ~32 Lanczos
#: vectors of complex128. Measured peaks (tracemalloc, half-filled t-V, free-fermion sectors)
#: against this estimate: L = 24: 133 vs 139 MiB; L = 26: 451 vs 516 MiB; L = 28: 1938 vs
#: 1929 MiB.
_LANCZOS_VECTORS = 32


@dataclass(frozen=True, eq=False)
class InteractingRing:
    """A ring of L sites with interacting fermions, in lattice units.

    Parameters
    ----------
    sites
        Number of sites L ≥ 2.
    electrons
        t-V: the number N of spinless fermions, 0 ≤ N ≤ L. Hubbard: the total N, 0 ≤ N ≤ 2L,
        split as N↑ = ⌈N/2⌉, N↓ = ⌊N/2⌋ (S_z = 0 or 1/2), or an explicit pair (N↑, N↓) with
        0 ≤ N_σ ≤ L.
    hopping
        t > 0 (the energy unit).
    interaction
        V (nearest-neighbour, t-V) or U (on-site, Hubbard) in t; any finite sign.
    model
        ``"t-V"`` (spinless) or ``"hubbard"`` (spin-1/2).
    potential
        On-site energies ε_j (t), shape (L,), or ``None`` for a clean ring. Disorder removes the
        momentum sectors (the whole N sector is diagonalised).
    """

    sites: int
    electrons: int | tuple[int, int]
    hopping: float = 1.0
    interaction: float = 0.0
    model: InteractionModel = "t-V"
    potential: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sites", integer("sites", self.sites, minimum=2, what="L"))
        if self.model not in ("t-V", "hubbard"):
            raise ParameterError("model", self.model, "'t-V' or 'hubbard'")
        hop = finite_real("hopping", self.hopping, "a positive, finite hopping t")
        if hop <= 0:
            raise ParameterError("hopping", self.hopping, "a positive, finite hopping t")
        finite_real("interaction", self.interaction, "a finite V (t-V) or U (hubbard) in t")
        self._check_electrons()
        if self.potential is not None:
            pot = np.array(self.potential, dtype=float)
            if pot.shape != (self.sites,):
                raise ParameterError("potential", f"array of shape {pot.shape}",
                                     f"shape ({self.sites},)")
            if not np.all(np.isfinite(pot)):
                bad = int(np.flatnonzero(~np.isfinite(pot))[0])
                raise ParameterError("potential", f"non-finite entry at site {bad}",
                                     "finite on-site energies")
            pot.flags.writeable = False
            object.__setattr__(self, "potential", pot)

    def _check_electrons(self) -> None:
        n, big = self.electrons, self.sites
        if self.model == "t-V":
            object.__setattr__(self, "electrons", integer("electrons", n, minimum=0, maximum=big,
                                                          what="N ≤ L (t-V)"))
            return
        if isinstance(n, tuple):
            if len(n) != 2 or any(
                isinstance(x, bool) or not isinstance(x, numbers.Integral) or not 0 <= x <= big
                for x in n
            ):
                raise ParameterError("electrons", n, f"(N↑, N↓) with 0 ≤ N_σ ≤ L = {big}")
            object.__setattr__(self, "electrons", (int(n[0]), int(n[1])))
            return
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 0 <= n <= 2 * big:
            raise ParameterError("electrons", n,
                                 f"an integer 0 ≤ N ≤ 2L = {2 * big} or a pair (N↑, N↓) (hubbard)")
        object.__setattr__(self, "electrons", int(n))

    @property
    def spin_counts(self) -> tuple[int, ...]:
        """(N,) for t-V, (N↑, N↓) for Hubbard."""
        n = self.electrons
        if self.model == "t-V":
            return (int(n),)  # type: ignore[arg-type]
        if isinstance(n, tuple):
            return n
        return ((n + 1) // 2, n // 2)

    @property
    def total_electrons(self) -> int:
        """N (t-V) or N↑ + N↓ (Hubbard)."""
        return sum(self.spin_counts)

    @property
    def is_clean(self) -> bool:
        """Whether the on-site energies are uniform (momentum sectors apply)."""
        return self.potential is None or bool(np.ptp(self.potential) == 0)

    def with_electrons(self, electrons: int | tuple[int, int]) -> InteractingRing:
        """The same ring with another particle number."""
        return InteractingRing(self.sites, electrons, self.hopping, self.interaction, self.model,
                               self.potential)

    def sector_dimension(self) -> int:
        """States in the largest sector diagonalised: C(L, N↑)C(L, N↓)/L (clean) or the product."""
        dim = math.prod(math.comb(self.sites, n) for n in self.spin_counts)
        return math.ceil(dim / self.sites) if self.is_clean else dim

    def memory_estimate(self) -> int:
        """Bytes one sector's Lanczos needs (sparse F, F†, H and the Krylov vectors)."""
        per_row = 1 + self.sites * len(self.spin_counts) / 2
        per_state = 3 * per_row * (16 + 4) + _LANCZOS_VECTORS * 16
        return int(self.sector_dimension() * per_state)

    def parameters(self) -> dict[str, Any]:
        """The ring as a JSON-able mapping (for provenance)."""
        return {"sites": self.sites, "electrons": self.electrons, "hopping": self.hopping,
                "interaction": self.interaction, "model": self.model,
                "potential": None if self.potential is None else self.potential.tolist()}
