"""Matplotlib figures of currentkit results; matplotlib is imported lazily with the Agg backend.

Functions return the :class:`matplotlib.figure.Figure`; :func:`save_figure` writes it atomically
and closes it, so long tours never accumulate open figures.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
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


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: int = 110,
                title: str = "") -> Path:
    """Write ``fig`` as PNG to ``path`` atomically (with the user's umask) and release it.

    ``title`` (e.g. the command's parameters) goes above all panels.
    """
    from currentkit.results import atomic_write

    if title:
        fig.suptitle(title, fontsize=9)

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


def bound_current_figure(ds: xr.Dataset, path: str | os.PathLike[str], *,
                         title: str = "") -> Path:
    """M_z and the volume bound current J_b = ∇×M of the middle z layer (SI, lengths in nm)."""
    fig, (left, right) = new_figure(2, width=4.2, height=3.6)
    layer = ds.sizes["z"] // 2
    x, y = ds["x"].values * 1e9, ds["y"].values * 1e9
    mz = ds["magnetization"].isel(z=layer).sel(component="z")
    image = left.pcolormesh(x, y, mz.values, shading="nearest", cmap="RdBu_r")
    fig.colorbar(image, ax=left, label="M_z [A/m]")
    left.set_title(f"M_z, layer z = {ds['z'].values[layer] * 1e9:.3g} nm")
    j = ds["bound_current"].isel(z=layer)
    jn = np.linalg.norm(j.values, axis=-1)
    image = right.pcolormesh(x, y, jn, shading="nearest", cmap="viridis")
    if jn.max() > 0:  # quiver cannot scale an all-zero field
        right.quiver(x, y, j.sel(component="x").values, j.sel(component="y").values, color="w")
    fig.colorbar(image, ax=right, label="|J_b| [A/m²]")
    right.set_title("volume bound current J_b = ∇×M")
    for ax in (left, right):
        ax.set_xlabel("x [nm]")
        ax.set_ylabel("y [nm]")
        ax.set_aspect("equal")
    return save_figure(fig, path, title=title)


def ensemble_figure(ds: xr.Dataset, path: str | os.PathLike[str], *, title: str = "",
                    shown: int = 5) -> Path:
    """The first ``shown`` realizations I_r(Φ), the typical √⟨I²⟩ and the mean ⟨I⟩."""
    fig, ax = new_figure()
    flux = ds["flux"].to_numpy()
    for r in range(min(shown, ds.sizes["realization"])):
        ax.plot(flux, ds["current"].isel(realization=r), lw=0.8, alpha=0.6,
                label="realizations" if r == 0 else None)
    ax.plot(flux, ds["typical_current"], color="k", lw=1.8, label=r"typical $\sqrt{\langle I^2"
            r"\rangle}$")
    ax.plot(flux, ds["mean_current"], color="C3", lw=1.5, ls="--",
            label=r"mean $\langle I\rangle$")
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.set_xlabel(flux_label("h/e"))
    ax.set_ylabel(f"current [{ds['current'].attrs['units']}]")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    return save_figure(fig, path)


def interacting_figure(ds: xr.Dataset, path: str | os.PathLike[str], *,
                       method_label: str, title: str = "") -> Path:
    """E0(Φ) above and I(Φ) below (with the Luttinger sawtooth when ``ds`` holds it)."""
    flux = ds["flux"]
    fig, (top, bottom) = new_figure(2, width=4.5, height=3.4)
    top.plot(flux, ds["energy"], "o-", ms=3, lw=1)
    bottom.plot(flux, ds["current"], "o", ms=3, label=method_label)
    if "luttinger_current" in ds:
        bottom.plot(flux, ds["luttinger_current"], lw=1, label="Luttinger liquid, uK = 2πD")
    top.set_ylabel("E0 [t]")
    bottom.set_ylabel("I [e·t/ħ]")
    for ax in (top, bottom):
        ax.set_xlabel("flux Φ/Φ0, Φ0 = h/e")
        ax.grid(alpha=0.3)
    bottom.legend(fontsize=7)
    return save_figure(fig, path, title=title)


def interacting_disorder_figure(ds: xr.Dataset, path: str | os.PathLike[str], *,
                                title: str = "") -> Path:
    """Typical current √⟨I²⟩(Φ) of an interacting ensemble, one curve per interaction."""
    fig, ax = new_figure(1, width=4.5, height=3.4)
    for i, value in enumerate(ds["interaction"].values):
        ax.plot(ds["flux"], ds["typical_current"][i], "o-", ms=3, lw=1,
                label=f"interaction {value:g} t")
    ax.set_xlabel("flux Φ/Φ0, Φ0 = h/e")
    ax.set_ylabel("typical current √⟨I²⟩ [e·t/ħ]")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    return save_figure(fig, path, title=title)


def particles_figure(ds: xr.Dataset, path: str | os.PathLike[str], *,
                     title: str = "") -> Path:
    """Total current J(t), the charge through a plane and the mean charge density, if present."""
    from scipy import constants

    panels = 1 + ("transferred_charge" in ds) + ("charge_density" in ds)
    fig, axes = new_figure(panels, width=4.2, height=3.2)
    axes = np.atleast_1d(axes)
    t = ds["time"].values
    for c in ("x", "y", "z"):
        axes[0].plot(t, ds["total_current"].sel(component=c), lw=1, label=f"J_{c}")
    axes[0].set_xlabel("time [s]")
    axes[0].set_ylabel("J = Σ q v [A·m]")
    axes[0].legend(fontsize=7)
    k = 1
    if "transferred_charge" in ds:
        axes[k].plot(t, ds["transferred_charge"] / constants.e, lw=1)
        axes[k].set_xlabel("time [s]")
        axes[k].set_ylabel("charge through the plane [e]")
        k += 1
    if "charge_density" in ds:
        rho = ds["charge_density"].mean("z")
        mesh = axes[k].pcolormesh(ds["x"], ds["y"], rho.T, shading="auto", cmap="RdBu_r")
        fig.colorbar(mesh, ax=axes[k], label="⟨ρ⟩ averaged over z [C/m³]")
        axes[k].set_xlabel("x [m]")
        axes[k].set_ylabel("y [m]")
    for ax in axes:
        ax.grid(alpha=0.3)
    return save_figure(fig, path, title=title)


def fluxoid_figure(ds: xr.Dataset, path: str | os.PathLike[str], *,
                   critical_current: float, title: str = "") -> Path:
    """Fluxoid energies E_n (µeV) and currents I_n (µA) against the applied flux, ``|I| < I_c``."""
    from currentkit import units

    fig, (top, bottom) = new_figure(2, width=4.5, height=3.4)
    flux = ds["flux"]
    for w in ds["winding"].values:
        energy = ds["energy"].sel(winding=w) / units.ELECTRONVOLT * 1e6
        top.plot(flux, energy, lw=1, label=f"n={w}")
        bottom.plot(flux, ds["current"].sel(winding=w) * 1e6, lw=1)
    bottom.axhspan(-critical_current * 1e6, critical_current * 1e6, color="0.9", zorder=0,
                   label="|I| < I_c")
    top.set_ylabel("E_n [µeV]")
    bottom.set_ylabel("I_n [µA]")
    for ax in (top, bottom):
        ax.set_xlabel("applied flux Φ_ext/Φ0, Φ0 = h/2e")
        ax.grid(alpha=0.3)
    top.legend(fontsize=7)
    bottom.legend(fontsize=7)
    return save_figure(fig, path, title=title)


def barrier_figure(ds: xr.Dataset, path: str | os.PathLike[str], *, energy: float,
                   title: str = "") -> Path:
    """Exact T(E) of a rectangular barrier (and, for a packet run, j(x_d, t) and its T)."""
    axes: tuple[Any, ...]
    if ds.attrs.get("method") == "packet":
        fig, (left, right) = new_figure(2, width=4.2, height=3.2)
        left.plot(ds["time"], ds["current"], color="C0")
        left.set_xlabel("time t [ħ/E unit]")
        left.set_ylabel(f"j(x_d = {ds.attrs['detector']:.3g}, t)")
        left.set_title(f"∫j dt = {ds.attrs['transmitted_probability']:.5f}")
        right.plot(ds["energy"], ds["exact"], color="k", lw=1, label="exact")
        right.plot(ds["energy"], ds["transmission"], "o", ms=3, mfc="none", color="C1",
                   label="packet current")
        right.set_xlabel("energy E")
        right.set_ylabel("T(E)")
        right.legend(fontsize=7)
        axes = (left, right)
    else:
        fig, ax = new_figure(1, width=4.5, height=3.2)
        ax.plot(ds["energy"], ds["exact"], color="k", lw=1)
        ax.axvline(energy, color="C1", lw=0.8)
        ax.set_xlabel("energy E")
        ax.set_ylabel("exact T(E)")
        axes = (ax,)
    for ax in axes:
        ax.grid(alpha=0.3)
    return save_figure(fig, path, title=title)
