"""rf SQUID / fluxonium: one Josephson junction closed by a loop of inductance L.

Energies in GHz (E/h), the applied flux f = Φ/Φ0 with Φ0 = h/2e, φ the junction's gauge-invariant
phase and n = −i∂/∂φ its Cooper-pair number:

    H = 4E_C n² − E_J cos φ + ½E_L(φ − 2πf)²,   E_L = (Φ0/2π)²/L,

with φ extended (not 2π-periodic): the loop's winding makes each classical well a fluxoid state.
The variable θ = φ − 2πf turns H into the LC oscillator 4E_C n² + ½E_L θ² (ħω_p = √(8E_C E_L))
plus −E_J cos(θ + 2πf), which is scqubits' ``Fluxonium`` (same spectrum). We diagonalise in the
oscillator's first ``cutoff`` number states: θ = θ_zpf(a + a†), θ_zpf = (2E_C/E_L)^{1/4}, and
cos(θ + 2πf) = V cos(λ + 2πf) Vᵀ from the eigen-decomposition θ = V λ Vᵀ of the truncated θ (the
Gauss-Hermite quadrature of the oscillator basis), so only the diagonal changes with the flux.
The persistent current of level k is I_k = −∂E_k/∂Φ with ∂E_k/∂f = 2πE_J⟨k|sin(θ + 2πf)|k⟩
(Hellmann-Feynman; equal to −2πE_L⟨k|φ − 2πf|k⟩ for exact eigenstates).

Classical limit
---------------
U(φ) = −E_J cos φ + ½E_L(φ − 2πf)² has its stationary points at 2πf = φ + β_L sin φ, with the
screening parameter β_L = 2πL I_c/Φ0 = E_J/E_L. For β_L < 1 the map φ → φ + β_L sin φ is monotonic:
one well at every flux. For β_L > 1 several minima (U'' = E_J cos φ + E_L > 0) coexist, the
metastable fluxoid states; well n (φ near 2πn) exists while |2π(f − n)| < φ_s with
φ_s = arccos(−1/β_L) + √(β_L² − 1), where it vanishes at the spinodal cos φ = −1/β_L.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.linalg as sla

from currentkit.errors import ParameterError
from currentkit.superconductors.junction import (
    charging_energy,
    count,
    energy_ghz,
    flux_grid,
    inductive_energy,
    josephson_energy,
)

if TYPE_CHECKING:
    from currentkit.superconductors.ring import Ring

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RfSquid:
    """rf SQUID / fluxonium; energies in GHz (E/h), as scqubits' ``Fluxonium``.

    Parameters
    ----------
    EJ
        Josephson energy (≥ 0).
    EC
        Charging energy e²/(2C) of the junction's capacitance (> 0).
    EL
        Inductive energy (Φ0/2π)²/L of the loop (> 0).
    cutoff
        Number of oscillator states of the basis (≥ 4).
    """

    EJ: float
    EC: float
    EL: float
    cutoff: int = 110

    def __post_init__(self) -> None:
        object.__setattr__(self, "EJ", energy_ghz("EJ", self.EJ))
        for name in ("EC", "EL"):
            value = energy_ghz(name, getattr(self, name))
            if value == 0:
                raise ParameterError(name, value, "a positive energy in GHz")
            object.__setattr__(self, name, value)
        object.__setattr__(self, "cutoff", count("cutoff", self.cutoff, 4, "oscillator states"))

    @classmethod
    def from_ring(cls, ring: Ring, critical_current: float, capacitance: float, *,
                  temperature: float = 0.0, cutoff: int = 110) -> RfSquid:
        """A junction (I_c in A, C in F) closing a :class:`Ring`; E_L from L = L_g + L_k at T."""
        inductance = ring.inductance(temperature).total
        return cls(josephson_energy(critical_current), charging_energy(capacitance),
                   inductive_energy(inductance), cutoff=cutoff)

    @property
    def beta_L(self) -> float:
        """Screening parameter β_L = 2πL I_c/Φ0 = E_J/E_L."""
        return self.EJ / self.EL

    @property
    def plasma_energy(self) -> float:
        """ħω_p = √(8E_C E_L) in GHz: the level spacing when E_J → 0."""
        return math.sqrt(8 * self.EC * self.EL)

    @property
    def cutoff_name(self) -> str:
        """Name of the basis-cutoff parameter (for convergence reports)."""
        return "cutoff"

    def enlarged(self) -> RfSquid:
        """The same circuit with 20 % (at least 10) more oscillator states."""
        return replace(self, cutoff=self.cutoff + max(10, self.cutoff // 5))

    @property
    def dimension(self) -> int:
        """Hilbert-space dimension (the cutoff)."""
        return self.cutoff

    @cached_property
    def _quadrature(self) -> tuple[Floats, Floats]:
        """Eigenvalues λ and vectors V of the truncated θ = θ_zpf(a + a†)."""
        zpf = (2 * self.EC / self.EL) ** 0.25
        off = zpf * np.sqrt(np.arange(1, self.cutoff, dtype=float))
        lam, vec = sla.eigh_tridiagonal(np.zeros(self.cutoff), off)
        return lam, vec

    def operators(self) -> dict[str, Floats]:
        """Oscillator-basis θ (= φ − 2πf) and i·n (real: n = i n_zpf(a† − a)), dimensionless."""
        k = np.sqrt(np.arange(1, self.cutoff, dtype=float))
        theta = (2 * self.EC / self.EL) ** 0.25 * (np.diag(k, 1) + np.diag(k, -1))
        n_zpf = (self.EL / (32 * self.EC)) ** 0.25
        i_n = -n_zpf * (np.diag(k, -1) - np.diag(k, 1))  # i·n = −n_zpf(a† − a)
        return {"phi": theta, "i_n": i_n}

    def hamiltonian(self, flux: float) -> Floats:
        """H(f) in GHz in the oscillator basis (real symmetric, cutoff × cutoff)."""
        lam, vec = self._quadrature
        oscillator = self.plasma_energy * (np.arange(self.cutoff) + 0.5)
        cosine = (vec * np.cos(lam + 2 * math.pi * flux)) @ vec.T
        return np.diag(oscillator) - self.EJ * cosine

    def eigensystem(self, flux: npt.ArrayLike, levels: int) -> tuple[Floats, Floats, Floats]:
        """Lowest ``levels`` energies (GHz), slopes ∂E/∂f (GHz/Φ0) and vectors at each flux."""
        fluxes = flux_grid(flux)
        levels = count("levels", levels, 1, "number of levels")
        if levels > self.cutoff:
            raise ParameterError("levels", levels, f"at most the cutoff {self.cutoff}")
        lam, vec = self._quadrature
        energies = np.empty((fluxes.size, levels))
        slopes = np.empty((fluxes.size, levels))
        vectors = np.empty((fluxes.size, self.cutoff, levels))
        for i, f in enumerate(fluxes):
            w, v = sla.eigh(self.hamiltonian(float(f)), subset_by_index=(0, levels - 1))
            weights = (vec.T @ v) ** 2  # |⟨λ_j|k⟩|²
            energies[i] = w
            slopes[i] = 2 * math.pi * self.EJ * (np.sin(lam + 2 * math.pi * f) @ weights)
            vectors[i] = v
        return energies, slopes, vectors

    def transition_elements(self, flux: float, initial: int = 0,
                            final: int = 1) -> dict[str, complex]:
        """⟨initial|O|final⟩ of φ (direct), n, and ∂H/∂f (GHz per Φ0) at ``flux``.

        Also ``phi_commutator`` = 8iE_C⟨a|n|b⟩/(E_b − E_a), the value [H, φ] = −8iE_C n gives
        for exact eigenstates: a check of the basis.
        """
        initial = count("initial", initial, 0, "level index")
        final = count("final", final, 0, "level index")
        top = max(initial, final)
        energies, _, vectors = self.eigensystem(np.array([flux]), top + 1)
        a, b = vectors[0][:, initial], vectors[0][:, final]
        ops = self.operators()
        n_ab = complex(-1j * (a @ ops["i_n"] @ b))
        lam, vec = self._quadrature
        sin_op = (vec * np.sin(lam + 2 * math.pi * flux)) @ vec.T
        gap = energies[0, final] - energies[0, initial]
        if gap == 0:
            raise ParameterError("final", final, "a level of different energy from initial")
        return {"phi": complex(a @ ops["phi"] @ b), "n": n_ab,
                "dH_dflux": complex(2 * math.pi * self.EJ * (a @ sin_op @ b)),
                "phi_commutator": 8j * self.EC * n_ab / gap}

    def potential(self, phase: npt.ArrayLike, flux: float) -> Floats:
        """Classical U(φ) = −E_J cos φ + ½E_L(φ − 2πf)² in GHz."""
        phi = np.asarray(phase, dtype=float)
        return np.asarray(-self.EJ * np.cos(phi) + 0.5 * self.EL * (phi - 2 * math.pi * flux)**2)

    @property
    def spinodal_offset(self) -> float:
        """φ_s/2π (in Φ0): well n exists for |f − n| < φ_s/2π; 1/2 ... for β_L ≤ 1 it is ∞."""
        beta = self.beta_L
        if beta <= 1:
            return math.inf
        return (math.acos(-1 / beta) + math.sqrt(beta**2 - 1)) / (2 * math.pi)

    def well_phase(self, flux: float, winding: int) -> float:
        """Phase φ of the minimum of well ``winding`` at ``flux`` (NaN where it does not exist).

        Solves 2πf = φ + β_L sin φ on the stable branch |φ − 2πn| < arccos(−1/β_L) (all φ for
        β_L ≤ 1) by bisection, which converges there because the map is increasing.
        """
        beta = self.beta_L
        target = 2 * math.pi * flux
        half = math.acos(-1 / beta) if beta > 1 else math.pi
        low, high = 2 * math.pi * winding - half, 2 * math.pi * winding + half
        if beta <= 1:
            low, high = target - beta - 1e-9, target + beta + 1e-9
        def g(p: float) -> float:
            return p + beta * math.sin(p) - target
        if not (g(low) <= 0 <= g(high)):
            return math.nan
        for _ in range(200):
            mid = 0.5 * (low + high)
            if g(mid) > 0:
                high = mid
            else:
                low = mid
            if high - low < 1e-15 * max(1.0, abs(mid)):
                break
        return 0.5 * (low + high)
