"""The checkpoint store: damaged, forged and foreign blocks are recomputed, one writer at a time.

Every test damages a store the way a disk, a person or a second run could, and checks that the
run's results are still exactly those of an undamaged run (bit for bit: realization r depends
only on (seed, r)), and that the damage was logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from currentkit import parallel
from currentkit.errors import CurrentkitError, StoreMismatchError
from currentkit.store import Store
from tests.test_parallel import _assert_same, random_task

TASKS = [{"seed": 7, "index": i} for i in range(9)]
BLOCK = 3  # blocks [0-2] [3-5] [6-8]


def run(store: Path, tasks: list[dict[str, Any]] = TASKS, **kwargs: Any) -> list[Any]:
    return parallel.map_tasks(random_task, tasks, scheduler="serial", checkpoint=store,
                              fingerprint="f", progress=False, block=BLOCK, **kwargs)


def reference(tasks: list[dict[str, Any]] = TASKS) -> list[Any]:
    return [random_task(t) for t in tasks]


def manifest(store: Path) -> dict[str, Any]:
    return json.loads((store / "manifest.json").read_text())


def rewrite(store: Path, name: str, arrays: dict[str, np.ndarray], *, forge: bool) -> None:
    """Replace block ``name`` with ``arrays``; ``forge`` also fixes its checksum in the manifest
    (as a person regenerating the manifest would), so that only the content checks remain."""
    np.savez(store / name, **arrays)  # type: ignore[arg-type]
    if forge:
        found = manifest(store)
        found["blocks"][name]["sha256"] = hashlib.sha256((store / name).read_bytes()).hexdigest()
        (store / "manifest.json").write_text(json.dumps(found))


def block(store: Path, name: str) -> dict[str, np.ndarray]:
    with np.load(store / name) as data:
        return {k: data[k] for k in data.files}


def test_manifest_records_each_blocks_identity(tmp_path: Path) -> None:
    run(tmp_path)
    found = manifest(tmp_path)
    assert found["schema"] == "currentkit.store/3" and found["fingerprint"] == "f"
    assert sorted(found["blocks"]) == ["tasks-00000000-00000002.npz",
                                       "tasks-00000003-00000005.npz",
                                       "tasks-00000006-00000008.npz"]
    record = found["blocks"]["tasks-00000003-00000005.npz"]
    assert record["indices"] == [3, 4, 5]
    assert record["arrays"]["eigenvalues"] == {"shape": [3, 6], "dtype": "<f8"}
    raw = (tmp_path / "tasks-00000003-00000005.npz").read_bytes()
    assert record["sha256"] == hashlib.sha256(raw).hexdigest()
    assert not list(tmp_path.glob("*.tmp"))  # every write went through a renamed temporary


NAME = "tasks-00000003-00000005.npz"


def _nan(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {**arrays, "eigenvalues": np.full_like(arrays["eigenvalues"], np.nan)}


def _relabel(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {**arrays, "__task_index__": np.array([0, 1, 2])}  # the data of 3-5 as tasks 0-2


def _reshape(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {**arrays, "eigenvalues": arrays["eigenvalues"][:, :4]}


def _retype(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {**arrays, "eigenvalues": arrays["eigenvalues"].astype(np.float32)}


@pytest.mark.parametrize("forge", [False, True])
@pytest.mark.parametrize(("damage", "why"), [
    (_nan, "it holds non-finite values"),
    (_relabel, "its task indices 0…2 are not the tasks its name says"),
    (_reshape, "differ from the manifest's"),
    (_retype, "differ from the manifest's"),
])
def test_a_forged_block_is_recomputed_not_loaded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: Any, why: str, forge: bool
) -> None:
    run(tmp_path)
    good = (tmp_path / NAME).read_bytes()
    rewrite(tmp_path, NAME, damage(block(tmp_path, NAME)), forge=forge)
    with caplog.at_level(logging.INFO, logger="currentkit.store"):
        out = run(tmp_path)
    _assert_same(out, reference())  # the data of 3-5, never NaN, never those of 0-2
    # without the forged checksum the SHA-256 gives it away first; with it, the content check
    expected = why if forge else "its SHA-256 differs from the manifest's"
    assert f"ignoring the stored block {tmp_path / NAME} (" in caplog.text
    assert expected in caplog.text
    assert "resuming: 6 of 9 tasks already stored" in caplog.text
    assert (tmp_path / NAME).read_bytes() == good  # recomputed and stored again, bit for bit


def test_reshaped_block_with_a_consistent_manifest_record_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # the record forged too (indices, shapes and checksum): the shape of one task still differs
    # from the store's result shape, so the block is refused, not a ValueError in np.stack later
    run(tmp_path)
    arrays = _reshape(block(tmp_path, NAME))
    np.savez(tmp_path / NAME, **arrays)  # type: ignore[arg-type]
    found = manifest(tmp_path)
    found["blocks"][NAME]["sha256"] = hashlib.sha256((tmp_path / NAME).read_bytes()).hexdigest()
    found["blocks"][NAME]["arrays"]["eigenvalues"]["shape"] = [3, 4]
    (tmp_path / "manifest.json").write_text(json.dumps(found))
    _assert_same(run(tmp_path), reference())
    assert "its arrays have the wrong shape or dtype" in caplog.text


def test_missing_and_unrecorded_blocks(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    run(tmp_path)
    (tmp_path / NAME).unlink()
    stray = tmp_path / "tasks-00000009-00000011.npz"  # written, then the run died unrecorded
    np.savez(stray, **block(tmp_path, "tasks-00000000-00000002.npz"))  # type: ignore[arg-type]
    (tmp_path / "abc.tmp").write_bytes(b"half a file")  # a temporary left by a killed run
    _assert_same(run(tmp_path), reference())
    assert f"the stored block {tmp_path / NAME} is missing" in caplog.text
    assert (f"ignoring the stored block {stray} (not in the manifest, and its task indices 0…2 "
            "are not the tasks its name says)") in caplog.text
    assert not stray.exists() and not (tmp_path / "abc.tmp").exists()
    assert NAME in manifest(tmp_path)["blocks"] and (tmp_path / NAME).exists()


def test_a_block_written_but_not_recorded_is_adopted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # a run killed between writing a block and recording it in the manifest: the complete,
    # valid file is verified like any other (except for the checksum it never got) and kept
    run(tmp_path)
    found = manifest(tmp_path)
    del found["blocks"][NAME]
    (tmp_path / "manifest.json").write_text(json.dumps(found))
    stored = (tmp_path / NAME).read_bytes()
    with caplog.at_level(logging.INFO, logger="currentkit.store"):
        out = run(tmp_path)
    _assert_same(out, reference())
    assert "resuming: 9 of 9 tasks already stored" in caplog.text  # nothing recomputed
    assert f"adopting the block {tmp_path / NAME}" in caplog.text
    assert manifest(tmp_path)["blocks"][NAME]["sha256"] == hashlib.sha256(stored).hexdigest()


def test_non_finite_results_are_returned_but_never_stored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = parallel.map_tasks(_nan_task, [0, 1, 2], scheduler="serial", checkpoint=tmp_path,
                             progress=False, block=2)
    assert np.isnan(out[1]["x"]) and out[2]["x"] == 2.0
    assert sorted(manifest(tmp_path)["blocks"]) == ["tasks-00000002-00000002.npz"]
    assert "not storing tasks 0…1: they hold non-finite values" in caplog.text


def _nan_task(i: int) -> dict[str, np.ndarray]:
    return {"x": np.array(np.nan if i == 1 else float(i))}


def test_resume_is_logged_with_counts(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    run(tmp_path, TASKS[:4])
    with caplog.at_level(logging.INFO, logger="currentkit.store"):
        run(tmp_path, TASKS, unit="realization")
    (record,) = [r for r in caplog.records if r.getMessage().startswith("resuming")]
    assert record.getMessage() == "resuming: 4 of 9 realizations already stored"
    assert record.levelno == logging.INFO and record.name == "currentkit.store"
    assert (record.stored, record.total) == (4, 9)  # type: ignore[attr-defined]


def test_one_run_at_a_time(tmp_path: Path) -> None:
    with Store(tmp_path, "f", None):
        with pytest.raises(StoreMismatchError) as info:
            run(tmp_path)
        assert isinstance(info.value, CurrentkitError)
        assert str(info.value) == (
            f"store {tmp_path} is in use by another run (pid {__import__('os').getpid()}); "
            "wait for it to finish or use another store folder")
    _assert_same(run(tmp_path), reference())  # released at the end of the first run
    # the lock is held for the whole run: a task that opens the same store is refused
    other = tmp_path / "other"
    with pytest.raises(StoreMismatchError, match="is in use by another run"):
        parallel.map_tasks(_reentrant, [str(other)], scheduler="serial", checkpoint=other,
                           fingerprint="f", progress=False)


def _reentrant(folder: str) -> dict[str, np.ndarray]:
    run(Path(folder))
    return {"x": np.zeros(1)}


def test_corrupt_or_malformed_manifest_is_a_clear_error(tmp_path: Path) -> None:
    run(tmp_path)
    path = tmp_path / "manifest.json"
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    with pytest.raises(StoreMismatchError, match=r"has an unreadable manifest\.json"):
        run(tmp_path)
    path.write_text(json.dumps({**json.loads(text), "blocks": [1, 2]}))
    with pytest.raises(StoreMismatchError, match=r"has a malformed manifest\.json"):
        run(tmp_path)


def test_layout_2_store_is_verified_and_adopted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # layout 2 (no checksums): blocks are adopted after the content checks; a relabelled one
    # is refused by its name
    run(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"schema": "currentkit.parallel.checkpoint/2", "fingerprint": "f", "config": None}))
    np.savez(tmp_path / NAME, **_relabel(block(tmp_path, NAME)))  # type: ignore[arg-type]
    _assert_same(run(tmp_path), reference())
    assert "are not the tasks its name says" in caplog.text
    found = manifest(tmp_path)
    assert found["schema"] == "currentkit.store/3" and len(found["blocks"]) == 3


def test_store_files_follow_the_users_umask(tmp_path: Path) -> None:
    import os

    previous = os.umask(0o027)
    try:
        run(tmp_path / "store")
    finally:
        os.umask(previous)
    files = [p for p in (tmp_path / "store").iterdir() if p.suffix in (".npz", ".json")]
    assert files
    # an ordinary new file under umask 027 is rw-r----- (mkstemp alone would give rw-------)
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {oct(0o640)}
