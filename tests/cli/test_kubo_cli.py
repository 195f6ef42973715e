"""`currentkit kubo`: Green-Kubo coefficients from files, through main() in process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import signal

import currentkit as ck
from currentkit.cli.main import main

SPORTRAN_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "sportran"
FLUX = "c_flux[1],c_flux[2],c_flux[3]"


def ar1_file(tmp_path: Path, tau: float = 8.0, samples: int = 20_000) -> tuple[Path, float]:
    """A CSV of 3 AR(1) columns with a uniform Time column (Δ = 0.5) and its exact integral."""
    rng = np.random.default_rng(42)
    a = np.exp(-1.0 / tau)
    noise = rng.standard_normal((samples, 3)) * np.sqrt(1 - a * a)
    noise[0] = rng.standard_normal(3)
    x = signal.lfilter([1.0], [1.0, -a], noise, axis=0)
    path = tmp_path / "ou.csv"
    time = 0.5 * np.arange(samples)
    np.savetxt(path, np.column_stack([time, x]), delimiter=",", header="Time,jx,jy,jz",
               comments="")
    return path, 0.5 * (1 + a) / (2 * (1 - a))  # s²Δ(1 + a)/(2(1 − a)), s = 1, Δ = 0.5


def test_generic_coefficient_from_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, exact = ar1_file(tmp_path)
    out = tmp_path / "ou.nc"
    code = main(["kubo", str(path), "--kind", "generic", "--columns", "jx,jy,jz",
                 "--prefactor", "2", "--output", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    ds = ck.load_dataset(out)
    value, std = float(ds["coefficient"]), float(ds["coefficient_std"])
    assert abs(value - 2 * exact) < 3 * std  # seeded replica, 3σ
    assert f"{value:.6g} ± {std:.3g}" in text and "P* =" in text and "f* =" in text
    for name in ("units", "f_star", "P_star"):
        assert name in ds["coefficient"].attrs
    assert ds.attrs["f_star"] > 0 and ds.attrs["P_star"] >= 1
    assert out.with_suffix(".png").stat().st_size > 5_000


@pytest.mark.skipif(not SPORTRAN_DATA.is_dir(), reason="no shared SporTran data")
def test_nacl_thermal_matches_sportran(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nacl.nc"
    code = main(["kubo", str(SPORTRAN_DATA / "NaCl.dat"), "--kind", "thermal", "--columns", FLUX,
                 "--extra-currents", "c_vcm[1][1],c_vcm[1][2],c_vcm[1][3]", "--timestep",
                 "0.005", "--volume", "65013.301261", "--units", "metal", "--f-star", "14",
                 "--p-star", "4", "--output", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    assert "κ = 0.49831 ± 0.028 W/(m K)" in text  # SporTran: 0.498310 ± 0.028018
    assert "mean of column Temp" in text
    ds = ck.load_dataset(out)
    assert abs(float(ds["coefficient"]) - 0.498310) < 0.1 * 0.028018
    assert ds["coefficient"].attrs["units"] == "W/(m K)" and ds.attrs["P_star"] == 4


@pytest.mark.parametrize(("extra", "message"), [
    (["--columns", "jx,jq"], "no column 'jq'; columns found: Time, jx, jy, jz"),
    (["--columns", "jx,jy", "--extra-currents", "jz"], "groups of 2 columns"),
    (["--columns", "jx", "--kind", "thermal"], "--kind thermal needs --volume V"),
    (["--columns", "jx", "--kind", "generic", "--p-star", "100000"], "p_star=100000"),
    ([], "give --columns (columns found in"),
])
def test_bad_options_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         extra: list[str], message: str) -> None:
    path, _ = ar1_file(tmp_path, samples=2000)
    kind = [] if "--kind" in extra else ["--kind", "generic"]
    code = main(["kubo", str(path), *kind, *extra, "--output", str(tmp_path / "x.nc")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1
    assert not (tmp_path / "x.nc").exists()


def test_bad_files_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad_time = tmp_path / "t.csv"
    bad_time.write_text("Time,j\n0,1\n1,2\n3,1\n4,0\n")
    nan = tmp_path / "n.dat"
    nan.write_text("Step j\n0 1\n10 nan\n20 1\n")
    steps = tmp_path / "s.dat"
    steps.write_text("Step j\n" + "".join(f"{10 * i} {np.sin(i)}\n" for i in range(64)))
    cases = [
        (bad_time, "non-uniform 'Time'"),
        (nan, "column 'j' holds nan at line 3"),
        (steps, "give --timestep (the time between rows; the file has only a step counter)"),
        (tmp_path / "missing.dat", "no such file"),
    ]
    for path, message in cases:
        code = main(["kubo", str(path), "--kind", "generic", "--columns", "j", "--output",
                     str(tmp_path / "x.nc")])
        err = capsys.readouterr().err
        assert code == 2 and message in err and err.count("\n") == 1, (path, err)


def test_lammps_log_in_lj_units_scales_the_generic_integral(tmp_path: Path) -> None:
    rng = np.random.default_rng(8)
    a = np.exp(-1.0 / 6.0)
    flux = signal.lfilter([1.0], [1.0, -a], rng.standard_normal((4000, 3)), axis=0)
    rows = "".join(f"{10 * i} 0.722 {x:.10f} {y:.10f} {z:.10f}\n"
                   for i, (x, y, z) in enumerate(flux))
    log = tmp_path / "log.lammps"
    log.write_text("LAMMPS (2 Aug 2023)\nunits lj\nStep Temp c_flux[1] c_flux[2] c_flux[3]\n"
                   + rows + "Loop time of 1.0 on 1 procs for 40000 steps with 100 atoms\n")
    common = ["kubo", str(log), "--columns", FLUX, "--timestep", "0.05"]
    assert main([*common, "--kind", "generic", "--output", str(tmp_path / "g.nc")]) == 0
    assert main([*common, "--kind", "thermal", "--units", "lj", "--atoms", "100", "--volume",
                 "125", "--output", str(tmp_path / "k.nc")]) == 0
    generic = float(ck.load_dataset(tmp_path / "g.nc")["coefficient"])
    kappa = ck.load_dataset(tmp_path / "k.nc")
    # κ* = N²/(V T²) ∫⟨J J⟩dt with the per-atom flux of LAMMPS lj output and T from column Temp;
    # the same data and automatic f*, P*: equal up to rounding
    assert float(kappa["coefficient"]) == pytest.approx(generic * 100**2 / (125 * 0.722**2),
                                                        rel=1e-12)
    assert kappa["coefficient"].attrs["units"] == "1 (Lennard-Jones reduced units)"
