"""currentkit: currents in physics, computed from microscopic models and data, checked against
theory.

Subpackages: :mod:`currentkit.rings` (persistent currents of normal-metal rings),
:mod:`currentkit.superconductors` (superconducting rings in SI units). Core modules:
:mod:`~currentkit.units`, :mod:`~currentkit.results`, :mod:`~currentkit.parallel`,
:mod:`~currentkit.errors`.
"""

from currentkit import (
    errors,
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
from currentkit.errors import CurrentkitError, InputFileError, ParameterError
from currentkit.results import load_dataset, save_dataset

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
