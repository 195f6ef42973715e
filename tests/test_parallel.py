"""The map-shaped seam :func:`currentkit.parallel.map_tasks` and per-task seeds.

Reproducibility is the physics here: realization r must depend only on (seed, r), so every
comparison between schedulers, reruns and resumed runs is exact equality.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from currentkit import parallel
from currentkit.errors import (
    InputFileError,
    ParameterError,
    SchedulerError,
    StoreMismatchError,
)


def random_task(task: dict[str, Any]) -> dict[str, np.ndarray]:
    """A seeded random 'realization': a small random matrix, its eigenvalues, its index."""
    rng = np.random.default_rng(parallel.task_seed(task["seed"], task["index"]))
    a = rng.normal(size=(6, 6))
    return {
        "eigenvalues": np.linalg.eigvalsh(a + a.T),
        "draws": rng.uniform(size=3),
        "index": np.array(task["index"]),
    }


def flaky_task(task: dict[str, Any]) -> dict[str, np.ndarray]:
    """``random_task`` that records each call as a file and fails once on task 3."""
    folder = Path(task["folder"])
    (folder / f"call-{task['index']}-{uuid.uuid4().hex}").touch()
    marker = folder / "failed-once"
    if task["index"] == 3 and not marker.exists():
        marker.touch()
        raise RuntimeError("simulated interruption at task 3")
    return random_task(task)


def _calls(folder: Path, index: int) -> int:
    return len(list(folder.glob(f"call-{index}-*")))


def _assert_same(a: list[dict[str, np.ndarray]], b: list[dict[str, np.ndarray]]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert sorted(x) == sorted(y)
        for key in x:
            np.testing.assert_array_equal(x[key], y[key])  # bit-identical, not merely close


@pytest.mark.parametrize("seed", [0, 1, 12345, 2**40 + 7])
def test_task_seed_matches_spawn(seed: int) -> None:
    for n in (1, 4, 17):
        children = np.random.SeedSequence(seed).spawn(n)
        for r in range(n):
            expected = children[r].generate_state(8)
            np.testing.assert_array_equal(parallel.task_seed(seed, r).generate_state(8), expected)
    # different tasks get different streams
    assert not np.array_equal(
        parallel.task_seed(seed, 0).generate_state(4), parallel.task_seed(seed, 1).generate_state(4)
    )


def test_task_seed_rejects_negative() -> None:
    with pytest.raises(ParameterError, match=r"^seed="):
        parallel.task_seed(-1, 0)
    with pytest.raises(ParameterError, match=r"^index="):
        parallel.task_seed(1, -3)


def test_serial_map_returns_results_in_order() -> None:
    tasks = [{"seed": 3, "index": i} for i in range(7)]
    out = parallel.map_tasks(random_task, tasks, scheduler="serial", progress=False)
    assert [int(r["index"]) for r in out] == list(range(7))
    _assert_same(out, [random_task(t) for t in tasks])
    assert parallel.map_tasks(random_task, [], scheduler="serial") == []


def gated_task(task: dict[str, Any]) -> dict[str, np.ndarray]:
    """``random_task``, except that tasks after the first wait for the file ``gate``."""
    gate = Path(task["gate"])
    deadline = time.monotonic() + 300  # never forever, even if the prober fails
    while task["index"] > 2 and not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return random_task(task)


def _probe_running_cluster(gate: Path, report: dict[str, Any]) -> None:
    """Beside a running embedded cluster: try to join it without its credentials, list the
    listening sockets of this process and its children, then open the gate."""
    import dask
    import psutil
    from distributed import Client
    from distributed.security import Security

    try:
        deadline = time.monotonic() + 300  # a cluster start takes 5-60 s on a busy machine
        run: Any = None
        while run is None and time.monotonic() < deadline:
            # the run's client (not dask's default: found among all live clients)
            run = next((c for c in list(Client._instances) if c.status == "running"), None)
            time.sleep(0.01)  # none yet: the cluster is starting
        address = report["address"] = run.scheduler.address
        report["profile"] = run.run(dask.config.get, "distributed.worker.profile.enabled")
        me = psutil.Process()
        report["listening"] = []
        for process in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a short-lived helper may exit meanwhile
                report["listening"] += [c.laddr for c in process.net_connections("inet")
                                        if c.status == "LISTEN"]
        for name, kwargs in [("plain", {}), ("foreign", {"security": Security.temporary()}),
                             ("tcp", {"address": address.replace("tls://", "tcp://")})]:
            try:
                intruder = Client(kwargs.pop("address", address), timeout="3s",
                                  set_as_default=False, **kwargs)
            except Exception as exc:  # any refusal will do; a connection is the failure
                report[name] = type(exc).__name__
            else:
                intruder.close()
                report[name] = "CONNECTED"
    finally:
        gate.touch()


def test_local_cluster_equals_serial_and_admits_no_one_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one LocalCluster test of this file (a cluster start costs seconds): two single-threaded
    # worker processes, results collected as they complete, must come back in task order and
    # equal to the serial run bit for bit. While the workers wait at a gate, a client without
    # the run's TLS credentials tries to join, and no listener may be on the dashboard port.
    import dask
    from distributed import default_client

    monkeypatch.setattr(parallel, "CLUSTER_START_S", 0.0)  # always worth starting,
    monkeypatch.setattr(parallel, "_free_cores", lambda: 2)  # however busy the machine
    gate = tmp_path / "gate"
    tasks = [{"seed": 2024, "index": i, "gate": str(gate)} for i in range(8)]
    serial = parallel.map_tasks(random_task, tasks, scheduler="serial", progress=False)
    report: dict[str, Any] = {}
    scheduler_before = dask.config.get("scheduler", None)
    prober = threading.Thread(target=_probe_running_cluster, args=(gate, report), daemon=True)
    prober.start()
    local = parallel.map_tasks(gated_task, tasks, scheduler="local", workers=2, progress=False,
                               block=3)  # [0-2] here, then [3-5] [6-8] on two workers
    prober.join(timeout=60)
    _assert_same(local, serial)
    assert report["address"].startswith("tls://127.0.0.1:"), report
    assert {report[k] for k in ("plain", "foreign", "tcp")} & {"CONNECTED"} == set(), report
    ports = {addr.port for addr in report["listening"]}
    hosts = {addr.ip for addr in report["listening"]}
    assert 8787 not in ports and hosts <= {"127.0.0.1"}, report["listening"]
    assert set(report["profile"].values()) == {False}  # the lean settings reached the workers
    # the run's client never became dask's default: later dask code in this process is unchanged
    assert dask.config.get("scheduler", None) == scheduler_before
    with pytest.raises(ValueError):
        default_client()


def sleepy_task(task: dict[str, Any]) -> dict[str, np.ndarray]:
    """``random_task`` that takes 0.2 s."""
    time.sleep(0.2)
    return random_task(task)


_INTERRUPTED_RUN = """
import sys
from currentkit import parallel
from tests.test_parallel import sleepy_task
parallel.CLUSTER_START_S = 0.0
parallel._free_cores = lambda: 2
tasks = [{"seed": 3, "index": i} for i in range(200)]
try:
    parallel.map_tasks(sleepy_task, tasks, scheduler="local", workers=2, block=1,
                       checkpoint=sys.argv[1], fingerprint="f", progress=False)
