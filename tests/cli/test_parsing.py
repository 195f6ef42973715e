"""Argument parsing and legal-looking nonsense: the right one-line message for each mistake."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest

import currentkit as ck
from currentkit.cli.common import one_line, positive_int, seed_int
from currentkit.cli.main import build_parser
from currentkit.rings.disorder.ensemble import METHODS, EnsembleConfig
from tests.cli.hostile import run, user_error


def test_negative_scientific_values_reach_the_range_check(tmp_path: Path) -> None:
    # argparse took "-1e-6" for an option ("expected one argument")
    line = user_error(["ring", "--continuum", "--radius", "-1e-6", "--electrons", "3",
                       "--output", tmp_path / "x.nc"], "--radius", "positive radius")
    assert "expected one argument" not in line
    args = build_parser().parse_args(["scring", "--radius", "1e-6", "--wire-radius", "1e-7",
                                      "--material", "Al", "--windings", "-2..2",
                                      "--output", "x.nc"])
    assert list(args.windings) == [-2, -1, 0, 1, 2]
    args = build_parser().parse_args(["ring", "--lattice", "--sites", "8", "--mu", "-.5",
                                      "--output", "x.nc"])
    assert args.mu == -0.5


def test_integers_in_scientific_notation() -> None:
    assert positive_int("1e3") == 1000
    assert seed_int(str(2**63 - 1)) == 2**63 - 1
    for text in ("1.5", "1e-3", "nan", "inf", "", "1e2000", "0x10"):
        with pytest.raises(argparse.ArgumentTypeError):
            positive_int(text)
    with pytest.raises(argparse.ArgumentTypeError, match="≤"):
        seed_int("1e32")


def test_input_that_is_not_a_regular_file(tmp_path: Path) -> None:
    ring = ["ring", "--lattice", "--sites", "8", "--electrons", "3", "--output",
            tmp_path / "x.nc", "--potential"]
    user_error([*ring, tmp_path], "is a directory")
    user_error([*ring, "/dev/zero"], "not a regular file")
    user_error([*ring, tmp_path / "missing.npy"], "no such file")
    user_error(["kubo", tmp_path, "--output", tmp_path / "x.nc"], "is a directory")
    user_error(["bound", "/dev/null", "--output", tmp_path / "x.nc"], "not a regular file")


def test_text_where_npy_is_expected(tmp_path: Path) -> None:
    text = tmp_path / "v.npy"
    text.write_text("0.1 0.2 0.3\n")
    line = user_error(["ring", "--lattice", "--sites", "3", "--electrons", "1", "--potential",
                       text, "--output", tmp_path / "x.nc"], "not a .npy file")
    assert "allow_pickle" not in line
    objects = tmp_path / "o.npy"
    np.save(objects, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    line = user_error(["ring", "--lattice", "--sites", "1", "--electrons", "1", "--potential",
                       objects, "--output", tmp_path / "x.nc"], "Python objects")
    assert "allow_pickle" not in line


def test_ensemble_offers_exactly_what_it_accepts() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    method = next(a for a in sub.choices["ensemble"]._actions if a.dest == "method")
    assert tuple(method.choices) == METHODS
    for name in METHODS:  # every choice builds a configuration (where it applies)
        spin = name not in ("transfer", "green")
        filling: dict[str, float] = ({"electrons": 4} if name in ("bands", "window")
                                     else {"mu": 0.0})
        EnsembleConfig(sites=8, temperature=0.1, method=name, spin=spin,
                       disorder=0.0 if name == "exact" else 1.0, **filling)  # type: ignore[arg-type]


def test_kubo_options_that_would_be_ignored(tmp_path: Path) -> None:
    table = tmp_path / "j.csv"
    table.write_text("Time,j\n" + "".join(f"{i},{np.sin(i)}\n" for i in range(64)))
    common = ["kubo", table, "--columns", "j", "--output", tmp_path / "x.nc"]
    user_error([*common, "--kind", "thermal", "--units", "metal", "--atoms", "10",
                "--volume", "1", "--temperature", "300"], "--atoms", "--units metal")
    user_error([*common, "--kind", "thermal", "--temperature", "300"], "needs --volume")
    user_error([*common, "--kind", "electric", "--volume", "1"], "needs --temperature")


def test_particles_needs_the_unit_style_of_a_dump(tmp_path: Path) -> None:
    dump = tmp_path / "t.dump"
    dump.write_text("ITEM: TIMESTEP\n0\n")
    user_error(["particles", dump, "--output", tmp_path / "x.nc"], "give --units",
               "does not record")
    xyz = tmp_path / "t.xyz"
    xyz.write_text("1\n\nH 0 0 0\n")
    user_error(["particles", xyz, "--units", "real", "--output", tmp_path / "x.nc"],
               "--units is for LAMMPS dumps", "extended XYZ")


def test_particles_on_a_csv_is_one_line(tmp_path: Path) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text("x,y,z\n1,2,3\n")
    user_error(["particles", csv, "--output", tmp_path / "x.nc"], str(csv))


def test_random_array_is_not_a_wavefunction(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    noise = tmp_path / "noise.npy"
    np.save(noise, rng.normal(size=(64, 64)) + 1j * rng.normal(size=(64, 64)))
    user_error(["waves", "current", noise, "--spacing", "0.1", "--output", tmp_path / "x.nc"],
               "not a wavefunction resolved by its grid")
    zero = tmp_path / "zero.npy"
    np.save(zero, np.zeros((8, 8), dtype=complex))
    user_error(["waves", "current", zero, "--spacing", "0.1", "--output", tmp_path / "x.nc"],
               "zero everywhere")


def test_a_resolved_vortex_is_accepted(tmp_path: Path) -> None:
    # ψ = (x + iy) e^{−r²/4}: one vortex of winding +1 at the origin (closed form), resolved
    x = np.linspace(-5, 5, 48)
    gx, gy = np.meshgrid(x, x, indexing="ij")
    psi = tmp_path / "vortex.npy"
    np.save(psi, (gx + 1j * gy) * np.exp(-(gx**2 + gy**2) / 4))
    out = tmp_path / "v.nc"
    result = run(["waves", "current", psi, "--spacing", str(x[1] - x[0]), "--output", out])
    assert result.code == 0, result.err
    ds = ck.load_dataset(out)
    assert int(ds.attrs["vortices"]) == 1 and int(ds.attrs["vortex_net_charge"]) == 1


def test_one_line() -> None:
    assert one_line("a\n\n  b  \nc") == "a; b; c"
    assert one_line("single") == "single"
