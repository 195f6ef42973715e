"""``currentkit ensemble``: persistent currents of a disorder ensemble of lattice rings."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from currentkit.cli.common import (
    finite_float,
    nonnegative_int,
    output_file,
    output_folder,
    positive_int,
    say,
    seed_int,
    shown_unit,
    write_result,
)
from currentkit.plotting import ensemble_figure
from currentkit.resources import FLOAT, require_memory
from currentkit.rings import ENSEMBLE_METHODS, EnsembleConfig, disorder_ensemble, flux_harmonics

_SHOWN_REALIZATIONS = 5
#: What each method is, for --help (the choices themselves come from the library).
_METHOD_HELP = {"auto": "the fastest exact one", "exact": "closed form, clean rings only",
                "dense": "diagonalization", "transfer": "M = 1, fixed μ, T > 0",
                "green": "fixed μ, T > 0", "bands": "M = 1, fixed N", "window": "fixed N"}
#: Bytes per realization besides its current: the task tuple and the stored/loaded result.
_TASK_BYTES = 512
_HINT = ("use parameters of ordinary size (--disorder, --temperature, --mu; a disorder W of a "
         "few t and T well below the bandwidth)")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``ensemble`` subcommand."""
    p = sub.add_parser(
        "ensemble",
        help="I(Φ) of R Anderson-disordered lattice rings: mean and typical current",
        description="Compute I(Φ) = −∂F/∂Φ of R disorder realizations of a tight-binding ring "
        "(units t=a=ħ=e=1) on K flux points over [0, 1) Φ0 (Φ0 = h/e); write them with the "
        "ensemble mean ⟨I⟩ and typical current √⟨I²⟩ to a netCDF file (and a PNG beside it). "
        "Realization r depends only on (seed, r).",
    )
    p.add_argument("--sites", type=positive_int, required=True,
                   help="number of slices L around the ring (sites, dimensionless)")
    p.add_argument("--channels", type=positive_int, default=1,
                   help="sites per slice M (dimensionless; default 1)")
    p.add_argument("--disorder", type=finite_float, default=1.0,
                   help="Anderson disorder strength W (t; default 1)")
    p.add_argument("--disorder-kind", choices=("box", "gaussian"), default="box",
                   help="box: ε uniform in [−W/2, W/2] (t); gaussian: σ = W/√12 (t), same "
                   "variance (default box)")
    p.add_argument("--realizations", type=positive_int, default=16,
                   help="number of disorder realizations R (dimensionless; default 16)")
    p.add_argument("--seed", type=seed_int, default=0,
                   help="random seed (integer, 0 ≤ seed < 2**63, dimensionless; default 0)")
    filling = p.add_mutually_exclusive_group(required=True)
    filling.add_argument("--electrons", type=nonnegative_int,
                         help="fixed particle number N (dimensionless; canonical)")
    filling.add_argument("--mu", type=finite_float,
                         help="fixed chemical potential μ (t; grand canonical)")
    p.add_argument("--spin", action="store_true", help="spin-1/2 electrons (levels doubled)")
    p.add_argument("--temperature", type=finite_float, default=0.0,
                   help="temperature T (t/k_B; default 0)")
    p.add_argument("--flux-points", type=positive_int, default=64,
                   help="K flux points f = k/K over [0, 1) Φ0, Φ0 = h/e (default 64)")
    p.add_argument("--method", choices=ENSEMBLE_METHODS, default="auto",
                   help="how each I(Φ) is computed (no units): " + ", ".join(
                       f"{m} ({_METHOD_HELP.get(m, 'see the documentation')})"
                       for m in ENSEMBLE_METHODS))
    p.add_argument("--scheduler", default="local",
                   help="where realizations run (no units): serial, local (embedded Dask "
                   "cluster on 127.0.0.1 over TLS, default; started only when the work pays for "
                   "it) or a Dask scheduler address tcp://host:port (a lost scheduler stops the "
                   "command with exit code 2; with --store a rerun resumes); a progress bar "
                   "counts realizations on a terminal")
    p.add_argument("--store", type=Path,
                   help="checkpoint folder (path): finished realizations are kept there and "
                   "not recomputed when the command is run again, after an interruption or with "
                   "more or fewer --realizations; a store of another configuration is refused")
    p.add_argument("--workers", type=positive_int,
                   help="worker processes of the local cluster (count; default one per core)")
    p.add_argument("--block", type=positive_int,
                   help="realizations per task and per stored file (count; default "
                   "⌈R/256⌉, at most 64); never changes the numbers")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compute the ensemble, write FILE.nc and FILE.png, print a summary."""
    output_file(args.output)
    if args.store is not None:
        output_folder(args.store, "--store")
    config = EnsembleConfig(
        sites=args.sites, channels=args.channels, disorder=args.disorder,
        disorder_kind=args.disorder_kind, electrons=args.electrons, mu=args.mu,
        temperature=args.temperature, flux_points=args.flux_points,
        realizations=args.realizations, seed=args.seed, method=args.method, spin=args.spin,
    )
    states = config.sites * config.channels * (2 if config.spin else 1)
    # the result (R × K currents, stacked and copied ~4 times) and one ring per worker: its
    # levels at every flux point, and a dense matrix only when --method dense is asked for
    # ("auto" picks dense only for rings too small to matter)
    dense = 3 * 16 * float(states) ** 2 if config.method == "dense" else 0.0
    need = (4 * FLOAT * float(config.realizations) * config.flux_points
            + _TASK_BYTES * float(config.realizations)
            + (args.workers or 1) * (dense + 6 * FLOAT * float(states) * config.flux_points))
    name, value = (("--realizations", config.realizations)
                   if config.realizations * config.flux_points > states * config.flux_points
                   else ("--sites", config.sites))
    require_memory(need, name, value, "ensemble (fewer --realizations, --flux-points, --sites "
                   "or --channels)")
    ds = disorder_ensemble(config, scheduler=args.scheduler, store=args.store,
                           workers=args.workers, block=args.block)
    path = write_result(ds, args.output, _HINT)
    filling = (f"N = {config.electrons}" if config.electrons is not None
               else f"μ = {config.mu:g} t")
    figure = ensemble_figure(
        ds, path.with_suffix(".png"), shown=_SHOWN_REALIZATIONS,
        title=f"L = {config.sites}, M = {config.channels}, W = {config.disorder:g} t, "
              f"{filling}, T = {config.temperature:g} t/k_B, R = {config.realizations}, "
              f"seed {config.seed}")
    unit = shown_unit(ds["current"].attrs["units"])
    say(f"ensemble: R = {config.realizations} realizations, W = {config.disorder:g} t "
        f"({config.disorder_kind}), {ds.attrs['ensemble'].replace('_', ' ')}, "
        f"T = {config.temperature:g} t/k_B")
    say(f"max typical current √⟨I²⟩ = {float(np.max(ds['typical_current'])):.6g} {unit}")
    if config.flux_points >= 8:
        b = flux_harmonics(ds["mean_current"], orders=2)["sine"].to_numpy()
        say(f"mean current harmonics: h/e {b[0]:.6g} {unit}, h/2e {b[1]:.6g} {unit}")
    say(f"wrote {path} and {figure}")
    return 0
