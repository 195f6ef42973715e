"""One map-shaped seam for parallel work: serial, an embedded Dask cluster, or a real one.

``map_tasks(func, tasks, scheduler=...)`` has one signature whatever runs it (as QuTiP's
``serial_map`` and ``parallel_map`` do). Randomness never depends on where or in which order a
task runs: :func:`task_seed` derives task ``r``'s seed from ``(seed, r)`` alone, so a rerun, a
resumed run and a cluster run give identical numbers.

Tasks travel in blocks: block ``k`` holds tasks ``k·B … (k+1)·B − 1`` (``B`` from
:func:`default_block` or given), a layout that never depends on the number of workers. With
``checkpoint=DIR`` every finished block is written atomically to ``DIR`` as it completes; a
later run with the same fingerprint loads every stored task it needs, whatever the block layout
or task count of the run that stored it, and computes only the others (the store,
:mod:`currentkit.store`, verifies every block and admits one run at a time).

The embedded cluster (``scheduler="local"``) is started only when the work pays for its start,
binds to 127.0.0.1, speaks TLS with credentials made for the run and serves no dashboard; a
lost scheduler is a :class:`~currentkit.errors.SchedulerError`, never Dask's exception.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import math
import os
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from currentkit import cluster as dask_cluster
from currentkit.errors import ParameterError, SchedulerError, integer
from currentkit.heap import steady_heap
from currentkit.store import Store

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
#: Default layout: about this many blocks per run, each of at most _MAX_BLOCK tasks.
_TARGET_BLOCKS = 256
_MAX_BLOCK = 64
#: Estimated seconds to start the embedded cluster (worker processes spawn and import NumPy,
#: SciPy and Dask in parallel; measured 5–40 s on a busy 2-core machine). The cluster is started
#: only when the remaining work, run serially, would take more than _WORTH_STARTING times this.
CLUSTER_START_S = 10.0
_WORTH_STARTING = 3.0


def task_seed(seed: int, index: int) -> np.random.SeedSequence:
    """Seed of task ``index`` in a run seeded with ``seed``.

    Equal to ``SeedSequence(seed).spawn(n)[index]`` for any ``n > index``, so it depends only on
    ``(seed, index)``.
    """
    if seed < 0 or index < 0:
        name = "seed" if seed < 0 else "index"
        raise ParameterError(name, min(seed, index), "a non-negative integer")
    return np.random.SeedSequence(seed, spawn_key=(index,))


def default_block(count: int) -> int:
    """Tasks per block when none is given: B = min(64, max(1, ⌈count/256⌉)).

    About 256 blocks per run (so a run of 10⁴ tasks is 250 Dask tasks and 250 files, not 10⁴),
    and never more than 64 tasks lost when a worker dies. It depends on the task count only,
    never on the number of workers.
    """
    return min(_MAX_BLOCK, max(1, math.ceil(count / _TARGET_BLOCKS)))


def block_layout(indices: Sequence[int], block: int) -> list[list[int]]:
    """Group task ``indices`` by the aligned blocks ``[k·block, (k+1)·block)``, in order."""
    groups: dict[int, list[int]] = {}
    for i in sorted(indices):
        groups.setdefault(i // block, []).append(i)
    return [groups[k] for k in sorted(groups)]


class _SingleThreaded:
    """Run ``func`` on each task of a block, BLAS/OpenMP pools limited to one thread, on a
    steady C heap (:func:`currentkit.heap.steady_heap`) in whichever process runs it."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __call__(self, block: list[Any]) -> list[Any]:
        steady_heap()
        with threadpool_limits(limits=1):
            return [self.func(task) for task in block]


def _progress_bar(total: int, progress: bool | None, unit: str) -> Any:
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    return tqdm(total=total, disable=not show, unit=unit, leave=False)


def _positive(name: str, value: int | None, allowed: str) -> None:
    if value is not None:
        integer(name, value, minimum=1, what=allowed)


def _free_cores() -> int:
    """Cores this run can use: the CPU count less the other runnable processes (1-minute load
    average, this process excluded), at least 1."""
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0] - 1.0  # this process is one of them
    except OSError:  # no load average on this platform: assume the machine is ours
        busy = 0.0
    return max(1, min(cores, round(cores - busy)))


