"""Floating-point and memory limits: refused in one line before computing, never a NaN result
written as a success, never an OverflowError or MemoryError traceback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import currentkit as ck
from currentkit.errors import NonFiniteResultError, ParameterError
from currentkit.resources import require_memory
from currentkit.results import require_finite, with_provenance
from tests.cli.hostile import run, user_error

LATTICE = ["ring", "--lattice", "--sites", "8", "--electrons", "3", "--flux-points", "8"]
CONTINUUM = ["ring", "--continuum", "--electrons", "3", "--flux-points", "8"]


@pytest.mark.parametrize(("argv", "words"), [
    ([*LATTICE, "--hopping", "1e308"], ["--hopping", "≤ 1e+100"]),
    ([*CONTINUUM, "--radius", "1e300"], ["--radius", "≤ 1 m"]),
    ([*CONTINUUM, "--radius", "1e-6", "--rotation", "1e300"], ["rotation", "rad/s"]),
    (["waves", "barrier", "--height", "1e300", "--width", "1", "--energy", "1"], ["--height"]),
    (["scring", "--radius", "1e300", "--wire-radius", "1e-7", "--material", "Al"], ["--radius"]),
    (["ensemble", "--sites", "8", "--electrons", "3", "--seed", "1e32"], ["--seed", "≤"]),
    (["ensemble", "--sites", "8", "--electrons", "3", "--seed", str(2**63)], ["--seed"]),
])
def test_out_of_range_values_are_refused(tmp_path: Path, argv: list[str],
                                         words: list[str]) -> None:
    out = tmp_path / "x.nc"
    user_error([*argv, "--output", out], *words)
    assert not out.exists()


def test_largest_seed_is_stored_exactly(tmp_path: Path) -> None:
    out = tmp_path / "e.nc"
    seed = 2**63 - 1  # netCDF keeps a signed 64-bit integer
    result = run(["ensemble", "--sites", "6", "--electrons", "2", "--realizations", "2",
                  "--flux-points", "4", "--scheduler", "serial", "--seed", seed, "--output", out])
    assert result.code == 0, result.err
    assert int(ck.load_dataset(out).attrs["seed"]) == seed


@pytest.mark.parametrize(("argv", "option"), [
    (["ring", "--lattice", "--sites", "1e9", "--electrons", "3"], "--sites"),
    (["ring", "--lattice", "--sites", "8", "--electrons", "3", "--flux-points", "2e9"],
     "--flux-points"),
    (["ensemble", "--sites", "1e8", "--electrons", "3"], "--sites"),
    (["ensemble", "--sites", "8", "--electrons", "3", "--realizations", "1e9"],
     "--realizations"),
    (["scring", "--radius", "1e-6", "--wire-radius", "1e-7", "--material", "Al",
      "--windings", "-1000000000..1000000000"], "--windings"),
])
def test_requests_beyond_memory_are_refused_with_the_estimate(
    tmp_path: Path, argv: list[str], option: str
) -> None:
    line = user_error([*argv, "--output", tmp_path / "x.nc"], option, "GiB of memory",
                      "GiB are available")
    assert "a smaller" in line


def test_grid_beyond_memory(tmp_path: Path) -> None:
    dump = tmp_path / "t.dump"
    dump.write_text("not read: the grid is refused first\n")
    user_error(["particles", dump, "--units", "real", "--grid", "2000,2000,2000", "--output",
                tmp_path / "x.nc"], "--grid", "GiB of memory")


def test_require_memory_names_the_parameter() -> None:
    with pytest.raises(ParameterError, match=r"sites=10 .*about 2 GiB.* 1 GiB are available"):
        require_memory(2 * 2**30, "sites", 10, "ring", available=2**30)
    require_memory(2**29, "sites", 10, "ring", available=2**30)  # fits: no error


def _result(values: np.ndarray) -> xr.Dataset:
    ds = xr.Dataset({"current": ("flux", values, {"units": "A", "long_name": "I"})})
    return with_provenance(ds, {})


def test_require_finite_names_the_variable_and_the_hint() -> None:
    good = _result(np.arange(4.0))
    assert require_finite(good, "hint") is good
    with pytest.raises(NonFiniteResultError, match=r"'current'.*1 of 4.*use smaller numbers"):
        require_finite(_result(np.array([0.0, np.nan, 1.0, 2.0])), "use smaller numbers")
    bad_attr = good.assign_attrs(rotation_flux=float("-inf"))
    with pytest.raises(NonFiniteResultError, match="rotation_flux"):
        require_finite(bad_attr, "hint")


def test_a_nan_result_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # whatever the parameters, a non-finite result ends in one line and no file (here forced)
    real = ck.rings.persistent_current

    def nan_current(*args: object, **kwargs: object) -> xr.Dataset:
        ds = real(*args, **kwargs)  # type: ignore[arg-type]
        return ds.assign(current=ds["current"] * np.nan)

    monkeypatch.setattr("currentkit.cli.ring.persistent_current", nan_current)
    out = tmp_path / "x.nc"
    user_error([*LATTICE, "--output", out], "'current' is not finite", "--hopping")
    assert not out.exists() and not out.with_suffix(".png").exists()


def test_overflow_anywhere_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def overflow(*args: object, **kwargs: object) -> None:
        raise OverflowError("(34, 'Numerical result out of range')")

    monkeypatch.setattr("currentkit.cli.ring.persistent_current", overflow)
    user_error([*LATTICE, "--output", tmp_path / "x.nc"], "overflowed", "--sites 8")


def test_auto_records_the_method_it_chose() -> None:
    flux = np.linspace(0, 0.5, 4)
    clean = ck.rings.persistent_current(ck.rings.LatticeRing(8), flux, electrons=3)
    continuum = ck.rings.persistent_current(ck.rings.ContinuumRing(1e-6), flux, electrons=3)
    small = ck.rings.LatticeRing(8, potential=np.linspace(-1, 1, 8))
    disordered = ck.rings.persistent_current(small, flux, electrons=3)
    assert clean.attrs["method"] == "exact" and continuum.attrs["method"] == "exact"
    assert disordered.attrs["method"] == ck.rings.current.auto_method(small, canonical=True)
    assert disordered.attrs["method"] != "auto"
    # what "exact" names is what auto computed: the same numbers as asking for it
    exact = ck.rings.persistent_current(ck.rings.LatticeRing(8), flux, electrons=3,
                                        method="exact")
    np.testing.assert_array_equal(clean["current"], exact["current"])


def test_npy_header_is_sized_before_loading(tmp_path: Path) -> None:
    # a header that claims a 10⁶ × 10⁶ complex array (16 TB), with no data behind it
    huge = tmp_path / "huge.npy"
    with open(huge, "wb") as handle:
        np.lib.format.write_array_header_2_0(
            handle, {"descr": "<c16", "fortran_order": False, "shape": (10**6, 10**6)})
    user_error(["waves", "current", huge, "--spacing", "1", "--output", tmp_path / "x.nc"],
               "shape (1000000, 1000000)", "bytes")
