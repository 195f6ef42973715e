"""Run every benchmark in benches/ (``./run bench``) and print their ratios.

Each ``bench_*.py`` module has ``main() -> list[Comparison]``; a comparison times ours and the
baseline in this one process and reports ratio = baseline_time / our_time and the agreement.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benches
from benches.timing import Comparison


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benches.__path__) if m.name.startswith(
        "bench_"))
    chosen = [n for n in names if not argv or any(a in n for a in argv)]
    results: list[Comparison] = []
    for name in chosen:
        module = importlib.import_module(f"benches.{name}")
        for comparison in module.main():
            print(comparison.line(), flush=True)
            results.append(comparison)
    failed = [c for c in results if not c.agrees]
    print(f"{len(results)} comparisons, {len(failed)} disagreeing results")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
