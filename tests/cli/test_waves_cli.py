"""`currentkit waves`: barrier transmission and the current of a wavefunction file."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import numpy as np
import pytest

import currentkit as ck
from currentkit.cli.main import main


def test_barrier_exact_prints_reference_value(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.nc"
    assert main(["waves", "barrier", "--height", "1", "--width", "1", "--energy", "0.5",
                 "--method", "exact", "--output", str(out)]) == 0
    text = capsys.readouterr().out
    # sech²(1) = 0.4199743416 (PHYSICS.md), printed to 10 digits
    assert "exact T = 0.4199743416" in text
    ds = ck.load_dataset(out)
    ck.results.check_conventions(ds)
    assert ds.attrs["exact_transmission"] == pytest.approx(1 / math.cosh(1) ** 2, rel=1e-12)
    assert out.with_suffix(".png").stat().st_size > 5_000


def test_barrier_packet_prints_t_beside_exact(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.nc"
    assert main(["waves", "barrier", "--height", "1", "--width", "1", "--energy", "2",
                 "--output", str(out)]) == 0
    text = capsys.readouterr().out
    assert "(packet); exact T = 0.8912972171" in text
    ds = ck.load_dataset(out)
    ck.results.check_conventions(ds)
    # the packet's grid error at 13 points per barrier width (see waves.scattering): ≤ 1e-3
    assert ds.attrs["transmission"] == pytest.approx(0.8912972171, abs=1e-3)
    assert ds["current"].dims == ("time",) and ds["transmission"].dims == ("energy",)


def test_current_of_a_2d_vortex_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    h = 0.1
    x = h * np.arange(60) - 3.0 + 0.013
    xx, yy = np.meshgrid(x, x, indexing="ij")
    psi = ((xx - 0.5) + 1j * yy) * ((xx + 0.7) - 1j * (yy - 0.4)) * np.exp(-(xx**2 + yy**2))
    src = tmp_path / "psi.npy"
    np.save(src, psi)
    out = tmp_path / "j.nc"
    assert main(["waves", "current", str(src), "--spacing", str(h), "--output", str(out)]) == 0
    text = capsys.readouterr().out
    assert "vortices: 2 (net winding +0)" in text
    ds = ck.load_dataset(out)
    ck.results.check_conventions(ds)
    expected = ck.waves.probability_current(psi, h)
    np.testing.assert_array_equal(ds["current"].values, expected)  # the same computation
    assert ds["current"].dims == ("component", "x", "y")


def test_current_1d_with_vector_potential(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    n = 64
    src = tmp_path / "ring.npy"
    np.save(src, np.exp(2j * np.pi * 3 * np.arange(n) / n) / math.sqrt(n))
    out = tmp_path / "j.nc"
    assert main(["waves", "current", str(src), "--spacing", "1", "--periodic", "--derivative",
                 "spectral", "--vector-potential", "0.05", "--output", str(out)]) == 0
    j = ck.load_dataset(out)["current"].values[0]
    # j = (k − qA/ħ)·ρ·ħ/m with k = 2π·3/64, q = −1: exact for the spectral derivative
    np.testing.assert_allclose(j, (2 * np.pi * 3 / n + 0.05) / n, rtol=1e-12)
    assert "largest charge current" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "args", "word"),
    [
        (lambda p: np.save(p, np.array([1.0, np.nan, 1.0])), [], "non-finite"),
        (lambda p: p.write_bytes(b"not a numpy file"), [], "not a .npy file"),
        (lambda p: np.save(p, np.ones((2, 2, 2, 2))), [], "1D, 2D or 3D"),
        (lambda p: np.save(p, np.array(["a", "b", "c"])), [], "numbers are expected"),
        (lambda p: np.save(p, np.ones(8)), ["--spacing", "-1"], "spacing"),
        (lambda p: np.save(p, np.ones((8, 8))), ["--spacing", "1", "2", "3"], "--spacing"),
        (lambda p: np.save(p, np.ones(8)), ["--derivative", "spectral"], "--periodic"),
        (lambda p: np.save(p, np.ones((8, 8))), ["--vector-potential", "1"], "vector_potential"),
        (lambda p: None, [], "no such file"),
    ],
)
def test_current_bad_input_is_one_line_exit_2(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              make: object, args: list[str], word: str) -> None:
    src = tmp_path / "bad.npy"
    make(src)  # type: ignore[operator]
    argv = ["waves", "current", str(src), "--output", str(tmp_path / "o.nc")]
    if "--spacing" not in args:
        argv += ["--spacing", "0.1"]
    assert main(argv + args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and word in err[0], err


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["--height", "1", "--width", "0", "--energy", "1"], "width"),
        (["--height", "1", "--width", "1", "--energy", "-1"], "energy"),
        (["--height", "nan", "--width", "1", "--energy", "1"], "finite"),
        (["--height", "1", "--width", "1", "--energy", "1", "--method", "wkb"], "invalid choice"),
    ],
)
def test_barrier_bad_input_is_one_line_exit_2(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              args: list[str], word: str) -> None:
    # argparse refuses bad numbers and choices itself (SystemExit(2)); the rest return 2
    parse = "nan" in args or "wkb" in args
    with pytest.raises(SystemExit) if parse else contextlib.nullcontext():
        assert main(["waves", "barrier", *args, "--output", str(tmp_path / "x.nc")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and word in err[0], err