def _worth_a_cluster(seconds: float, done: int, remaining: int, workers: int) -> bool:
    """Whether the embedded cluster pays for its start, from the first block's timing.

    It does when the remaining tasks, run serially at the first block's pace, would take more
    than :data:`_WORTH_STARTING` × :data:`CLUSTER_START_S`, and more than one worker would find a
    free core: on a machine whose cores are busy with other work, worker processes only add
    their own overhead (measured: 2 workers 1.5× slower than this process at a load of 6 on 2
    cores).
    """
    serial = seconds / max(done, 1) * remaining
    usable = min(workers, _free_cores())
    worth = usable > 1 and serial > _WORTH_STARTING * CLUSTER_START_S
    logger.info("first %d task(s) took %.3g s: the remaining %d would take ~%.3g s serially, "
                "%d of %d worker(s) would find a free core; %s", done, seconds, remaining, serial,
                usable, workers,
                f"starting an embedded cluster of {workers} workers (~{CLUSTER_START_S:g} s)"
                if worth else f"running them in this process (a cluster costs ~"
                f"{CLUSTER_START_S:g} s to start)")
    return worth


def _run_on_dask(client: Any, limited: _SingleThreaded, tasks: Sequence[Any],
                 todo: list[list[int]], unit: str,
                 finish: Callable[[list[int], list[Any]], None]) -> None:
    """Submit every block of ``todo`` to ``client`` and ``finish`` each as it completes."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    tag = uuid.uuid4().hex[:12]
    futures = {
        client.submit(limited, [tasks[i] for i in indices], pure=False, retries=3,
                      key=f"{unit}s-{indices[0]}-{indices[-1]}-{tag}"): indices
        for indices in todo
    }
    total, done = sum(map(len, todo)), 0
    try:
        for future in as_completed(futures, loop=client.loop):  # not dask's default client
            finish(futures[future], future.result())
            done += len(futures[future])
    except (OSError, concurrent.futures.CancelledError, asyncio.CancelledError) as exc:
        raise SchedulerError(
            f"lost the Dask scheduler at {client.scheduler.address} after {done} of {total} "
            f"{unit}s ({type(exc).__name__}); every finished block is stored with a "
            "checkpoint: run again to resume") from None
    except KilledWorker as exc:
        raise SchedulerError(f"Dask workers died repeatedly while running {unit}s ({exc}); "
                             "every finished block is stored with a checkpoint") from None


def map_tasks(
    func: Callable[[T], R],
    tasks: Sequence[T],
    *,
    scheduler: str | None = None,
    progress: bool | None = None,
    checkpoint: str | os.PathLike[str] | None = None,
    fingerprint: str = "",
    config: Mapping[str, Any] | None = None,
    workers: int | None = None,
    block: int | None = None,
    unit: str = "task",
    security: Any = None,
) -> list[R]:
    """Apply ``func`` to every task and return the results in task order.

    Parameters
    ----------
    func
        A module-level (picklable) function of one task.
    tasks
        The tasks; each should carry its own seed (see :func:`task_seed`).
    scheduler
        ``"serial"`` (in this process), ``"local"`` or ``None`` (an embedded Dask LocalCluster
        of single-threaded worker processes on 127.0.0.1, or this process when that does not pay,
        see below), or a scheduler address ``"tcp://host:port"`` / ``"tls://host:port"``. An
        address where nothing listens raises :class:`~currentkit.errors.SchedulerError` before
        any work, and so does a scheduler lost during the run (the finished blocks stay in the
        checkpoint: a rerun resumes).

        The embedded cluster starts lazily: the first block runs in this process, and the
        cluster is started only if the remaining tasks at that pace would take more than
        3 × :data:`CLUSTER_START_S` seconds and more than one worker would find a free core
        (the decision is logged at INFO by ``currentkit.parallel``). It speaks TLS with
        temporary credentials made for this run, so no other local process can connect to it,
        and serves no dashboard.
        Ctrl-C shuts it down quietly and re-raises :class:`KeyboardInterrupt`.
    progress
        Show a progress bar counting tasks; ``None`` shows one only when stderr is a terminal.
    checkpoint
        A folder where each finished block of results (mappings of numeric arrays with the same
        keys) is stored as it completes; tasks already stored are loaded, not recomputed
        (see :class:`currentkit.store.Store`: verified blocks, one run at a time).
    fingerprint
        Identifies the configuration, such that task ``i``'s result depends only on
        ``(fingerprint, i)`` whatever ``len(tasks)``: a store is then reused by runs with more or
        fewer tasks, and a store written with another fingerprint is refused
        (:class:`~currentkit.errors.StoreMismatchError`).
    config
        The configuration as a JSON-able mapping, kept in the store's manifest so that a refusal
        can say which fields differ.
    workers
        Worker processes of the embedded cluster (default: one per core).
    block
        Tasks per block (one Dask task and one checkpoint file each); default
        :func:`default_block` of ``len(tasks)``.
    unit
        What a task is, for the progress bar and messages (e.g. ``"realization"``).
    security
        A :class:`distributed.security.Security` for a scheduler address, e.g.
        ``Security(tls_ca_file="ca.pem", tls_client_cert="client.pem",
        tls_client_key="client.key", require_encryption=True)`` for a cluster started with
        ``dask scheduler --tls-ca-file … --tls-cert … --tls-key …`` and a ``tls://`` address
        (see Dask's TLS documentation); required for ``tls://``. The embedded cluster makes
        its own.
    """
    scheduler = "local" if scheduler is None else scheduler
    if scheduler not in ("serial", "local") and not scheduler.startswith(("tcp://", "tls://")):
        raise ParameterError(
            "scheduler", scheduler, "'serial', 'local' or a Dask address like tcp://host:8786"
        )
    _positive("workers", workers, "worker processes")
    _positive("block", block, "tasks per block")
    size = default_block(len(tasks)) if block is None else int(block)
    if scheduler.startswith(("tcp://", "tls://")):
        dask_cluster.probe(scheduler)  # unreachable: say so before the store is opened
    store = Store(Path(checkpoint), fingerprint, config) if checkpoint else None
    with store if store is not None else contextlib.nullcontext():
        results: dict[int, Any] = store.load(len(tasks), unit) if store is not None else {}
        todo = block_layout([i for i in range(len(tasks)) if i not in results], size)
        limited = _SingleThreaded(func)
        with _progress_bar(sum(map(len, todo)), progress, unit) as bar:

            def finish(indices: list[int], out: list[Any]) -> None:
                if store is not None:
                    out = store.save(indices, out)  # identical whether computed now or loaded
                results.update(zip(indices, out, strict=True))
                bar.update(len(indices))

            if scheduler == "local" and todo:
                start = time.perf_counter()
                finish(todo[0], limited([tasks[i] for i in todo[0]]))
                count = workers or os.cpu_count() or 1
                if not _worth_a_cluster(time.perf_counter() - start, len(todo[0]),
                                        sum(map(len, todo[1:])), count):
                    scheduler = "serial"
                todo = todo[1:]
            if scheduler == "serial" or not todo:
                for indices in todo:
                    finish(indices, limited([tasks[i] for i in indices]))
            else:
                _distributed(scheduler, workers, security, limited, tasks, todo, unit, finish)
    return [results[i] for i in range(len(tasks))]


def _distributed(scheduler: str, workers: int | None, security: Any, limited: _SingleThreaded,
                 tasks: Sequence[Any], todo: list[list[int]], unit: str,
                 finish: Callable[[list[int], list[Any]], None]) -> None:
    """Run ``todo`` on the embedded cluster or the scheduler at an address, then close them."""
    from distributed import Client

    cluster = None
    with dask_cluster.quiet_client_logs():
        try:
            if scheduler == "local":
                cluster = dask_cluster.embedded(workers or os.cpu_count() or 1)
                client = Client(cluster)
            else:
                client = dask_cluster.connect(scheduler, security)
            try:
                _run_on_dask(client, limited, tasks, todo, unit, finish)
            finally:
                dask_cluster.close(client)
        except KeyboardInterrupt:
            logger.info("interrupted: closing the Dask cluster; every finished block is stored")
            raise
        finally:
            if cluster is not None:
                dask_cluster.close(cluster)
