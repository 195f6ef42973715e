"""Timing helpers for the benchmarks: best-of-n wall time and a printable comparison."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def best_time(func: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls (s) and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


@dataclass(frozen=True)
class Comparison:
    """One side-by-side measurement."""

    name: str
    ours: float
    baseline: float
    baseline_name: str
    deviation: float
    tolerance: float

    @property
    def ratio(self) -> float:
        return self.baseline / self.ours

    @property
    def agrees(self) -> bool:
        return self.deviation <= self.tolerance

    def line(self) -> str:
        return (f"{self.name}: ours {self.ours * 1e3:.3g} ms, {self.baseline_name} "
                f"{self.baseline * 1e3:.3g} ms, ratio = {self.ratio:.3g}; max relative deviation "
                f"{self.deviation:.2e} (tolerance {self.tolerance:.0e})")
