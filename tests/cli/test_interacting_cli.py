"""`currentkit interacting`: interacting rings from the command line (in-process main())."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import currentkit as ck
from currentkit.cli.main import main
from currentkit.parallel import task_seed
from currentkit.rings import InteractingRing, LatticeRing, anderson_potential, drude_weight


def test_clean_ring_writes_energy_current_and_drude_weight(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tv.nc"
    code = main(["interacting", "--sites", "8", "--electrons", "4", "--interaction", "1",
                 "--flux-points", "5", "--output", str(out)])
    assert code == 0
    ds = ck.load_dataset(out)
    ck.results.check_conventions(ds)
    ring = InteractingRing(8, 4, interaction=1.0)
    ref = ck.rings.persistent_current(ring, np.linspace(-0.5, 0.5, 5))
    # the file holds the API's numbers (same code path; only netCDF round trip in between)
    np.testing.assert_array_equal(ds["energy"], ref["free_energy"])
    np.testing.assert_array_equal(ds["current"], ref["current"])
    assert float(ds["drude_weight"]) == drude_weight(ring)
    assert ds["drude_weight"].attrs["units"] == "t"
    assert "luttinger_current" in ds
    text = capsys.readouterr().out
    assert f"D = {drude_weight(ring):.8g} t" in text
    assert out.with_suffix(".png").stat().st_size > 5_000


def test_dmrg_method_agrees_with_exact_diagonalization(tmp_path: Path) -> None:
    out = tmp_path / "dmrg.nc"
    args = ["interacting", "--sites", "8", "--electrons", "3", "--interaction", "1",
            "--flux-points", "3", "--bond-dimension", "32"]
    assert main([*args, "--method", "dmrg", "--output", str(out)]) == 0
    assert main([*args, "--output", str(tmp_path / "ed.nc")]) == 0
    dmrg, ed = ck.load_dataset(out), ck.load_dataset(tmp_path / "ed.nc")
    # χ = 32 holds an 8-site ring exactly: energies to rounding, the Hellmann-Feynman current
    # and the Drude weight (three-twist stencil with Richardson, error ~1e-8) to 1e-6
    np.testing.assert_allclose(dmrg["energy"], ed["energy"], atol=1e-10)
    np.testing.assert_allclose(dmrg["current"], ed["current"], atol=1e-8)
    assert float(dmrg["drude_weight"]) == pytest.approx(float(ed["drude_weight"]), rel=1e-6)
    assert dmrg.attrs["method"] == "dmrg"


def test_hubbard_pair_of_spin_counts(tmp_path: Path) -> None:
    # U = 0 Hubbard with (N↑, N↓) = (2, 1): the free spinful ring with N = 3 (to round-off).
    out = tmp_path / "hub.nc"
    assert main(["interacting", "--sites", "5", "--electrons", "2,1", "--model", "hubbard",
                 "--flux-points", "3", "--output", str(out)]) == 0
    ds = ck.load_dataset(out)
    ref = ck.rings.persistent_current(LatticeRing(5, spin=True), ds["flux"].values, electrons=3)
    np.testing.assert_allclose(ds["energy"], ref["free_energy"], atol=1e-10)


def test_disorder_experiment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Without interaction each realization must be the independent-fermion ring with the same
    # potential (drawn here from the documented seed rule), to round-off.
    out = tmp_path / "dis.nc"
    assert main(["interacting", "--sites", "6", "--electrons", "3", "--interaction", "2",
                 "--disorder", "2", "--realizations", "2", "--seed", "5", "--flux-points", "3",
                 "--output", str(out)]) == 0
    ds = ck.load_dataset(out)
    assert ds["current"].dims == ("interaction", "realization", "flux")
    for r in range(2):
        pot = anderson_potential(np.random.default_rng(task_seed(5, r)), 6, width=2.0)
        ref = ck.rings.persistent_current(LatticeRing(6, potential=pot), ds["flux"].values,
                                          electrons=3)
        np.testing.assert_allclose(ds["current"][0, r], ref["current"], atol=1e-10)
    typical = np.sqrt((ds["current"] ** 2).mean("realization"))
    np.testing.assert_allclose(ds["typical_current"], typical, rtol=1e-14)
    assert "ratio" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["--sites", "6", "--electrons", "7"],
    ["--sites", "6", "--electrons", "3", "--disorder", "1"],
    ["--sites", "6", "--electrons", "3", "--realizations", "2"],
    ["--sites", "40", "--electrons", "20"],
])
def test_user_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  argv: list[str]) -> None:
    code = main(["interacting", *argv, "--output", str(tmp_path / "x.nc")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error" in err
    assert not (tmp_path / "x.nc").exists()
