"""``currentkit scring``: fluxoid states, inductances and critical current of an SC ring."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from currentkit import units
from currentkit.cli.common import UsageError, finite_float, positive_int, say
from currentkit.plotting import fluxoid_figure
from currentkit.results import save_dataset
from currentkit.superconductors import Ring, critical_current, fluxoid_states, max_winding


def windings(text: str) -> np.ndarray:
    """argparse type: ``A..B`` (inclusive, A ≤ B) or a single integer winding number."""
    low, sep, high = text.partition("..")
    try:
        a, b = (int(low), int(high)) if sep else (int(text), int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not 'A..B' with integers A ≤ B") from None
    if a > b:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed: A ≤ B in 'A..B'")
    return np.arange(a, b + 1)


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
    p.add_argument("--windings", type=windings, default=np.arange(-3, 4),
                   help="winding numbers n as A..B (default -3..3; no units)")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compute the fluxoid states, write FILE.nc and FILE.png, print a summary."""
    if args.thickness is not None and args.width is None:
        raise UsageError("--thickness needs --width (a thin strip)")
    if args.material is None and args.penetration_depth is None:
        raise UsageError("give --material NAME or --penetration-depth (with --coherence-length "
                         "and --critical-temperature)")
    ring = Ring(args.radius, wire_radius=args.wire_radius, width=args.width,
                thickness=args.thickness, penetration_depth=args.penetration_depth,
                coherence_length=args.coherence_length,
                critical_temperature=args.critical_temperature, material=args.material)
    n = args.windings
    flux = np.linspace(n[0] - 0.5, n[-1] + 0.5, args.flux_points)
    ds = fluxoid_states(ring, flux, n, temperature=args.temperature)
    inductance = ring.inductance(args.temperature)
    current_c = float(critical_current(ring.penetration_depth_at(args.temperature),
                                       ring.coherence_length_at(args.temperature),
                                       ring.cross_section))
    ds.attrs.update(critical_current=current_c, critical_current_units="A")
    path = save_dataset(ds, args.output)
    figure = fluxoid_figure(ds, path.with_suffix(".png"), critical_current=current_c)
    quantum = units.FLUX_QUANTUM_SUPERCONDUCTING
    say(f"inductance: geometric {inductance.geometric:.6g} H, kinetic {inductance.kinetic:.6g} H, "
        f"total {inductance.total:.6g} H (T = {args.temperature:g} K)")
    say(f"one trapped quantum: I = Φ0/L = {quantum / inductance.total:.6g} A")
    say(f"critical current I_c = {current_c:.6g} A (GL depairing); largest winding at zero "
        f"field: {max_winding(current_c, inductance.total)}")
    say(f"wrote {path} and {figure}")
    return 0
