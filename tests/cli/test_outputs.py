"""Output paths are checked before any computation; results are written atomically, with the
user's umask, and never over an input or over each other."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import currentkit as ck
from currentkit.plotting import new_figure, save_figure
from currentkit.results import atomic_write, save_dataset, with_provenance
from tests.cli.hostile import run, user_error

RING = ["ring", "--lattice", "--sites", "8", "--electrons", "3", "--flux-points", "8"]


@pytest.fixture
def no_computation(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if the ring's computation starts (the check must come first)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed before checking the output path")

    monkeypatch.setattr("currentkit.cli.ring.persistent_current", refuse)
    yield


@pytest.mark.usefixtures("no_computation")
def test_unwritable_places_are_refused_before_computing(tmp_path: Path) -> None:
    folder = tmp_path / "folder.nc"
    folder.mkdir()
    regular = tmp_path / "file"
    regular.write_text("x")
    user_error([*RING, "--output", "/proc/x.nc"], "cannot write in folder /proc")
    user_error([*RING, "--output", folder], "is a directory")
    user_error([*RING, "--output", regular / "x.nc"], "is not a folder")
    assert regular.read_text() == "x"


@pytest.mark.usefixtures("no_computation")
def test_missing_folder_is_named_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such"
    user_error([*RING, "--output", missing / "x.nc"], f"folder {tmp_path / 'no'} does not exist")
    assert not (tmp_path / "no").exists()


@pytest.mark.usefixtures("no_computation")
def test_figure_and_result_can_never_collide(tmp_path: Path) -> None:
    # --output X.png used to write the netCDF, then overwrite it with the PNG
    user_error([*RING, "--output", tmp_path / "x.png"], "must end in .nc")
    user_error([*RING, "--output", tmp_path / "x"], "must end in .nc")
    assert list(tmp_path.iterdir()) == []


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    # every command that reads a file refuses to write its result over it (before reading it)
    source = tmp_path / "input.nc"
    with open(source, "wb") as handle:
        np.save(handle, np.zeros(8))
    before = source.read_bytes()
    link = tmp_path / "alias.nc"
    link.symlink_to(source)
    cases = [
        [*RING, "--potential", source, "--output", source],
        [*RING, "--potential", source, "--output", link],  # the same file by another name
        ["particles", source, "--units", "real", "--output", source],
        ["waves", "current", source, "--spacing", "1", "--output", source],
        ["bound", source, "--output", source],
        ["kubo", source, "--output", source],
    ]
    for argv in cases:
        user_error(argv, "refusing to overwrite an input")
        assert source.read_bytes() == before


def test_unwritable_store_and_tour_folder(tmp_path: Path) -> None:
    ensemble = ["ensemble", "--sites", "8", "--electrons", "3", "--realizations", "2",
                "--scheduler", "serial", "--output", tmp_path / "e.nc"]
    user_error([*ensemble, "--store", "/proc/store"], "--store", "/proc")
    regular = tmp_path / "file"
    regular.write_text("x")
    user_error([*ensemble, "--store", regular], "--store", "is not a folder")
    user_error(["tour", "--output", regular, "--sections", "aharonov_bohm"], "is not a folder")
    assert regular.read_text() == "x"
    assert not (tmp_path / "e.nc").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_read_only_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        user_error([*RING, "--output", locked / "x.nc"], "cannot write in folder")
    finally:
        locked.chmod(0o700)


def _dataset() -> xr.Dataset:
    ds = xr.Dataset({"a": ("x", np.arange(4.0), {"units": "1", "long_name": "a"})},
                    coords={"x": ("x", np.arange(4), {"units": "1", "long_name": "x"})})
    return with_provenance(ds, {})


@pytest.fixture
def umask_077() -> Iterator[None]:
    old = os.umask(0o077)
    yield
    os.umask(old)


@pytest.mark.usefixtures("umask_077")
def test_files_respect_the_umask(tmp_path: Path) -> None:
    # mkstemp makes 0600 files; the result must be 0o666 & ~umask like any new file (here 0600,
    # and 0644 under the usual 022 below)
    save_dataset(_dataset(), tmp_path / "a.nc")
    fig, _ = new_figure()
    save_figure(fig, tmp_path / "a.png")
    for name in ("a.nc", "a.png"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    os.umask(0o022)
    save_dataset(_dataset(), tmp_path / "b.nc")
    assert stat.S_IMODE((tmp_path / "b.nc").stat().st_mode) == 0o644


def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.nc"
    target.write_bytes(b"old result")

    def half_then_interrupt(tmp: str) -> None:
        Path(tmp).write_bytes(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, half_then_interrupt)
    assert target.read_bytes() == b"old result"
    assert [p.name for p in tmp_path.iterdir()] == ["r.nc"]  # no temporary file left


def test_a_normal_run_writes_both_files(tmp_path: Path) -> None:
    out = tmp_path / "ring.nc"
    result = run([*RING, "--output", out])
    assert result.code == 0, result.err
    assert ck.load_dataset(out)["current"].sizes["flux"] == 8
    assert out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"
    assert "e·t/ħ" in result.out and "hbar" not in result.out  # one spelling of the unit
    assert [p.name for p in sorted(tmp_path.iterdir())] == ["ring.nc", "ring.png"]


@pytest.mark.parametrize(("argv", "words"), [
    (RING, ["L = 8", "N = 3", "T = 0"]),
    (["scring", "--radius", "1e-6", "--wire-radius", "1e-7", "--material", "Al",
      "--flux-points", "11", "--windings", "-1..1"], ["Al", "R = 1e-06 m"]),
    (["waves", "barrier", "--height", "1", "--width", "1", "--energy", "2", "--method",
      "exact"], ["V0 = 1", "E = 2"]),
])
def test_figures_carry_their_parameters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        argv: list[str], words: list[str]) -> None:
    titles: list[str] = []
    real = save_figure

    def keep_titles(fig: object, path: Path, **options: object) -> Path:
        suptitle = getattr(fig, "_suptitle", None)
        titles.extend(ax.get_title() for ax in fig.axes)  # type: ignore[attr-defined]
        titles.append(suptitle.get_text() if suptitle is not None else "")
        titles.append(str(options.get("title", "")))
        return real(fig, path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr("currentkit.plotting.save_figure", keep_titles)
    result = run([*argv, "--output", tmp_path / "x.nc"])
    assert result.code == 0, result.err
    text = " | ".join(titles)
    for word in words:
        assert word in text, text
