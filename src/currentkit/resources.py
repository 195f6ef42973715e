"""Memory a request will need, checked against what the machine has, before any work starts.

A command that would allocate until :class:`MemoryError` (or until the machine swaps) is refused
up front with its estimate and the limit: :func:`require_memory` is the one check, and
:func:`available_memory` the one measure of what is free.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from currentkit.errors import ParameterError

logger = logging.getLogger(__name__)

#: Bytes of one float64 / complex128 value.
FLOAT = 8
COMPLEX = 16


def available_memory() -> int:
    """Bytes of physical memory available now (``MemAvailable`` on Linux, else free pages)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - non-Linux
        pass
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES"))


def format_bytes(count: float) -> str:
    """``count`` bytes in GiB, e.g. ``'3.2 GiB'`` (one unit in every message)."""
    return f"{count / 2**30:.3g} GiB"


def require_memory(need: float, name: str, value: Any, what: str,
                   available: int | None = None) -> None:
    """Raise :class:`ParameterError` naming ``name`` if ``need`` bytes exceed the memory available.

    Parameters
    ----------
    need
        Estimated peak bytes of the request.
    name, value
        The parameter that makes it large, and its value (for the message).
    what
        What to make smaller, e.g. ``"ring (fewer sites or flux points)"``.
    available
        Bytes available (default :func:`available_memory`).
    """
    have = available_memory() if available is None else available
    logger.debug("memory estimate %s for %s=%r, %s available", format_bytes(need), name, value,
                 format_bytes(have))
    if need > have:
        raise ParameterError(name, value, f"a smaller {what}: this request needs about "
                             f"{format_bytes(need)} of memory, {format_bytes(have)} are available")
