"""Make ``pytest.approx`` on tiny expected values without ``abs=`` an error.

``pytest.approx(x, rel=r)`` tolerates max(r·|x|, 1e-12): on SI values such as an energy of
2e-21 J the default absolute 1e-12 swamps the relative one and any value (0, the wrong sign,
10⁶× too large) passes. :func:`strict_approx` refuses that call: when ``abs`` is not given and a
nonzero expected magnitude is below :data:`SMALL`, the test must pass ``abs=`` (or compare in
natural units). Installed by tests/conftest.py for the whole suite.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest

#: Below this nonzero |expected| the default abs = 1e-12 is ≥ 1e-6 relative (pytest's default rel).
SMALL = 1e-6

#: pytest's own approx, for the rare test that must show what the default tolerance lets through.
original_approx = pytest.approx


def _magnitudes(expected: Any) -> np.ndarray:
    if isinstance(expected, Mapping):
        expected = list(expected.values())
    try:
        values = np.abs(np.asarray(expected, dtype=complex)).ravel()
    except (TypeError, ValueError):
        return np.zeros(0)
    return values[np.isfinite(values) & (values > 0)]


def strict_approx(expected: Any, rel: float | None = None, abs: float | None = None,
                  nan_ok: bool = False) -> Any:
    """``pytest.approx`` that raises ``TypeError`` for tiny ``expected`` without ``abs=``."""
    if abs is None:
        small = _magnitudes(expected)
        small = small[small < SMALL]
        if small.size:
            raise TypeError(
                f"pytest.approx of |expected| = {float(small.min()):.3g} < {SMALL:g} needs abs=: "
                f"the default abs=1e-12 would be {1e-12 / float(small.min()):.2g} relative")
    return original_approx(expected, rel=rel, abs=abs, nan_ok=nan_ok)


def install() -> None:
    """Replace ``pytest.approx`` by :func:`strict_approx` (idempotent)."""
    pytest.approx = strict_approx  # type: ignore[assignment]
