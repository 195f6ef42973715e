"""Exceptions raised by currentkit.

Every error a user can cause derives from :class:`CurrentkitError`, so callers (and the CLI,
which turns them into a one-line message and exit code 2) can tell user errors from bugs.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any


class CurrentkitError(Exception):
    """Base class of every error a user of currentkit can cause."""


class ParameterError(CurrentkitError, ValueError):
    """A parameter has a value outside what is allowed.

    The message names the parameter, the value given and what is allowed.
    """

    def __init__(self, name: str, value: Any, allowed: str) -> None:
        self.name = name
        self.value = value
        self.allowed = allowed
        super().__init__(f"{name}={value!r} is not allowed: {allowed}")


class InputFileError(CurrentkitError, ValueError):
    """A file is missing, truncated, corrupt or not of the expected format."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NonFiniteResultError(CurrentkitError, ArithmeticError):
    """A computation produced NaN or infinities: the parameters left the range of its numerics."""


class StoreMismatchError(CurrentkitError):
    """A checkpoint store was written by a different configuration and cannot be reused."""


class SchedulerError(CurrentkitError):
    """A Dask scheduler could not be reached or started."""


def reject_unknown(kind: str, given: Iterable[str], known: Iterable[str]) -> None:
    """Raise :class:`ParameterError` if ``given`` holds a key not in ``known``.

    Parameters
    ----------
    kind
        What the keys configure (used in the message), e.g. ``"LatticeRing"``.
    given, known
        The keys passed and the keys allowed.
    """
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ParameterError(
            f"{kind} option", unknown[0], f"known options are {', '.join(sorted(known))}"
        )


def finite_real(name: str, value: Any, allowed: str = "a finite real number", *,
                nonnegative: bool = False) -> float:
    """``value`` as a float if it is a finite real number (≥ 0 with ``nonnegative``).

    Raises :class:`ParameterError` naming ``name``, the value and ``allowed`` otherwise; booleans
    and text are refused even though Python could convert them.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ParameterError(name, value, allowed)
    if nonnegative and value < 0:
        raise ParameterError(name, value, allowed)
    return float(value)


def positive_real(name: str, value: Any, allowed: str = "a positive, finite number") -> float:
    """``value`` as a float if it is a finite real number > 0, else :class:`ParameterError`."""
    number = finite_real(name, value, allowed)
    if number <= 0:
        raise ParameterError(name, value, allowed)
    return number
