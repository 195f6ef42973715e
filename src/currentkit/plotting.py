"""Matplotlib figures of currentkit results; matplotlib is imported lazily with the Agg backend.

Functions return the :class:`matplotlib.figure.Figure`; :func:`save_figure` writes it atomically
and closes it, so long tours never accumulate open figures.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import xarray as xr
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def new_figure(ncols: int = 1, *, width: float = 5.0, height: float = 3.6) -> tuple[Figure, Any]:
    """A figure with ``ncols`` axes side by side (Agg backend, no display needed)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, height), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=True)
    return fig, axes


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: int = 110) -> Path:
    """Write ``fig`` as PNG to ``path`` atomically (with the user's umask) and release it."""
    from currentkit.results import atomic_write

    return atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=dpi, format="png"))


#: How units stored in attrs (ASCII, for other tools) are shown to a person.
_SHOWN_UNITS = {"e*t/hbar": "e·t/ħ", "Phi0": "Φ0", "A*m2": "A·m²"}


def display_unit(unit: str) -> str:
    """The one spelling of ``unit`` in figures and the command line (``e*t/hbar`` → ``e·t/ħ``)."""
    return _SHOWN_UNITS.get(unit, unit.replace("hbar", "ħ").replace("*", "·"))


def _label(var: xr.DataArray, fallback: str) -> str:
    return f"{var.attrs.get('long_name', fallback)} [{display_unit(var.attrs.get('units', '?'))}]"


def plot_current(ds: xr.Dataset, ax: Axes | None = None, **style: Any) -> Figure:
    """I(Φ) of a :func:`~currentkit.rings.persistent_current` result."""
    if ax is None:
        fig, ax = new_figure()
    else:
        fig = ax.figure  # type: ignore[assignment]
    ax.plot(ds["flux"], ds["current"], **style)
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.set_xlabel(_label(ds["flux"], "flux"))
    ax.set_ylabel(_label(ds["current"], "current"))
    return fig


def plot_spectrum(ds: xr.Dataset, ax: Axes | None = None, **style: Any) -> Figure:
    """E_n(Φ) of a :func:`~currentkit.rings.spectrum` result, one line per level."""
    if ax is None:
        fig, ax = new_figure()
    else:
        fig = ax.figure  # type: ignore[assignment]
    ax.plot(ds["flux"], ds["energy"].transpose("flux", "level"), **{"lw": 1.0, **style})
    ax.set_xlabel(_label(ds["flux"], "flux"))
    ax.set_ylabel(_label(ds["energy"], "energy"))
    return fig


def flux_label(quantum: str = "h/e") -> str:
    """Axis label (mathtext) for the reduced flux Φ/Φ0, naming the flux quantum ``quantum``."""
    return rf"flux $\Phi/\Phi_0$  ($\Phi_0 = {quantum}$)"


def break_jumps(
    x: npt.ArrayLike, y: npt.ArrayLike, *, fraction: float = 0.25
) -> tuple[np.ndarray, np.ndarray]:
    """Copies of ``x`` and ``y`` with NaN between neighbours where ``y`` jumps.

    A jump is a step ``|y[i+1] − y[i]|`` larger than ``fraction`` of the range of ``y``. Matplotlib
    does not join points across a NaN, so a sawtooth is drawn without the vertical lines at its
    discontinuities, and an isolated point at a degeneracy (where a current is the mean of the
    two branches, e.g. 0 at the grid's end) is not joined to its neighbours.
    """
    import numpy as np

    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xs.shape != ys.shape or xs.ndim != 1:
        raise ValueError("x and y must be 1-D arrays of the same length")
    finite = ys[np.isfinite(ys)]
    if finite.size < 2:
        return xs.copy(), ys.copy()
    span = float(finite.max() - finite.min())
    jumps = np.flatnonzero(np.abs(np.diff(ys)) > fraction * span) + 1
    return np.insert(xs, jumps, np.nan), np.insert(ys, jumps, np.nan)
