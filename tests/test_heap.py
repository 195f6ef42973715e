"""The steady C heap of task runs (heap.py): the transfer-matrix kernel stops faulting its
temporaries in, in a plain process and in one with a Dask worker's malloc settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from currentkit import parallel
from currentkit.heap import steady_heap

#: 20 calls of the transfer-matrix trace of an L = 10⁴ chain at 16 frequencies (temporaries of
#: 256 KiB and less), after 3 warm-up calls; prints the minor page faults of the 20 calls.
_PROBE = """
import resource, sys
import numpy as np
from currentkit.heap import steady_heap
from currentkit.rings.chain import scaled_trace
if sys.argv[1] == "steady":
    assert steady_heap()
onsite = np.random.default_rng(0).uniform(-0.5, 0.5, 10_000)
z = 0.1 + 1j * np.geomspace(1e-4, 1.0, 16)
for _ in range(3):
    scaled_trace(onsite, z)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    scaled_trace(onsite, z)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""

glibc = pytest.mark.skipif(not sys.platform.startswith("linux") or not os.confstr(
    "CS_GNU_LIBC_VERSION"), reason="malloc thresholds are glibc's")


def _faults(mode: str, worker_like: bool) -> int:
    env = dict(os.environ)
    env.pop("MALLOC_TRIM_THRESHOLD_", None)
    if worker_like:
        env["MALLOC_TRIM_THRESHOLD_"] = "65536"  # what Dask's nanny gives each worker
    proc = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True,
                          env=env, timeout=120, check=True)
    return int(proc.stdout)


@glibc
@pytest.mark.parametrize("worker_like", [False, True])
def test_a_steady_heap_stops_the_page_faults(worker_like: bool) -> None:
    default, steady = _faults("default", worker_like), _faults("steady", worker_like)
    # measured 86 700 (plain) and 210 500 (worker) faults against 0: the default has to fault
    # (the check has teeth) and the steady heap reuses its pages (a few stray faults allowed)
    assert default > 10_000, default
    assert steady < 100, (default, steady)


@glibc
def test_task_runs_hold_the_heap_steady() -> None:
    steady_heap.cache_clear()
    assert parallel.map_tasks(abs, [-1, 2, -3], scheduler="serial") == [1, 2, 3]
    assert steady_heap.cache_info().currsize == 1 and steady_heap() is True
