"""``currentkit interacting``: interacting rings (t-V, Hubbard) by exact diagonalization."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import xarray as xr

from currentkit.cli.common import (
    UsageError,
    finite_float,
    in_range,
    output_file,
    positive_int,
    say,
    seed_int,
    write_result,
)
from currentkit.cli.ring import HOPPING_RANGE
from currentkit.plotting import interacting_disorder_figure, interacting_figure
from currentkit.resources import FLOAT, require_memory
from currentkit.results import labelled
from currentkit.rings import (
    InteractingRing,
    dmrg_drude_weight,
    dmrg_ground_energy,
    drude_weight,
    interacting_disorder,
    luttinger_ring,
    persistent_current,
)

#: Float arrays of (flux × sector) alive at once (one sector per momentum, L of them).
_FLUX_ARRAYS = 8
_HINT = "use --hopping, --interaction and --disorder of ordinary size (a few t)"


def electrons(text: str) -> int | tuple[int, int]:
    """argparse type: ``N`` or ``NUP,NDOWN`` (Hubbard), non-negative integers."""
    parts = text.split(",")
    try:
        values = [int(p) for p in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not N or NUP,NDOWN (integers)") from None
    if len(values) > 2 or any(v < 0 for v in values):
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed: N or NUP,NDOWN, each ≥ 0")
    return values[0] if len(values) == 1 else (values[0], values[1])


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``interacting`` subcommand."""
    p = sub.add_parser(
        "interacting",
        help="interacting ring (t-V or Hubbard): E0(Φ), I(Φ), Drude weight by exact "
        "diagonalization",
        description="Ground state of interacting fermions on a ring of L sites threaded by flux "
        "Φ (twist e^{iφ/L} per bond, φ = 2πΦ/Φ0, Φ0 = h/e), by exact diagonalization in "
        "fixed-N and momentum sectors: energy E0(Φ), current I = −∂E0/∂Φ (Hellmann-Feynman), "
        "Drude weight D = (L/2)∂²E0/∂φ², and for t-V the Luttinger-liquid sawtooth "
        "(uK/L)(J − 2f) with uK = 2πD. With --disorder W --realizations R: the typical current "
        "√⟨I²⟩ of R box-disordered rings with and without the interaction. Lattice units: "
        "energies in t, currents in e·t/ħ. Writes FILE.nc and FILE.png.",
    )
    p.add_argument("--sites", type=positive_int, required=True, help="ring sites L (count)")
    p.add_argument("--electrons", type=electrons, required=True,
                   help="particle number N (count; 0..L for t-V, 0..2L for hubbard, split "
                   "N↑ = ⌈N/2⌉), or NUP,NDOWN for hubbard")
    p.add_argument("--interaction", type=finite_float, default=0.0,
                   help="V (t-V, nearest neighbour) or U (hubbard, on-site), in t (default 0)")
    p.add_argument("--model", choices=("t-V", "hubbard"), default="t-V",
                   help="spinless t-V ring or spin-1/2 Hubbard ring (no units; default t-V)")
    p.add_argument("--hopping", type=finite_float, default=1.0,
                   help="hopping t (energy unit; default 1)")
    p.add_argument("--flux-points", type=positive_int, default=21,
                   help="flux points: K points f ∈ [−1/2, 1/2] Φ0 (clean ring) or f = k/(2K), "
                   "k < K, over half a period (disorder ensemble); Φ0 = h/e (default 21)")
    p.add_argument("--method", choices=("ed", "dmrg"), default="ed",
                   help="exact diagonalization (default; up to L ≈ 28 at half filling) or DMRG "
                   "(TeNPy; larger rings: E0 and the Hellmann-Feynman current, about a minute "
                   "per flux point at L = 32; no units)")
    p.add_argument("--bond-dimension", type=positive_int, default=128,
                   help="DMRG bond dimension χ (count; default 128; ~200 gives 1e-6 t at L = 32)")
    p.add_argument("--disorder", type=finite_float, default=0.0,
                   help="box-disorder width W (t; with --realizations; default 0: clean)")
    p.add_argument("--realizations", type=positive_int,
                   help="disorder realizations R (count; needs --disorder)")
    p.add_argument("--seed", type=seed_int, default=0,
                   help="random seed (integer, 0 ≤ seed < 2**63, dimensionless; default 0)")
    p.add_argument("--scheduler", default="serial",
                   help="where disorder realizations run (no units): serial (default), local "
                   "(embedded Dask cluster) or a Dask scheduler address tcp://host:port")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def _dmrg(ring: InteractingRing, flux: np.ndarray, chi: int) -> tuple[xr.Dataset, float]:
    """E0(Φ) and I = −⟨∂H/∂φ⟩ by DMRG at each flux point, D from three twists."""
    ds = dmrg_ground_energy(ring, flux, chi_max=chi)
    return ds, dmrg_drude_weight(ring, chi_max=chi).drude_weight


