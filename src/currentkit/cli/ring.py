"""``currentkit ring``: persistent current I(Φ) (and levels E_n(Φ)) of a clean or given ring."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import xarray as xr

from currentkit.cli.common import (
    UsageError,
    finite_float,
    in_range,
    load_npy,
    nonnegative_int,
    output_file,
    positive_int,
    say,
    shown_unit,
    write_result,
)
from currentkit.resources import FLOAT, require_memory
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
    filling.add_argument("--electrons", type=nonnegative_int,
                         help="fixed particle number N (canonical)")
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


#: Ranges where the numbers stay finite and meaningful: |t| (lattice energy unit) and R (m,
#: from atomic size to a metre: ħ²/(2mR²) and the level count stay within double precision).
HOPPING_RANGE = (1e-100, 1e100)
RADIUS_RANGE = (1e-10, 1.0)
#: Float arrays of (flux × level) alive at once in the level sums (energies, currents, weights).
_LEVEL_ARRAYS = 6
_HINT = "use parameters of ordinary size (--hopping, --radius, --temperature, --mu, --rotation)"


def _model(args: argparse.Namespace) -> LatticeRing | ContinuumRing:
    if args.lattice:
        if args.sites is None:
            raise UsageError("--lattice needs --sites")
        if args.radius is not None or args.rotation:
            raise UsageError("--radius and --rotation are for --continuum rings")
        in_range("--hopping", args.hopping, *HOPPING_RANGE, "t")
        potential = None
        if args.potential is not None:
            potential = load_npy(args.potential, "--potential")
        return LatticeRing(args.sites, hopping=args.hopping, potential=potential, spin=args.spin)
    if args.radius is None:
        raise UsageError("--continuum needs --radius (m)")
    if args.sites is not None or args.potential is not None:
        raise UsageError("--sites and --potential are for --lattice rings")
    if args.radius <= 0:
        raise UsageError(f"--radius {args.radius:g} is not allowed: a positive radius (m)")
    in_range("--radius", args.radius, *RADIUS_RANGE, "m")
    return ContinuumRing(args.radius, spin=args.spin)


def _check_memory(args: argparse.Namespace, model: LatticeRing | ContinuumRing) -> None:
    """Refuse before computing when the level arrays (and a dense matrix) would not fit."""
    flux = args.flux_points
    kt = top = 0.0
    if isinstance(model, LatticeRing):
        states = model.states
        dense = 0 if model.is_clean else 3 * 16 * states**2  # H, eigenvectors, workspace
        levels = states
    else:
        kt = args.temperature * 1.380649e-23  # k_B (J/K); only a size estimate
        top = (args.mu if args.mu is not None else
               model.level_energy * ((args.electrons or 0) / model.degeneracy / 2 + 2) ** 2)
        reach = (max(top + 100 * kt, 0.0) / model.level_energy) ** 0.5 + 3
        levels = int(min(2 * reach + 1, 1e18)) * model.degeneracy
        dense = 0
    need = FLOAT * _LEVEL_ARRAYS * float(flux) * (levels + (args.levels or 0)) + dense
    name, value = ("--flux-points", flux)
    if levels >= flux:  # the level count drives it: name what sets it
        if args.lattice:
            name, value = "--sites", args.sites
        elif args.temperature and 100 * kt >= abs(top):
            name, value = "--temperature", args.temperature
        else:
            name, value = ("--mu", args.mu) if args.mu is not None else ("--electrons",
                                                                           args.electrons)
    require_memory(need, name, value, "request (fewer --sites, --flux-points or --levels, or "
                   "a lower --temperature/--mu)")


def run(args: argparse.Namespace) -> int:
    """Compute, write FILE.nc and FILE.png, print a summary."""
    output_file(args.output, inputs=[args.potential])
    model = _model(args)
    _check_memory(args, model)
    flux = np.arange(args.flux_points) / args.flux_points
    ds = persistent_current(model, flux, electrons=args.electrons, mu=args.mu,
                            temperature=args.temperature, rotation=args.rotation)
    if args.levels is not None:
        levels = spectrum(model, flux, levels=args.levels)
        ds = xr.merge([ds, levels[["energy", "level_current"]]], combine_attrs="override")
    path = write_result(ds, args.output, _HINT)
    from currentkit.plotting import plot_current, save_figure

    fig = plot_current(ds)
    size = (f"L = {model.sites}, t = {model.hopping:g}" if isinstance(model, LatticeRing)
            else f"R = {model.radius:g} m")
    filling = f"N = {args.electrons}" if args.electrons is not None else f"μ = {args.mu:g}"
    fig.axes[0].set_title(f"{type(model).__name__}: {size}, {filling}, "
                          f"T = {args.temperature:g} {ds.attrs['temperature_units']}", fontsize=9)
    figure = save_figure(fig, path.with_suffix(".png"))
    unit = shown_unit(ds["current"].attrs["units"])
    say(f"{type(model).__name__}: {ds.attrs['ensemble'].replace('_', ' ')}, "
        f"T = {args.temperature:g} {shown_unit(ds.attrs['temperature_units'])}, "
        f"method {ds.attrs['method']}")
    say(f"max |I| = {float(np.abs(ds['current']).max()):.6g} {unit}")
    if args.flux_points >= 8:
        b = flux_harmonics(ds["current"], orders=2)["sine"].to_numpy()
        say(f"harmonics: h/e {b[0]:.6g} {unit}, h/2e {b[1]:.6g} {unit}")
    if ds.attrs.get("rotation_flux"):
        say(f"rotation: effective flux {ds.attrs['rotation_flux']:.6g} Φ0")
    say(f"wrote {path} and {figure}")
    return 0
