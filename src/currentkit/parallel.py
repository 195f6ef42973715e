"""One map-shaped seam for parallel work: serial, an embedded Dask cluster, or a real one.

``map_tasks(func, tasks, scheduler=...)`` has one signature whatever runs it (as QuTiP's
``serial_map`` and ``parallel_map`` do). Randomness never depends on where or in which order a
task runs: :func:`task_seed` derives task ``r``'s seed from ``(seed, r)`` alone, so a rerun, a
resumed run and a cluster run give identical numbers. With ``checkpoint=DIR`` every finished task
is written to ``DIR`` as it completes and is never recomputed after an interruption.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from currentkit.errors import ParameterError, SchedulerError, StoreMismatchError

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
_MANIFEST = "manifest.json"


def task_seed(seed: int, index: int) -> np.random.SeedSequence:
    """Seed of task ``index`` in a run seeded with ``seed``.

    Equal to ``SeedSequence(seed).spawn(n)[index]`` for any ``n > index``, so it depends only on
    ``(seed, index)``.
    """
    if seed < 0 or index < 0:
        name = "seed" if seed < 0 else "index"
        raise ParameterError(name, min(seed, index), "a non-negative integer")
    return np.random.SeedSequence(seed, spawn_key=(index,))


class _SingleThreaded:
    """Run ``func`` with BLAS/OpenMP pools limited to one thread (one task per core)."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __call__(self, task: Any) -> Any:
        with threadpool_limits(limits=1):
            return self.func(task)


class _Checkpoint:
    """A folder of finished tasks: ``manifest.json`` plus one ``task-NNNNNNNN.npz`` per task."""

    def __init__(self, folder: Path, fingerprint: str, count: int) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        manifest = folder / _MANIFEST
        expected = {"fingerprint": fingerprint, "tasks": count}
        if manifest.exists():
            found = json.loads(manifest.read_text())
            if found != expected:
                raise StoreMismatchError(
                    f"{folder} holds tasks of a different configuration "
                    f"(stored {found}, this run {expected}); use another --store or remove it"
                )
        else:
            manifest.write_text(json.dumps(expected))

    def path(self, index: int) -> Path:
        return self.folder / f"task-{index:08d}.npz"

    def load(self, index: int) -> dict[str, np.ndarray] | None:
        path = self.path(index)
        if not path.exists():
            return None
        try:
            with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:
                return {k: data[k] for k in data.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile):
            logger.warning("recomputing task %d: its checkpoint %s is unreadable", index, path)
            return None

    def save(self, index: int, result: Any) -> None:
        if not isinstance(result, Mapping):
            raise TypeError("with a checkpoint, tasks must return a mapping of arrays")
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        arrays: dict[str, Any] = {str(k): np.asarray(v) for k, v in result.items()}
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(tmp, self.path(index))


def _progress_bar(total: int, progress: bool | None) -> Any:
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    return tqdm(total=total, disable=not show, unit="task", leave=False)


def _client(scheduler: str, workers: int | None) -> Any:
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        return Client(cluster)
    try:
        return Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def map_tasks(
    func: Callable[[T], R],
    tasks: Sequence[T],
    *,
    scheduler: str | None = None,
    progress: bool | None = None,
    checkpoint: str | os.PathLike[str] | None = None,
    fingerprint: str = "",
    workers: int | None = None,
) -> list[R]:
    """Apply ``func`` to every task and return the results in task order.

    Parameters
    ----------
    func
        A module-level (picklable) function of one task.
    tasks
        The tasks; each should carry its own seed (see :func:`task_seed`).
    scheduler
        ``"serial"`` (in this process), ``"local"`` or ``None`` (an embedded Dask LocalCluster of
        single-threaded worker processes, dashboard off), or a scheduler address
        ``"tcp://host:port"``.
    progress
        Show a progress bar; ``None`` shows one only when stderr is a terminal.
    checkpoint
        A folder where each finished task's result (a mapping of arrays) is stored as it
        completes; tasks already stored are loaded, not recomputed.
    fingerprint
        Identifies the configuration; a checkpoint folder written with another is refused.
    workers
        Worker processes of the embedded cluster (default: one per core).
    """
    scheduler = "local" if scheduler is None else scheduler
    if scheduler not in ("serial", "local") and not scheduler.startswith(("tcp://", "tls://")):
        raise ParameterError(
            "scheduler", scheduler, "'serial', 'local' or a Dask address like tcp://host:8786"
        )
    if workers is not None and workers < 1:
        raise ParameterError("workers", workers, "a positive number of worker processes")
    store = _Checkpoint(Path(checkpoint), fingerprint, len(tasks)) if checkpoint else None
    results: dict[int, Any] = {}
    if store is not None:
        for i in range(len(tasks)):
            done = store.load(i)
            if done is not None:
                results[i] = done
        if results:
            logger.info("resuming: %d of %d tasks already stored", len(results), len(tasks))
    todo = [i for i in range(len(tasks)) if i not in results]
    limited = _SingleThreaded(func)

    def finish(index: int, result: Any) -> None:
        if store is not None:
            store.save(index, result)
            result = store.load(index)  # identical whether computed now or resumed later
        results[index] = result

    with _progress_bar(len(todo), progress) as bar:
        if scheduler == "serial" or not todo:
            for i in todo:
                finish(i, limited(tasks[i]))
                bar.update()
        else:
            from distributed import as_completed

            client = _client(scheduler, workers)
            try:
                futures = {
                    client.submit(limited, tasks[i], key=f"task-{i}-{fingerprint[:16]}-{id(tasks)}",
                                  pure=False, retries=3): i
                    for i in todo
                }
                for future in as_completed(futures):
                    finish(futures[future], future.result())
                    bar.update()
            finally:
                cluster = getattr(client, "cluster", None)
                client.close()
                if scheduler == "local" and cluster is not None:
                    cluster.close()
    return [results[i] for i in range(len(tasks))]
