"""``currentkit ring``: persistent current I(Φ) (and levels E_n(Φ)) of a clean or given ring."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import xarray as xr

from currentkit.cli.common import UsageError, finite_float, positive_int, say
from currentkit.files import read_npy
from currentkit.results import save_dataset
from currentkit.rings import (
    ContinuumRing,
    LatticeRing,
    flux_harmonics,
    persistent_current,
    spectrum,
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``ring`` subcommand."""
    p = sub.add_parser(
        "ring",
        help="persistent current I(Φ) of a lattice or continuum ring",
        description="Compute I(Φ) = −∂F/∂Φ on K flux points over [0, 1) Φ0 and write it to a "
        "netCDF file (and a PNG beside it).",
    )
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--lattice", action="store_true", help="tight-binding ring (units t=a=ħ=e=1)")
    kind.add_argument("--continuum", action="store_true", help="continuum ring (SI units)")
    p.add_argument("--sites", type=positive_int, help="lattice: number of sites L")
    p.add_argument("--hopping", type=finite_float, default=1.0, help="lattice: hopping t (energy "
                   "unit; default 1)")
    p.add_argument("--potential", type=Path, help="lattice: .npy file of L on-site energies (t)")
    p.add_argument("--radius", type=finite_float, help="continuum: ring radius R (m)")
    p.add_argument("--rotation", type=finite_float, default=0.0,
                   help="continuum: angular velocity Ω of the ring (rad/s), no flux needed")
    filling = p.add_mutually_exclusive_group(required=True)
    filling.add_argument("--electrons", type=int, help="fixed particle number N (canonical)")
    filling.add_argument("--mu", type=finite_float,
                         help="fixed chemical potential μ (lattice: t; continuum: J)")
    p.add_argument("--spin", action="store_true", help="spin-1/2 electrons (levels doubled)")
    p.add_argument("--temperature", type=finite_float, default=0.0,
                   help="temperature T (lattice: t/k_B; continuum: K; default 0)")
    p.add_argument("--flux-points", type=positive_int, default=128,
                   help="K flux points f = k/K over [0, 1) Φ0 (default 128)")
    p.add_argument("--levels", type=positive_int,
                   help="also store the lowest K levels E_n(Φ) (lattice: t; continuum: J)")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def _model(args: argparse.Namespace) -> LatticeRing | ContinuumRing:
    if args.lattice:
        if args.sites is None:
            raise UsageError("--lattice needs --sites")
        if args.radius is not None or args.rotation:
            raise UsageError("--radius and --rotation are for --continuum rings")
        potential = None if args.potential is None else read_npy(args.potential)
        return LatticeRing(args.sites, hopping=args.hopping, potential=potential, spin=args.spin)
    if args.radius is None:
        raise UsageError("--continuum needs --radius (m)")
    if args.sites is not None or args.potential is not None:
        raise UsageError("--sites and --potential are for --lattice rings")
    return ContinuumRing(args.radius, spin=args.spin)


def run(args: argparse.Namespace) -> int:
    """Compute, write FILE.nc and FILE.png, print a summary."""
    model = _model(args)
    flux = np.arange(args.flux_points) / args.flux_points
    ds = persistent_current(model, flux, electrons=args.electrons, mu=args.mu,
                            temperature=args.temperature, rotation=args.rotation)
    if args.levels is not None:
        levels = spectrum(model, flux, levels=args.levels)
        ds = xr.merge([ds, levels[["energy", "level_current"]]], combine_attrs="override")
    path = save_dataset(ds, args.output)
    from currentkit.plotting import plot_current, save_figure

    figure = save_figure(plot_current(ds), path.with_suffix(".png"))
    unit = ds["current"].attrs["units"]
    say(f"{type(model).__name__}: {ds.attrs['ensemble'].replace('_', ' ')}, "
        f"T = {args.temperature:g} {ds.attrs['temperature_units']}")
    say(f"max |I| = {float(np.abs(ds['current']).max()):.6g} {unit}")
    if args.flux_points >= 8:
        b = flux_harmonics(ds["current"], orders=2)["sine"].to_numpy()
        say(f"harmonics: h/e {b[0]:.6g} {unit}, h/2e {b[1]:.6g} {unit}")
    if ds.attrs.get("rotation_flux"):
        say(f"rotation: effective flux {ds.attrs['rotation_flux']:.6g} Φ0")
    say(f"wrote {path} and {figure}")
    return 0
