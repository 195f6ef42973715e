"""The Dask side of :func:`currentkit.parallel.map_tasks`: the embedded cluster and connections.

The embedded cluster binds to 127.0.0.1, speaks TLS with credentials made for the run (no other
local process can submit work to its workers), serves no dashboard and runs lean workers that
ignore Ctrl-C (the caller shuts them down). A scheduler address is probed before any work, and
a lost scheduler's tracebacks are kept out of the logs: the caller raises one
:class:`~currentkit.errors.SchedulerError` instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Iterator
from typing import Any

from currentkit.errors import ParameterError, SchedulerError

logger = logging.getLogger(__name__)

#: Seconds to wait for a TCP connection to a scheduler address before calling it unreachable.
_PROBE_TIMEOUT_S = 5.0
_DEFAULT_PORT = 8786
#: Seconds to wait for a Dask client or the embedded cluster to close.
_CLOSE_TIMEOUT_S = 60.0

#: Dask settings of the embedded cluster. The profiler samples each running task's stack every
#: 10 ms: measured on 200 realizations (L = 10⁴, transfer, 30 ms of CPU each, 2 workers, on a
#: 2-core machine shared with other jobs), the cluster spent 17.7 s of CPU where the serial run
#: spent 6.5 s (the tasks themselves 9.9 s instead of 6.0 s, contending for the GIL with the
#: sampler); with these settings 10.6 s. On a machine without idle cores that CPU is wall time:
#: the likely cause of the slow one-worker runs. No HTTP routes: nothing to serve without a
#: dashboard.
_LEAN_CLUSTER: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
    "distributed.scheduler.http.routes": [],
    "distributed.worker.http.routes": [],
}


def dask_setup(worker: object) -> None:
    """Dask preload hook, run in each embedded worker process: ignore SIGINT there.

    Ctrl-C in a terminal signals the whole process group; the worker processes then leave it
    to the parent, which shuts the cluster down quietly, instead of each printing a traceback.
    """
    with contextlib.suppress(ValueError):  # not the main thread: nothing to do
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def probe(address: str) -> None:
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


def embedded(workers: int) -> Any:
    """A LocalCluster on 127.0.0.1 speaking TLS with throw-away credentials, no dashboard.

    Its own logs are silenced: a task's failure reaches the caller as the task's exception,
    while a shutdown (after Ctrl-C, or slow on a busy machine) would otherwise log tracebacks of
    heartbeats that found the scheduler gone.

    Only a client holding this cluster's temporary certificate can connect (a local process
    without it cannot submit functions to the workers). The scheduler's and workers' HTTP
    servers, which Dask always starts, listen on a random loopback port and serve no routes.
    The workers' statistical profiler is off and their memory monitor samples once a second
    (see :data:`_LEAN_CLUSTER`).
    """
    import dask
    from distributed import LocalCluster
    from distributed.security import Security

    with dask.config.set(_LEAN_CLUSTER):
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            protocol="tls://", security=Security.temporary(), dashboard_address=None,
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            preload=[__name__], silence_logs=logging.CRITICAL,
        )


def connect(scheduler: str, security: Any) -> Any:
    from distributed import Client

    probe(scheduler)
    if scheduler.startswith("tls://") and security is None:
        raise ParameterError("security", None, "a distributed.security.Security with the "
                             "cluster's certificates for a tls:// scheduler")
    try:
        return Client(scheduler, timeout="10s", security=security)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}; nothing "
                             "was computed and nothing stored was touched") from exc


class _QuietConnectionLoss(logging.Filter):
    """Drop the Dask client's tracebacks about a lost scheduler: SchedulerError says it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, OSError | asyncio.CancelledError)


@contextlib.contextmanager
def quiet_client_logs() -> Iterator[None]:
    quiet = _QuietConnectionLoss()
    client_logger = logging.getLogger("distributed.client")
    client_logger.addFilter(quiet)
    try:
        yield
    finally:
        client_logger.removeFilter(quiet)


def close(thing: Any) -> None:
    """Close a Dask client or cluster; a slow close (a busy machine, a worker being restarted)
    is logged, not raised: every result is in hand by then."""
    try:
        thing.close(timeout=_CLOSE_TIMEOUT_S)
    except (TimeoutError, OSError) as exc:
        logger.warning("closing the Dask %s took over %g s (%s)", type(thing).__name__,
                       _CLOSE_TIMEOUT_S, exc)