def _clean(args: argparse.Namespace, ring: InteractingRing) -> int:
    flux = np.linspace(-0.5, 0.5, args.flux_points)
    if args.method == "dmrg":
        ds, d = _dmrg(ring, flux, args.bond_dimension)
    else:
        ds = persistent_current(ring, flux).rename({"free_energy": "energy"})
        d = drude_weight(ring)
    ds["energy"].attrs.update(long_name="ground-state energy E0(Φ)")
    ds["drude_weight"] = labelled(d, (), "t", "Drude weight D = (L/2)∂²E0/∂φ² at the minimum")
    if ring.model == "t-V" and ring.total_electrons > 0:
        _, theory = luttinger_ring(flux, ring.sites, ring.total_electrons, 2 * math.pi * d, 1.0)
        ds["luttinger_current"] = labelled(
            theory, "flux", "e*t/hbar", "Luttinger-liquid sawtooth (uK/L)(J − 2f), uK = 2πD")
    path = write_result(ds, args.output, _HINT)
    figure = interacting_figure(
        ds, path.with_suffix(".png"),
        method_label="DMRG" if args.method == "dmrg" else "exact diagonalization",
        title=f"{ring.model} ring: L = {ring.sites}, N = {ring.electrons}, "
              f"{'V' if ring.model == 't-V' else 'U'} = {ring.interaction:g} t, {args.method}")
    current = ds["current"].values
    say(f"{ring.model} ring: L = {ring.sites}, N = {ring.electrons}, "
        f"{'V' if ring.model == 't-V' else 'U'} = {ring.interaction:g} t")
    say(f"E0(0) = {float(ds['energy'].sel(flux=0.0, method='nearest')):.10g} t; "
        f"max |I| = {np.max(np.abs(current)):.6g} e·t/ħ; Drude weight D = {d:.8g} t")
    say(f"wrote {path} and {figure}")
    return 0


def _disordered(args: argparse.Namespace) -> int:
    ds = interacting_disorder(args.sites, args.electrons, args.interaction, args.disorder,
                              args.realizations, seed=args.seed, flux_points=args.flux_points,
                              hopping=args.hopping, model=args.model, scheduler=args.scheduler)
    path = write_result(ds, args.output, _HINT)
    figure = interacting_disorder_figure(
        ds, path.with_suffix(".png"),
        title=f"{args.model}: L = {args.sites}, N = {args.electrons}, W = {args.disorder:g} t, "
              f"R = {args.realizations}, seed {args.seed}")
    rms = np.sqrt(np.mean(ds["typical_current"].values ** 2, axis=1))
    say(f"{args.model} ring: L = {args.sites}, N = {args.electrons}, W = {args.disorder:g} t, "
        f"{args.realizations} realizations (seed {args.seed})")
    say(f"typical current (rms over flux): {rms[0]:.6g} e·t/ħ without, {rms[1]:.6g} e·t/ħ "
        f"with interaction {args.interaction:g} t (ratio {rms[1] / rms[0]:.4g})")
    say(f"wrote {path} and {figure}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Compute, write FILE.nc and FILE.png, print a summary."""
    output_file(args.output)
    in_range("--hopping", args.hopping, *HOPPING_RANGE, "t")
    # flux-sized arrays (energies, currents per sector and the plot), before any diagonalization
    require_memory(_FLUX_ARRAYS * FLOAT * float(args.flux_points) * args.sites, "--flux-points",
                   args.flux_points, "flux grid (fewer --flux-points)")
    for option, value in (("--interaction", args.interaction), ("--disorder", args.disorder)):
        if value:
            in_range(option, value, 0.0, HOPPING_RANGE[1] * abs(args.hopping), "t",
                     why="beyond it the spectrum leaves double precision")
    if (args.realizations is None) != (args.disorder == 0):
        raise UsageError("--disorder W > 0 and --realizations R go together")
    if args.realizations is not None:
        if args.method != "ed":
            raise UsageError("--disorder ensembles use exact diagonalization (--method ed)")
        return _disordered(args)
    ring = InteractingRing(args.sites, args.electrons, args.hopping, args.interaction,
                           args.model)
    return _clean(args, ring)
