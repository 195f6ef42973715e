"""`currentkit scring`: a superconducting ring from the command line (in-process main())."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import numpy as np
import pytest

import currentkit as ck
from currentkit.cli.main import main
from currentkit.units import FLUX_QUANTUM_SUPERCONDUCTING


def test_writes_states_and_prints_inductances(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "al.nc"
    code = main(["scring", "--radius", "1e-6", "--wire-radius", "50e-9", "--material", "Al",
                 "--windings=-2..2", "--flux-points", "41", "--output", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    ring = ck.superconductors.Ring(1e-6, wire_radius=50e-9, material="Al")
    total = ring.inductance().total
    # the printed values are the API's, rounded to 6 significant digits by the summary
    assert f"total {total:.6g} H" in text
    assert f"I = Φ0/L = {FLUX_QUANTUM_SUPERCONDUCTING / total:.6g} A" in text
    ds = ck.load_dataset(out)
    assert ds["current"].dims == ("winding", "flux") and ds["current"].attrs["units"] == "A"
    np.testing.assert_array_equal(ds["winding"], np.arange(-2, 3))
    np.testing.assert_allclose(ds["flux"], np.linspace(-2.5, 2.5, 41), rtol=0, atol=1e-15)
    # one trapped quantum at zero field carries Φ0/L (flux grid point 20 is Φ_ext = 0)
    assert float(ds["current"].sel(winding=1)[20]) == pytest.approx(
        FLUX_QUANTUM_SUPERCONDUCTING / total, rel=1e-12)
    lam, xi = ring.penetration_depth_at(), ring.coherence_length_at()
    j_d = FLUX_QUANTUM_SUPERCONDUCTING / (3 * math.sqrt(3) * math.pi * ck.units.MU_0 * lam**2 * xi)
    assert ds.attrs["critical_current"] == pytest.approx(j_d * ring.cross_section, rel=1e-12)
    assert out.with_suffix(".png").stat().st_size > 5_000


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["--wire-radius", "2e-6", "--material", "Al"], "wire_radius"),
        (["--wire-radius", "5e-8", "--material", "Unobtainium"], "Nb"),
        (["--wire-radius", "5e-8", "--material", "Al", "--temperature", "2"], "Tc"),
        (["--width", "1e-7", "--material", "Al"], "thickness"),
        (["--wire-radius", "5e-8"], "--material"),
        (["--wire-radius", "5e-8", "--material", "Al", "--windings", "3..1"], "A ≤ B"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          args: list[str], word: str) -> None:
    # argparse rejects a bad --windings itself (SystemExit(2)); the rest return 2 from main()
    with pytest.raises(SystemExit) if "--windings" in args else contextlib.nullcontext():
        code = main(["scring", "--radius", "1e-6", *args, "--output", str(tmp_path / "x.nc")])
        assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and word in err[0], err
    assert not (tmp_path / "x.nc").exists()
