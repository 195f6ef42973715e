"""``currentkit bound``: bound (magnetization) currents of an OVF magnetization file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import xarray as xr

from currentkit.cli.common import (
    UsageError,
    finite_float,
    input_file,
    output_file,
    say,
    write_result,
)
from currentkit.magnetization import (
    bound_current,
    current_moment,
    net_current,
    read_ovf,
    surface_current,
)
from currentkit.plotting import bound_current_figure
from currentkit.results import labelled, with_provenance


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``bound`` subcommand."""
    p = sub.add_parser(
        "bound",
        help="bound currents J_b = curl M (A/m²) and K_b = M × n (A/m) of an OVF file",
        description="Read an OVF 1.0/2.0 magnetization file (OOMMF, mumax3) and compute the "
        "volume bound current J_b = ∇×M (A/m²) at the cell centres and the surface current "
        "K_b = M × n̂ (A/m) on the faces where the material ends (empty cells, grid edges). "
        "Writes FILE.nc and FILE.png; prints max |J_b|, max |K_b| and the net bound current "
        "through the middle cuts (zero for a magnetization current).",
    )
    p.add_argument("file", type=Path, help="OVF file (.ovf, .omf); lengths in its meshunit")
    p.add_argument("--saturation-magnetization", type=finite_float, default=None,
                   help="Ms (A/m) multiplying a unitless field (mumax3 writes m with unit 1); "
                   "omit for fields stored in A/m")
    p.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compute J_b and K_b, write FILE.nc and FILE.png, print a summary."""
    output_file(args.output, inputs=[input_file(args.file, "FILE")])
    ms = args.saturation_magnetization
    if ms is not None and ms <= 0:
        raise UsageError(f"--saturation-magnetization {ms:g} is not allowed: Ms > 0 (A/m)")
    m = read_ovf(args.file)
    if m.dims != ("z", "y", "x", "component") or m.sizes["component"] != 3:
        raise UsageError(f"{args.file}: a rectangular-mesh vector field is needed "
                         f"(found dims {m.dims})")
    if ms is not None and m.attrs.get("units") == "A/m":
        raise UsageError(f"{args.file}: M is already in A/m; --saturation-magnetization is "
                         "only for unitless fields (mumax3's m)")
    if ms is None and m.attrs.get("units") != "A/m":
        raise UsageError(f"{args.file} stores values in unit {m.attrs.get('units')!r}, not "
                         "A/m: give --saturation-magnetization Ms (A/m)")
    volume = bound_current(m, saturation_magnetization=ms)
    surface = surface_current(m, saturation_magnetization=ms)
    cuts = {ax: net_current(m, ax, saturation_magnetization=ms) for ax in ("x", "y", "z")}
    moment = current_moment(m, saturation_magnetization=ms)
    magnetization = labelled(m.values * (1.0 if ms is None else ms), m.dims, "A/m",
                             "magnetization M", coords=m.coords)
    ds = xr.Dataset({"magnetization": magnetization, "bound_current": volume,
                     "surface_current": surface})
    for ax in ("x", "y", "z"):
        ds[ax].attrs.update(units="m", long_name=f"{ax} (cell centre)")
    ds["component"].attrs.update(units="1", long_name="vector component")
    for ax, cut in cuts.items():
        ds.attrs[f"net_current_{ax}"] = cut.total
        ds.attrs[f"net_current_{ax}_volume"] = cut.volume
    ds.attrs.update(net_current_units="A", moment_of_currents=moment, moment_units="A*m2",
                    source_format=str(m.attrs.get("format", "")))
    ds = with_provenance(ds, {"file": str(args.file), "saturation_magnetization":
                              -1.0 if ms is None else ms})
    path = write_result(ds, args.output, "check the file's values and "
                        "--saturation-magnetization: they should be of ordinary size")
    figure = bound_current_figure(
        ds, path.with_suffix(".png"),
        title=f"bound currents of {Path(json.loads(ds.attrs['parameters'])['file']).name}")
    j_max = float(np.linalg.norm(volume.values, axis=-1).max())
    k_max = float(np.linalg.norm(surface.values, axis=-1).max())
    say(f"{args.file}: {m.sizes['x']}×{m.sizes['y']}×{m.sizes['z']} cells "
        f"({m.attrs.get('format', 'OVF')})")
    say(f"max |J_b| = {j_max:.6g} A/m²; max |K_b| = {k_max:.6g} A/m")
    say("net bound current through the middle cuts (≈ 0): " + ", ".join(
        f"{ax}: {cut.total:.3g} A (volume part {cut.volume:.3g} A)" for ax, cut in cuts.items()))
    say(f"wrote {path} and {figure}")
    return 0


