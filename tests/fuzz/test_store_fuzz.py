"""Fuzz: a checkpoint store whose block files are mutated gives, on the next run, the results of
a fresh computation (a corrupt block is recomputed) or a CurrentkitError, never stored garbage.

The store is reached only through the public :func:`currentkit.parallel.map_tasks`; whatever
its file layout, every file but the manifest is fair game."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from currentkit.errors import CurrentkitError
from currentkit.parallel import map_tasks
from tests.fuzz.mutate import Mutation, mutations

TASKS = list(range(6))


def square(i: int) -> dict[str, np.ndarray]:
    return {"value": np.array([i, i * i, np.sqrt(i)], dtype=float)}


def run(folder: Path) -> list[dict[str, np.ndarray]]:
    return map_tasks(square, TASKS, scheduler="serial", progress=False, checkpoint=folder,
                     fingerprint="fuzz-square", block=2)


@pytest.fixture(scope="module")
def store() -> Iterator[tuple[Path, list[Path]]]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "store"
        run(folder)
        blocks = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".npz")
        assert blocks, "the store wrote no .npz block files"
        yield folder, blocks


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(mutation=mutations(), pick=st.integers(0, 100))
def test_mutated_store_block(store: tuple[Path, list[Path]], mutation: Mutation,
                             pick: int) -> None:
    folder, blocks = store
    with tempfile.TemporaryDirectory() as name:
        copy = Path(name) / "store"
        shutil.copytree(folder, copy)
        target = copy / blocks[pick % len(blocks)].name
        target.write_bytes(mutation.apply(target.read_bytes()))
        try:
            results = run(copy)
        except CurrentkitError as exc:
            event(f"{mutation.kind}: {type(exc).__name__}")
            return
        event(f"{mutation.kind}: results")
        for i, result in zip(TASKS, results, strict=True):
            np.testing.assert_array_equal(result["value"], square(i)["value"],
                                          err_msg=str(mutation))
