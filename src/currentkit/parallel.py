"""One map-shaped seam for parallel work: serial, an embedded Dask cluster, or a real one.

``map_tasks(func, tasks, scheduler=...)`` has one signature whatever runs it (as QuTiP's
``serial_map`` and ``parallel_map`` do). Randomness never depends on where or in which order a
task runs: :func:`task_seed` derives task ``r``'s seed from ``(seed, r)`` alone, so a rerun, a
resumed run and a cluster run give identical numbers.

Tasks travel in blocks: block ``k`` holds tasks ``k·B … (k+1)·B − 1`` (``B`` from
:func:`default_block` or given), a layout that never depends on the number of workers. With
``checkpoint=DIR`` every finished block is written atomically to ``DIR`` as it completes; a
later run with the same fingerprint loads every stored task it needs, whatever the block layout
or task count of the run that stored it, and computes only the others.
"""

from __future__ import annotations

import json
import logging
import math
import os
import signal
import socket
import sys
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from currentkit.errors import (
    InputFileError,
    ParameterError,
    SchedulerError,
    StoreMismatchError,
    integer,
)
from currentkit.results import parameters_json

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
_MANIFEST = "manifest.json"
_SCHEMA = "currentkit.parallel.checkpoint/2"
_INDEX = "__task_index__"
#: Default layout: about this many blocks per run, each of at most _MAX_BLOCK tasks.
_TARGET_BLOCKS = 256
_MAX_BLOCK = 64
#: Seconds to wait for a TCP connection to a scheduler address before calling it unreachable.
_PROBE_TIMEOUT_S = 5.0
_DEFAULT_PORT = 8786


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
    """Run ``func`` on each task of a block, BLAS/OpenMP pools limited to one thread."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __call__(self, block: list[Any]) -> list[Any]:
        with threadpool_limits(limits=1):
            return [self.func(task) for task in block]


def _show(config: Mapping[str, Any], key: str) -> str:
    return repr(config[key]) if key in config else "(unset)"


def _mismatch(folder: Path, found: Mapping[str, Any], fingerprint: str,
              config: Mapping[str, Any] | None) -> str:
    """Say which fields differ between the stored configuration and this run's."""
    stored = found.get("config")
    if isinstance(stored, Mapping) and config is not None:
        diff = [k for k in sorted(set(stored) | set(config)) if stored.get(k, ...) !=
                config.get(k, ...)]
        if diff:
            was = ", ".join(f"{k}={_show(stored, k)}" for k in diff)
            now = ", ".join(f"{k}={_show(config, k)}" for k in diff)
            return (f"store {folder} was written for {was}, this run has {now} (a different "
                    "configuration); use another store folder or remove it")
    return (f"store {folder} was written by a different configuration (fingerprint "
            f"{str(found.get('fingerprint'))[:12]}…, this run {fingerprint[:12]}…); use another "
            "store folder or remove it")


def _write_atomically(folder: Path, name: str, write: Callable[[Any], None]) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Checkpoint:
    """A folder of finished tasks: ``manifest.json`` plus one ``tasks-FIRST-LAST.npz`` per block.

    A block file holds each result array stacked along a leading task axis and the task indices
    in ``__task_index__``. The manifest holds the fingerprint and the configuration (JSON) but
    no task count: task ``i`` means the same in every run with this fingerprint.
    """

    def __init__(self, folder: Path, fingerprint: str, config: Mapping[str, Any] | None) -> None:
        self.folder = folder
        if folder.exists() and not folder.is_dir():
            raise InputFileError(folder, "is a file, not a checkpoint store folder")
        folder.mkdir(parents=True, exist_ok=True)
        manifest = folder / _MANIFEST
        cfg = None if config is None else json.loads(parameters_json(config))
        expected = {"schema": _SCHEMA, "fingerprint": fingerprint, "config": cfg}
        if manifest.exists():
            try:
                found = json.loads(manifest.read_text())
            except (OSError, ValueError) as exc:
                raise StoreMismatchError(f"store {folder} has an unreadable {_MANIFEST} ({exc}); "
                                         "use another store folder or remove it") from exc
            if not isinstance(found, dict) or found.get("fingerprint") != fingerprint:
                raise StoreMismatchError(_mismatch(folder, found if isinstance(found, dict)
                                                   else {}, fingerprint, cfg))
            if found.get("schema") != _SCHEMA or (cfg is not None and found.get("config") != cfg):
                self._write_manifest(expected)  # same fingerprint, older layout: bring it up
        elif any(folder.iterdir()):
            raise StoreMismatchError(f"store {folder} is not empty and holds no {_MANIFEST}: it "
                                     "is not a checkpoint store; use another store folder")
        else:
            self._write_manifest(expected)

    def _write_manifest(self, manifest: Mapping[str, Any]) -> None:
        text = json.dumps(manifest, sort_keys=True).encode()
        _write_atomically(self.folder, _MANIFEST, lambda handle: handle.write(text))

    def _read(self, path: Path) -> dict[str, np.ndarray] | None:
        try:
            with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:
                return {k: data[k] for k in data.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile):
            logger.warning("ignoring the unreadable checkpoint %s: its tasks are recomputed", path)
            return None

    def load(self, count: int) -> dict[int, dict[str, np.ndarray]]:
        """Every stored task with index < ``count``, as {index: {name: array}}."""
        done: dict[int, dict[str, np.ndarray]] = {}
        for path in sorted(self.folder.glob("tasks-*.npz")):
            data = self._read(path)
            if data is None:
                continue
            index = data.pop(_INDEX, None)
            if index is None or index.ndim != 1 or any(
                v.shape[:1] != index.shape for v in data.values()
            ):
                logger.warning("ignoring the malformed checkpoint %s: its tasks are recomputed",
                               path)
                continue
            for j, i in enumerate(index.tolist()):
                if 0 <= i < count and i not in done:
                    done[i] = {k: v[j, ...] for k, v in data.items()}
        for path in sorted(self.folder.glob("task-*.npz")):  # layout 1: one task per file
            i = int(path.stem[5:]) if path.stem[5:].isdigit() else -1
            if 0 <= i < count and i not in done and (data := self._read(path)) is not None:
                done[i] = data
        return done

    def save(self, indices: list[int], results: list[Any]) -> list[dict[str, np.ndarray]]:
        """Store one block atomically; return its results exactly as a later load gives them."""
        if not all(isinstance(r, Mapping) for r in results):
            raise TypeError("with a checkpoint, tasks must return a mapping of arrays")
        keys = sorted(str(k) for k in results[0])
        if any(sorted(str(k) for k in r) != keys for r in results) or _INDEX in keys:
            raise TypeError(f"with a checkpoint, every task must return the same keys (not "
                            f"{_INDEX!r})")
        arrays = {k: np.stack([np.asarray(r[k]) for r in results]) for k in keys}
        name = f"tasks-{indices[0]:08d}-{indices[-1]:08d}.npz"
        payload: dict[str, Any] = {**arrays, _INDEX: np.asarray(indices, dtype=np.int64)}
        _write_atomically(self.folder, name, lambda handle: np.savez(handle, **payload))
        return [{k: arrays[k][j, ...] for k in keys} for j in range(len(indices))]


