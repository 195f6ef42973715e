"""The checkpoint store of :func:`currentkit.parallel.map_tasks`: finished tasks on disk.

A store is a folder: ``manifest.json`` (the configuration's fingerprint and a record of every
block), one ``tasks-FIRST-LAST.npz`` per finished block of tasks, and a ``lock`` file. A block
file holds each result array stacked along a leading task axis and the task indices in
``__task_index__``; its manifest record holds its identity: the task indices, each array's shape
and dtype, and the SHA-256 of the file. A block is loaded only when all of that matches, its
indices lie in the range its name states and every value is finite; anything else (a truncated,
corrupted, relabelled, reshaped or NaN-filled file) is logged, removed and recomputed. A block
file without a record (a run killed between writing it and recording it; or a store of an
older layout) passes the same checks, except the checksum, before it is adopted. Files
and the manifest are replaced atomically (write, fsync, rename), so an interruption leaves
either the old or the new version, never half of one.

One run at a time: a run holds an exclusive ``fcntl.flock`` on ``lock`` for as long as the
store is open (the kernel drops it if the process dies), and a second run on the same folder
raises :class:`~currentkit.errors.StoreMismatchError` naming the pid that holds it.

Messages go to the logger ``currentkit.store``: a resumed run logs at INFO
``"resuming: 206 of 400 realizations already stored"`` (the record carries ``stored`` and
``total`` as attributes), every rejected block a WARNING.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import logging
import os
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import numpy as np

from currentkit.errors import InputFileError, StoreMismatchError
from currentkit.results import atomic_write, parameters_json

logger = logging.getLogger("currentkit.store")

MANIFEST = "manifest.json"
LOCK = "lock"
INDEX = "__task_index__"
SCHEMA = "currentkit.store/3"
_BLOCK_NAME = re.compile(r"tasks-(\d{8})-(\d{8})\.npz")
_LEGACY_TASK = re.compile(r"task-(\d{8})\.npz")  # layout 1: one task per file, no index array
Arrays = dict[str, np.ndarray]


def write_atomically(folder: Path, name: str, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``folder/name`` through :func:`currentkit.results.atomic_write` (temporary file,
    fsync, rename; the user's umask), handing ``write`` the open binary file."""

    def fill(tmp: str) -> None:
        with open(tmp, "wb") as handle:
            write(handle)

    atomic_write(folder / name, fill)


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


def _spec(arrays: Mapping[str, np.ndarray]) -> dict[str, dict[str, Any]]:
    """Each array's shape and dtype, as JSON."""
    return {k: {"shape": list(v.shape), "dtype": v.dtype.str} for k, v in sorted(arrays.items())}


def _finite(arrays: Mapping[str, np.ndarray]) -> bool:
    return all(np.isfinite(v).all() for v in arrays.values() if v.dtype.kind in "fc")


