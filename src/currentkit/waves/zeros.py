"""Where the probability current vanishes: zeros in 1D, stagnation points in 2D, and the
superpositions whose zeros are known in closed form.

1D: :func:`current_zeros_1d` returns the points where j(x) = 0, both sign changes (simple zeros,
located by linear interpolation) and touching zeros (j ≥ 0 or ≤ 0 with a double zero, as at the
density nodes of two interfering plane waves), located by a parabola through the three samples
around a local minimum of |j| and accepted when the parabola's extremum is below
``rtol·max|j|``.

2D: :func:`current_zeros_2d` returns the points where both components vanish: every plaquette
(four neighbouring grid points) around which the direction of j turns by ±2π (its Poincaré
index; +1 at vortex centres and centres of circulation, −1 at saddles) holds an isolated zero,
located by Newton's method on the bilinear interpolant of (j_x, j_y) in that plaquette.

Closed forms (ħ, m as given; t in ħ/energy unit):

* two plane waves ψ = e^{i(k1x − ω1t)} + e^{i(k2x − ω2t + φ0)}, ω = ħk²/2m:
  ρ = 2(1 + cos φ), j = (ħ/m)(k1 + k2)(1 + cos φ) with φ = (k2 − k1)x − (ω2 − ω1)t + φ0, so
  j = 0 exactly at the density nodes φ = π (mod 2π), which move with (ω2 − ω1)/(k2 − k1);
* two box states (0 ≤ x ≤ L) ψ = c1φ1e^{−iE1t/ħ} + c2φ2e^{−iE2t/ħ}, φn = √(2/L) sin(nπx/L),
  E_n = n²π²ħ²/(2mL²): j = (ħ/m)·c1c2·(4π/L²) sin³(πx/L)·sin(ω21t), ω21 = (E2 − E1)/ħ; the
  current vanishes everywhere at t = nπ/ω21 (L = ħ = m = 1: t = n·0.2122066).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from currentkit import grid
from currentkit.errors import ParameterError, finite_real, positive_real


def _real_1d(values: object, name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size < 3 or not np.all(np.isfinite(arr)):
        raise ParameterError(name, f"array of shape {arr.shape}",
                             "a finite 1D array of at least 3 samples")
    return arr


def current_zeros_1d(current: object, x: object, *, rtol: float = 1e-6) -> np.ndarray:
    """Positions where a sampled 1D current j(x) vanishes (sorted).

    Parameters
    ----------
    current
        j on the grid (1D, real).
    x
        Grid positions (strictly increasing, same length).
    rtol
        A touching zero is accepted when the interpolated extremum ``|j| ≤ rtol·max|j|``.
    """
    j = _real_1d(current, "current")
    xs = _real_1d(x, "x")
    if xs.shape != j.shape or np.any(np.diff(xs) <= 0):
        raise ParameterError("x", f"array of shape {xs.shape}",
                             f"strictly increasing positions, shape {j.shape}")
    tol = positive_real("rtol", rtol) * float(np.abs(j).max())
    if tol == 0:
        raise ParameterError("current", "identically zero", "a current that is not zero "
                             "everywhere (then every point is a zero)")
    found: list[float] = []
    exact = np.flatnonzero(j == 0)
    found.extend(xs[exact])
    a, b = j[:-1], j[1:]
    crossing = np.flatnonzero(a * b < 0)
    found.extend(xs[crossing] - a[crossing] * (xs[crossing + 1] - xs[crossing])
                 / (b[crossing] - a[crossing]))
    mag = np.abs(j)
    inner = np.flatnonzero((mag[1:-1] < mag[:-2]) & (mag[1:-1] <= mag[2:])
                           & (np.sign(j[:-2]) == np.sign(j[1:-1]))
                           & (np.sign(j[2:]) == np.sign(j[1:-1])) & (j[1:-1] != 0)) + 1
    for i in inner:
        x0, x1, x2 = xs[i - 1: i + 2]
        coeff = np.polyfit([x0 - x1, 0.0, x2 - x1], j[i - 1: i + 2], 2)
        if coeff[0] == 0:
            continue
        shift = -coeff[1] / (2 * coeff[0])
        extremum = coeff[2] - coeff[1] ** 2 / (4 * coeff[0])
        if abs(extremum) <= tol and x0 - x1 <= shift <= x2 - x1:
            found.append(x1 + shift)
    return np.sort(np.asarray(found, dtype=float))


def _bilinear_root(f00: np.ndarray, f10: np.ndarray, f01: np.ndarray, f11: np.ndarray
                   ) -> tuple[float, float]:
    """Root (u, v) ∈ [0, 1]² of the bilinear interpolant of a 2-vector field (Newton)."""
    u = v = 0.5
    for _ in range(30):
        val = (1 - u) * (1 - v) * f00 + u * (1 - v) * f10 + (1 - u) * v * f01 + u * v * f11
        du = (1 - v) * (f10 - f00) + v * (f11 - f01)
        dv = (1 - u) * (f01 - f00) + u * (f11 - f10)
        jac = np.column_stack([du, dv])
        try:
            step = np.linalg.solve(jac, val)
        except np.linalg.LinAlgError:
            break
        u = min(max(u - step[0], 0.0), 1.0)
        v = min(max(v - step[1], 0.0), 1.0)
        if abs(step[0]) + abs(step[1]) < 1e-13:
            break
    return u, v


def plaquette_winding(angle: np.ndarray, *, periodic: bool = False) -> np.ndarray:
    """Winding number of an angle field around each plaquette, counter-clockwise in (x0, x1).

    ``angle`` has shape (n0, n1); the result has shape (n0 − 1, n1 − 1) (or (n0, n1) when
    ``periodic``): the sum of the four wrapped angle differences along
    (i, j) → (i+1, j) → (i+1, j+1) → (i, j+1) → (i, j), divided by 2π, rounded.
    """
    a = np.asarray(angle, dtype=float)
    if a.ndim != 2:
        raise ParameterError("angle", f"array of shape {a.shape}", "a 2D array")

    def wrap(d: np.ndarray) -> np.ndarray:
        return (d + np.pi) % (2 * np.pi) - np.pi

    if periodic:
        a10, a11, a01 = np.roll(a, -1, 0), np.roll(np.roll(a, -1, 0), -1, 1), np.roll(a, -1, 1)
        a00 = a
    else:
        a00, a10, a11, a01 = a[:-1, :-1], a[1:, :-1], a[1:, 1:], a[:-1, 1:]
    total = wrap(a10 - a00) + wrap(a11 - a10) + wrap(a01 - a11) + wrap(a00 - a01)
    return np.rint(total / (2 * np.pi)).astype(int)


def current_zeros_2d(current: object, spacing: float | Sequence[float] = 1.0,
                     origin: float | Sequence[float] = 0.0, *, periodic: bool = False
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Isolated points where both components of a 2D current vanish.

    Parameters
    ----------
    current
        j of shape (2, n0, n1) (component i along axis i).
    spacing, origin
        Grid pitch and the coordinates of point (0, 0).
    periodic
        Also examine the plaquettes that wrap around the edges.

    Returns
    -------
    positions, index
        Positions (n, 2) in the grid's coordinates (refined inside their plaquette) and the
        Poincaré index (±1; the turning number of j's direction around the plaquette).
    """
    j = np.asarray(current, dtype=float)
    if j.ndim != 3 or j.shape[0] != 2 or min(j.shape[1:]) < 2 or not np.all(np.isfinite(j)):
        raise ParameterError("current", f"array of shape {j.shape}",
                             "a finite 2D vector field of shape (2, n0, n1)")
    h = grid.spacings(spacing, 2)
    o = np.broadcast_to(np.asarray(origin, dtype=float), (2,))
    index = plaquette_winding(np.arctan2(j[1], j[0]), periodic=periodic)
    n0, n1 = j.shape[1:]
    pos: list[tuple[float, float]] = []
    idx: list[int] = []
    for i, k in zip(*np.nonzero(index), strict=True):
        i1, k1 = (i + 1) % n0, (k + 1) % n1
        u, v = _bilinear_root(j[:, i, k], j[:, i1, k], j[:, i, k1], j[:, i1, k1])
        pos.append((o[0] + (i + u) * h[0], o[1] + (k + v) * h[1]))
        idx.append(int(index[i, k]))
    return np.asarray(pos, dtype=float).reshape(-1, 2), np.asarray(idx, dtype=int)


