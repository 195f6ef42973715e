"""Matplotlib figures of currentkit results; matplotlib is imported lazily with the Agg backend.

Functions return the :class:`matplotlib.figure.Figure`; :func:`save_figure` writes it atomically
and closes it, so long tours never accumulate open figures.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
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
    """Write ``fig`` as PNG to ``path`` (atomically) and release it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".png", dir=path.parent)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=dpi, format="png")
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a figure is meant to be shared
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _label(var: xr.DataArray, fallback: str) -> str:
    return f"{var.attrs.get('long_name', fallback)} [{var.attrs.get('units', '?')}]"


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


def green_kubo_figure(ds: xr.Dataset, path: str | os.PathLike[str], *,
                      exact: float | None = None, title: str = "") -> Path:
    """Write a two-panel PNG of a :func:`~currentkit.kubo.transport_coefficient` result.

    Left: the normalised autocorrelation and the running integral (× prefactor) with the
    cepstral estimate ± σ as a band (and ``exact`` as a dashed line when known). Right: the
    bias-corrected log-periodogram on [0, f*] and its cepstral filter with P* coefficients.
    """
    fig, (left, right) = new_figure(2, width=4.6, height=3.4)
    t = ds["lag_time"].to_numpy()
    acf = ds["autocorrelation"].to_numpy()
    value, std = float(ds["coefficient"]), float(ds["coefficient_std"])
    left.plot(t, ds["running_integral"], color="C0", lw=1.2, label="running ∫⟨x(0)x(t)⟩dt")
    left.axhspan(value - std, value + std, color="C1", alpha=0.25,
                 label=f"cepstral {value:.4g} ± {std:.2g}")
    if exact is not None:
        left.axhline(exact, color="k", ls="--", lw=1, label=f"exact {exact:.4g}")
    left.set_xlabel(f"lag time t [{ds['lag_time'].attrs['units']}]")
    left.set_ylabel(f"coefficient [{ds['coefficient'].attrs['units']}]")
    twin = left.twinx()
    twin.plot(t, acf / acf[0], color="0.5", lw=0.8)
    twin.set_ylabel("ACF C(t)/C(0) (grey)")
    left.legend(fontsize=7, loc="lower right")
    f = ds["frequency"].to_numpy()
    right.plot(f, ds["log_psd"], color="0.6", lw=0.5, label="ln Ŝ(f) − λ (periodogram)")
    right.plot(f, ds["filtered_log_psd"], color="C3", lw=1.5,
               label=f"cepstral filter, P* = {ds.attrs['P_star']}")
    right.set_xlim(0, float(np.max(f)))
    right.set_xlabel(f"frequency f [{ds['frequency'].attrs['units']}] (f* = "
                     f"{ds.attrs['f_star']:.4g})")
    right.set_ylabel("log-spectrum")
    right.legend(fontsize=7)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    if title:
        left.set_title(title, fontsize=9)
    return save_figure(fig, path)