def _progress_bar(total: int, progress: bool | None, unit: str) -> Any:
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    return tqdm(total=total, disable=not show, unit=unit, leave=False)


def _probe(address: str) -> None:
    """Raise :class:`SchedulerError` at once if nothing accepts TCP connections at ``address``."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        host, port = parse_host_port(parse_address(address)[1], _DEFAULT_PORT)
    except ValueError as exc:
        raise ParameterError("scheduler", address, "a Dask address like tcp://host:8786") from exc
    try:
        with socket.create_connection((host, int(port)), timeout=_PROBE_TIMEOUT_S):
            pass
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise SchedulerError(f"cannot reach the Dask scheduler at {address} ({why}); nothing was "
                             "computed and nothing stored was touched") from exc


def _client(scheduler: str, workers: int | None) -> Any:
    from distributed import Client, LocalCluster

    if scheduler == "local":
        # Workers inherit an ignored SIGINT: Ctrl-C interrupts this process only, which closes
        # the cluster, instead of printing a traceback from every worker.
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        return Client(cluster)
    _probe(scheduler)
    try:
        return Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}; nothing "
                             "was computed and nothing stored was touched") from exc


def _positive(name: str, value: int | None, allowed: str) -> None:
    if value is not None:
        integer(name, value, minimum=1, what=allowed)


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
        ``"tcp://host:port"``. An address where nothing listens raises
        :class:`~currentkit.errors.SchedulerError` before any work.
    progress
        Show a progress bar counting tasks; ``None`` shows one only when stderr is a terminal.
    checkpoint
        A folder where each finished block of results (mappings of arrays with the same keys)
        is stored as it completes; tasks already stored are loaded, not recomputed.
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
        What a task is, for the progress bar (e.g. ``"realization"``).
    """
    scheduler = "local" if scheduler is None else scheduler
    if scheduler not in ("serial", "local") and not scheduler.startswith(("tcp://", "tls://")):
        raise ParameterError(
            "scheduler", scheduler, "'serial', 'local' or a Dask address like tcp://host:8786"
        )
    _positive("workers", workers, "worker processes")
    _positive("block", block, "tasks per block")
    size = default_block(len(tasks)) if block is None else int(block)
    store = _Checkpoint(Path(checkpoint), fingerprint, config) if checkpoint else None
    results: dict[int, Any] = store.load(len(tasks)) if store is not None else {}
    if results:
        logger.info("resuming: %d of %d %ss already stored", len(results), len(tasks), unit)
    todo = block_layout([i for i in range(len(tasks)) if i not in results], size)
    limited = _SingleThreaded(func)

    with _progress_bar(sum(map(len, todo)), progress, unit) as bar:

        def finish(indices: list[int], out: list[Any]) -> None:
            if store is not None:
                out = store.save(indices, out)  # identical whether computed now or loaded later
            results.update(zip(indices, out, strict=True))
            bar.update(len(indices))

        if scheduler == "serial" or not todo:
            for indices in todo:
                finish(indices, limited([tasks[i] for i in indices]))
        else:
            from distributed import as_completed

            client = _client(scheduler, workers)
            try:
                tag = uuid.uuid4().hex[:12]
                futures = {
                    client.submit(limited, [tasks[i] for i in indices], pure=False, retries=3,
                                  key=f"{unit}s-{indices[0]}-{indices[-1]}-{tag}"): indices
                    for indices in todo
                }
                for future in as_completed(futures):
                    finish(futures[future], future.result())
            finally:
                cluster = getattr(client, "cluster", None)
                client.close()
                if scheduler == "local" and cluster is not None:
                    cluster.close()
    return [results[i] for i in range(len(tasks))]
