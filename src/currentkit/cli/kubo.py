"""``currentkit kubo``: a Green-Kubo coefficient ± its error bar from a current time series."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from currentkit.cli.common import (
    UsageError,
    finite_float,
    input_file,
    nonnegative_int,
    output_file,
    positive_int,
    say,
    write_result,
)
from currentkit.kubo import (
    PREFACTOR_KINDS,
    UNIT_STYLES,
    green_kubo_prefactor,
    read_table,
    transport_coefficient,
)
from currentkit.plotting import green_kubo_figure

#: Time unit of each LAMMPS unit style (the file's time column and --timestep use it).
TIME_UNITS = {"metal": "ps", "real": "fs", "si": "s", "lj": "τ (LJ time)"}
VOLUME_UNITS = {"metal": "Å³", "real": "Å³", "si": "m³", "lj": "σ³"}


def names(text: str) -> list[str]:
    """argparse type: comma-separated column names."""
    out = [n.strip() for n in text.split(",") if n.strip()]
    if not out:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of names")
    return out


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``kubo`` subcommand."""
    p = sub.add_parser(
        "kubo",
        help="Green-Kubo transport coefficient with a calibrated cepstral error bar",
        description="Thermal conductivity κ = ∫⟨J_E(0)·J_E(t)⟩dt/(3Vk_BT²), electrical "
        "conductivity σ = ∫⟨J(0)·J(t)⟩dt/(3Vk_BT), or prefactor × ∫0^∞⟨x(0)x(t)⟩dt averaged over "
        "the columns (generic), from a LAMMPS log, a whitespace table (SporTran's format), CSV "
        "or NumPy file, by cepstral analysis (Ercole et al. 2017) with the multicomponent "
        "correction (Bertossa et al. 2019). Writes FILE.nc and FILE.png.",
    )
    p.add_argument("file", type=Path, help="time series: LAMMPS log, table, .csv, .npy, .npz")
    p.add_argument("--kind", choices=PREFACTOR_KINDS, default="thermal",
                   help="thermal (κ, W/mK), electric (σ, S/m) or generic (prefactor × ∫⟨xx⟩dt "
                   "in the file's units); default thermal")
    p.add_argument("--columns", type=names, help="comma-separated current columns, e.g. "
                   "'c_flux[1],c_flux[2],c_flux[3]' (equivalent components; file units)")
    p.add_argument("--extra-currents", type=names, default=[],
                   help="comma-separated columns of currents to project out (multicomponent), "
                   "in groups of as many columns as --columns, e.g. the mass current")
    p.add_argument("--timestep", type=finite_float,
                   help="time between rows, in the unit style's time unit (metal ps, real fs, si "
                   "s, lj τ; generic: the file's unit); default: from a Time column")
    p.add_argument("--temperature", type=finite_float,
                   help="temperature T (K; lj: reduced); default: mean of a Temp column")
    p.add_argument("--volume", type=finite_float, help="volume V (metal/real Å³, si m³, lj σ³)")
    p.add_argument("--units", choices=UNIT_STYLES, default="metal",
                   help="LAMMPS unit style of the file (default metal)")
    p.add_argument("--atoms", type=positive_int,
                   help="number of atoms N (lj heat flux printed per atom by LAMMPS)")
    p.add_argument("--prefactor", type=finite_float, default=1.0,
                   help="extra factor multiplying the coefficient (no units; default 1)")
    p.add_argument("--f-star", type=finite_float,
                   help="force the resampling frequency f* (1/time unit: THz in metal units)")
    p.add_argument("--p-star", type=positive_int,
                   help="force the number of cepstral coefficients P* (no units)")
    p.add_argument("--run", type=nonnegative_int, dest="run_index", metavar="K",
                   help="LAMMPS log: index of the run to read (default: the production runs)")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read, estimate, write FILE.nc and FILE.png, print the coefficient ± σ with f* and P*."""
    output_file(args.output, inputs=[input_file(args.file, "FILE")])
    if args.atoms is not None and (args.units != "lj" or args.kind != "thermal"):
        raise UsageError(f"--atoms is used only with --units lj --kind thermal (LAMMPS prints "
                         f"the lj heat flux per atom); it has no meaning for --units {args.units} "
                         f"--kind {args.kind}")
    if args.kind != "generic":
        if args.volume is None:
            raise UsageError(f"--kind {args.kind} needs --volume V (the system's volume in "
                             f"{VOLUME_UNITS[args.units]})")
        for option, value in (("--volume", args.volume), ("--temperature", args.temperature)):
            if value is not None and value <= 0:
                raise UsageError(f"{option} {value:g} is not allowed: a positive value")
    table = read_table(args.file, run=args.run_index)
    if args.columns is None:
        raise UsageError(f"give --columns (columns found in {args.file}: "
                         f"{', '.join(table.columns)})")
    series = table.select(args.columns)
    width = len(args.columns)
    if len(args.extra_currents) % width:
        raise UsageError(f"--extra-currents needs groups of {width} columns (as --columns); "
                         f"got {len(args.extra_currents)}")
    extras = [table.select(args.extra_currents[i:i + width])
              for i in range(0, len(args.extra_currents), width)]
    spacing = table.sampling_interval()  # also refuses non-uniform time/step columns
    time_col = table.time_column()
    if args.timestep is not None:
        timestep = args.timestep
    elif spacing is not None and time_col is not None and time_col.lower() != "step":
        timestep = spacing
    else:
        raise UsageError("give --timestep (the time between rows"
                         + ("; the file has only a step counter)" if time_col else ")"))
    temperature = args.temperature
    temp_note = ""
    if temperature is None and args.kind != "generic" and "Temp" in table.columns:
        temperature = float(np.mean(table.select(["Temp"])))
        temp_note = " (mean of column Temp)"
    if temperature is None and args.kind != "generic":
        raise UsageError(f"--kind {args.kind} needs --temperature T (K; lj: reduced): "
                         f"{args.file} has no Temp column")
    pref = green_kubo_prefactor(args.kind, args.units, volume=args.volume,
                                temperature=temperature, atoms=args.atoms,
                                prefactor=args.prefactor)
    time_units = TIME_UNITS[args.units] if args.kind != "generic" else "time unit of the file"
    ds = transport_coefficient(
        series, timestep, pref.factor, extras or None, f_star=args.f_star, p_star=args.p_star,
        units=pref.units, long_name=pref.long_name, time_units=time_units,
        parameters={"file": str(args.file), "kind": args.kind, "columns": args.columns,
                    "extra_currents": args.extra_currents, "units": args.units,
                    "volume": args.volume if args.volume is not None else "none",
                    "temperature": temperature if temperature is not None else "none",
                    "atoms": args.atoms if args.atoms is not None else "none",
                    "extra_prefactor": args.prefactor})
    path = write_result(ds, args.output, "check the file's values and --timestep, --volume, "
                        "--temperature, --prefactor: they should be of ordinary size")
    figure = green_kubo_figure(ds, path.with_suffix(".png"), title=f"{args.file.name}: "
                               f"{pref.long_name}")
    value, std = float(ds["coefficient"]), float(ds["coefficient_std"])
    say(f"{pref.long_name} = {value:.6g} ± {std:.3g} {pref.units}")
    forced_f = "forced" if args.f_star is not None else "automatic"
    forced_p = "forced" if args.p_star is not None else \
        f"AIC minimum; Akaike-weighted mean {ds.attrs['P_mean']:.1f}"
    say(f"f* = {ds.attrs['f_star']:.6g} 1/{time_units} ({forced_f}), P* = {ds.attrs['P_star']} "
        f"({forced_p}); {series.shape[0]} rows × {width} components, Δ = {timestep:g} "
        f"{time_units}" + (f", {len(extras)} current(s) projected out" if extras else ""))
    if temp_note:
        say(f"T = {temperature:.6g} K{temp_note}")
    say(f"wrote {path} and {figure}")
    return 0
