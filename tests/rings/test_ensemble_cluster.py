"""Disorder ensembles on a real Dask cluster: ``dask scheduler`` and ``dask worker`` processes.

Workers and schedulers die from the outside (SIGKILL) while realizations run: a lost worker
loses no realization (the result is bit-identical to the serial run), a lost scheduler is one
clear :class:`~currentkit.errors.SchedulerError` (one line and exit code 2 on the command line)
with the store intact, and a rerun on a new scheduler completes it identically.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from currentkit.errors import SchedulerError
from currentkit.rings.disorder.ensemble import EnsembleConfig, disorder_ensemble

DASK = Path(sys.executable).with_name("dask")
#: Seconds to wait for processes to start: 5 s on an idle machine, up to a minute on a busy one.
START_S = 240.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A ``dask scheduler`` on a free loopback port and ``--no-nanny`` workers (their pids are
    the workers' own, so a SIGKILL kills a worker, not a nanny that restarts it)."""

    def __init__(self, workers: int) -> None:
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.scheduler = subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
             "--dashboard-address", "127.0.0.1:0", "--no-show"], **quiet)  # type: ignore[call-overload]
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        self.workers = [subprocess.Popen(
            [DASK, "worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
             "--host", "127.0.0.1", "--death-timeout", "60"], env=env, **quiet)  # type: ignore[call-overload]
            for _ in range(workers)]

    def wait(self) -> None:
        """Block until every worker has joined the scheduler."""
        from distributed import Client

        with Client(self.address, timeout=f"{START_S:.0f}s") as client:
            client.wait_for_workers(len(self.workers), timeout=START_S)

    def close(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


@pytest.fixture
def clusters() -> Iterator[Callable[[int], Cluster]]:
    """Start clusters on demand; every process is killed at the end, whatever happened."""
    started: list[Cluster] = []

    def start(workers: int) -> Cluster:
        started.append(Cluster(workers))
        return started[-1]

    yield start
    for cluster in started:
        cluster.close()


def _blocks(store: Path) -> int:
    return len(list(store.glob("tasks-*.npz")))


def _kill_when_stored(store: Path, more_than: int, process: subprocess.Popen[bytes],
                      report: dict[str, int]) -> None:
    """SIGKILL ``process`` as soon as ``store`` holds more than ``more_than`` blocks."""
    deadline = time.monotonic() + START_S
    while _blocks(store) <= more_than and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    report["stored"] = _blocks(store)


def _killer(*args: object) -> threading.Thread:
    thread = threading.Thread(target=_kill_when_stored, args=args, daemon=True)
    thread.start()
    return thread


@pytest.mark.slow
def test_workers_and_schedulers_die_and_nothing_is_lost(
    tmp_path: Path, clusters: Callable[[int], Cluster]
) -> None:
    # dense diagonalisation of 200 states at 8 flux points: ~40 ms per realization, so 24
    # realizations in blocks of 1 keep the workers busy well after the first is stored
    config = EnsembleConfig(sites=100, channels=2, disorder=1.5, electrons=80, flux_points=8,
                            realizations=24, seed=11, method="dense")
    first, second, third = clusters(2), clusters(1), clusters(1)  # all start at once
    serial = disorder_ensemble(config, scheduler="serial", progress=False)
    for cluster in (first, second, third):
        cluster.wait()

    # 1. a worker dies mid-run: its realizations are recomputed on the other one
    report: dict[str, int] = {}
    thread = _killer(tmp_path / "a", 0, first.workers[0], report)
    ds = disorder_ensemble(config, scheduler=first.address, store=tmp_path / "a", block=1,
                           progress=False)
    thread.join(timeout=30)
    assert first.workers[0].poll() is not None and report["stored"] < 24, report
    np.testing.assert_array_equal(ds["current"], serial["current"])  # bit-identical

    # 2. the scheduler dies mid-run: one SchedulerError, the finished blocks stored
    store = tmp_path / "b"
    thread = _killer(store, 0, first.scheduler, report)
    with pytest.raises(SchedulerError, match=rf"^lost the Dask scheduler at {first.address} "
                       r"after \d+ of 24 realizations"):
        disorder_ensemble(config, scheduler=first.address, store=store, block=1, progress=False)
    thread.join(timeout=30)
    stored = _blocks(store)
    assert 0 < stored < 24

    # 3. the same on the command line: one line on stderr, exit code 2, no traceback
    command = [Path(sys.executable).with_name("currentkit"), "ensemble", "--sites", "100",
               "--channels", "2", "--disorder", "1.5", "--electrons", "80", "--flux-points",
               "8", "--realizations", "24", "--seed", "11", "--method", "dense", "--block", "1",
               "--scheduler", second.address, "--store", store, "--output", tmp_path / "c.nc"]
    thread = _killer(store, stored, second.scheduler, report)
    done = subprocess.run(command, capture_output=True, text=True, timeout=START_S)
    thread.join(timeout=30)
    assert done.returncode == 2, done.stderr
    # the store says what it reused; then the error, in one line
    errors = [line for line in done.stderr.splitlines() if "resuming:" not in line]
    assert len(errors) == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"lost the Dask scheduler at {second.address}" in done.stderr
    assert stored < _blocks(store) < 24 and not (tmp_path / "c.nc").exists()

    # 4. a new scheduler resumes the store and completes it, identical to the serial run
    ds = disorder_ensemble(config, scheduler=third.address, store=store, block=1,
                           progress=False)
    for name in ("current", "mean_current", "typical_current"):
        np.testing.assert_array_equal(ds[name], serial[name])
    assert _blocks(store) == 24
