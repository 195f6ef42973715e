"""Exceptions raised by currentkit.

Every error a user can cause derives from :class:`CurrentkitError`, so callers (and the CLI,
which turns them into a one-line message and exit code 2) can tell user errors from bugs.
:class:`ConvergenceError` is the exception: valid inputs on which a numerical method failed (the
CLI reports it in one line too, with exit code 1, without blaming the user).
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


class ConvergenceError(CurrentkitError, ArithmeticError):
    """A numerical method did not converge (a root search, an iteration, a series).

    Not the user's fault as such: the inputs were valid but the numerics failed. The CLI reports it
    on one line with exit code 1 (an error of the computation), not 2 (an error of the user).
    """

    def __init__(self, what: str, detail: str) -> None:
        self.what = what
        self.detail = detail
        super().__init__(f"{what} did not converge: {detail}")


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


def integer(name: str, value: Any, *, minimum: int | None = None, maximum: int | None = None,
            what: str = "") -> int:
    """``value`` as an int if it is an integer in ``[minimum, maximum]`` (either bound optional).

    Booleans are refused (``True`` is not a count), as are floats even when integral (``3.0``) and
    text. Raises :class:`ParameterError` naming ``name``, the value and the allowed range, followed
    by ``what`` in parentheses when given.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or (
        minimum is not None and int(value) < minimum) or (
        maximum is not None and int(value) > maximum):
        if minimum is not None and maximum is not None:
            allowed = f"an integer in {minimum} … {maximum}"
        elif minimum is not None:
            allowed = f"an integer ≥ {minimum}"
        elif maximum is not None:
            allowed = f"an integer ≤ {maximum}"
        else:
            allowed = "an integer"
        raise ParameterError(name, value, f"{allowed} ({what})" if what else allowed)
    return int(value)


def temperature(name: str, value: Any, allowed: str = "a finite k_BT ≥ 0") -> float:
    """``value`` as a float if it is a finite temperature k_BT ≥ 0 (0 is the ground state).

    Booleans, text, NaN, ±∞ and negative values raise :class:`ParameterError`.
    """
    return finite_real(name, value, allowed, nonnegative=True)


def positive_real(name: str, value: Any, allowed: str = "a positive, finite number") -> float:
    """``value`` as a float if it is a finite real number > 0, else :class:`ParameterError`."""
    number = finite_real(name, value, allowed)
    if number <= 0:
        raise ParameterError(name, value, allowed)
    return number
