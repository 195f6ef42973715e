"""The diagnostic figure of a Green-Kubo result: ACF and running integral; log-spectrum + filter."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import xarray as xr

from currentkit import plotting


def green_kubo_figure(ds: xr.Dataset, path: str | os.PathLike[str], *,
                      exact: float | None = None, title: str = "") -> Path:
    """Write a two-panel PNG of a :func:`~currentkit.kubo.transport_coefficient` result.

    Left: the normalised autocorrelation and the running integral (× prefactor) with the
    cepstral estimate ± σ as a band (and ``exact`` as a dashed line when known). Right: the
    bias-corrected log-periodogram on [0, f*] and its cepstral filter with P* coefficients.
    """
    fig, (left, right) = plotting.new_figure(2, width=4.6, height=3.4)
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
    return plotting.save_figure(fig, path)