def two_plane_waves(x: object, t: float = 0.0, *, k1: float, k2: float, phase: float = 0.0,
                    mass: float = 1.0, hbar: float = 1.0) -> np.ndarray:
    """ψ = e^{i(k1x − ω1t)} + e^{i(k2x − ω2t + φ0)} with ω = ħk²/2m (not normalised)."""
    a, b = finite_real("k1", k1), finite_real("k2", k2)
    m, hb = positive_real("mass", mass), positive_real("hbar", hbar)
    tt, p0 = finite_real("t", t), finite_real("phase", phase)
    xa = np.asarray(x, dtype=float)
    w1, w2 = hb * a**2 / (2 * m), hb * b**2 / (2 * m)
    return np.exp(1j * (a * xa - w1 * tt)) + np.exp(1j * (b * xa - w2 * tt + p0))


def box_superposition(x: object, t: float = 0.0, *, c1: float, c2: float, length: float = 1.0,
                      mass: float = 1.0, hbar: float = 1.0) -> np.ndarray:
    """ψ = c1φ1e^{−iE1t/ħ} + c2φ2e^{−iE2t/ħ} in the box 0 ≤ x ≤ L (see the module notes)."""
    a, b = finite_real("c1", c1), finite_real("c2", c2)
    size = positive_real("length", length)
    m, hb = positive_real("mass", mass), positive_real("hbar", hbar)
    tt = finite_real("t", t)
    xa = np.asarray(x, dtype=float)
    if np.any((xa < 0) | (xa > size)):
        raise ParameterError("x", "positions outside the box", f"0 ≤ x ≤ {size:g}")
    norm = math.sqrt(2 / size)
    e1 = (math.pi * hb / size) ** 2 / (2 * m)
    e2 = 4 * e1
    return norm * (a * np.sin(math.pi * xa / size) * np.exp(-1j * e1 * tt / hb)
                   + b * np.sin(2 * math.pi * xa / size) * np.exp(-1j * e2 * tt / hb))


__all__ = ["box_superposition", "current_zeros_1d", "current_zeros_2d", "plaquette_winding",
           "two_plane_waves"]
