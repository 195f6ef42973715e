"""Ctrl-C: one line and exit 130, at start-up and inside an embedded Dask ensemble; the store
stays intact and a rerun says it resumes (without -v)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.cli.hostile import run

#: The console script's own code path, with a real SIGINT delivered while the heavy modules
#: (NumPy, xarray, the domain packages) are being imported by build_parser.
_STARTUP = """
import os, signal, sys
import currentkit.cli.main as cli
real = cli.build_parser
def interrupted_start():
    os.kill(os.getpid(), signal.SIGINT)
    return real()
cli.build_parser = interrupted_start
sys.exit(cli.main(["ring", "--help"]))
"""


def test_ctrl_c_during_start_up_is_one_line() -> None:
    proc = subprocess.run([sys.executable, "-c", _STARTUP], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == "currentkit: interrupted\n"


def test_importing_the_entry_point_is_light() -> None:
    # the console script imports currentkit.cli.main before main() can catch anything: that
    # import must not pull in NumPy (a Ctrl-C during it would be a traceback)
    code = ("import sys, currentkit.cli.main; "
            "print(sorted(m for m in ('numpy', 'xarray', 'scipy') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert proc.stdout.strip() == "[]"


def test_keyboard_interrupt_in_a_command(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("currentkit.cli.ring.persistent_current", interrupt)
    result = run(["ring", "--lattice", "--sites", "8", "--electrons", "3", "--output",
                  tmp_path / "x.nc"])
    assert (result.code, result.err) == (130, "currentkit: interrupted\n")
    assert not (tmp_path / "x.nc").exists()


def _blocks(store: Path) -> list[Path]:
    return sorted(store.glob("tasks-*.npz"))


def test_ctrl_c_in_a_dask_ensemble_then_resume(tmp_path: Path) -> None:
    store = tmp_path / "store"
    out = tmp_path / "e.nc"
    # 40 realizations of a 160-state ring (~25 ms each), one per block: long enough to be
    # interrupted after the first blocks are stored, on an embedded cluster of 2 workers
    args = ["ensemble", "--sites", "80", "--channels", "2", "--electrons", "60", "--disorder",
            "1.5", "--flux-points", "8", "--realizations", "40", "--seed", "5", "--block", "1",
            "--store", str(store), "--output", str(out)]
    command = [sys.executable, "-m", "currentkit", *args]
    # a terminal's Ctrl-C reaches the whole process group: the command and its Dask workers
    proc = subprocess.Popen([*command, "--scheduler", "local", "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not _blocks(store) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        if proc.poll() is None:  # else it failed by itself: the asserts below show how
            os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert err == "currentkit: interrupted\n"  # no worker tracebacks, no Dask shutdown noise
    assert not out.exists()
    stored = _blocks(store)
    assert 1 <= len(stored) < 40
    for block in stored:  # every stored block is whole
        with np.load(block) as data:
            assert data["current"].shape == (1, 8)

    rerun = subprocess.run([*command, "--scheduler", "serial"], capture_output=True, text=True,
                           timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    done = len(stored)
    assert f"resuming: {done} of 40 realizations already stored" in rerun.stderr
    assert len(_blocks(store)) == 40 and out.exists()


def test_a_reader_that_leaves_early_is_not_a_traceback(tmp_path: Path) -> None:
    # `currentkit ring … | head -1`: the summary's later lines meet a closed pipe
    proc = subprocess.Popen([sys.executable, "-m", "currentkit", "ring", "--lattice", "--sites",
                             "8", "--electrons", "3", "--output", str(tmp_path / "x.nc")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141, err
    assert err == ""
    assert (tmp_path / "x.nc").exists()  # the result was written before the summary
