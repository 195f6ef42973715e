"""Every CLI subcommand under hostile values: the only outcomes are exit 0 with a finite result
written, or exit 2 with one line on stderr (never a traceback, never a NaN "success").

Each command starts from a small valid invocation (fast: milliseconds of physics), and
hypothesis replaces some of its options with hostile values — huge, tiny, negative, NaN, inf,
empty, text — or its paths with folders, /dev/null, unwritable or missing places, or drops a
required option. The memory available is pinned to 1 GiB so that huge requests are refused
the same way on every machine.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import constants

import currentkit as ck
from currentkit.cli.main import main
from currentkit.particles import DriftingGas, unit_style, write_lammps_dump
from currentkit.results import require_finite

NUMBERS = ["0", "-1", "-1e-6", "1e308", "-1e308", "1e-308", "5e-324", "nan", "-nan", "inf",
           "-inf", "", " ", "abc", "1e400", "2e9", "1e32", str(2**63), "3", "0.5", "-0.5",
           "1,2", "1..2", "-5..-9"]
#: Examples per subcommand: 80 runs in all, about a minute on a machine loaded 5× over.
EXAMPLES = 8
OVF = Path(__file__).parents[1] / "magnetization" / "data" / "test_rect_txt.omf"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small valid inputs for every command that reads a file, and hostile path targets."""
    root = tmp_path_factory.mktemp("cli_fuzz")
    x = np.linspace(-4, 4, 24)
    gx, gy = np.meshgrid(x, x, indexing="ij")
    np.save(root / "psi.npy", (gx + 1j * gy) * np.exp(-(gx**2 + gy**2) / 4))
    np.save(root / "v.npy", np.linspace(-1, 1, 8))
    gas = DriftingGas(6, (2e-9, 2e-9, 2e-9), (2e4, 0.0, 0.0), 6, 1e-15, thermal=5e3,
                      charge=-constants.e, chunk=4, seed=1, wrapped=True)
    write_lammps_dump(root / "gas.dump", gas, unit_style("real"),
                      columns=("id", "type", "x", "y", "z", "vx", "vy", "vz", "q"))
    rng = np.random.default_rng(1)
    np.savetxt(root / "j.csv", np.column_stack([0.5 * np.arange(256), rng.normal(size=256)]),
               delimiter=",", header="Time,jx", comments="")
    shutil.copy(OVF, root / "m.omf")
    (root / "folder").mkdir()
    (root / "regular").write_text("x")
    return root


def _paths(root: Path) -> list[str]:
    return [str(root / "folder"), "/dev/null", "/dev/zero", "/proc/x.nc",
            str(root / "missing" / "x.nc"), str(root / "regular"), str(root / "regular" / "x.nc"),
            str(root / "x.png"), str(root / "psi.npy"), "", "-"]


def _commands(root: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Per subcommand: leading words and the valid options (option → value)."""
    return {
        "ring-lattice": (["ring", "--lattice"], {
            "--sites": "8", "--electrons": "3", "--hopping": "1", "--temperature": "0.1",
            "--flux-points": "8", "--levels": "2", "--potential": str(root / "v.npy")}),
        "ring-continuum": (["ring", "--continuum"], {
            "--radius": "1e-6", "--electrons": "3", "--rotation": "10", "--temperature": "0",
            "--flux-points": "8"}),
        "ensemble": (["ensemble"], {
            "--sites": "6", "--electrons": "2", "--realizations": "2", "--flux-points": "4",
            "--disorder": "1", "--seed": "1", "--temperature": "0", "--scheduler": "serial",
            "--block": "1", "--store": str(root / "store")}),
        "interacting": (["interacting"], {
            "--sites": "6", "--electrons": "3", "--interaction": "1", "--hopping": "1",
            "--flux-points": "5"}),
        "scring": (["scring"], {
            "--radius": "1e-6", "--wire-radius": "1e-7", "--material": "Al",
            "--temperature": "0.1", "--flux-points": "21", "--windings": "-1..1"}),
        "waves-barrier": (["waves", "barrier", "--method", "exact"], {
            "--height": "1", "--width": "1", "--energy": "2", "--mass": "1", "--hbar": "1"}),
        "waves-current": (["waves", "current", str(root / "psi.npy")], {
            "--spacing": str(8 / 23), "--charge": "-1", "--mass": "1", "--hbar": "1"}),
        "particles": (["particles", str(root / "gas.dump")], {
            "--units": "real", "--plane": "x=10", "--grid": "2,2,2", "--timestep": "1",
            "--chunk": "4"}),
        "kubo": (["kubo", str(root / "j.csv")], {
            "--kind": "generic", "--columns": "jx", "--prefactor": "1"}),
        "bound": (["bound", str(root / "m.omf")], {"--saturation-magnetization": "8e5"}),
    }


@st.composite
def invocations(draw: st.DrawFn, root: Path, name: str) -> tuple[list[str], Path | None]:
    """A valid invocation of ``name`` with some options made hostile; and the output file."""
    words, options = _commands(root)[name]
    words = list(words)
    options = dict(options)
    paths = _paths(root)
    for option in draw(st.lists(st.sampled_from(sorted(options)), max_size=3, unique=True)):
        action = draw(st.sampled_from(("number", "path", "drop")))
        if action == "drop":
            del options[option]
        else:
            options[option] = draw(st.sampled_from(NUMBERS if action == "number" else paths))
    if words[-1].startswith(str(root)) and draw(st.booleans()):
        words[-1] = draw(st.sampled_from(paths))  # the input file itself
    output: Path | None = root / "out.nc"
    if draw(st.integers(0, 3)) == 0:
        output = None
        options["--output"] = draw(st.sampled_from(paths))
    else:
        options["--output"] = str(output)
    argv = words + [part for option, value in options.items() for part in (option, value)]
    return argv, output


def _run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


@pytest.fixture(scope="module")
def small_machine(workspace: Path) -> Iterator[None]:
    """1 GiB of memory, and the workspace as the current folder: hostile values given as
    paths ("--store 3") are relative paths, which must land there, not in the repository."""
    cwd = Path.cwd()
    os.chdir(workspace)
    try:
        with mock.patch("currentkit.resources.available_memory", return_value=2**30):
            yield
    finally:
        os.chdir(cwd)


def _check(argv: list[str], output: Path | None) -> None:
    if output is not None:
        output.unlink(missing_ok=True)
    code, err = _run(argv)
    assert "Traceback" not in err, (argv, err)
    if code == 0:
        assert output is not None and output.exists(), argv
        require_finite(ck.load_dataset(output), f"{argv} wrote a non-finite result")
    else:
        assert code == 2, (argv, code, err)
        assert len(err.strip().splitlines()) == 1, (argv, err)


COMMANDS = ("ring-lattice", "ring-continuum", "ensemble", "interacting", "scring",
            "waves-barrier", "waves-current", "particles", "kubo", "bound")


@pytest.mark.usefixtures("small_machine")
@pytest.mark.parametrize("name", COMMANDS)
def test_hostile_values_end_in_a_result_or_one_line(workspace: Path, name: str) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(invocations(workspace, name))
    def check(case: tuple[list[str], Path | None]) -> None:
        _check(*case)

    check()
