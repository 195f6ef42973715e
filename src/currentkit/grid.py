"""Differential operators on regular grids: gradient, divergence and curl.

Conventions
-----------
A scalar field is an array whose axes are the spatial axes (x_0, x_1, …) in that order; a vector
field has one more, leading axis of length ``ndim`` holding the components along those same
axes: ``v[i]`` is the component along array axis ``i + 1`` of ``v`` (axis ``i`` of a scalar).
For the curl the axes (x_0, x_1, x_2) are taken as a right-handed frame, so an array laid out as
(z, y, x) (the OVF and NumPy image order) must be reordered to (x, y, z) first (its axes reversed
and its components as x, y, z).

Two derivatives are offered, and every function says which it used by its ``method`` argument:

``"central"``
    Second-order central differences, f′_j = (f_{j+1} − f_{j−1})/2h; with ``periodic=False`` the
    edges use second-order one-sided differences (:func:`numpy.gradient` with ``edge_order=2``),
    with ``periodic=True`` the neighbours wrap around. Error O(h²).
``"spectral"``
    Exact differentiation of the trigonometric interpolant, f′ = IFFT(i k FFT(f)); only for
    periodic fields (``periodic`` must be True). For an even number of points the Nyquist mode's
    derivative is set to zero (it is real-valued only that way). Exact for band-limited fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from currentkit.errors import ParameterError

Method = Literal["central", "spectral"]
#: The derivative methods: second-order central differences, or FFT (periodic grids).
METHODS: tuple[str, ...] = ("central", "spectral")


def spacings(spacing: float | Sequence[float], ndim: int) -> tuple[float, ...]:
    """The grid pitch along each of ``ndim`` axes, validated.

    Parameters
    ----------
    spacing
        One pitch for all axes, or one per axis (in the field's length unit).
    ndim
        Number of spatial axes.
    """
    values = np.atleast_1d(np.asarray(spacing, dtype=float))
    if values.ndim != 1 or values.size not in (1, ndim):
        raise ParameterError("spacing", spacing, f"one number or {ndim} numbers (one per axis)")
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ParameterError("spacing", spacing, "finite, positive grid pitches")
    return tuple(float(h) for h in np.broadcast_to(values, (ndim,)))


def _check(method: str, periodic: bool) -> None:
    if method not in METHODS:
        raise ParameterError("method", method, f"one of {', '.join(METHODS)}")
    if method == "spectral" and not periodic:
        raise ParameterError("method", method, "'spectral' needs periodic=True; use 'central'")


def derivative(f: np.ndarray, axis: int, spacing: float, *, method: Method = "central",
               periodic: bool = False) -> np.ndarray:
    """∂f/∂x_axis of a sampled field (real or complex), same shape as ``f``.

    Parameters
    ----------
    f
        Samples on a regular grid (at least 3 points along ``axis`` for ``"central"``).
    axis
        The array axis to differentiate along.
    spacing
        Grid pitch h along that axis.
    method, periodic
        See the module notes.
    """
    _check(method, periodic)
    f = np.asarray(f)
    n = f.shape[axis]
    if method == "spectral":
        k = 2 * np.pi * np.fft.fftfreq(n, d=spacing)
        if n % 2 == 0:
            k[n // 2] = 0.0
        shape = [1] * f.ndim
        shape[axis] = n
        out = np.fft.ifft(1j * k.reshape(shape) * np.fft.fft(f, axis=axis), axis=axis)
        return out if np.iscomplexobj(f) else out.real
    if n < 3:
        raise ParameterError("f", f"{n} points along axis {axis}", "at least 3 points per axis")
    if periodic:
        return (np.roll(f, -1, axis=axis) - np.roll(f, 1, axis=axis)) / (2 * spacing)
    return np.gradient(f, spacing, axis=axis, edge_order=2)


def gradient(f: np.ndarray, spacing: float | Sequence[float], *, method: Method = "central",
             periodic: bool = False) -> np.ndarray:
    """∇f: array of shape ``(ndim, *f.shape)``, component i = ∂f/∂x_i."""
    f = np.asarray(f)
    h = spacings(spacing, f.ndim)
    return np.stack([derivative(f, i, h[i], method=method, periodic=periodic)
                     for i in range(f.ndim)])


def _vector(v: np.ndarray, name: str) -> np.ndarray:
    v = np.asarray(v)
    if v.ndim < 2 or v.shape[0] != v.ndim - 1:
        raise ParameterError(name, f"array of shape {v.shape}",
                             "a vector field of shape (ndim, *grid) with ndim components")
    return v


def divergence(v: np.ndarray, spacing: float | Sequence[float], *, method: Method = "central",
               periodic: bool = False) -> np.ndarray:
    """∇·v = Σ_i ∂v_i/∂x_i of a vector field of shape ``(ndim, *grid)``; returns shape grid."""
    v = _vector(v, "v")
    h = spacings(spacing, v.shape[0])
    out = derivative(v[0], 0, h[0], method=method, periodic=periodic)
    for i in range(1, v.shape[0]):
        out = out + derivative(v[i], i, h[i], method=method, periodic=periodic)
    return out


def curl(v: np.ndarray, spacing: float | Sequence[float], *, method: Method = "central",
         periodic: bool = False) -> np.ndarray:
    """∇×v in a right-handed frame (x_0, x_1, x_2).

    3D: v of shape (3, n0, n1, n2) → (3, n0, n1, n2), (∇×v)_0 = ∂_1 v_2 − ∂_2 v_1 and cyclic.
    2D: v of shape (2, n0, n1) → the scalar out-of-plane component ∂_0 v_1 − ∂_1 v_0.
    """
    v = _vector(v, "v")
    nd = v.shape[0]
    if nd not in (2, 3):
        raise ParameterError("v", f"{nd} components", "a 2D or 3D vector field")
    h = spacings(spacing, nd)

    def d(component: int, axis: int) -> np.ndarray:
        return derivative(v[component], axis, h[axis], method=method, periodic=periodic)

    if nd == 2:
        return d(1, 0) - d(0, 1)
    return np.stack([d(2, 1) - d(1, 2), d(0, 2) - d(2, 0), d(1, 0) - d(0, 1)])


def curl_of_stream(psi: np.ndarray, spacing: float | Sequence[float], *,
                   method: Method = "central", periodic: bool = False) -> np.ndarray:
    """∇×(ψ ẑ) = (∂_1 ψ, −∂_0 ψ) of a 2D stream function ψ(x_0, x_1); shape (2, n0, n1)."""
    psi = np.asarray(psi)
    if psi.ndim != 2:
        raise ParameterError("psi", f"array of shape {psi.shape}", "a 2D scalar field")
    h = spacings(spacing, 2)
    return np.stack([derivative(psi, 1, h[1], method=method, periodic=periodic),
                     -derivative(psi, 0, h[0], method=method, periodic=periodic)])


def coordinates(shape: Sequence[int], spacing: float | Sequence[float],
                origin: float | Sequence[float] = 0.0) -> tuple[np.ndarray, ...]:
    """Cell-centre coordinates x_i = origin_i + j·h_i (j = 0…n_i − 1) along each axis."""
    h = spacings(spacing, len(shape))
    o = np.broadcast_to(np.asarray(origin, dtype=float), (len(shape),))
    return tuple(o[i] + h[i] * np.arange(n) for i, n in enumerate(shape))


__all__ = ["METHODS", "coordinates", "curl", "curl_of_stream", "derivative", "divergence",
           "gradient", "spacings"]
