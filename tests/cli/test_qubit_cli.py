"""`currentkit qubit`: flux qubit and rf SQUID from the command line (in-process main())."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import currentkit as ck
from currentkit.cli.main import main

FLUX_ARGS = ["--ej1", "200", "--ej2", "200", "--ej3", "160", "--ecj1", "2.5", "--ecj2", "2.5",
             "--ecj3", "3.125", "--ecg1", "125", "--ecg2", "125"]


def test_flux_qubit_writes_spectrum_figure_and_prints_gap(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "q.nc"
    code = main(["qubit", "flux", *FLUX_ARGS, "--flux-points", "11", "--levels", "3",
                 "--output", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    qubit = ck.superconductors.FluxQubit(200, 200, 160, 2.5, 2.5, 3.125, 125, 125)
    two = ck.superconductors.two_level(qubit)
    # the summary rounds the API's values to 6 significant digits
    assert f"gap Δ/h = {two.gap:.6g} GHz" in text
    assert f"I_p = {two.persistent_current:.6g} nA" in text
    ds = ck.load_dataset(out)
    assert ds["energy"].dims == ("flux", "level") and ds["energy"].attrs["units"] == "GHz"
    assert ds["current"].attrs["units"] == "nA"
    np.testing.assert_allclose(ds["flux"], np.linspace(0.4, 0.6, 11), rtol=0, atol=1e-15)
    direct = qubit.eigensystem(np.array([0.5]), 3)[0][0]
    # the sweet spot is grid point 5; same computation, rounding only
    np.testing.assert_allclose(ds["energy"].isel(flux=5), direct, rtol=1e-12)
    assert out.with_suffix(".png").stat().st_size > 5_000


def test_rf_squid_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rf.nc"
    assert main(["qubit", "rf", "--ej", "8.9", "--ec", "2.5", "--el", "0.5", "--flux-points",
                 "5", "--output", str(out)]) == 0
    assert "RfSquid" in capsys.readouterr().out
    assert ck.load_dataset(out)["energy"].sizes == {"flux": 5, "level": 6}


@pytest.mark.parametrize(("args", "word"), [
    (["rf", "--ej", "8.9", "--ec", "2.5", "--el", "-1"], "EL"),
    (["rf", "--ej", "8.9", "--ec", "2.5", "--el", "0.5", "--cutoff", "12"], "levels"),
    (["flux", *FLUX_ARGS[:-1], "-3"], "ECg2"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          args: list[str], word: str) -> None:
    code = main(["qubit", *args, "--output", str(tmp_path / "x.nc")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and word in err[0], err
    assert not (tmp_path / "x.nc").exists()


def test_output_must_be_a_netcdf_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["qubit", "rf", "--ej", "1", "--ec", "1", "--el", "1", "--output",
                 str(tmp_path / "x.txt")])
    assert code == 2 and ".nc" in capsys.readouterr().err