class Store:
    """An open checkpoint store, locked for this run until :meth:`close`.

    Parameters
    ----------
    folder
        The store folder (created if missing; refused if it holds files but no manifest).
    fingerprint
        Identifies the configuration: task ``i`` means the same in every run with it.
    config
        The configuration (JSON-able), kept to say which fields differ on a refusal.
    """

    def __init__(self, folder: Path, fingerprint: str, config: Mapping[str, Any] | None) -> None:
        self.folder = folder
        if folder.exists() and not folder.is_dir():
            raise InputFileError(folder, "is a file, not a checkpoint store folder")
        if folder.is_dir() and not (folder / MANIFEST).exists() and any(
            p.name != LOCK for p in folder.iterdir()
        ):
            raise StoreMismatchError(f"store {folder} is not empty and holds no {MANIFEST}: it "
                                     "is not a checkpoint store; use another store folder")
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = self._acquire()
        try:
            self._open(fingerprint, config)
        except BaseException:
            self.close()
            raise

    def _acquire(self) -> IO[str]:
        handle = open(self.folder / LOCK, "a+")  # held until close()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            owner = handle.read().strip() or "unknown"
            handle.close()
            raise StoreMismatchError(f"store {self.folder} is in use by another run (pid "
                                     f"{owner}); wait for it to finish or use another store "
                                     "folder") from None
        handle.seek(0)
        if handle.read() != f"{os.getpid()}\n":  # (rewritten only when it changes)
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        return handle

    def _open(self, fingerprint: str, config: Mapping[str, Any] | None) -> None:
        path = self.folder / MANIFEST
        cfg = None if config is None else json.loads(parameters_json(config))
        self.manifest: dict[str, Any] = {"schema": SCHEMA, "fingerprint": fingerprint,
                                         "config": cfg, "result": None, "blocks": {}}
        self._legacy = False
        for stale in self.folder.glob("*.tmp"):  # left by a run killed mid-write; we hold the lock
            stale.unlink(missing_ok=True)
        if not path.exists():
            self._write_manifest()
            return
        try:
            found = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise StoreMismatchError(f"store {self.folder} has an unreadable {MANIFEST} ({exc}); "
                                     "use another store folder or remove it") from exc
        if not isinstance(found, dict) or found.get("fingerprint") != fingerprint:
            raise StoreMismatchError(_mismatch(self.folder, found if isinstance(found, dict)
                                               else {}, fingerprint, cfg))
        if found.get("schema") == SCHEMA:
            blocks, result = found.get("blocks"), found.get("result")
            if not isinstance(blocks, dict) or not isinstance(result, dict | None):
                raise StoreMismatchError(f"store {self.folder} has a malformed {MANIFEST}; use "
                                         "another store folder or remove it")
            self.manifest.update(blocks=blocks, result=result)
            if found.get("config") != cfg and cfg is not None:
                self._write_manifest()
        else:  # layouts 1 and 2 kept no checksums: their files are verified and adopted
            self._legacy = True

    def close(self) -> None:
        """Release the lock (idempotent)."""
        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _write_manifest(self) -> None:
        text = json.dumps(self.manifest, sort_keys=True).encode()
        write_atomically(self.folder, MANIFEST, lambda handle: handle.write(text))

    def _reject(self, name: str, why: str) -> None:
        logger.warning("ignoring the stored block %s (%s): its tasks are recomputed",
                       self.folder / name, why)
        self.manifest["blocks"].pop(name, None)
        (self.folder / name).unlink(missing_ok=True)

    def _verify(self, name: str, record: Mapping[str, Any] | None) -> tuple[list[int], Arrays]:
        """The indices and arrays of block file ``name``; ValueError saying why it is refused."""
        raw = (self.folder / name).read_bytes()
        if record is not None and hashlib.sha256(raw).hexdigest() != record.get("sha256"):
            raise ValueError("its SHA-256 differs from the manifest's: truncated or corrupted")
        try:
            with np.load(io.BytesIO(raw), allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise ValueError(f"unreadable: {exc}") from None
        if (legacy := _LEGACY_TASK.fullmatch(name)) is not None:
            arrays = {k: v[np.newaxis, ...] for k, v in arrays.items()}
            arrays[INDEX] = np.array([int(legacy.group(1))])
        index = arrays.pop(INDEX, None)
        if index is None or index.ndim != 1 or index.dtype.kind not in "iu" or not index.size:
            raise ValueError(f"no valid {INDEX}")
        indices = index.tolist()
        if (match := _BLOCK_NAME.fullmatch(name)) is not None and not (
            indices == sorted(set(indices))
            and int(match.group(1)) == indices[0] and indices[-1] == int(match.group(2))
        ):
            raise ValueError(f"its task indices {indices[0]}…{indices[-1]} are not the tasks "
                             "its name says")
        if record is not None and (record.get("indices") != indices
                                   or record.get("arrays") != _spec(arrays)):
            raise ValueError("its task indices, shapes or dtypes differ from the manifest's")
        per_task = {k: {"shape": list(v.shape[1:]), "dtype": v.dtype.str}
                    for k, v in sorted(arrays.items())}
        if any(v.shape[:1] != index.shape for v in arrays.values()) or (
            self.manifest["result"] not in (None, per_task)
        ):
            raise ValueError("its arrays have the wrong shape or dtype")
        if not _finite(arrays):
            raise ValueError("it holds non-finite values")
        if record is None:  # a legacy file that passed every check: adopt it
            self.manifest["blocks"][name] = {"indices": indices, "arrays": _spec(arrays),
                                             "sha256": hashlib.sha256(raw).hexdigest()}
        self.manifest["result"] = per_task
        return indices, arrays

    def load(self, count: int, unit: str = "task") -> dict[int, Arrays]:
        """Every verified stored task with index < ``count``, as ``{index: {name: array}}``."""
        done: dict[int, Arrays] = {}
        blocks: dict[str, Any] = self.manifest["blocks"]
        names = sorted(p.name for p in self.folder.glob("task*.npz"))
        changed = False
        for name in names:
            record = blocks.get(name)
            try:
                indices, arrays = self._verify(name, record)
            except (OSError, ValueError) as exc:
                self._reject(name, str(exc) if record is not None or self._legacy else
                             f"not in the manifest, and {exc}")
                changed = True
                continue
            if record is None and not self._legacy:
                logger.info("adopting the block %s: complete and valid, written by a run that "
                            "stopped before recording it", self.folder / name)
            changed |= record is None
            for j, i in enumerate(indices):
                if 0 <= i < count and i not in done:
                    done[i] = {k: v[j, ...] for k, v in arrays.items()}
        for name in sorted(set(blocks) - set(names)):
            logger.warning("the stored block %s is missing: its tasks are recomputed",
                           self.folder / name)
            del blocks[name]
            changed = True
        if changed or self._legacy:
            self.manifest["schema"] = SCHEMA
            self._legacy = False
            self._write_manifest()
        if done:
            logger.info("resuming: %d of %d %ss already stored", len(done), count, unit,
                        extra={"stored": len(done), "total": count})
        return done

    def save(self, indices: list[int], results: list[Any]) -> list[Arrays]:
        """Store one block atomically; return its results exactly as a later load gives them.

        A block with a non-finite value is not stored (a warning says so): it would be refused
        on loading anyway, so its tasks are computed again by the next run.
        """
        if not all(isinstance(r, Mapping) for r in results):
            raise TypeError("with a checkpoint, tasks must return a mapping of arrays")
        keys = sorted(str(k) for k in results[0])
        if any(sorted(str(k) for k in r) != keys for r in results) or INDEX in keys:
            raise TypeError(f"with a checkpoint, every task must return the same keys (not "
                            f"{INDEX!r})")
        arrays = {k: np.stack([np.asarray(r[k]) for r in results]) for k in keys}
        if any(v.dtype.kind not in "biufc" for v in arrays.values()):
            raise TypeError("with a checkpoint, tasks must return numeric arrays")
        out = [{k: arrays[k][j, ...] for k in keys} for j in range(len(indices))]
        per_task = {k: {"shape": list(v.shape[1:]), "dtype": v.dtype.str}
                    for k, v in arrays.items()}
        if self.manifest["result"] not in (None, per_task):
            raise StoreMismatchError(f"store {self.folder} holds results of shapes and dtypes "
                                     f"{self.manifest['result']}, this run's tasks return "
                                     f"{per_task}; use another store folder or remove it")
        if not _finite(arrays):
            logger.warning("not storing tasks %d…%d: they hold non-finite values", indices[0],
                           indices[-1])
            return out
        name = f"tasks-{indices[0]:08d}-{indices[-1]:08d}.npz"
        payload: dict[str, Any] = {**arrays, INDEX: np.asarray(indices, dtype=np.int64)}
        buffer = io.BytesIO()
        np.savez(buffer, **payload)
        raw = buffer.getvalue()
        write_atomically(self.folder, name, lambda handle: handle.write(raw))
        self.manifest["blocks"][name] = {"indices": list(indices), "arrays": _spec(arrays),
                                         "sha256": hashlib.sha256(raw).hexdigest()}
        self.manifest["result"] = per_task
        self._write_manifest()
        return out
