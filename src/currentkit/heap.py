"""A steady C heap for long task runs: freed memory is kept for the next task, not trimmed.

The array kernels of a realization (transfer-matrix trees, Green-function slices) allocate and
free many temporaries of 0.1–10 MiB. glibc's malloc serves them from the heap once its adaptive
thresholds have risen, but gives the top of the heap back to the system whenever more than the
trim threshold is free there, and takes it back (``brk``) at the next allocation: every page is
then faulted in and zeroed again. Whether a process falls into that cycle depends on its heap's
history; Dask's nanny invites it on its workers with a 64 KiB trim threshold
(``MALLOC_TRIM_THRESHOLD_=65536``, which also freezes the adaptive thresholds). Measured on an
R = 10⁴, L = 10⁴ transfer ensemble: after about 150 s of a serial run the process went from
≈ 5 to ≈ 190 000 minor page faults per second (2 300 ``brk`` calls per second) and from 27 to
45 ms per realization, with a third of its time in the kernel; two Dask workers took 44 ms
per realization each. With the thresholds fixed: 28.8 ms serially, 32 ms per worker.

:func:`steady_heap` fixes both thresholds at the ceiling glibc's own adaptation reaches (arrays
below 32 MiB from the heap, up to 64 MiB of free heap kept), once per process. The task runners
of :mod:`currentkit.parallel` call it in whichever process runs the tasks. Elsewhere than glibc
(macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys

logger = logging.getLogger(__name__)

#: mallopt parameters of glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: Allocations below this come from the heap (bytes): glibc's largest adaptive value on 64 bit.
MMAP_THRESHOLD = 32 << 20
#: Free memory at the top of the heap kept for reuse (bytes): twice the above, as glibc adapts.
TRIM_THRESHOLD = 64 << 20


@functools.cache
def steady_heap() -> bool:
    """Fix this process's malloc thresholds (module notes); ``True`` where glibc took them."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - a libc without mallopt
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    applied = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    logger.debug("malloc thresholds %s", "fixed" if applied else "left to the C library")
    return applied
