"""``currentkit qubit``: levels and persistent currents of a flux qubit or an rf SQUID.

``currentkit qubit flux --ej1 E --ej2 E --ej3 E --ecj1 E --ecj2 E --ecj3 E --ecg1 E --ecg2 E
[--ng1 N --ng2 N --ncut 10] --output FILE.nc`` and ``currentkit qubit rf --ej E --ec E --el E
[--cutoff 110] --output FILE.nc``: energies in GHz (E/h), flux in units of Φ0 = h/2e. Writes the
spectrum E_k(Φ) and the currents I_k = −∂E_k/∂Φ (nA) to FILE.nc and a figure to FILE.png, and
prints the qubit gap Δ and the persistent current I_p at Φ0/2.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np
import xarray as xr

from currentkit.cli.common import UsageError, finite_float, positive_int, say
from currentkit.results import save_dataset
from currentkit.superconductors import (
    CutoffWarning,
    FluxQubit,
    RfSquid,
    qubit_spectrum,
    two_level,
)

_GHZ = "(GHz, E/h)"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``qubit`` subcommand group (``flux``, ``rf``)."""
    p = sub.add_parser(
        "qubit",
        help="flux qubit / rf SQUID: levels E_k(Φ) (GHz) and persistent currents (nA)",
        description="Spectrum and persistent currents I_k = −∂E_k/∂Φ of the three-junction "
        "flux qubit (charge basis, scqubits' FluxQubit conventions) or of an rf SQUID / "
        "fluxonium (oscillator basis). Energies in GHz (E/h), flux in Φ0 = h/2e. Writes "
        "FILE.nc and FILE.png.",
    )
    group = p.add_subparsers(dest="qubit_command", required=True)
    f = group.add_parser("flux", help="three-junction persistent-current qubit",
                         description="H = 4Σ E_C,ij(n_i − n_gi)(n_j − n_gj) − E_J1 cos φ1 − "
                         "E_J2 cos φ2 − E_J3 cos(2πΦ/Φ0 + φ1 − φ2).")
    for name, what in (("ej1", "Josephson energy E_J1"), ("ej2", "Josephson energy E_J2"),
                       ("ej3", "Josephson energy E_J3 = αE_J (flux-biased junction)"),
                       ("ecj1", "charging energy e²/2C of junction 1"),
                       ("ecj2", "charging energy e²/2C of junction 2"),
                       ("ecj3", "charging energy e²/2C of junction 3"),
                       ("ecg1", "gate charging energy of island 1"),
                       ("ecg2", "gate charging energy of island 2")):
        f.add_argument(f"--{name}", type=finite_float, required=True, help=f"{what} {_GHZ}")
    f.add_argument("--ng1", type=finite_float, default=0.0,
                   help="offset charge of island 1 (Cooper pairs; default 0)")
    f.add_argument("--ng2", type=finite_float, default=0.0,
                   help="offset charge of island 2 (Cooper pairs; default 0)")
    f.add_argument("--ncut", type=positive_int, default=10,
                   help="charge cutoff |n_i| ≤ ncut (no units; default 10)")
    _sweep(f, 0.4, 0.6)
    r = group.add_parser("rf", help="rf SQUID / fluxonium (one junction in an inductive loop)",
                         description="H = 4E_C n² − E_J cos φ + ½E_L(φ − 2πΦ/Φ0)².")
    r.add_argument("--ej", type=finite_float, required=True, help=f"Josephson energy {_GHZ}")
    r.add_argument("--ec", type=finite_float, required=True,
                   help=f"charging energy e²/2C {_GHZ}")
    r.add_argument("--el", type=finite_float, required=True,
                   help=f"inductive energy (Φ0/2π)²/L {_GHZ}")
    r.add_argument("--cutoff", type=positive_int, default=110,
                   help="oscillator states in the basis (no units; default 110)")
    _sweep(r, 0.0, 1.0)


def _sweep(p: argparse.ArgumentParser, start: float, stop: float) -> None:
    p.add_argument("--flux-start", type=finite_float, default=start,
                   help=f"first applied flux (units of Φ0 = h/2e; default {start:g})")
    p.add_argument("--flux-stop", type=finite_float, default=stop,
                   help=f"last applied flux (units of Φ0 = h/2e; default {stop:g})")
    p.add_argument("--flux-points", type=positive_int, default=201,
                   help="number of flux points (no units; default 201)")
    p.add_argument("--levels", type=positive_int, default=6,
                   help="number of levels (no units; default 6)")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compute the spectrum, write FILE.nc and FILE.png, print Δ and I_p."""
    if args.output.suffix != ".nc":
        raise UsageError(f"--output {args.output}: give a .nc file name")
    if args.output.is_dir():
        raise UsageError(f"--output {args.output} is a folder")
    qubit: FluxQubit | RfSquid
    if args.qubit_command == "flux":
        qubit = FluxQubit(args.ej1, args.ej2, args.ej3, args.ecj1, args.ecj2, args.ecj3,
                          args.ecg1, args.ecg2, ng1=args.ng1, ng2=args.ng2, ncut=args.ncut)
    else:
        qubit = RfSquid(args.ej, args.ec, args.el, cutoff=args.cutoff)
    flux = np.linspace(args.flux_start, args.flux_stop, args.flux_points)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CutoffWarning)
        ds = qubit_spectrum(qubit, flux, levels=args.levels)
    two = two_level(qubit)
    ds.attrs.update(gap=two.gap, gap_units="GHz", persistent_current=two.persistent_current,
                    persistent_current_units="nA")
    path = save_dataset(ds, args.output)
    figure = _figure(ds, path)
    for w in caught:
        say(f"warning: {w.message}")
    say(f"{type(qubit).__name__}: {args.levels} levels at {args.flux_points} fluxes in "
        f"[{args.flux_start:g}, {args.flux_stop:g}] Φ0; basis change "
        f"{ds.attrs['cutoff_change']:.2g} GHz on enlarging {ds.attrs['cutoff_name']}")
    say(f"at Φ0/2: gap Δ/h = {two.gap:.6g} GHz, persistent current I_p = "
        f"{two.persistent_current:.6g} nA")
    say(f"wrote {path} and {figure}")
    return 0


def _figure(ds: xr.Dataset, path: Path) -> Path:
    from currentkit.plotting import flux_label, new_figure, save_figure

    fig, (top, bottom) = new_figure(2, width=4.5, height=3.4)
    flux = ds["flux"]
    for k in ds["level"].to_numpy():
        top.plot(flux, ds["energy"].sel(level=k), lw=1, label=f"k={k}")
        bottom.plot(flux, ds["current"].sel(level=k), lw=1)
    top.set_ylabel("E_k/h [GHz]")
    bottom.set_ylabel("I_k = −∂E_k/∂Φ [nA]")
    for ax in (top, bottom):
        ax.set_xlabel(flux_label("h/2e"))
        ax.grid(alpha=0.3)
    top.legend(fontsize=7)
    return save_figure(fig, path.with_suffix(".png"))
