"""`currentkit bound`: bound currents of an OVF file from the command line (in-process main())."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import currentkit as ck
from currentkit.cli.main import main

DATA = Path(__file__).parents[1] / "magnetization" / "data"


def test_disk_writes_currents_and_prints_zero_net_current(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "disk.nc"
    assert main(["bound", str(DATA / "skyrmion-disk.omf"), "--output", str(out)]) == 0
    text = capsys.readouterr().out
    m = ck.magnetization.read_ovf(DATA / "skyrmion-disk.omf")
    j = ck.magnetization.bound_current(m)
    k = ck.magnetization.surface_current(m)
    # the printed maxima are the API's, rounded to 6 significant digits by the summary
    assert f"max |J_b| = {float(np.linalg.norm(j.values, axis=-1).max()):.6g} A/m²" in text
    assert f"max |K_b| = {float(np.linalg.norm(k.values, axis=-1).max()):.6g} A/m" in text
    ds = ck.load_dataset(out)
    ck.results.check_conventions(ds)
    assert ds["bound_current"].dims == ("z", "y", "x", "component")
    assert ds["surface_current"].dims == ("face", "z", "y", "x", "component")
    np.testing.assert_array_equal(ds["bound_current"].values, j.values)
    for ax in ("x", "y", "z"):
        # Ms·h ≈ 5.5e-3 A per cell row; rounding leaves < 1e-15 of it
        assert abs(ds.attrs[f"net_current_{ax}"]) < 1e-15 * 1.1e6 * 5e-9 * 20
    assert out.with_suffix(".png").stat().st_size > 5_000


def test_unitless_file_takes_saturation_magnetization(tmp_path: Path) -> None:
    m = ck.magnetization.read_ovf(DATA / "test_rect_txt.omf")
    unitless = m / 8.0
    unitless.attrs = {**m.attrs, "units": "1"}
    path = ck.magnetization.write_ovf(unitless, tmp_path / "m.ovf", format="binary 4")
    out = tmp_path / "m.nc"
    assert main(["bound", str(path), "--saturation-magnetization", "8", "--output",
                 str(out)]) == 0
    np.testing.assert_allclose(ck.load_dataset(out)["surface_current"].values,
                               ck.magnetization.surface_current(m).values, rtol=0, atol=1e-15)


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["missing.ovf"], "no such file"),
        (["test_irreg_txt.omf"], "rectangular"),
        (["unitless"], "--saturation-magnetization"),
        (["test_rect_txt.omf", "--saturation-magnetization", "8e5"], "already in A/m"),
        (["truncated"], "the file is truncated"),  # no "# End: Data Text" line
        (["test_rect_txt.omf", "--saturation-magnetization", "nan"], "finite"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          args: list[str], word: str) -> None:
    m = ck.magnetization.read_ovf(DATA / "test_rect_txt.omf")
    m.attrs["units"] = "1"
    ck.magnetization.write_ovf(m, tmp_path / "unitless")
    text = (DATA / "test_rect_txt.omf").read_text()
    (tmp_path / "truncated").write_text(text[: text.index("# End: Data") - 60])
    for name in ("test_rect_txt.omf", "test_irreg_txt.omf"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    argv = ["bound", str(tmp_path / args[0]), *args[1:], "--output", str(tmp_path / "x.nc")]
    # argparse rejects a non-finite number itself (SystemExit(2)); the rest return 2
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and word in err[0], err
    assert not (tmp_path / "x.nc").exists()
