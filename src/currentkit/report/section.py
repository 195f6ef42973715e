"""What a tour section is: a titled figure plus a table of computed numbers beside theory.

A section module under :mod:`currentkit.report.sections` exposes ``build(folder) -> Section``: it
computes with the public API, writes its PNG figures into ``folder`` and returns a
:class:`Section` whose :class:`Row` objects compare each computed number with an independently
written closed form (or a quoted reference value) and a stated tolerance.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import numbers
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from currentkit.errors import ParameterError

Check = Literal["relative", "absolute", "greater", "less"]
_CHECKS = ("relative", "absolute", "greater", "less")


def _real(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(name, value, "a real number")
    return float(value)


@dataclass(frozen=True)
class Row:
    """One computed number beside its theory value.

    Parameters
    ----------
    quantity
        What is compared (plain text; escaped when rendered).
    computed
        The value computed by the library (NaN is allowed and fails the check).
    theory
        The closed-form or reference value, or the bound for ``"greater"``/``"less"`` checks.
    unit
        Unit of ``computed`` and ``theory`` (``"1"`` for pure numbers).
    tolerance
        Allowed |deviation|: relative for ``check="relative"``, in ``unit`` for ``"absolute"``;
        ignored (use 0) for the one-sided checks.
    check
        ``"relative"``: pass if |c − t|/|t| ≤ tolerance; ``"absolute"``: pass if |c − t| ≤
        tolerance; ``"greater"`` / ``"less"``: pass if c > t / c < t (a qualitative prediction).
    note
        Where the tolerance comes from (shown under the table row).
    """

    quantity: str
    computed: float
    theory: float
    unit: str
    tolerance: float
    check: Check = "relative"
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "computed", _real("computed", self.computed))
        object.__setattr__(self, "theory", _real("theory", self.theory))
        object.__setattr__(self, "tolerance", _real("tolerance", self.tolerance))
        if self.check not in _CHECKS:
            raise ParameterError("check", self.check, f"one of {', '.join(_CHECKS)}")
        if not math.isfinite(self.theory):
            raise ParameterError("theory", self.theory, "a finite theory value")
        if not (math.isfinite(self.tolerance) and self.tolerance >= 0):
            raise ParameterError("tolerance", self.tolerance, "a finite tolerance ≥ 0")
        if self.check == "relative" and self.theory == 0:
            raise ParameterError("theory", 0.0, "non-zero for a relative check (use 'absolute')")

    @property
    def deviation(self) -> float:
        """(c − t)/|t| for relative and one-sided checks, c − t (in ``unit``) for absolute."""
        diff = self.computed - self.theory
        if self.check == "absolute" or self.theory == 0:
            return diff
        return diff / abs(self.theory)

    @property
    def passed(self) -> bool:
        """Whether the computed value meets the check (never for a NaN)."""
        if not math.isfinite(self.computed):
            return False
        if self.check == "greater":
            return self.computed > self.theory
        if self.check == "less":
            return self.computed < self.theory
        return abs(self.deviation) <= self.tolerance

    @property
    def criterion(self) -> str:
        """The pass criterion as text, e.g. ``"|rel. dev.| ≤ 1e-06"`` or ``"computed > 1"``."""
        if self.check == "greater":
            return f"computed > {self.theory:.7g}"
        if self.check == "less":
            return f"computed < {self.theory:.7g}"
        kind = "rel. dev." if self.check == "relative" else f"dev. [{self.unit}]"
        return f"|{kind}| ≤ {self.tolerance:.3g}"


@dataclass(frozen=True)
class Section:
    """One phenomenon of the tour: title, introduction, figures and a table of checks.

    Parameters
    ----------
    title
        Heading (plain text).
    intro
        Explanation (plain text; paragraphs separated by blank lines).
    figures
        PNG file names, relative to the tour folder (no directories).
    rows
        The computed-versus-theory table.
    name
        Registry name of the section (set by the tour).
    error
        ``None`` for a section that was built; the error message for one that raised.
    seconds
        Wall-clock time to build the section (set by the tour).
    cpu_seconds
        CPU time of the tour's process while building the section (set by the tour); less
        sensitive than ``seconds`` to other programs sharing the machine.
    caption
        What the figure shows and how to read it (plain text, shown under the figure).
    """

    title: str
    intro: str
    figures: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    name: str = ""
    error: str | None = None
    seconds: float = field(default=0.0, compare=False)
    cpu_seconds: float = field(default=0.0, compare=False)
    caption: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "figures", tuple(self.figures))
        object.__setattr__(self, "rows", tuple(self.rows))
        for fig in self.figures:
            if not fig or "/" in fig or "\\" in fig or fig.startswith("."):
                raise ParameterError("figures", fig, "plain file names inside the tour folder")

    @property
    def failed_rows(self) -> tuple[Row, ...]:
        """The rows outside their tolerance."""
        return tuple(row for row in self.rows if not row.passed)

    @property
    def passed(self) -> bool:
        """True when the section was built and every row is within tolerance."""
        return self.error is None and not self.failed_rows

    @property
    def worst_ratio(self) -> float:
        """max |deviation|/tolerance over the two-sided rows (≤ 1: all pass); NaN if none.

        A row with zero tolerance counts 0 when it is met exactly and ∞ otherwise; the one-sided
        ``"greater"``/``"less"`` rows have no tolerance to compare with and are left out.
        """
        ratios = [_ratio(row) for row in self.rows if row.check in ("relative", "absolute")]
        return max(ratios) if ratios else math.nan


def _ratio(row: Row) -> float:
    deviation = abs(row.deviation)
    if math.isnan(deviation):
        return math.inf
    if row.tolerance == 0:
        return 0.0 if deviation == 0 else math.inf
    return deviation / row.tolerance


def failed_section(name: str, error: str, *, seconds: float = 0.0,
                   cpu_seconds: float = 0.0) -> Section:
    """The placeholder of a section whose ``build`` raised ``error``."""
    return Section(
        title=name.replace("_", " ").capitalize(),
        intro="This section could not be built.",
        name=name,
        error=error,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
    )


_FULL_SIZE: contextvars.ContextVar[bool] = contextvars.ContextVar("full_size", default=False)


def full_size() -> bool:
    """Whether the tour runs at full size (``currentkit tour --full``).

    A section that shrinks its default computation to keep the tour quick (or reads a stored
    result of a long simulation) computes the full-size version when this is true.
    """
    return _FULL_SIZE.get()


@contextlib.contextmanager
def full_size_mode(full: bool) -> Iterator[None]:
    """Within the block, :func:`full_size` returns ``full``."""
    token = _FULL_SIZE.set(bool(full))
    try:
        yield
    finally:
        _FULL_SIZE.reset(token)


def quoted_tolerance(value: str) -> float:
    """Relative half-unit in the last quoted digit of a reference value given as text.

    A reference quoted as ``"0.038100"`` is only known to ±0.0000005, so a computed value may
    deviate from it by 0.5·10^(last digit's exponent)/|value| (here 1.3e-5) and still agree.
    """
    try:
        number = Decimal(value.strip())
    except InvalidOperation as exc:
        allowed = "a decimal number as text, e.g. '2.952009e-12'"
        raise ParameterError("value", value, allowed) from exc
    if not number.is_finite() or number == 0:
        raise ParameterError("value", value, "a finite, non-zero quoted value")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite decimals have an integer exponent
    half_ulp = Decimal(5).scaleb(exponent - 1)
    return float(half_ulp / abs(number))
