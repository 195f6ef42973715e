"""Many-body currents of independent particles from their single-particle levels.

Given levels ε_n(Φ) and their currents i_n = −∂ε_n/∂Φ on a flux grid, this module fills them
at fixed particle number N (canonical) or fixed chemical potential μ (grand canonical), at any
temperature T ≥ 0, for fermions or bosons, and returns the current I = −∂F/∂Φ = Σ_n ⟨n_n⟩ i_n.
Units are the caller's: energies, k_B·T and μ in one energy unit, i_n in one current unit.

Canonical ensemble, T > 0, exact
--------------------------------
Z_N = Σ_{|S| = N} Π_{n∈S} x_n with x_n = e^{−(ε_n − μ_c)/k_BT} is the elementary symmetric
polynomial e_N(x) for fermions and the complete homogeneous one h_N(x) for bosons. Both obey
recursions over levels that add only positive terms (e_k ← e_k + x·e_{k−1}), so the number
projection is exact and stable; rescaling each step keeps it inside floating range. The current
I = k_BT·∂ln Z_N/∂Φ is carried through the same recursion in forward mode, using
k_BT·∂x_n/∂Φ = x_n·i_n. Levels more than 50 k_BT below (above) the Fermi gap are held occupied
(empty): their occupations differ from 1 (0) by less than e^{−50}.

Zero temperature
----------------
The T → 0⁺ limit of the canonical ensemble: the N lowest levels are filled; a degenerate group
at the Fermi level that is only partly filled has every member equally occupied (the average over
the degenerate ground states), so I(Φ) is odd and Φ0-periodic exactly, also at level crossings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from currentkit.errors import ParameterError

Statistics = Literal["fermion", "boson"]
#: Levels farther than this many k_BT from the Fermi gap are frozen (occupation error < e^{−50}).
FROZEN_KT = 50.0
#: Two levels closer than this fraction of the largest |energy| count as degenerate (round-off of
#: closed forms and of dense diagonalisation is ~1e-15 of it; physical splittings are larger).
DEGENERACY_TOL = 1e-12


@dataclass(frozen=True)
class EnsembleResult:
    """Currents and thermodynamic potential on the flux grid.

    Attributes
    ----------
    current
        I(Φ) = −∂F/∂Φ (canonical) or −∂Ω/∂Φ (grand canonical), shape (F,).
    potential
        Free energy F (canonical; the ground-state energy at T = 0) or grand potential
        Ω = F − μN (grand canonical), shape (F,).
    number
        Mean particle number ⟨N⟩, shape (F,).
    """

    current: np.ndarray
    potential: np.ndarray
    number: np.ndarray


def _scale(energies: np.ndarray) -> float:
    return float(np.max(np.abs(energies))) or 1.0


def _ground_occupations(energies: np.ndarray, particles: int, statistics: Statistics) -> np.ndarray:
    """T → 0⁺ canonical occupations (per row), levels given in ascending order."""
    occ = np.zeros_like(energies)
    if particles == 0:
        return occ
    tol = DEGENERACY_TOL * _scale(energies)
    if statistics == "boson":
        ground = energies[:, :1]
        group = np.abs(energies - ground) <= tol
        return particles * group / group.sum(axis=1, keepdims=True)
    fermi = energies[:, particles - 1 : particles]
    below = energies < fermi - tol
    group = np.abs(energies - fermi) <= tol
    free = particles - below.sum(axis=1, keepdims=True)
    occ[below] = 1.0
    return occ + group * (free / group.sum(axis=1, keepdims=True))


def _symmetric_polynomial(
    logx: np.ndarray, rate: np.ndarray, order: int, statistics: Statistics
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Z = e_order(x) (fermions) or h_order(x) (bosons) per row, with k_BT·∂Z/∂Φ.

    ``logx`` = ln x_n = −(ε_n − μ_c)/k_BT and ``rate`` = i_n/k_BT = ∂ln x_n/∂Φ, shape (F, n),
    levels in ascending order. Returns (z, dz, log_scale): the true values are z·e^{log_scale}
    and dz·e^{log_scale}, with dz = ∂Z/∂Φ. A level with ln x_n > 50 in a row is occupied there
    (Z ← x_n·shift(Z), exact up to e^{−50}); one with ln x_n < −50 is empty (Z unchanged).
    """
    rows = logx.shape[0]
    poly = np.zeros((rows, order + 1))
    dpoly = np.zeros((rows, order + 1))
    poly[:, 0] = 1.0
    log_scale = np.zeros(rows)
    for n in range(logx.shape[1]):
        ln_x = logx[:, n : n + 1]
        full = ln_x > FROZEN_KT
        empty = ln_x < -FROZEN_KT
        xn = np.exp(np.clip(ln_x, -FROZEN_KT, FROZEN_KT))
        dxn = xn * rate[:, n : n + 1]
        if statistics == "fermion":
            new, dnew = poly.copy(), dpoly.copy()
            new[:, 1:] += xn * poly[:, :-1]
            dnew[:, 1:] += dxn * poly[:, :-1] + xn * dpoly[:, :-1]
            shifted = np.zeros_like(poly)
            dshifted = np.zeros_like(poly)
            shifted[:, 1:] = poly[:, :-1]
            dshifted[:, 1:] = dpoly[:, :-1] + rate[:, n : n + 1] * poly[:, :-1]
            new = np.where(full, shifted, np.where(empty, poly, new))
            dnew = np.where(full, dshifted, np.where(empty, dpoly, dnew))
            log_scale += np.where(full[:, 0], ln_x[:, 0], 0.0)
        else:  # h_k ← h_k + x·h_{k−1}, h_{k−1} already updated: sequential in k (x ≤ 1 here)
            xn = np.where(empty, 0.0, xn)
            dxn = np.where(empty, 0.0, dxn)
            new, dnew = poly.copy(), dpoly.copy()
            for k in range(1, order + 1):
                new[:, k] += xn[:, 0] * new[:, k - 1]
                dnew[:, k] += dxn[:, 0] * new[:, k - 1] + xn[:, 0] * dnew[:, k - 1]
        top = new.max(axis=1, keepdims=True)
        poly, dpoly = new / top, dnew / top
        log_scale += np.log(top[:, 0])
    return poly[:, order], dpoly[:, order], log_scale


