"""``currentkit particles``: total current, charge through a plane, densities of a trajectory."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import xarray as xr
from scipy import constants

from currentkit import particles
from currentkit.cli.common import (
    UsageError,
    finite_float,
    input_file,
    output_file,
    positive_int,
    say,
    write_result,
)
from currentkit.plotting import particles_figure
from currentkit.resources import FLOAT, require_memory
from currentkit.results import with_provenance

#: The units each reader works in, as told to the user (lammpsdump: the --units style).
_READER_UNITS = {
    "real": "LAMMPS real (Å, fs, e)",
    "metal": "LAMMPS metal (Å, ps, e)",
    "si": "LAMMPS si (m, s, C)",
    "extxyz": "extended XYZ (Å; --timestep in fs, charges in e)",
    "mdanalysis": "MDAnalysis (Å, ps, e)",
}
#: Grid-sized float arrays alive at once for --grid: ρ and the 3 components of j, accumulated
#: and per frame, at two frames for the continuity check, plus the deposition's scratch.
_GRID_ARRAYS = 24
_HINT = ("check the trajectory's values and --timestep, --charges: they should be of "
         "ordinary size")


def type_charges(text: str) -> dict[str, float]:
    """argparse type: ``TYPE=Q,TYPE=Q,…`` (charges in e)."""
    table: dict[str, float] = {}
    for item in text.split(","):
        name, sep, value = item.partition("=")
        try:
            charge = float(value)
        except ValueError:
            charge = float("nan")
        if not sep or not name.strip() or not np.isfinite(charge):
            raise argparse.ArgumentTypeError(f"{item!r} is not TYPE=CHARGE (charge in e)")
        table[name.strip()] = charge
    return table


def plane(text: str) -> tuple[str, float]:
    """argparse type: ``AXIS=POSITION`` with AXIS one of x, y, z."""
    axis, sep, value = text.partition("=")
    if not sep or axis.strip().lower() not in ("x", "y", "z"):
        raise argparse.ArgumentTypeError(f"{text!r} is not AXIS=POSITION with AXIS x, y or z")
    return axis.strip().lower(), finite_float(value)


def grid_shape(text: str) -> tuple[int, int, int]:
    """argparse type: ``NX,NY,NZ`` (each ≥ 1)."""
    parts = text.split(",")
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(f"{text!r} is not NX,NY,NZ")
    a, b, c = (positive_int(p) for p in parts)
    return a, b, c


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``particles`` subcommand."""
    p = sub.add_parser(
        "particles",
        help="currents from a particle trajectory: J(t) = Σ q v, charge through a plane, "
        "CIC densities with the continuity check (SI output)",
        description="Stream a trajectory (LAMMPS text dump, extended XYZ, or anything "
        "MDAnalysis reads) and compute the total current J(t) = Σ q_i v_i (A·m); with --plane "
        "the net charge Q(t) through the plane AXIS=POSITION (signed crossings, periodic "
        "images counted) and I = dQ/dt (A); with --grid the time-averaged cloud-in-cell charge "
        "(C/m³) and current (A/m²) densities and the continuity residual per frame interval "
        "(ρ at frames n, n+1; j at the midpoint). Velocities absent from the file are "
        "made by central differences of the positions. Writes FILE.nc and FILE.png.",
    )
    p.add_argument("trajectory", type=Path, metavar="TRAJ", help="trajectory file")
    p.add_argument("--topology", type=Path, help="topology file for MDAnalysis formats")
    p.add_argument("--format", choices=particles.FORMATS,
                   help="reader (default: from the suffix; .dump/.lammpstrj → lammpsdump, "
                   ".xyz/.extxyz → extxyz, else mdanalysis)")
    p.add_argument("--charges", type=type_charges,
                   help="charges per type as TYPE=Q,… (Q in e; overrides the file's)")
    p.add_argument("--plane", type=plane,
                   help="plane AXIS=POSITION for the charge count (position in the file's length "
                   "unit: Å for real/metal, extxyz and MDAnalysis; m for si)")
    p.add_argument("--grid", type=grid_shape, help="CIC grid nodes NX,NY,NZ over the box")
    p.add_argument("--timestep", type=finite_float,
                   help="lammpsdump: MD timestep, time = TIMESTEP × DT (fs for real, ps for metal, "
                   "s for si; default LAMMPS's); extxyz: fs between frames; mdanalysis: ps "
                   "between frames (default MDAnalysis's times)")
    p.add_argument("--units", choices=tuple(particles.UNIT_STYLES),
                   help="LAMMPS unit style of a dump (real: Å, fs, e; metal: Å, ps, e; si: m, "
                   "s, C); required for LAMMPS dumps, which do not record it")
    p.add_argument("--chunk", type=positive_int, default=64,
                   help="frames held in memory at once (default 64)")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the trajectory, compute, write FILE.nc and FILE.png, print a summary."""
    inputs = [input_file(args.trajectory, "TRAJ")]
    if args.topology is not None:
        inputs.append(input_file(args.topology, "--topology"))
    output_file(args.output, inputs=inputs)
    if args.timestep is not None and args.timestep <= 0:
        raise UsageError(f"--timestep {args.timestep} is not allowed: a positive timestep")
    reader = args.format or particles.guess_format(args.trajectory)
    if reader == "lammpsdump" and args.units is None:
        raise UsageError(f"give --units ({', '.join(particles.UNIT_STYLES)}): a LAMMPS dump "
                         f"does not record its unit style ({args.trajectory})")
    if reader != "lammpsdump" and args.units is not None:
        raise UsageError(f"--units is for LAMMPS dumps; {reader} files are read in "
                         f"{_READER_UNITS[reader]}")
    if args.grid is not None:
        nodes = float(np.prod(args.grid, dtype=float))
        require_memory(_GRID_ARRAYS * FLOAT * nodes, "--grid", ",".join(map(str, args.grid)),
                       "grid (fewer nodes)")
    traj = particles.Trajectory(args.trajectory, format=args.format, topology=args.topology,
                                charges=args.charges, units=args.units or "real",
                                timestep=args.timestep, chunk=args.chunk)
    style = particles.unit_style(args.units if traj.format == "lammpsdump" else "metal")
    reading = traj.describe()
    ds = particles.total_current(traj, parameters={"reader": reading})
    parts = [ds]
    transferred = None
    if args.plane is not None:
        axis, where = args.plane
        transferred = particles.transferred_charge(traj, axis, where * style.length)
        parts.append(transferred[["transferred_charge", "plane_current"]]
                     .rename(plane="plane_position"))
    residual = None
    if args.grid is not None:
        dens = particles.densities(traj, args.grid)
        residual = particles.continuity(traj, args.grid)
        parts.append(dens[["charge_density", "current_density"]])
        res = residual[["relative_residual"]].rename(time="interval_midpoint",
                                                     relative_residual="continuity_residual")
        res["interval_midpoint"].attrs.update(units="s", long_name="midpoint of frame interval")
        res["continuity_residual"].attrs.update(units="1", long_name="RMS(∂ρ/∂t + ∇·j − s)/"
                                                "RMS(∂ρ/∂t), ρ at frames, j at midpoints")
        parts.append(res)
    out = xr.merge(parts, combine_attrs="override")
    out.attrs = {}
    if "plane_position" in out.coords:
        out["plane_position"].attrs.update(units="m", long_name=f"plane position along "
                                           f"{args.plane[0]}")
    out.attrs.update(velocities=traj.velocity_source, charges=traj.charge_source,
                     densities="time average over all frames" if args.grid else "not computed")
    params = {"reader": reading, "plane": None if args.plane is None else list(args.plane),
              "grid": None if args.grid is None else list(args.grid)}
    out = with_provenance(out, {k: v for k, v in params.items() if v is not None})
    path = write_result(out, args.output, _HINT)
    figure = particles_figure(out, path.with_suffix(".png"),
                              title=f"{path.stem}: {out.sizes['time']} frames")
    mean = ds["mean_current"].values
    say(f"units: {_READER_UNITS[args.units if reader == 'lammpsdump' else reader]}")
    say(f"{ds.sizes['time']} frames, {float(ds['time'][-1] - ds['time'][0]):.6g} s; velocities: "
        f"{traj.velocity_source}; charges: {traj.charge_source}")
    say(f"mean total current J = ({mean[0]:.6g}, {mean[1]:.6g}, {mean[2]:.6g}) A·m")
    if transferred is not None:
        q = float(transferred["transferred_charge"][-1])
        say(f"charge through {args.plane[0]} = {args.plane[1]:g}: {q:.6g} C "
            f"({q / constants.e:.6g} e; {int(transferred['forward_crossings'])} crossings "
            f"forward, {int(transferred['backward_crossings'])} backward)")
        say(f"mean current through the plane I = Q/t = {transferred.attrs['mean_current']:.6g} A")
    if residual is not None:
        say(f"continuity residual RMS(∂ρ/∂t + ∇·j − s)/RMS(∂ρ/∂t): max "
            f"{residual.attrs['max_relative_residual']:.3g} over {residual.sizes['time']} "
            "intervals")
    say(f"wrote {path} and {figure}")
    return 0