except KeyboardInterrupt:
    sys.exit(3)
"""


@pytest.mark.slow
def test_ctrl_c_leaves_the_store_intact_and_prints_nothing(tmp_path: Path) -> None:
    # Ctrl-C in a terminal sends SIGINT to the whole foreground process group: the run's own
    # process and its worker processes. The workers must stay quiet (no tracebacks), the run
    # re-raises KeyboardInterrupt after closing the cluster, and every stored block is valid.
    store = tmp_path / "store"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    process = subprocess.Popen([sys.executable, "-c", _INTERRUPTED_RUN, str(store)],
                               cwd=Path(__file__).parents[1], env=env, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240  # a cluster start takes 5-60 s on a busy machine
        while len(_names(store)) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)  # block 0 runs in the process, then the cluster's blocks arrive
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 3, err  # KeyboardInterrupt re-raised to the caller
    assert err == "" and out == "", err  # no worker or Dask tracebacks, no warnings
    stored = len(_names(store))
    assert 3 <= stored < 200
    tasks = [{"seed": 3, "index": i} for i in range(stored + 1)]
    with warnings.catch_warnings():
        out_again = parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=store,
                                       fingerprint="f", progress=False)
    _assert_same(out_again, [random_task(t) for t in tasks])


def test_small_work_runs_in_this_process(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 8 tasks of ~0.1 ms: far below 3 × CLUSTER_START_S, so no cluster is started at all
    monkeypatch.setattr(parallel, "_free_cores", lambda: 2)
    tasks = [{"seed": 1, "index": i} for i in range(8)]
    with caplog.at_level(logging.INFO, logger="currentkit.parallel"):
        out = parallel.map_tasks(random_task, tasks, scheduler="local", workers=2, block=2,
                                 progress=False)
    _assert_same(out, [random_task(t) for t in tasks])
    assert "the remaining 6 would take" in caplog.text
    assert "running them in this process" in caplog.text


@pytest.mark.parametrize(("load", "cores", "free"), [((0.9, 0, 0), 2, 2), ((1.0, 0, 0), 16, 16),
                                                     ((6.0, 0, 0), 2, 1), ((2.4, 0, 0), 4, 3)])
def test_free_cores_leave_out_other_work(
    monkeypatch: pytest.MonkeyPatch, load: tuple[float, float, float], cores: int, free: int
) -> None:
    # this process is one of the runnable ones: a load of 1 leaves every core free
    monkeypatch.setattr(os, "getloadavg", lambda: load)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert parallel._free_cores() == free


def test_a_busy_machine_runs_in_this_process(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # however much work is left, a cluster cannot pay when no second core is free
    monkeypatch.setattr(parallel, "_free_cores", lambda: 1)
    with caplog.at_level(logging.INFO, logger="currentkit.parallel"):
        assert not parallel._worth_a_cluster(10.0, 1, 1000, 2)
    assert "1 of 2 worker(s) would find a free core; running them in this process" in caplog.text
    monkeypatch.setattr(parallel, "_free_cores", lambda: 2)
    assert parallel._worth_a_cluster(10.0, 1, 1000, 2)
    assert not parallel._worth_a_cluster(10.0, 1, 1000, 1)  # one worker never pays
    assert not parallel._worth_a_cluster(1e-3, 1, 1000, 2)  # 1 s of work: not worth 10 s


def test_default_block_layout_depends_on_the_task_count_only() -> None:
    # ⌈n/256⌉ tasks per block, at least 1, at most 64 (documented in default_block)
    assert [parallel.default_block(n) for n in (0, 1, 256, 257, 10_000, 10**6)] == [
        1, 1, 1, 2, 40, 64]
    # aligned blocks [k·B, (k+1)·B): holes (stored tasks) shrink a block, never shift the others
    assert parallel.block_layout([7, 0, 1, 2, 4, 5], 3) == [[0, 1, 2], [4, 5], [7]]
    assert parallel.block_layout([], 3) == []


@pytest.mark.parametrize("block", [1, 2, 3, 7, 100])
def test_blocks_do_not_change_results(block: int) -> None:
    tasks = [{"seed": 3, "index": i} for i in range(7)]
    out = parallel.map_tasks(random_task, tasks, scheduler="serial", progress=False, block=block)
    _assert_same(out, [random_task(t) for t in tasks])


def _names(store: Path) -> list[str]:
    return sorted(p.name for p in store.glob("tasks-*.npz"))


def test_checkpoint_resume_after_interruption(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    store = tmp_path / "store"
    tasks = [{"seed": 99, "index": i, "folder": str(calls)} for i in range(6)]

    with pytest.raises(RuntimeError, match="interruption at task 3"):
        parallel.map_tasks(flaky_task, tasks, scheduler="serial", checkpoint=store,
                           fingerprint="run-a", progress=False, block=2)
    # block [0, 1] finished and was stored; block [2, 3] failed as a whole: nothing of it stored
    assert _names(store) == ["tasks-00000000-00000001.npz"]

    resumed = parallel.map_tasks(flaky_task, tasks, scheduler="serial", checkpoint=store,
                                 fingerprint="run-a", progress=False, block=2)
    # stored tasks were loaded, not recomputed; the failed block ran twice
    assert [_calls(calls, i) for i in range(6)] == [1, 1, 2, 2, 1, 1]
    assert len(_names(store)) == 3

    uninterrupted = parallel.map_tasks(random_task, tasks, scheduler="serial", progress=False)
    _assert_same(resumed, uninterrupted)

    # a third run computes nothing at all, whatever its block size
    again = parallel.map_tasks(flaky_task, tasks, scheduler="serial", checkpoint=store,
                               fingerprint="run-a", progress=False, block=5)
    assert [_calls(calls, i) for i in range(6)] == [1, 1, 2, 2, 1, 1]
    _assert_same(again, uninterrupted)


def test_checkpoint_grows_and_shrinks(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    store = tmp_path / "store"

    def tasks(n: int) -> list[dict[str, Any]]:
        return [{"seed": 8, "index": i, "folder": str(calls)} for i in range(n)]

    def run(n: int, block: int) -> list[dict[str, np.ndarray]]:
        return parallel.map_tasks(flaky_task, tasks(n), scheduler="serial", checkpoint=store,
                                  fingerprint="grow", progress=False, block=block)

    (calls / "failed-once").touch()  # no simulated failure here
    five = run(5, block=2)  # blocks [0,1] [2,3] [4]
    nine = run(9, block=4)  # 0-4 stored; computes [5,6,7] and [8]
    assert [_calls(calls, i) for i in range(9)] == [1] * 9
    assert _names(store)[-2:] == ["tasks-00000005-00000007.npz", "tasks-00000008-00000008.npz"]
    three = run(3, block=64)  # fewer: everything loaded
    assert [_calls(calls, i) for i in range(9)] == [1] * 9
    reference = [random_task(t) for t in tasks(9)]
    _assert_same(nine, reference)
    _assert_same(five, reference[:5])
    _assert_same(three, reference[:3])


def test_checkpoint_with_another_configuration_is_refused(tmp_path: Path) -> None:
    tasks = [{"seed": 1, "index": i} for i in range(3)]
    config = {"disorder": 1.0, "seed": 1, "kind": "box"}
    parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                       fingerprint="config-1", config=config, progress=False)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(StoreMismatchError) as info:
        parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                           fingerprint="config-2", config={**config, "disorder": 2.0, "x": 3},
                           progress=False)
    assert str(info.value) == (
        f"store {tmp_path} was written for disorder=1.0, x=(unset), this run has disorder=2.0, "
        "x=3 (a different configuration); use another store folder or remove it")
    with pytest.raises(StoreMismatchError, match="fingerprint config-1…, this run config-2…"):
        parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                           fingerprint="config-2", config=config, progress=False)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing touched
    # a different number of tasks is the same configuration: the store is reused
    two = parallel.map_tasks(random_task, tasks[:2], scheduler="serial", checkpoint=tmp_path,
                             fingerprint="config-1", config=config, progress=False)
    _assert_same(two, [random_task(t) for t in tasks[:2]])


def test_store_must_be_a_store(tmp_path: Path) -> None:
    tasks = [{"seed": 1, "index": 0}]
    (tmp_path / "notes.txt").write_text("my thesis")
    with pytest.raises(StoreMismatchError, match=r"not empty and holds no manifest\.json"):
        parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path)
    with pytest.raises(InputFileError, match="is a file"):
        parallel.map_tasks(random_task, tasks, scheduler="serial",
                           checkpoint=tmp_path / "notes.txt")
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "manifest.json").write_text("{trunc")
    with pytest.raises(StoreMismatchError, match=r"unreadable manifest\.json"):
        parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path / "s")
    assert (tmp_path / "notes.txt").read_text() == "my thesis"


def test_store_of_layout_1_is_read_and_upgraded(tmp_path: Path) -> None:
    # layout 1 (before blocks): manifest {fingerprint, tasks} and one task-NNNNNNNN.npz per task
    tasks = [{"seed": 4, "index": i} for i in range(4)]
    (tmp_path / "manifest.json").write_text(json.dumps({"fingerprint": "f", "tasks": 4}))
    old = {k: v + 1 for k, v in random_task(tasks[1]).items()}  # marked: must be loaded as is
    np.savez(tmp_path / "task-00000001.npz", **old)  # type: ignore[arg-type]
    out = parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                             fingerprint="f", config={"a": 1}, progress=False)
    _assert_same(out, [random_task(tasks[0]), old, random_task(tasks[2]), random_task(tasks[3])])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["config"] == {"a": 1} and "tasks" not in manifest


def test_unreadable_checkpoint_is_recomputed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A damaged block file (here: a zip header and nothing else, as a truncated .npz looks) must
    # be recomputed with a warning, as _Checkpoint.load documents, not abort the run.
    tasks = [{"seed": 5, "index": i} for i in range(3)]
    first = parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                               progress=False)
    damaged = tmp_path / "tasks-00000001-00000001.npz"
    stored = damaged.read_bytes()
    damaged.write_bytes(stored[: len(stored) // 2])
    error = None
    with warnings.catch_warnings(record=True) as caught:
        # record, do not raise: a file handle left open by a failed read is reported below
        warnings.simplefilter("always")
        try:
            second = parallel.map_tasks(random_task, tasks, scheduler="serial",
                                        checkpoint=tmp_path, progress=False)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        gc.collect()
    assert error is None, f"a truncated checkpoint file aborted the run: {error}"
    leaked = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not leaked, f"reading the damaged checkpoint left a file open: {leaked}"
    _assert_same(second, first)
    assert f"ignoring the stored block {damaged} (its SHA-256 differs" in caplog.text
    assert damaged.read_bytes() == stored  # recomputed and stored again, bit for bit


@pytest.mark.parametrize("scheduler", ["threads", "processes", "127.0.0.1:8786", ""])
def test_bad_scheduler(scheduler: str) -> None:
    with pytest.raises(ParameterError, match=r"^scheduler="):
        parallel.map_tasks(random_task, [{"seed": 0, "index": 0}], scheduler=scheduler)


@pytest.mark.parametrize(("name", "value"), [("workers", 0), ("block", 0), ("block", 1.5),
                                             ("workers", True)])
def test_bad_workers_or_block(name: str, value: object) -> None:
    with pytest.raises(ParameterError, match=rf"^{name}="):
        parallel.map_tasks(random_task, [{"seed": 0, "index": 0}], scheduler="local",
                           **{name: value})  # type: ignore[arg-type]


def test_unreachable_scheduler_loses_nothing(tmp_path: Path) -> None:
    # Nothing listens on port 1: the connection is refused at once (no 10 s client timeout),
    # the error names the address, and the stored tasks are untouched and used afterwards.
    tasks = [{"seed": 0, "index": i} for i in range(4)]
    parallel.map_tasks(random_task, tasks[:2], scheduler="serial", checkpoint=tmp_path,
                       fingerprint="f", progress=False)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(SchedulerError, match=r"^cannot reach the Dask scheduler at "
                       r"tcp://127\.0\.0\.1:1 \(Connection refused\)"):
        parallel.map_tasks(random_task, tasks, scheduler="tcp://127.0.0.1:1", checkpoint=tmp_path,
                           fingerprint="f", progress=False)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    out = parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                             fingerprint="f", progress=False)
    _assert_same(out, [random_task(t) for t in tasks])
    with pytest.raises(SchedulerError, match=r"tcp://no-such-host\.invalid:8786"):
        parallel.map_tasks(random_task, tasks, scheduler="tcp://no-such-host.invalid:8786")


def test_progress_bar_counts_tasks_not_blocks(capsys: pytest.CaptureFixture[str]) -> None:
    tasks = [{"seed": 0, "index": i} for i in range(7)]
    parallel.map_tasks(random_task, tasks, scheduler="serial", progress=True, block=3,
                       unit="realization")
    err = capsys.readouterr().err
    assert "0/7 [" in err and "realization" in err  # 7 tasks in 3 blocks: the bar counts 7
    parallel.map_tasks(random_task, tasks, scheduler="serial", progress=False)
    assert capsys.readouterr().err == ""
