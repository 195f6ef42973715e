"""`currentkit ring` run as a user runs it: a subprocess, files written, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import currentkit as ck


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "currentkit", *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


def assert_user_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr  # one line, no traceback
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_lattice_ring_writes_file_figure_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "ring.nc"
    proc = run_cli("ring", "--lattice", "--sites", 24, "--electrons", 7, "--temperature", 0.02,
                   "--flux-points", 32, "--levels", 4, "--output", out)
    assert proc.returncode == 0, proc.stderr
    assert "max |I|" in proc.stdout and "harmonics" in proc.stdout
    ds = ck.load_dataset(out)
    np.testing.assert_array_equal(ds["flux"], np.arange(32) / 32)  # K points over [0, 1)
    assert ds["current"].attrs["units"] == "e*t/hbar"
    assert ds["energy"].dims == ("flux", "level") and ds.sizes["level"] == 4
    # the file holds exactly what the API computes (no CLI-side arithmetic)
    api = ck.rings.persistent_current(ck.rings.LatticeRing(24), np.arange(32) / 32, electrons=7,
                                      temperature=0.02)
    np.testing.assert_array_equal(ds["current"], api["current"])
    assert out.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_continuum_ring_with_rotation(tmp_path: Path) -> None:
    out = tmp_path / "rot.nc"
    proc = run_cli("ring", "--continuum", "--radius", 1e-6, "--electrons", 11, "--rotation",
                   2 * np.pi * 1e3, "--flux-points", 16, "--output", out)
    assert proc.returncode == 0, proc.stderr
    ds = ck.load_dataset(out)
    assert ds["current"].attrs["units"] == "A"
    # |f_eff| = m_e Ω R²/ħ = 5.43e-5 for Ω = 2π·1 kHz, R = 1 µm (PHYSICS.md ✓)
    assert abs(ds.attrs["rotation_flux"]) == pytest.approx(5.43e-5, rel=1e-3)
    assert "effective flux" in proc.stdout


def test_potential_file_is_used(tmp_path: Path) -> None:
    potential = np.random.default_rng(3).uniform(-1, 1, 12)
    np.save(tmp_path / "v.npy", potential)
    out = tmp_path / "d.nc"
    proc = run_cli("ring", "--lattice", "--sites", 12, "--electrons", 5, "--potential",
                   tmp_path / "v.npy", "--flux-points", 8, "--output", out)
    assert proc.returncode == 0, proc.stderr
    api = ck.rings.persistent_current(ck.rings.LatticeRing(12, potential=potential),
                                      np.arange(8) / 8, electrons=5)
    np.testing.assert_allclose(ck.load_dataset(out)["current"], api["current"], rtol=0,
                               atol=1e-14)  # same computation, round-off only


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lattice", "--sites", "0", "--electrons", "1"], ["--sites", "0"]),
        (["--lattice", "--sites", "10", "--electrons", "30"], ["electrons=30", "at most 10"]),
        (["--lattice", "--sites", "10", "--electrons", "3", "--temperature", "-1"],
         ["temperature"]),
        (["--lattice", "--sites", "10", "--electrons", "3", "--temperature", "nan"],
         ["--temperature", "nan"]),
        (["--lattice", "--sites", "10", "--electrons", "3", "--bogus", "1"], ["--bogus"]),
        (["--lattice", "--electrons", "3"], ["--sites"]),
        (["--continuum", "--electrons", "3"], ["--radius"]),
        (["--continuum", "--radius", "-1e-6", "--electrons", "3"], ["radius"]),
        (["--lattice", "--sites", "10", "--electrons", "3", "--mu", "0"], ["--mu"]),
    ],
)
def test_bad_parameters_fail_in_one_line(tmp_path: Path, args: list[str], words: list[str]
                                         ) -> None:
    proc = run_cli("ring", *args, "--output", tmp_path / "x.nc")
    assert_user_error(proc, *words)
    assert not (tmp_path / "x.nc").exists()


def test_bad_potential_files(tmp_path: Path) -> None:
    np.save(tmp_path / "short.npy", np.zeros(5))
    np.save(tmp_path / "nan.npy", np.array([0.0, np.nan, 0.0, 0.0]))
    (tmp_path / "junk.npy").write_bytes(b"not an array")
    base = ["ring", "--lattice", "--sites", "4", "--electrons", "1", "--output", tmp_path / "x.nc"]
    assert_user_error(run_cli(*base, "--potential", tmp_path / "short.npy"), "potential", "(4,)")
    assert_user_error(run_cli(*base, "--potential", tmp_path / "nan.npy"), "potential",
                      "non-finite")
    assert_user_error(run_cli(*base, "--potential", tmp_path / "junk.npy"), "junk.npy")
    assert_user_error(run_cli(*base, "--potential", tmp_path / "missing.npy"), "missing.npy")


def test_help_states_units() -> None:
    proc = run_cli("ring", "--help")
    assert proc.returncode == 0
    for unit in ("(m)", "rad/s", "t/k_B", "K"):
        assert unit in proc.stdout
