"""Time-dependent Schrödinger equation by the split-operator (Strang) method, 1D to 3D.

    iħ ∂ψ/∂t = [(p − qA)²/2m + V(x) − iW(x)] ψ

on a periodic grid (FFT). One step of length dt is the symmetric (Strang) product

    ψ ← e^{−i(V−iW)dt/2ħ} · F⁻¹ e^{−iħ(k − qA/ħ)²dt/2m} F · e^{−i(V−iW)dt/2ħ} ψ,

second order in dt, unitary for W = 0. The kinetic factor is exact in k-space for a **uniform**
vector potential A (a constant vector: it shifts every wavenumber by qA/ħ); a non-uniform A does
not commute with p and is not supported here (refused with ParameterError) — for a 1D problem
any A(x) is a pure gauge and can be removed by ψ → e^{iq∫A/ħ}ψ first. W ≥ 0 is a complex
absorbing potential (CAP) that removes probability near the edges so that outgoing waves do not
wrap around the periodic grid; :func:`absorbing_layer` builds a quadratic one.

Continuity along the evolution: ∂ρ/∂t + ∇·j = −(2W/ħ)ρ, with ρ = |ψ|² and j the probability
current of :func:`currentkit.waves.probability_current` (spectral derivative on this periodic
grid). :func:`evolve` records ρ and j and the measured residual of that equation.
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from currentkit import grid
from currentkit.errors import ParameterError, finite_real, integer, positive_real
from currentkit.results import labelled, with_provenance
from currentkit.waves.current import as_wavefunction, grid_units, probability_current

logger = logging.getLogger(__name__)

AXES = ("x", "y", "z")


def _field(value: object, shape: tuple[int, ...], name: str, *, nonnegative: bool = False
           ) -> np.ndarray | None:
    if value is None:
        return None
    arr = np.asarray(value, dtype=float)
    if arr.shape != shape:
        raise ParameterError(name, f"array of shape {arr.shape}", f"shape {shape} (the grid)")
    if not np.all(np.isfinite(arr)):
        raise ParameterError(name, "an array with non-finite values", "finite values")
    if nonnegative and np.any(arr < 0):
        raise ParameterError(name, f"minimum {arr.min():g}", "W ≥ 0 everywhere (absorbing)")
    return arr


@dataclass(frozen=True, eq=False)
class SplitOperator:
    """Strang split-operator propagator on a periodic grid.

    Parameters
    ----------
    shape
        Grid points per axis (1 to 3 axes).
    spacing
        Grid pitch (one number or one per axis; length unit).
    dt
        Time step (time unit = ħ/energy unit).
    potential
        Real scalar potential V on the grid (energy unit), or ``None``.
    absorber
        Complex absorbing potential W ≥ 0 on the grid (energy unit), or ``None``.
    vector_potential
        Uniform vector potential A (one number per axis), or ``None``.
    mass, hbar, charge
        m > 0, ħ > 0, q; atomic units (m = ħ = 1, q = −1) by default.

    Notes
    -----
    The grid's wavenumbers are k = 2π·fftfreq(n, h). Keep dt·E_max/ħ ≲ 2 for the highest
    occupied energy E_max (or band-limit what you measure): the kinetic step is exact, but the
    splitting error grows with dt·[T, V].
    """

    shape: tuple[int, ...]
    spacing: float | Sequence[float]
    dt: float
    potential: np.ndarray | None = field(default=None, repr=False)
    absorber: np.ndarray | None = field(default=None, repr=False)
    vector_potential: tuple[float, ...] | None = None
    mass: float = 1.0
    hbar: float = 1.0
    charge: float = -1.0
    _kinetic: np.ndarray = field(init=False, repr=False)
    _half: np.ndarray = field(init=False, repr=False)
    _full: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        shape = tuple(self.shape)
        if not 1 <= len(shape) <= 3 or not all(
            isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 4 for n in shape
        ):
            raise ParameterError("shape", self.shape, "1 to 3 axes of at least 4 points each")
        shape = tuple(int(n) for n in shape)
        object.__setattr__(self, "shape", shape)
        object.__setattr__(self, "spacing", grid.spacings(self.spacing, len(shape)))
        positive_real("dt", self.dt)
        positive_real("mass", self.mass)
        positive_real("hbar", self.hbar)
        finite_real("charge", self.charge)
        object.__setattr__(self, "potential", _field(self.potential, shape, "potential"))
        object.__setattr__(self, "absorber",
                           _field(self.absorber, shape, "absorber", nonnegative=True))
        if self.vector_potential is not None:
            a = np.asarray(self.vector_potential, dtype=float)
            if a.shape != (len(shape),) or not np.all(np.isfinite(a)):
                raise ParameterError("vector_potential", self.vector_potential,
                                     f"a uniform vector: {len(shape)} finite numbers (a "
                                     "non-uniform A is not supported by the kinetic step)")
            object.__setattr__(self, "vector_potential", tuple(float(v) for v in a))
        kin = np.zeros(shape)
        for i, k in enumerate(self.wavenumbers()):
            kinetic = k - self.charge * self.vector_potential[i] / self.hbar \
                if self.vector_potential is not None else k
            kin = kin + kinetic**2
        object.__setattr__(self, "_kinetic",
                           np.exp(-1j * self.hbar * kin * self.dt / (2 * self.mass)))
        v = np.zeros(shape, dtype=complex)
        if self.potential is not None:
            v += self.potential
        if self.absorber is not None:
            v -= 1j * self.absorber
        object.__setattr__(self, "_half", np.exp(-1j * v * self.dt / (2 * self.hbar)))
        object.__setattr__(self, "_full", self._half**2)

    @property
    def ndim(self) -> int:
        """Number of spatial axes."""
        return len(self.shape)

    def wavenumbers(self) -> tuple[np.ndarray, ...]:
        """k_i = 2π·fftfreq(n_i, h_i), each broadcastable against the grid."""
        h = grid.spacings(self.spacing, self.ndim)
        out = []
        for i, n in enumerate(self.shape):
            shape = [1] * self.ndim
            shape[i] = n
            out.append(2 * np.pi * np.fft.fftfreq(n, d=h[i]).reshape(shape))
        return tuple(out)

    def coordinates(self, origin: float | Sequence[float] = 0.0) -> tuple[np.ndarray, ...]:
        """Grid coordinates along each axis (origin + j·h)."""
        return grid.coordinates(self.shape, self.spacing, origin)

    def step(self, psi: np.ndarray, steps: int = 1) -> np.ndarray:
        """Advance ``psi`` by ``steps`` Strang steps (adjacent half potential steps merged)."""
        integer("steps", steps, minimum=0)
        out = np.asarray(psi, dtype=np.complex128)
        if out.shape != self.shape:
            raise ParameterError("psi", f"array of shape {out.shape}", f"shape {self.shape}")
        if steps == 0:
            return out.copy()
        axes = tuple(range(self.ndim))
        out = out * self._half
        for n in range(int(steps)):
            out = np.fft.ifftn(self._kinetic * np.fft.fftn(out, axes=axes), axes=axes)
            out *= self._half if n == steps - 1 else self._full
        return out


def absorbing_layer(shape: Sequence[int], spacing: float | Sequence[float], width: float,
                    strength: float, *, axes: Sequence[int] | None = None) -> np.ndarray:
    """Quadratic complex absorbing potential W = W0·(d/w)² within ``width`` of the grid's edges.

    Parameters
    ----------
    shape, spacing
        The grid.
    width
        Thickness w of the layer at each edge (length unit).
    strength
        W0 > 0 (energy unit) reached at the edge. A layer several wavelengths thick with W0 of
        the order of the kinetic energy absorbs with little reflection.
    axes
        Axes that get layers (default: all).

    Returns
    -------
    numpy.ndarray
        W ≥ 0 on the grid (d is the distance into the layer).
    """
    shape = tuple(int(n) for n in shape)
    h = grid.spacings(spacing, len(shape))
    w = positive_real("width", width)
    w0 = positive_real("strength", strength)
    chosen = range(len(shape)) if axes is None else axes
    out = np.zeros(shape)
    for i in chosen:
        if not 0 <= int(i) < len(shape):
            raise ParameterError("axes", axes, f"axis indices below {len(shape)}")
        x = np.arange(shape[int(i)]) * h[int(i)]
        span = x[-1]
        if 2 * w >= span:
            raise ParameterError("width", width, f"less than half the grid length {span:g}")
        depth = np.maximum(np.maximum(w - x, x - (span - w)), 0.0) / w
        sh = [1] * len(shape)
        sh[int(i)] = shape[int(i)]
        out = out + w0 * (depth**2).reshape(sh)
    return out


def gaussian_packet(x: np.ndarray, t: float = 0.0, *, center: float, wavenumber: float,
                    width: float, mass: float = 1.0, hbar: float = 1.0) -> np.ndarray:
    """Free Gaussian wave packet ψ(x, t) in closed form (1D, normalised).

    ψ(x, 0) = (2πσ0²)^{-1/4} exp(−(x − x0)²/4σ0² + ik0(x − x0)) evolves freely into

        ψ(x, t) = (2πσ0²)^{-1/4} (1 + it/τ)^{-1/2}
                  exp(−(x − x_c)²/(4σ0²(1 + it/τ)) + ik0(x − x0) − iħk0²t/2m),

    τ = 2mσ0²/ħ, x_c = x0 + vt, v = ħk0/m. ``|ψ|²`` is a Gaussian of width σ0√(1 + t²/τ²).

    Parameters
    ----------
    x
        Positions.
    t
        Time.
    center, wavenumber, width
        x0, k0 and σ0 (the density's standard deviation at t = 0).
    mass, hbar
        m and ħ.
    """
    sigma = positive_real("width", width)
    m, hb = positive_real("mass", mass), positive_real("hbar", hbar)
    x0, k0 = finite_real("center", center), finite_real("wavenumber", wavenumber)
    tt = finite_real("t", t)
    tau = 2 * m * sigma**2 / hb
    s = 1 + 1j * tt / tau
    xc = x0 + hb * k0 * tt / m
    xa = np.asarray(x, dtype=float)
    return ((2 * np.pi * sigma**2) ** -0.25 / np.sqrt(s)
            * np.exp(-((xa - xc) ** 2) / (4 * sigma**2 * s) + 1j * k0 * (xa - x0)
                     - 1j * hb * k0**2 * tt / (2 * m)))


def evolve(op: SplitOperator, psi0: object, steps: int, *, save_every: int = 1,
           origin: float | Sequence[float] = 0.0, length_unit: str = "bohr",
           time_unit: str = "hbar/E_h") -> xr.Dataset:
    """Evolve ``psi0`` with ``op`` and record ψ, ρ, j and the continuity residual.

    Parameters
    ----------
    op
        The propagator (grid, dt, potentials).
    psi0
        Initial wavefunction on op's grid.
    steps
        Number of time steps.
    save_every
        Record every this many steps (time = n·dt).
    origin
        Coordinate of grid point 0 on each axis.
    length_unit, time_unit
        Names of the units the grid pitch and dt are given in, as in
        :func:`currentkit.waves.current_field`: the defaults ħ = m = 1 are atomic units (bohr,
        ħ/E_h). Units are written for the grid's dimension d, as there: ψ in
        length^-d/2, ρ in length^-d, j in length^-(d-1)/time.

    Returns
    -------
    xarray.Dataset
        ``psi_real``, ``psi_imag``, ``density`` (dims time, x[, y[, z]]) and ``current`` (dims
        time, component, x…), the probability current with the spectral derivative and the
        uniform A; ``norm`` (∫ρ) per time; ``continuity_residual`` (∂ρ/∂t + ∇·j + 2Wρ/ħ with
        ∂ρ/∂t by central differences between recorded times, at the interior recorded times)
        and attrs ``continuity_relative`` = max|residual| / max|∂ρ/∂t| (O(dt²·save_every²)).
    """
    psi = as_wavefunction(psi0)
    if psi.shape != op.shape:
        raise ParameterError("psi0", f"array of shape {psi.shape}", f"shape {op.shape}")
    for name, value in (("steps", steps), ("save_every", save_every)):
        integer(name, value, minimum=1)
    h = grid.spacings(op.spacing, op.ndim)
    frames = [psi]
    done = 0
    while done + save_every <= steps:
        psi = op.step(psi, save_every)
        frames.append(psi)
        done += save_every
    stack = np.stack(frames)
    rho = stack.real**2 + stack.imag**2
    a = op.vector_potential
    cur = np.stack([
        probability_current(f, h, vector_potential=a, mass=op.mass, hbar=op.hbar,
                            charge=op.charge, method="spectral", periodic=True)
        for f in frames
    ])
    tau = save_every * op.dt
    times = np.arange(len(frames)) * tau
    cell = math.prod(h)
    dims = AXES[: op.ndim]
    units = grid_units(op.ndim, length_unit, time_unit)
    coords: dict[str, xr.DataArray] = {
        "time": labelled(times, "time", units["time"], "time t"),
        "component": labelled(list(dims), "component", "1", "vector component"),
    }
    for i, c in enumerate(op.coordinates(origin)):
        coords[dims[i]] = labelled(c, dims[i], units["length"], f"position {dims[i]}")
    data: dict[str, xr.DataArray] = {
        "psi_real": labelled(stack.real, ("time", *dims), units["wavefunction"], "Re ψ"),
        "psi_imag": labelled(stack.imag, ("time", *dims), units["wavefunction"], "Im ψ"),
        "density": labelled(rho, ("time", *dims), units["density"],
                            "probability density ρ = |ψ|²"),
        "current": labelled(cur, ("time", "component", *dims), units["current"],
                            "probability current j = (ħ/m) Im(ψ*∇ψ) − (q/m) A ρ (spectral)"),
        "norm": labelled(rho.reshape(len(frames), -1).sum(axis=1) * cell, "time", "1",
                         "norm ∫ρ dV"),
    }
    relative = math.nan
    if len(frames) >= 3:
        drho = (rho[2:] - rho[:-2]) / (2 * tau)
        div = np.stack([grid.divergence(cur[n], h, method="spectral", periodic=True)
                        for n in range(1, len(frames) - 1)])
        sink = 0.0 if op.absorber is None else 2 * op.absorber / op.hbar * rho[1:-1]
        residual = drho + div + sink
        relative = float(np.abs(residual).max() / max(np.abs(drho).max(), 1e-300))
        data["continuity_residual"] = labelled(residual, ("inner_time", *dims),
                                               units["density_rate"], "∂ρ/∂t + ∇·j + 2Wρ/ħ")
        coords["inner_time"] = labelled(times[1:-1], "inner_time", units["time"],
                                        "time of the continuity check")
    ds = xr.Dataset(data, coords=coords,
                    attrs={"continuity_relative": relative, "dt": op.dt,
                           "save_every": int(save_every)})
    logger.debug("evolved %d steps on grid %s, continuity %.2e", done, op.shape, relative)
    params = {"shape": list(op.shape), "spacing": list(h), "dt": op.dt, "mass": op.mass,
              "hbar": op.hbar, "charge": op.charge,
              "vector_potential": None if a is None else list(a),
              "potential": op.potential, "absorber": op.absorber, "steps": int(steps),
              "save_every": int(save_every), "length_unit": length_unit, "time_unit": time_unit}
    return with_provenance(ds, {k: v for k, v in params.items() if v is not None})


def window_probability(ds: xr.Dataset, lower: float, upper: float) -> np.ndarray:
    """∫_a^b ρ dx at every recorded time of a 1D :func:`evolve` result (grid points a ≤ x ≤ b,
    end points weighted ½, matching the trapezoidal rule)."""
    x = ds["x"].values
    inside = (x >= lower) & (x <= upper)
    idx = np.flatnonzero(inside)
    if idx.size < 2:
        raise ParameterError("lower/upper", (lower, upper), "a window of at least 2 grid points")
    rho = ds["density"].values[:, idx]
    return np.trapezoid(rho, x[idx], axis=1)


__all__ = ["SplitOperator", "absorbing_layer", "evolve", "gaussian_packet", "window_probability"]
