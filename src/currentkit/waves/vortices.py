"""Quantized vortices of 2D wavefunctions: phase windings found, located and counted.

A vortex is a node of ψ around which the phase θ = arg ψ winds by 2π·s, s = ±1 (the charge):
s = (1/2π)∮∇θ·dl counter-clockwise in the (x0, x1) plane (axis 0 = x, axis 1 = y, so
ψ ∝ (x − x_v) + i(y − y_v) has s = +1). :func:`find_vortices` sums the wrapped phase
differences around every plaquette of the grid; a plaquette with s ≠ 0 holds the vortex, whose
position is refined as the zero of the bilinear interpolant of ψ in that plaquette. The
probability current circulates around each vortex (counter-clockwise for s = +1 when A = 0).

Vortex lattices with known zeros:

* :func:`lowest_landau_level`: ψ = Π_k (z − z_k)·e^{−|z|²/4l²}, z = x + iy, in the symmetric
  gauge A = (B/2)(−y, x, 0), for qB > 0 (l² = ħ/(qB)); for qB < 0 the conjugate z̄ replaces z.
  Every z_k is a vortex of charge sign(qB). Its current is a pure magnetization current,
  exactly j = sign(qB)·(ħ/2m)·ẑ × ∇ρ (= ∇ × (M ẑ) with M = sign(qB)·ħρ/2m): the A-term cancels
  the Gaussian's contribution for any analytic prefactor.
* :func:`plane_wave_superposition`: ψ = Σ_j a_j e^{ik_j·r}; three equal plane waves at 120°
  give a honeycomb lattice of vortices of alternating charge, two per unit cell of area
  8π²/(3√3k²).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from currentkit import grid
from currentkit.errors import ParameterError, finite_real, positive_real
from currentkit.waves.current import as_wavefunction
from currentkit.waves.zeros import _bilinear_root, plaquette_winding


@dataclass(frozen=True)
class Vortices:
    """Vortices found in a 2D wavefunction.

    Attributes
    ----------
    positions
        (n, 2) array: coordinates (x0, x1) of each vortex (grid length unit).
    charges
        (n,) integer winding numbers (±1 for simple nodes), counter-clockwise in (x0, x1).
    """

    positions: np.ndarray = field(repr=False)
    charges: np.ndarray

    @property
    def count(self) -> int:
        """Number of vortices (of either sign)."""
        return int(self.charges.size)

    @property
    def net_charge(self) -> int:
        """Sum of the charges (the winding around the boundary of the region examined)."""
        return int(self.charges.sum())

    @property
    def positive(self) -> int:
        """Number of vortices of positive charge."""
        return int(np.count_nonzero(self.charges > 0))

    @property
    def negative(self) -> int:
        """Number of vortices of negative charge."""
        return int(np.count_nonzero(self.charges < 0))


def find_vortices(psi: object, spacing: float | Sequence[float] = 1.0,
                  origin: float | Sequence[float] = 0.0, *, periodic: bool = False,
                  refine: bool = True) -> Vortices:
    """Find the phase vortices of a 2D wavefunction and their charges.

    Parameters
    ----------
    psi
        Complex ψ of shape (n0, n1) (axis 0 = x, axis 1 = y).
    spacing, origin
        Grid pitch and the coordinates of point (0, 0).
    periodic
        Also examine the plaquettes wrapping around the edges (a periodic ψ).
    refine
        Locate each vortex at the zero of the bilinear interpolant of ψ in its plaquette
        (otherwise at the plaquette's centre).

    Returns
    -------
    Vortices
        Positions and charges, in the order of the plaquettes (axis 0 slowest).

    Notes
    -----
    A plaquette whose corners are resolved (phase differences below π along every edge) gives
    the exact winding; resolve ψ with several points per vortex spacing. A node lying exactly
    on a grid edge makes the phase jump by exactly π along that edge, which is ambiguous: shift
    the grid slightly if the nodes sit on symmetry lines of the grid.
    """
    arr = as_wavefunction(psi, max_ndim=2)
    if arr.ndim != 2 or min(arr.shape) < 2:
        raise ParameterError("psi", f"array of shape {arr.shape}", "a 2D wavefunction")
    h = grid.spacings(spacing, 2)
    o = np.broadcast_to(np.asarray(origin, dtype=float), (2,))
    charge = plaquette_winding(np.angle(arr), periodic=bool(periodic))
    n0, n1 = arr.shape
    pos = []
    for i, k in zip(*np.nonzero(charge), strict=True):
        i1, k1 = (i + 1) % n0, (k + 1) % n1
        if refine:
            corners = [np.array([c.real, c.imag]) for c in
                       (arr[i, k], arr[i1, k], arr[i, k1], arr[i1, k1])]
            u, v = _bilinear_root(*corners)
        else:
            u = v = 0.5
        pos.append((o[0] + (i + u) * h[0], o[1] + (k + v) * h[1]))
    return Vortices(np.asarray(pos, dtype=float).reshape(-1, 2),
                    charge[np.nonzero(charge)].astype(int))


def lowest_landau_level(x: object, y: object, zeros: Sequence[complex] = (), *,
                        field: float = -1.0, charge: float = -1.0, hbar: float = 1.0
                        ) -> tuple[np.ndarray, np.ndarray]:
    """A lowest-Landau-level state with prescribed zeros, and its symmetric-gauge A.

    Parameters
    ----------
    x, y
        1D grid coordinates (axis 0 and axis 1).
    zeros
        Positions z_k = x_k + i·y_k of the nodes.
    field
        B along +z (field unit: momentum/(charge·length), e.g. T in SI); default −1 so that
        an electron (q = −1) has qB = +1 and l = 1 in atomic units.
    charge, hbar
        q and ħ.

    Returns
    -------
    psi, vector_potential
        ψ on the (x, y) grid normalised to ∫|ψ|² dx dy = 1 on that grid, and A of shape
        (2, nx, ny), A = (B/2)(−y, x).
    """
    b, q = finite_real("field", field), finite_real("charge", charge)
    hb = positive_real("hbar", hbar)
    if b * q == 0:
        raise ParameterError("field", field, "a non-zero field (with a non-zero charge)")
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    if xs.ndim != 1 or ys.ndim != 1 or xs.size < 2 or ys.size < 2:
        raise ParameterError("x/y", (xs.shape, ys.shape), "1D coordinate arrays")
    ell2 = hb / abs(q * b)
    xx, yy = np.meshgrid(xs, ys, indexing="ij")
    z = xx + 1j * yy
    pts = np.asarray(list(zeros), dtype=complex)
    if q * b < 0:
        z, pts = np.conj(z), np.conj(pts)
    psi = np.ones_like(z)
    for zk in pts:
        psi = psi * (z - zk)
    psi = psi * np.exp(-(xx**2 + yy**2) / (4 * ell2))
    cell = float(np.abs(xs[1] - xs[0]) * np.abs(ys[1] - ys[0]))
    psi = psi / math.sqrt(float(np.sum(np.abs(psi) ** 2)) * cell)
    a = 0.5 * b * np.stack([-yy, xx])
    return psi, a


def plane_wave_superposition(x: object, y: object, wavevectors: object,
                             amplitudes: object | None = None) -> np.ndarray:
    """ψ(x, y) = Σ_j a_j e^{i(k_jx·x + k_jy·y)} on the (x, y) grid (axis 0 = x)."""
    ks = np.asarray(wavevectors, dtype=float)
    if ks.ndim != 2 or ks.shape[1] != 2 or not np.all(np.isfinite(ks)):
        raise ParameterError("wavevectors", f"array of shape {ks.shape}", "(n, 2) finite")
    amps = np.ones(len(ks), dtype=complex) if amplitudes is None else np.asarray(
        amplitudes, dtype=complex)
    if amps.shape != (len(ks),) or not np.all(np.isfinite(amps)):
        raise ParameterError("amplitudes", amplitudes, f"{len(ks)} finite amplitudes")
    xx, yy = np.meshgrid(np.asarray(x, dtype=float), np.asarray(y, dtype=float), indexing="ij")
    return np.sum([a * np.exp(1j * (k[0] * xx + k[1] * yy)) for a, k in zip(amps, ks,
                                                                           strict=True)], axis=0)


__all__ = ["Vortices", "find_vortices", "lowest_landau_level", "plane_wave_superposition"]
