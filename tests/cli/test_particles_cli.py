"""`currentkit particles`: a trajectory from the command line (in-process main())."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pytest
from scipy import constants

import currentkit as ck
from currentkit.cli.main import main
from currentkit.particles import DriftingGas, unit_style, write_lammps_dump
from currentkit.results import check_conventions


def _dump(tmp_path: Path, with_q: bool = True) -> tuple[Path, DriftingGas]:
    # 40 electrons-like ions drifting along +x in a 2 nm box, 1 fs frames (real units)
    gas = DriftingGas(40, (2e-9, 2e-9, 2e-9), (2e4, 0.0, 0.0), 120, 1e-15, thermal=5e3,
                      charge=-constants.e, chunk=32, seed=4, wrapped=with_q)
    cols = ("id", "type", "x", "y", "z", "vx", "vy", "vz", "q") if with_q else \
        ("id", "type", "xu", "yu", "zu")
    path = write_lammps_dump(tmp_path / "gas.dump", gas, unit_style("real"), columns=cols)
    return path, gas


def test_current_plane_and_grid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, gas = _dump(tmp_path)
    out = tmp_path / "gas.nc"
    code = main(["particles", str(path), "--units", "real", "--plane", "x=10", "--grid",
                 "8,8,4", "--timestep", "1", "--output", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    ds = ck.load_dataset(out)
    check_conventions(ds)
    assert ds["total_current"].dims == ("time", "component")
    assert ds["transferred_charge"].dims == ("time",)
    # J = N q v_d exactly (thermal velocities in ± pairs), written in Å/fs with 17 digits
    expected = 40 * -constants.e * 2e4
    np.testing.assert_allclose(ds["total_current"].sel(component="x"), expected, rtol=1e-9)
    # the charge through x = 10 Å and its images x = 10 ± 20k Å, from the straight-line motion:
    # each electron crosses ⌊(x1 − p)/L⌋ − ⌊(x0 − p)/L⌋ times (an exact integer count)
    x0, v = gas.initial()
    x1 = x0[:, 0] + v[:, 0] * 119e-15
    count = np.sum(np.floor((x1 - 1e-9) / 2e-9) - np.floor((x0[:, 0] - 1e-9) / 2e-9))
    q = float(ds["transferred_charge"][-1]) / constants.e
    assert count > 40  # several electrons wrap around the box
    assert q == pytest.approx(-count, abs=1e-9)
    assert f"{q:.6g} e" in text
    assert "mean total current J = (" in text and "A·m" in text
    assert ds["charge_density"].dims == ("x", "y", "z")
    # the mean density integrates to the total charge (40 electrons): grid sum × cell volume
    cell = (2e-9 / 8) * (2e-9 / 8) * (2e-9 / 4)
    assert float(ds["charge_density"].sum()) * cell == pytest.approx(-40 * constants.e,
                                                                      rel=1e-12, abs=0)
    assert ds["continuity_residual"].dims == ("interval_midpoint",)
    assert ds.attrs["velocities"] == "file"
    assert out.with_suffix(".png").stat().st_size > 5_000


def test_type_charges_and_velocities_from_positions(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = _dump(tmp_path, with_q=False)
    out = tmp_path / "nq.nc"
    assert main(["particles", str(path), "--units", "real", "--charges", "1=-1", "--output",
                 str(out)]) == 0
    ds = ck.load_dataset(out)
    assert ds.attrs["velocities"] == "central differences of positions"
    # constant velocities: central differences of 17-digit positions recover N q v_d
    np.testing.assert_allclose(ds["total_current"].sel(component="x"),
                               40 * -constants.e * 2e4, rtol=1e-6)
    assert "central differences" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "word"), [
    (["--plane", "w=1"], "AXIS=POSITION"),
    (["--grid", "4,4"], "NX,NY,NZ"),
    (["--charges", "1:2"], "TYPE=CHARGE"),
    (["--timestep", "-1"], "positive timestep"),
    ([], "no charges"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          args: list[str], word: str) -> None:
    path, _ = _dump(tmp_path, with_q=False)
    argparse_error = any(a in args for a in ("--plane", "--grid", "--charges"))
    with pytest.raises(SystemExit) if argparse_error else contextlib.nullcontext():
        code = main(["particles", str(path), "--units", "real", *args, "--output",
                     str(tmp_path / "x.nc")])
        assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and word in err[0], err


def test_truncated_dump_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = _dump(tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-3]))
    assert main(["particles", str(path), "--units", "real", "--output",
                 str(tmp_path / "t.nc")]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "file ends inside a frame" in err and "line" in err