def canonical(
    energies: np.ndarray,
    currents: np.ndarray,
    particles: int,
    kT: float,
    statistics: Statistics = "fermion",
) -> EnsembleResult:
    """Exact canonical current of ``particles`` independent particles.

    Parameters
    ----------
    energies, currents
        Levels ε_n(Φ) and currents i_n = −∂ε_n/∂Φ, shape (F, n); every row lists the same
        levels (degenerate levels repeated).
    particles
        The fixed particle number N.
    kT
        k_B·T in the unit of ``energies`` (0 for the ground state).
    statistics
        ``"fermion"`` or ``"boson"``.
    """
    order = np.argsort(energies, axis=1, kind="stable")
    e = np.take_along_axis(energies, order, axis=1)
    i = np.take_along_axis(currents, order, axis=1)
    number = np.full(e.shape[0], float(particles))
    if statistics == "fermion" and particles > e.shape[1]:
        raise ParameterError("electrons", particles, f"at most {e.shape[1]} (the states available)")
    if kT == 0 or particles == 0:
        occ = _ground_occupations(e, particles, statistics)
        return EnsembleResult((occ * i).sum(axis=1), (occ * e).sum(axis=1), number)

    if statistics == "fermion":
        above = e[:, particles] if particles < e.shape[1] else e[:, -1] + 2 * FROZEN_KT * kT
        mu = 0.5 * (e[:, particles - 1] + above)
        low = int(np.min(np.sum(e < (mu - FROZEN_KT * kT)[:, None], axis=1)))
    else:
        mu = e[:, 0]
        low = 0
    high = int(np.max(np.sum(e <= (mu + FROZEN_KT * kT)[:, None], axis=1)))
    high = max(high, particles) if statistics == "fermion" else max(high, 1)
    window = slice(low, high)
    logx = -(e[:, window] - mu[:, None]) / kT
    active = particles - low
    z, dz, log_scale = _symmetric_polynomial(logx, i[:, window] / kT, active, statistics)
    frozen_e = e[:, :low].sum(axis=1)
    frozen_i = i[:, :low].sum(axis=1)
    free_energy = frozen_e + active * mu - kT * (np.log(z) + log_scale)
    return EnsembleResult(frozen_i + kT * dz / z, free_energy, number)


def grand_canonical(
    energies: np.ndarray,
    currents: np.ndarray,
    mu: float,
    kT: float,
    statistics: Statistics = "fermion",
) -> EnsembleResult:
    """Grand-canonical current I = Σ_n f(ε_n − μ)·i_n at chemical potential ``mu``.

    f is the Fermi (fermions) or Bose (bosons) function; at T = 0 fermion levels exactly at μ
    are half filled (the T → 0⁺ limit). Bosons need T > 0 and μ below every level.
    """
    xi = energies - mu
    if statistics == "boson":
        if kT == 0:
            raise ParameterError("temperature", 0.0, "> 0 for bosons at fixed chemical potential")
        if np.any(xi <= 0):
            lowest = float(np.min(energies))
            raise ParameterError("mu", mu, f"below the lowest level {lowest:.6g} for bosons")
        occ = 1.0 / np.expm1(xi / kT)
        potential = kT * np.log(-np.expm1(-xi / kT))
    elif kT == 0:
        tol = DEGENERACY_TOL * _scale(energies)
        occ = np.where(xi < -tol, 1.0, np.where(xi > tol, 0.0, 0.5))
        potential = occ * xi
    else:
        occ = 0.5 * (1.0 - np.tanh(xi / (2 * kT)))
        potential = -kT * np.logaddexp(0.0, -xi / kT)
    return EnsembleResult(
        (occ * currents).sum(axis=1), potential.sum(axis=1), occ.sum(axis=1)
    )
