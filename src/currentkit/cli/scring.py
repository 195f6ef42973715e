"""``currentkit scring``: fluxoid states, inductances and critical current of an SC ring."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from currentkit import units
from currentkit.cli.common import (
    UsageError,
    finite_float,
    in_range,
    output_file,
    positive_int,
    say,
    write_result,
)
from currentkit.plotting import fluxoid_figure
from currentkit.resources import FLOAT, require_memory
from currentkit.superconductors import Ring, critical_current, fluxoid_states, max_winding

#: Lengths (m) from atomic size to ten metres, temperatures (K) up to 10⁴: beyond them the
#: inductance formulas and GL lengths leave double precision or physical sense.
LENGTH_RANGE = (1e-10, 10.0)
TEMPERATURE_MAX = 1e4
#: Float arrays of (flux × winding) alive at once: energy, current, the grids and the plot.
_ARRAYS = 8
_HINT = "use lengths between 1e-10 m and 10 m and temperatures below Tc"


def windings(text: str) -> range:
    """argparse type: ``A..B`` (inclusive, A ≤ B) or a single integer winding number.

    A range, not an array: its size is checked against the memory before anything is allocated.
    """
    low, sep, high = text.partition("..")
    try:
        a, b = (int(low), int(high)) if sep else (int(text), int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not 'A..B' with integers A ≤ B") from None
    if a > b:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed: A ≤ B in 'A..B'")
    return range(a, b + 1)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``scring`` subcommand."""
    p = sub.add_parser(
        "scring",
        help="superconducting ring: inductances, fluxoid states, critical current (SI units)",
        description="Fluxoid states of a superconducting wire or thin-strip loop: "
        "Φ_ext + (L_g + L_k)·I = nΦ0 with Φ0 = h/2e, the current I_n and energy E_n of each "
        "winding n versus the applied flux, the inductances, I = Φ0/L for one trapped quantum "
        "and the Ginzburg-Landau depairing critical current. Writes FILE.nc and FILE.png.",
    )
    p.add_argument("--radius", type=finite_float, required=True, help="loop radius R (m)")
    shape = p.add_mutually_exclusive_group(required=True)
    shape.add_argument("--wire-radius", type=finite_float, help="round wire radius a (m)")
    shape.add_argument("--width", type=finite_float, help="thin-strip width w (m; with "
                       "--thickness)")
    p.add_argument("--thickness", type=finite_float, help="thin-strip thickness d (m)")
    p.add_argument("--material", help="material name (e.g. Al, Nb, Pb, Sn, NbN): λ, ξ, Tc")
    p.add_argument("--penetration-depth", type=finite_float, help="London depth λ(0) (m)")
    p.add_argument("--coherence-length", type=finite_float, help="coherence length ξ(0) (m)")
    p.add_argument("--critical-temperature", type=finite_float, help="Tc (K)")
    p.add_argument("--temperature", type=finite_float, default=0.0,
                   help="temperature T (K; default 0)")
    p.add_argument("--flux-points", type=positive_int, default=201,
                   help="points of applied flux Φ_ext/Φ0 (Φ0 = h/2e) spanning the windings "
                   "± 1/2 (default 201)")
    p.add_argument("--windings", type=windings, default=range(-3, 4),
                   help="winding numbers n as A..B (default -3..3; no units)")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compute the fluxoid states, write FILE.nc and FILE.png, print a summary."""
    output_file(args.output)
    for option in ("radius", "wire_radius", "width", "thickness", "penetration_depth",
                   "coherence_length"):
        value = getattr(args, option)
        if value is not None and value <= 0:
            raise UsageError(f"--{option.replace('_', '-')} {value:g} is not allowed: a positive "
                             "length (m)")
        in_range(f"--{option.replace('_', '-')}", value, *LENGTH_RANGE, "m")
    if not 0 <= args.temperature <= TEMPERATURE_MAX:
        raise UsageError(f"--temperature {args.temperature:g} is not allowed: 0 ≤ T ≤ "
                         f"{TEMPERATURE_MAX:g} K")
    require_memory(_ARRAYS * FLOAT * float(args.flux_points) * len(args.windings),
                   "--flux-points" if args.flux_points > len(args.windings) else "--windings",
                   args.flux_points if args.flux_points > len(args.windings)
                   else f"{args.windings[0]}..{args.windings[-1]}",
                   "request (fewer --flux-points or --windings)")
    if args.thickness is not None and args.width is None:
        raise UsageError("--thickness needs --width (a thin strip)")
    if args.material is None and args.penetration_depth is None:
        raise UsageError("give --material NAME or --penetration-depth (with --coherence-length "
                         "and --critical-temperature)")
    ring = Ring(args.radius, wire_radius=args.wire_radius, width=args.width,
                thickness=args.thickness, penetration_depth=args.penetration_depth,
                coherence_length=args.coherence_length,
                critical_temperature=args.critical_temperature, material=args.material)
    n = np.arange(args.windings.start, args.windings.stop)
    flux = np.linspace(n[0] - 0.5, n[-1] + 0.5, args.flux_points)
    ds = fluxoid_states(ring, flux, n, temperature=args.temperature)
    inductance = ring.inductance(args.temperature)
    current_c = float(critical_current(ring.penetration_depth_at(args.temperature),
                                       ring.coherence_length_at(args.temperature),
                                       ring.cross_section))
    ds.attrs.update(critical_current=current_c, critical_current_units="A")
    path = write_result(ds, args.output, _HINT)
    figure = fluxoid_figure(
        ds, path.with_suffix(".png"), critical_current=current_c,
        title=f"{args.material or 'ring'}: R = {args.radius:g} m, T = {args.temperature:g} K")
    quantum = units.FLUX_QUANTUM_SUPERCONDUCTING
    say(f"inductance: geometric {inductance.geometric:.6g} H, kinetic {inductance.kinetic:.6g} H, "
        f"total {inductance.total:.6g} H (T = {args.temperature:g} K)")
    say(f"one trapped quantum: I = Φ0/L = {quantum / inductance.total:.6g} A")
    say(f"critical current I_c = {current_c:.6g} A (GL depairing); largest winding at zero "
        f"field: {max_winding(current_c, inductance.total)}")
    say(f"wrote {path} and {figure}")
    return 0
