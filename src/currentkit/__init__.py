"""currentkit: currents in physics, computed from microscopic models and data, checked against
theory.

Domain packages: :mod:`currentkit.rings` (persistent currents of normal-metal rings,
interacting rings), :mod:`currentkit.superconductors` (superconducting rings in SI units),
:mod:`currentkit.particles` (currents from particle trajectories), :mod:`currentkit.kubo`
(Green-Kubo transport), :mod:`currentkit.waves` (probability currents),
:mod:`currentkit.magnetization` (bound and circulating currents). Core modules:
:mod:`~currentkit.units`, :mod:`~currentkit.results`, :mod:`~currentkit.parallel`,
:mod:`~currentkit.grid`, :mod:`~currentkit.errors`.

The domain packages are imported on first use (``ck.rings`` loads :mod:`currentkit.rings`), so
a command or script pays only for the packages it touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from currentkit import errors
from currentkit.errors import CurrentkitError, InputFileError, ParameterError

if TYPE_CHECKING:
    from currentkit import (
        grid,
        kubo,
        magnetization,
        parallel,
        particles,
        results,
        rings,
        superconductors,
        units,
        waves,
    )
    from currentkit.results import load_dataset, save_dataset

#: Submodules loaded on first attribute access (even NumPy waits: ``import currentkit`` is
#: instant, so the command line can catch Ctrl-C during its start-up).
_LAZY = ("grid", "kubo", "magnetization", "parallel", "particles", "results", "rings",
         "superconductors", "units", "waves")
#: Functions loaded from their module on first access.
_LAZY_NAMES = {"load_dataset": "results", "save_dataset": "results"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"currentkit.{name}")
        globals()[name] = module
        return module
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(f"currentkit.{_LAZY_NAMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'currentkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CurrentkitError",
    "InputFileError",
    "ParameterError",
    "errors",
    "grid",
    "kubo",
    "load_dataset",
    "magnetization",
    "parallel",
    "particles",
    "results",
    "rings",
    "save_dataset",
    "superconductors",
    "units",
    "waves",
]
