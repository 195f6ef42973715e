"""`currentkit ensemble`: files written, summary printed, one-line errors with exit code 2.

Most tests build a parser holding only the ``ensemble`` group and mimic ``cli.main.main``'s
error handling, so they do not depend on the group being registered in ``cli/main.py``; one
subprocess test runs the real command line.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from currentkit.cli import ensemble as ensemble_cli
from currentkit.cli.common import Parser, UsageError
from currentkit.errors import CurrentkitError
from currentkit.results import load_dataset
from currentkit.rings.disorder.ensemble import EnsembleConfig, disorder_ensemble


def run_ensemble(argv: list[str | Path], capsys: pytest.CaptureFixture[str]
                 ) -> tuple[int, str, str]:
    """Parse and run ``ensemble ARGV`` as ``currentkit.cli.main.main`` does; (code, out, err)."""
    parser = Parser(prog="currentkit")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    ensemble_cli.register(sub)
    try:
        args = parser.parse_args(["ensemble", *map(str, argv)])
        try:
            code = int(args.run(args))
        except (CurrentkitError, UsageError) as exc:
            sys.stderr.write(f"currentkit {args.command}: error: {exc}\n")
            code = 2
    except SystemExit as exc:  # argparse errors: Parser.error exits with 2
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_user_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # one line, no traceback
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


BASE = ["--sites", "10", "--channels", "2", "--disorder", "1.2", "--electrons", "5",
        "--realizations", "3", "--seed", "4", "--flux-points", "16", "--scheduler", "serial"]


def test_writes_file_figure_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    out = tmp_path / "ens.nc"
    code, stdout, err = run_ensemble([*BASE, "--output", out], capsys)
    assert code == 0, err
    assert "R = 3" in stdout and "typical" in stdout and "h/2e" in stdout
    ds = load_dataset(out)
    assert {"current", "mean_current", "typical_current"} <= set(ds.data_vars)
    assert ds["current"].dims == ("realization", "flux")
    for name in ("current", "mean_current", "typical_current"):
        assert ds[name].attrs["units"] == "e*t/hbar"
    # the file holds exactly what the API computes (no CLI-side arithmetic)
    api = disorder_ensemble(EnsembleConfig(sites=10, channels=2, disorder=1.2, electrons=5,
                                           realizations=3, seed=4, flux_points=16),
                            scheduler="serial", progress=False)
    np.testing.assert_array_equal(ds["current"], api["current"])
    assert out.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _snapshot(store: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a store: its bytes and modification time (ns), to prove nothing changed."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(store.iterdir())}


def test_store_resumes_grows_and_refuses_another_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    code, _, err = run_ensemble([*BASE, "--store", store, "--output", tmp_path / "a.nc"], capsys)
    assert code == 0, err
    assert len(list(store.glob("tasks-*.npz"))) == 3  # R = 3 → blocks of 1 (default ⌈3/256⌉)
    first = _snapshot(store)
    code, _, err = run_ensemble([*BASE, "--store", store, "--output", tmp_path / "b.nc"], capsys)
    assert code == 0, err
    assert _snapshot(store) == first  # nothing recomputed, nothing rewritten
    assert (tmp_path / "a.nc").read_bytes() == (tmp_path / "b.nc").read_bytes()
    # more realizations, same everything else: the three stored ones are reused as they are
    code, _, err = run_ensemble([*BASE, "--realizations", "5", "--block", "8", "--store", store,
                                 "--output", tmp_path / "c.nc"], capsys)
    assert code == 0, err
    grown = _snapshot(store)
    # (the manifest gains the new block's record; the stored blocks are untouched)
    assert {k: v for k, v in grown.items() if k in first and k != "manifest.json"} == {
        k: v for k, v in first.items() if k != "manifest.json"}
    assert sorted(set(grown) - set(first)) == ["tasks-00000003-00000004.npz"]
    api = disorder_ensemble(EnsembleConfig(sites=10, channels=2, disorder=1.2, electrons=5,
                                           realizations=5, seed=4, flux_points=16),
                            scheduler="serial", progress=False)
    np.testing.assert_array_equal(load_dataset(tmp_path / "c.nc")["current"], api["current"])
    code, _, err = run_ensemble([*BASE, "--disorder", "2", "--store", store, "--output",
                                 tmp_path / "d.nc"], capsys)
    assert_user_error(code, err, "different configuration", str(store),
                      "written for disorder=1.2, this run has disorder=2.0")
    assert not (tmp_path / "d.nc").exists()
    assert _snapshot(store) == grown


def test_unreachable_scheduler_keeps_the_store(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    code, _, err = run_ensemble([*BASE, "--realizations", "2", "--store", store, "--output",
                                 tmp_path / "a.nc"], capsys)
    assert code == 0, err
    before = _snapshot(store)
    out = tmp_path / "x.nc"
    code, _, err = run_ensemble([*BASE, "--scheduler", "tcp://127.0.0.1:1", "--store", store,
                                 "--output", out], capsys)
    assert_user_error(code, err, "cannot reach the Dask scheduler at tcp://127.0.0.1:1",
                      "nothing stored was touched")
    assert not out.exists()
    assert _snapshot(store) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--disorder", "-1"], ["disorder=-1.0"]),
        (["--electrons", "21"], ["electrons=21", "0 … 20"]),  # 10·2 = 20 states
        (["--realizations", "0"], ["--realizations", "0"]),
        (["--seed", "-3"], ["--seed", "-3"]),
        (["--disorder", "nan"], ["--disorder", "nan"]),
        (["--disorder-kind", "cauchy"], ["--disorder-kind", "cauchy"]),
        (["--method", "transfer"], ["method='transfer'"]),
        (["--scheduler", "nowhere"], ["scheduler='nowhere'"]),
        (["--mu", "0"], ["--mu"]),
    ],
)
def test_bad_inputs_fail_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     args: list[str], words: list[str]) -> None:
    out = tmp_path / "x.nc"
    code, _, err = run_ensemble([*BASE, *args, "--output", out], capsys)
    assert_user_error(code, err, *words)
    assert not out.exists()


def test_help_states_units(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run_ensemble(["--help"], capsys)
    assert code == 0
    for unit in ("(t;", "t/k_B", "Φ0 = h/e", "dimensionless"):
        assert unit in stdout


def test_command_line_subprocess(tmp_path: Path) -> None:
    """The real entry point (needs ``ensemble`` in ``currentkit.cli.main.GROUPS``)."""
    out = tmp_path / "sub.nc"
    proc = subprocess.run([sys.executable, "-m", "currentkit", "ensemble", *BASE, "--output",
                           str(out)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "typical" in proc.stdout
    assert load_dataset(out).sizes == {"realization": 3, "flux": 16}
    bad = subprocess.run([sys.executable, "-m", "currentkit", "ensemble", *BASE, "--disorder",
                          "-1", "--output", str(out)], capture_output=True, text=True,
                         timeout=120, check=False)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Kill the real command midway (SIGKILL: no clean-up at all), rerun the same command.

    The rerun computes only the missing realizations (the stored blocks are not rewritten) and
    writes a file byte-identical to the one of an uninterrupted run.
    """
    store = tmp_path / "store"
    # 30 realizations of a 160-state ring, ~25 ms each serially: the run lasts ~0.6 s
    # after its first blocks are stored, long enough to be killed in the middle
    args = ["-v", "ensemble", "--sites", "80", "--channels", "2", "--electrons", "60",
            "--disorder", "1.5", "--flux-points", "8", "--realizations", "30", "--seed", "3",
            "--scheduler", "serial", "--block", "2", "--store", str(store)]
    command = [sys.executable, "-m", "currentkit", *args, "--output", str(tmp_path / "a.nc")]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(list(store.glob("tasks-*.npz"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    killed = _snapshot(store)
    blocks = [name for name in killed if name.startswith("tasks-")]
    assert 2 <= len(blocks) < 15, blocks  # stopped midway
    assert not (tmp_path / "a.nc").exists()

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"resuming: {2 * len(blocks)} of 30 realizations already stored" in rerun.stderr
    after = _snapshot(store)
    assert {k: v for k, v in after.items() if k in blocks} == {k: killed[k] for k in blocks}
    assert len([name for name in after if name.startswith("tasks-")]) == 15

    # the uninterrupted run, without a store (in this process: one interpreter start less)
    code, _, err = run_ensemble([*args[2:-2], "--output", tmp_path / "b.nc"], capsys)
    assert code == 0, err
    assert (tmp_path / "a.nc").read_bytes() == (tmp_path / "b.nc").read_bytes()


@pytest.mark.parametrize(("method", "args"), [
    ("bands", ["--channels", "1"]),
    ("window", []),
    ("green", ["--mu", "-0.3"]),
    ("transfer", ["--channels", "1", "--mu", "-0.3"]),
])
def test_every_exact_method_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], method: str, args: list[str]
) -> None:
    base = list(BASE)
    if "--mu" in args:  # fixed μ instead of fixed N
        i = base.index("--electrons")
        del base[i:i + 2]
    out = tmp_path / "m.nc"
    code, _, err = run_ensemble([*base, *args, "--method", method, "--output", out], capsys)
    assert code == 0, err
    ds = load_dataset(out)
    assert ds.attrs["method"] == method
    assert np.all(np.isfinite(ds["current"])) and float(np.abs(ds["current"]).max()) > 0
