"""The map-shaped seam :func:`currentkit.parallel.map_tasks` and per-task seeds.

Reproducibility is the physics here: realization r must depend only on (seed, r), so every
comparison between schedulers, reruns and resumed runs is exact equality.
"""

from __future__ import annotations

import gc
import uuid
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from currentkit import parallel
from currentkit.errors import ParameterError, SchedulerError, StoreMismatchError


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


def test_local_cluster_equals_serial() -> None:
    # The one LocalCluster test (a cluster start costs seconds): two single-threaded worker
    # processes, results collected as they complete, must come back in task order and equal
    # to the serial run bit for bit.
    tasks = [{"seed": 2024, "index": i} for i in range(8)]
    serial = parallel.map_tasks(random_task, tasks, scheduler="serial", progress=False)
    local = parallel.map_tasks(random_task, tasks, scheduler="local", workers=2, progress=False)
    _assert_same(local, serial)


def test_checkpoint_resume_after_interruption(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    store = tmp_path / "store"
    tasks = [{"seed": 99, "index": i, "folder": str(calls)} for i in range(6)]

    with pytest.raises(RuntimeError, match="interruption at task 3"):
        parallel.map_tasks(flaky_task, tasks, scheduler="serial", checkpoint=store,
                           fingerprint="run-a", progress=False)
    # tasks 0-2 finished and were stored before the interruption
    assert sorted(p.name for p in store.glob("task-*.npz")) == [
        f"task-{i:08d}.npz" for i in range(3)
    ]

    resumed = parallel.map_tasks(flaky_task, tasks, scheduler="serial", checkpoint=store,
                                 fingerprint="run-a", progress=False)
    # finished tasks were loaded, not recomputed; task 3 ran twice (failed, then succeeded)
    assert [_calls(calls, i) for i in range(6)] == [1, 1, 1, 2, 1, 1]

    uninterrupted = parallel.map_tasks(random_task, tasks, scheduler="serial", progress=False)
    _assert_same(resumed, uninterrupted)

    # a third run computes nothing at all
    again = parallel.map_tasks(flaky_task, tasks, scheduler="serial", checkpoint=store,
                               fingerprint="run-a", progress=False)
    assert [_calls(calls, i) for i in range(6)] == [1, 1, 1, 2, 1, 1]
    _assert_same(again, uninterrupted)


def test_checkpoint_with_another_fingerprint_is_refused(tmp_path: Path) -> None:
    tasks = [{"seed": 1, "index": i} for i in range(3)]
    parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                       fingerprint="config-1", progress=False)
    with pytest.raises(StoreMismatchError):
        parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                           fingerprint="config-2", progress=False)
    # a different number of tasks is a different configuration too
    with pytest.raises(StoreMismatchError):
        parallel.map_tasks(random_task, tasks[:2], scheduler="serial", checkpoint=tmp_path,
                           fingerprint="config-1", progress=False)


def test_unreadable_checkpoint_is_recomputed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A damaged task file (here: a zip header and nothing else, as a truncated .npz looks) must
    # be recomputed with a warning, as _Checkpoint.load documents, not abort the run.
    tasks = [{"seed": 5, "index": i} for i in range(3)]
    first = parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=tmp_path,
                               progress=False)
    stored = (tmp_path / "task-00000001.npz").read_bytes()
    (tmp_path / "task-00000001.npz").write_bytes(stored[: len(stored) // 2])
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
    assert "recomputing task 1" in caplog.text


@pytest.mark.parametrize("scheduler", ["threads", "processes", "127.0.0.1:8786", ""])
def test_bad_scheduler(scheduler: str) -> None:
    with pytest.raises(ParameterError, match=r"^scheduler="):
        parallel.map_tasks(random_task, [{"seed": 0, "index": 0}], scheduler=scheduler)


def test_bad_workers() -> None:
    with pytest.raises(ParameterError, match=r"^workers="):
        parallel.map_tasks(random_task, [{"seed": 0, "index": 0}], scheduler="local", workers=0)


def test_unreachable_scheduler() -> None:
    # Nothing listens on port 1; the client gives up after its 10 s connect timeout.
    with pytest.raises(SchedulerError, match=r"tcp://127\.0\.0\.1:1"):
        parallel.map_tasks(random_task, [{"seed": 0, "index": 0}], scheduler="tcp://127.0.0.1:1",
                           progress=False)
