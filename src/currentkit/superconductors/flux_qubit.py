"""The three-junction persistent-current (flux) qubit in the charge basis of its two islands.

Mooij et al., Science 285, 1036 (1999); Orlando et al., Phys. Rev. B 60, 15398 (1999). A loop of
negligible inductance is interrupted by three junctions; the islands between them carry the phases
φ1, φ2 and the Cooper-pair numbers n1, n2 (n_i = −i∂/∂φ_i, [φ_i, n_j] = iδ_ij). Energies in GHz
(E/h), the applied flux f = Φ/Φ0 with Φ0 = h/2e:

    H = 4 Σ_ij E_C,ij (n_i − n_gi)(n_j − n_gj)
        − E_J1 cos φ1 − E_J2 cos φ2 − E_J3 cos(2πf + φ1 − φ2),

the same Hamiltonian and conventions as scqubits' ``FluxQubit`` (the flux enters the third, α,
junction; f = 1/2 is the sweet spot). E_C,ij = (e²/2)(C⁻¹)_ij from the capacitance matrix
C = [[C1 + C3 + Cg1, −C3], [−C3, C2 + C3 + Cg2]] with C_k = e²/(2E_Ck), so E_C is a 2 × 2 matrix
of GHz. In the basis |n1, n2⟩, |n_i| ≤ ncut, (2 ncut + 1)² states, e^{iφ_i} raises n_i by one:
the kinetic term is diagonal and each cosine hops by one charge. Only the E_J3 hop
(n1, n2) → (n1 + 1, n2 − 1) carries the flux, as the phase e^{2πif}; the rest of H is built once.

Levels are found by shift-invert ARPACK (implicitly restarted Arnoldi) on the sparse H: the
shift σ lies below the ground state, which a sparse LDLᴴ factorisation of H − σ proves (no
negative pivot, Sylvester's law of inertia), so the levels returned are the lowest ones. The
shift of one flux point is taken from the previous one. The persistent current of level k is
I_k = −∂E_k/∂Φ, from Hellmann-Feynman: ∂E_k/∂f = ⟨k|∂H/∂f|k⟩ = 2πE_J3 Im(e^{2πif}⟨k|A|k⟩),
A the hop operator.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from currentkit.errors import ParameterError, finite_real
from currentkit.superconductors.junction import (
    capacitance_of,
    charging_energy,
    count,
    energy_ghz,
    flux_grid,
    josephson_energy,
)

logger = logging.getLogger(__name__)

Floats = npt.NDArray[np.float64]
Complexes = npt.NDArray[np.complex128]
#: Below this Hilbert-space dimension the levels come from dense ``eigh`` (cheaper there).
DENSE_LIMIT = 300


@dataclass(frozen=True)
class FluxQubit:
    """Three-junction flux qubit; every energy in GHz (E/h), as scqubits' ``FluxQubit``.

    Parameters
    ----------
    EJ1, EJ2, EJ3
        Josephson energies of the three junctions (≥ 0); EJ3 = αE_J is the flux-biased one.
    ECJ1, ECJ2, ECJ3
        Charging energies e²/(2C) of the junction capacitances (> 0).
    ECg1, ECg2
        Charging energies of the islands' gate capacitances (> 0).
    ng1, ng2
        Offset (gate) charges of the islands, in Cooper pairs.
    ncut
        Charge cutoff: ``|n_i| ≤ ncut`` on each island (≥ 1).
    """

    EJ1: float
    EJ2: float
    EJ3: float
    ECJ1: float
    ECJ2: float
    ECJ3: float
    ECg1: float
    ECg2: float
    ng1: float = 0.0
    ng2: float = 0.0
    ncut: int = 10

    def __post_init__(self) -> None:
        for name in ("EJ1", "EJ2", "EJ3"):
            object.__setattr__(self, name, energy_ghz(name, getattr(self, name)))
        for name in ("ECJ1", "ECJ2", "ECJ3", "ECg1", "ECg2"):
            value = energy_ghz(name, getattr(self, name))
            if value == 0:
                raise ParameterError(name, value, "a positive charging energy in GHz")
            object.__setattr__(self, name, value)
        for name in ("ng1", "ng2"):
            object.__setattr__(self, name, finite_real(name, getattr(self, name)))
        object.__setattr__(self, "ncut", count("ncut", self.ncut, 1, "charge cutoff per island"))

    @classmethod
    def from_device(cls, critical_currents: tuple[float, float, float],
                    capacitances: tuple[float, float, float],
                    gate_capacitances: tuple[float, float], *, ng1: float = 0.0,
                    ng2: float = 0.0, ncut: int = 10) -> FluxQubit:
        """The qubit of junctions with critical currents I_c (A) and capacitances C (F).

        E_Jk = Φ0 I_ck/(2πh), E_Ck = e²/(2C_k h) and E_Cgk = e²/(2C_gk h), in GHz.
        """
        if len(critical_currents) != 3 or len(capacitances) != 3 or len(gate_capacitances) != 2:
            raise ParameterError("critical_currents", critical_currents,
                                 "three critical currents, three capacitances, two gate "
                                 "capacitances")
        ej1, ej2, ej3 = (josephson_energy(i) for i in critical_currents)
        ec1, ec2, ec3 = (charging_energy(c) for c in capacitances)
        eg1, eg2 = (charging_energy(c) for c in gate_capacitances)
        return cls(ej1, ej2, ej3, ec1, ec2, ec3, eg1, eg2, ng1=ng1, ng2=ng2, ncut=ncut)

    @property
    def cutoff_name(self) -> str:
        """Name of the basis-cutoff parameter (for convergence reports)."""
        return "ncut"

    @property
    def cutoff(self) -> int:
        """The basis cutoff (ncut)."""
        return self.ncut

    def enlarged(self) -> FluxQubit:
        """The same qubit with ncut + 2 (the convergence check's reference)."""
        return replace(self, ncut=self.ncut + 2)

    @property
    def dimension(self) -> int:
        """Hilbert-space dimension (2 ncut + 1)²."""
        return (2 * self.ncut + 1) ** 2

    @property
    def EC_matrix(self) -> Floats:
        """E_C,ij = (e²/2)(C⁻¹)_ij in GHz (2 × 2), as scqubits' ``EC_matrix``."""
        c1, c2, c3 = (capacitance_of(e) for e in (self.ECJ1, self.ECJ2, self.ECJ3))
        g1, g2 = capacitance_of(self.ECg1), capacitance_of(self.ECg2)
        cmat = np.array([[c1 + c3 + g1, -c3], [-c3, c2 + c3 + g2]])
        # in units of c1 = e²/(2h·1 GHz) (the capacitance whose E_C is 1 GHz), C_k = 1/E_Ck and
        # E_C = (e²/2)C⁻¹ = (C/c1)⁻¹ GHz
        unit = capacitance_of(1.0)
        return np.asarray(np.linalg.inv(cmat / unit), dtype=float)

    @cached_property
    def _charges(self) -> tuple[Floats, Floats]:
        n = np.arange(-self.ncut, self.ncut + 1, dtype=float)
        n1, n2 = np.meshgrid(n, n, indexing="ij")
        return n1.ravel(), n2.ravel()

    @cached_property
    def _parts(self) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """(H without the E_J3 term, hop operator A: (n1, n2) → (n1 + 1, n2 − 1))."""
        size = 2 * self.ncut + 1
        n1, n2 = self._charges
        ec = self.EC_matrix
        q1, q2 = n1 - self.ng1, n2 - self.ng2
        kinetic = 4 * (ec[0, 0] * q1**2 + ec[1, 1] * q2**2 + 2 * ec[0, 1] * q1 * q2)
        up = sp.diags(np.ones(size - 1), -1, format="csr")  # e^{iφ}: |n⟩ → |n + 1⟩
        eye = sp.identity(size, format="csr")
        cos1 = sp.kron(up + up.T, eye) / 2
        cos2 = sp.kron(eye, up + up.T) / 2
        base = sp.diags(kinetic) - self.EJ1 * cos1 - self.EJ2 * cos2
        hop = sp.kron(up, up.T, format="csr")
        return sp.csr_matrix(base), hop

    def hamiltonian(self, flux: float) -> sp.csc_matrix:
        """H(f) in GHz, sparse, in the charge basis (index (n1 + ncut)(2 ncut + 1) + n2 + ncut)."""
        base, hop = self._parts
        phase = -0.5 * self.EJ3 * np.exp(2j * math.pi * flux)
        return sp.csc_matrix(base + phase * hop + np.conj(phase) * hop.T)

    def flux_derivative(self, flux: float) -> sp.csr_matrix:
        """∂H/∂f in GHz per flux quantum (f = Φ/Φ0)."""
        _, hop = self._parts
        phase = -0.5 * self.EJ3 * 2j * math.pi * np.exp(2j * math.pi * flux)
        return sp.csr_matrix(phase * hop + np.conj(phase) * hop.T)

    def operators(self) -> dict[str, sp.csr_matrix]:
        """Charge-basis operators n1, n2, cos φ_i and sin φ_i (dimensionless)."""
        size = 2 * self.ncut + 1
        n1, n2 = self._charges
        up = sp.diags(np.ones(size - 1), -1, format="csr")
        eye = sp.identity(size, format="csr")
        e1, e2 = sp.kron(up, eye, format="csr"), sp.kron(eye, up, format="csr")
        return {"n1": sp.diags(n1, format="csr"), "n2": sp.diags(n2, format="csr"),
                "cos_phi1": (e1 + e1.T) / 2, "cos_phi2": (e2 + e2.T) / 2,
                "sin_phi1": (e1 - e1.T) / 2j, "sin_phi2": (e2 - e2.T) / 2j}

    def eigensystem(self, flux: npt.ArrayLike, levels: int) -> tuple[Floats, Floats, Complexes]:
        """Lowest ``levels`` energies (GHz), slopes ∂E/∂f (GHz/Φ0) and vectors at each flux.

        Returns arrays of shapes (F, levels), (F, levels) and (F, dimension, levels).
        """
        fluxes = flux_grid(flux)
        dim = self.dimension
        levels = count("levels", levels, 1, f"number of levels, at most {dim - 2}")
        if levels > dim - 2:
            raise ParameterError("levels", levels, f"at most {dim - 2} (dimension {dim})")
        energies = np.empty((fluxes.size, levels))
        slopes = np.empty((fluxes.size, levels))
        vectors = np.empty((fluxes.size, dim, levels), dtype=complex)
        sigma: float | None = None
        for i, f in enumerate(fluxes):
            h = self.hamiltonian(float(f))
            if dim <= DENSE_LIMIT or levels >= dim // 4:
                w, v = sla.eigh(h.toarray(), subset_by_index=(0, levels - 1))
            else:
                w, v = lowest_levels(h, levels, sigma)
                sigma = float(w[0] - max(w[-1] - w[0], 1e-3 * abs(w[0]) + 1e-9))
            dh = self.flux_derivative(float(f))
            energies[i] = w
            slopes[i] = np.real(np.einsum("ik,ik->k", v.conj(), dh @ v))
            vectors[i] = v
        return energies, slopes, vectors

    def transition_elements(self, flux: float, initial: int = 0,
                            final: int = 1) -> dict[str, complex]:
        """⟨initial|O|final⟩ at ``flux`` for n_i, cos φ_i, sin φ_i, φ_i and ∂H/∂f.

        The 2π-periodic charge basis has no operator φ_i; its matrix element between levels
        of different energy follows exactly from [H, φ_i] = −8i Σ_j E_C,ij (n_j − n_gj):

            ⟨a|φ_i|b⟩ = 8i Σ_j E_C,ij ⟨a|n_j|b⟩ / (E_b − E_a),

        the element of the extended phase (the one coupling to a flux or voltage drive).
        Each element carries the arbitrary phase of the two eigenvectors; ratios and moduli are
        meaningful. ``phi1``/``phi2`` are dimensionless, ``dH_dflux`` is in GHz per Φ0.
        """
        initial = count("initial", initial, 0, "level index")
        final = count("final", final, 0, "level index")
        top = max(initial, final)
        energies, _, vectors = self.eigensystem(np.array([flux]), top + 1)
        a, b = vectors[0][:, initial], vectors[0][:, final]
        out = {name: complex(a.conj() @ (op @ b)) for name, op in self.operators().items()}
        out["dH_dflux"] = complex(a.conj() @ (self.flux_derivative(flux) @ b))
        gap = energies[0, final] - energies[0, initial]
        if gap == 0:
            raise ParameterError("final", final, "a level of different energy from initial")
        ec = self.EC_matrix
        for i in range(2):
            out[f"phi{i + 1}"] = 8j * (ec[i, 0] * out["n1"] + ec[i, 1] * out["n2"]) / gap
        return out

    def classical_minimum(self, flux: float = 0.5) -> dict[str, Any]:
        """Orlando's classical state at f for E_J1 = E_J2: cos φ* = 1/(2α) at f = 1/2.

        Returns φ* and the circulating current I_p = I_c1 sin φ* (in units of E_J1's I_c);
        valid for α = E_J3/E_J1 > 1/2 (two minima) and flux = 1/2 only.
        """
        alpha = self.EJ3 / self.EJ1 if self.EJ1 > 0 else math.inf
        if flux != 0.5 or not alpha > 0.5 or self.EJ1 != self.EJ2:
            raise ParameterError("flux", flux, "1/2 with EJ1 = EJ2 and α = EJ3/EJ1 > 1/2")
        phi = math.acos(1 / (2 * alpha))
        return {"phase": phi, "current_over_ic": math.sin(phi)}


def lowest_levels(h: sp.csc_matrix, levels: int,
                  sigma: float | None) -> tuple[Floats, Complexes]:
    """Lowest ``levels`` eigenpairs of sparse Hermitian ``h`` by shift-invert ARPACK.

    σ (default: the Gershgorin lower bound) is lowered until H − σ has no negative pivot in its
    unpivoted sparse LDLᴴ factorisation (Sylvester: no eigenvalue below σ), so the ``levels``
    eigenvalues nearest σ are the lowest ones.
    """
    n = h.shape[0]
    diag = h.diagonal().real
    radius = np.asarray(abs(h).sum(axis=1)).ravel() - np.abs(diag)
    floor = float(np.min(diag - radius))
    floor -= 1e-6 * max(1.0, abs(floor))  # strictly below E_0 even when E_0 is on the bound
    shift = floor if sigma is None else max(sigma, floor)
    eye = sp.identity(n, format="csc")
    for _ in range(60):
        lu = spla.splu(sp.csc_matrix(h - shift * eye), permc_spec="MMD_AT_PLUS_A",
                       diag_pivot_thresh=0.0, options={"SymmetricMode": True})
        pivots = lu.U.diagonal().real
        if np.all(pivots > 0):
            break
        logger.debug("shift %.6g is above the ground state; lowering it", shift)
        shift = floor if shift - floor < 1e-9 * max(1.0, abs(floor)) else 0.5 * (shift + floor)
    else:  # pragma: no cover - the Gershgorin floor always satisfies the test
        raise RuntimeError("no shift below the ground state found")
    op = spla.LinearOperator((n, n), matvec=lu.solve, dtype=complex)
    w, v = spla.eigsh(h, k=levels, sigma=shift, OPinv=op, which="LM")
    order = np.argsort(w)
    return w[order], v[:, order]
