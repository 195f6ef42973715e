"""``currentkit waves``: barrier transmission and the probability current of a wavefunction file.

``currentkit waves barrier --height V0 --width a --energy E [--method packet|exact]
--output FILE.nc`` prints T and the exact T beside it; ``currentkit waves current FILE.npy
--spacing H [H …] --output FILE.nc`` computes j = (ħ/m)·Im(ψ*∇ψ) − (q/m)·A|ψ|² of a complex
array saved with :func:`numpy.save`. Units are atomic (ħ = m_e = e = 1) unless --hbar, --mass,
--charge say otherwise.
"""

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
    output_file,
    say,
    write_result,
)
from currentkit.errors import InputFileError
from currentkit.plotting import barrier_figure
from currentkit.results import labelled, with_provenance
from currentkit.waves import (
    ATOMIC,
    current_field,
    find_vortices,
    packet_transmission,
    rectangular_transmission,
)

_AXES = ("x", "y", "z")
#: Magnitudes of V0, a, E, m, ħ (in any consistent units) whose squares and products (k², ħ²k²/2m,
#: the grid's top energy) stay inside double precision.
MAGNITUDE_RANGE = (1e-30, 1e30)
#: Largest density-weighted fraction of neighbour pairs whose phase differs by more than π/2:
#: a wavefunction the grid resolves changes phase by k·h ≪ π/2 per cell (central differences
#: are already 10 % off at k·h = 0.8); a random array jumps at about half of its pairs.
MAX_PHASE_JUMPS = 0.1
_HINT = "use magnitudes between 1e-30 and 1e30 for --height, --width, --energy, --mass, --hbar"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``waves`` subcommand group (``barrier``, ``current``)."""
    p = sub.add_parser(
        "waves",
        help="probability currents: barrier transmission, current of a wavefunction",
        description="Probability currents j = (ħ/m)·Im(ψ*∇ψ) − (q/m)·A|ψ|². Atomic units "
        "(ħ = m_e = e = 1: lengths in bohr, energies in hartree) unless --hbar/--mass say "
        "otherwise.",
    )
    group = p.add_subparsers(dest="waves_command", required=True)
    b = group.add_parser(
        "barrier",
        help="transmission T(E) of a rectangular barrier, exact or from a wave packet",
        description="T(E) of V(x) = V0 on 0 ≤ x ≤ a: the closed form, or measured from the "
        "energy-resolved time-integrated probability current of a Gaussian wave packet beyond "
        "the barrier (split-operator TDSE). Writes FILE.nc and FILE.png.",
    )
    b.add_argument("--height", type=finite_float, required=True,
                   help="barrier height V0 (energy unit: hartree by default)")
    b.add_argument("--width", type=finite_float, required=True,
                   help="barrier width a (length unit: bohr by default)")
    b.add_argument("--energy", type=finite_float, required=True,
                   help="particle energy E > 0 (energy unit)")
    b.add_argument("--method", choices=("packet", "exact"), default="packet",
                   help="'packet' (wave-packet current, default) or 'exact' (closed form)")
    _units(b)
    b.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    b.set_defaults(run=run)
    c = group.add_parser(
        "current",
        help="probability current of a wavefunction stored as a .npy complex array",
        description="Read ψ (1D, 2D or 3D complex array, axis i = coordinate x_i) from a .npy "
        "file, compute the density and the probability current and write them to FILE.nc; "
        "2D wavefunctions also get their vortices counted.",
    )
    c.add_argument("wavefunction", type=Path, help=".npy file of ψ (length^(-d/2))")
    c.add_argument("--spacing", type=finite_float, nargs="+", required=True,
                   help="grid pitch, one value or one per axis (length unit)")
    c.add_argument("--vector-potential", type=finite_float, nargs="+",
                   help="uniform vector potential A, one value per axis (ħ/(e·length) in "
                   "atomic units)")
    c.add_argument("--charge", type=finite_float, default=-1.0,
                   help="particle charge q (charge unit; default −1, an electron)")
    c.add_argument("--derivative", choices=("central", "spectral"), default="central",
                   help="'central' differences (default) or 'spectral' (needs --periodic)")
    c.add_argument("--periodic", action="store_true", help="the grid wraps around")
    _units(c)
    c.add_argument("--output", type=Path, required=True, help="netCDF file to write (.nc)")
    c.set_defaults(run=run)


def _units(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mass", type=finite_float, default=1.0,
                   help="particle mass m (mass unit; default 1 = m_e)")
    p.add_argument("--hbar", type=finite_float, default=1.0,
                   help="ħ in the units used (default 1, atomic units)")


def run(args: argparse.Namespace) -> int:
    """Dispatch to the ``barrier`` or ``current`` command."""
    if args.waves_command == "barrier":
        return _barrier(args)
    return _current(args)


def _barrier(args: argparse.Namespace) -> int:
    output_file(args.output)
    for option in ("width", "energy", "mass", "hbar"):
        value = getattr(args, option)
        if value <= 0:
            raise UsageError(f"--{option} {value:g} is not allowed: a positive value")
        in_range(f"--{option}", value, *MAGNITUDE_RANGE, "(its unit)")
    if args.height != 0:
        in_range("--height", args.height, *MAGNITUDE_RANGE, "(energy unit), or 0")
    exact_here = float(rectangular_transmission(args.height, args.width, args.energy,
                                                mass=args.mass, hbar=args.hbar))
    if args.method == "packet":
        ds = packet_transmission(args.height, args.width, args.energy, mass=args.mass,
                                 hbar=args.hbar)
        value = float(ds.attrs["transmission_at_energy"])
    else:
        top = 3 * max(args.energy, abs(args.height))
        energies = np.linspace(top / 400, top, 400)
        curve = rectangular_transmission(args.height, args.width, energies, mass=args.mass,
                                         hbar=args.hbar)
        ds = xr.Dataset(
            {"exact": labelled(curve, "energy", "1", "exact T(E) of the rectangular barrier")},
            coords={"energy": labelled(energies, "energy", "energy unit", "energy E")},
        )
        ds = with_provenance(ds, {"height": args.height, "width": args.width,
                                  "energy": args.energy, "mass": args.mass, "hbar": args.hbar})
        value = exact_here
    ds.attrs.update(method=args.method, transmission=value, exact_transmission=exact_here)
    path = write_result(ds, args.output, _HINT)
    figure = barrier_figure(
        ds, path.with_suffix(".png"), energy=args.energy,
        title=f"barrier V0 = {args.height:g}, a = {args.width:g}, E = {args.energy:g} "
              f"(m = {args.mass:g}, ħ = {args.hbar:g}), {args.method}")
    say(f"T = {value:.6f} ({args.method}); exact T = {exact_here:.10f}; "
        f"difference {value - exact_here:+.2e}")
    say(f"barrier V0 = {args.height:g}, a = {args.width:g}, E = {args.energy:g} "
        f"(m = {args.mass:g}, ħ = {args.hbar:g})")
    say(f"wrote {path} and {figure}")
    return 0


def _current(args: argparse.Namespace) -> int:
    output_file(args.output, inputs=[args.wavefunction], figure=False)
    # ψ, |ψ|², up to 3 current components and the derivatives' scratch: ~8 complex copies
    psi = load_npy(args.wavefunction, "wavefunction", copies=8, allow_complex=True)
    if not isinstance(psi, np.ndarray) or not (np.issubdtype(psi.dtype, np.number)):
        raise InputFileError(args.wavefunction, "does not hold a numeric array (dtype "
                             f"{getattr(psi, 'dtype', type(psi).__name__)})")
    if not 1 <= psi.ndim <= 3:
        raise InputFileError(args.wavefunction, f"holds an array of shape {psi.shape}; "
                             "expected a 1D, 2D or 3D wavefunction")
    _check_wavefunction(args.wavefunction, psi)
    if args.derivative == "spectral" and not args.periodic:
        raise UsageError("--derivative spectral needs --periodic")
    if len(args.spacing) not in (1, psi.ndim):
        raise UsageError(f"--spacing takes 1 or {psi.ndim} values for this {psi.ndim}D array")
    spacing = args.spacing if len(args.spacing) > 1 else args.spacing[0]
    atomic = args.hbar == 1.0 and args.mass == 1.0  # the defaults: atomic units
    ds = current_field(psi, spacing, vector_potential=args.vector_potential, mass=args.mass,
                       hbar=args.hbar, charge=args.charge, method=args.derivative,
                       periodic=args.periodic, length_unit="bohr" if atomic else "length unit",
                       time_unit="hbar/E_h" if atomic else "time unit")
    j, rho = ds["current"].to_numpy(), ds["density"].to_numpy()
    h = np.broadcast_to(np.asarray(args.spacing, dtype=float), (psi.ndim,))
    dims = _AXES[: psi.ndim]
    params = {"file": str(args.wavefunction), "shape": list(psi.shape), "spacing": list(h),
              "mass": args.mass, "hbar": args.hbar, "charge": args.charge,
              "derivative": args.derivative, "periodic": bool(args.periodic)}
    if args.vector_potential is not None:
        params["vector_potential"] = list(args.vector_potential)
    cell = float(np.prod(h))
    total = j.reshape(psi.ndim, -1).sum(axis=1) * cell
    line = ", ".join(f"{d}: {t:.6g}" for d, t in zip(dims, total, strict=True))
    if psi.ndim == 2:
        vortices = find_vortices(psi, [float(v) for v in h], periodic=args.periodic)
        ds.attrs.update(vortices=vortices.count, vortex_net_charge=vortices.net_charge)
    path = write_result(with_provenance(ds, params), args.output, "a wavefunction of "
                        "ordinary magnitude and --spacing, --mass, --hbar of ordinary size")
    say(f"norm ∫|ψ|² = {rho.sum() * cell:.6g}; ∫j dV = ({line}); max |j| = "
        f"{float(np.sqrt((j**2).sum(axis=0)).max()):.6g}")
    if args.hbar == 1.0 and args.mass == 1.0 and psi.ndim == 1:
        amperes = abs(args.charge) * float(np.abs(j).max()) * ATOMIC.current
        say(f"largest charge current |q·j| = {amperes:.6g} A (atomic units × e·E_h/ħ)")
    if psi.ndim == 2:
        say(f"vortices: {ds.attrs['vortices']} (net winding {ds.attrs['vortex_net_charge']:+d})")
    say(f"wrote {path}")
    return 0


def _check_wavefunction(path: Path, psi: np.ndarray) -> None:
    """Refuse an array that is not a wavefunction the grid resolves (see MAX_PHASE_JUMPS)."""
    values = psi.astype(np.complex128)
    if not np.all(np.isfinite(values)):
        raise InputFileError(path, "holds non-finite values (NaN or ±inf), not a wavefunction")
    if not np.any(values):
        raise InputFileError(path, "is zero everywhere: no wavefunction to normalise")
    jumps = weight = 0.0
    for axis in range(values.ndim):
        if values.shape[axis] < 2:
            continue
        a = np.delete(values, -1, axis=axis)
        b = np.delete(values, 0, axis=axis)
        pair = b * np.conj(a)  # |ψ_i ψ_j| e^{i(φ_j − φ_i)}
        w = np.abs(pair)
        jumps += float(np.sum(w[np.abs(np.angle(pair)) > np.pi / 2]))
        weight += float(np.sum(w))
    if weight > 0 and jumps / weight > MAX_PHASE_JUMPS:
        raise InputFileError(path, f"is not a wavefunction resolved by its grid: the phase jumps "
                             f"by more than π/2 between neighbours at {100 * jumps / weight:.0f} % "
                             f"of the (density-weighted) pairs (at most "
                             f"{100 * MAX_PHASE_JUMPS:.0f} % allowed); its current and vortices "
                             "would be meaningless — sample ψ more finely")
