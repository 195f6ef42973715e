"""Conventions for result datasets: units, provenance, atomic netCDF save and load.

Every computation returns an :class:`xarray.Dataset` whose variables and coordinates carry
``units`` and ``long_name`` attributes, and whose attrs hold ``currentkit_version``, the model's
parameters as a JSON string (``parameters``), the random ``seed`` (−1 when nothing is random) and
``complete`` (1 when every part was computed, 0 for a partial result). NetCDF attributes cannot
hold booleans or ``None``: booleans are stored as 0/1 and ``None`` is refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Hashable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from currentkit.errors import InputFileError

logger = logging.getLogger(__name__)

#: Arrays longer than this are summarised (shape, range, digest) in the parameters JSON.
_INLINE_ARRAY_LIMIT = 64
_REQUIRED_ATTRS = ("currentkit_version", "parameters", "seed", "complete")


def version() -> str:
    """The installed currentkit version."""
    try:
        return metadata.version("currentkit")
    except metadata.PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        if value.size <= _INLINE_ARRAY_LIMIT:
            return _jsonable(value.tolist())
        digest = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()[:16]
        return {
            "array_shape": list(value.shape),
            "min": float(np.min(value)),
            "max": float(np.max(value)),
            "sha256_16": digest,
        }
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return repr(value)
    return value


def parameters_json(parameters: Any) -> str:
    """Serialise a parameter set (dataclass, mapping, scalars, arrays) to a JSON string.

    Arrays of more than 64 elements are replaced by their shape, range and a SHA-256 digest so
    that attributes stay small while two different inputs never look the same.
    """
    return json.dumps(_jsonable(parameters), sort_keys=True)


def with_provenance(
    ds: xr.Dataset, parameters: Any, *, seed: int | None = None, complete: bool = True
) -> xr.Dataset:
    """Return ``ds`` with the provenance attrs of the conventions set.

    Parameters
    ----------
    ds
        The result.
    parameters
        The model and options that produced it (serialised with :func:`parameters_json`).
    seed
        The random seed, or ``None`` when nothing was random (stored as −1).
    complete
        Whether every part of the result was computed (stored as 1 or 0).
    """
    ds = ds.copy()
    ds.attrs.update(
        currentkit_version=version(),
        parameters=parameters_json(parameters),
        seed=-1 if seed is None else int(seed),
        complete=int(bool(complete)),
    )
    return ds


def labelled(data: Any, dims: str | tuple[Hashable, ...], units: str, long_name: str,
             **attrs: Any) -> xr.DataArray:
    """A variable or coordinate of a result: ``data`` on ``dims`` with ``units`` and ``long_name``.

    The one way results label their variables (extra ``attrs``, e.g. ``flux_quantum``, are
    added). ``units`` follows the project's strings ("t", "e*t/hbar", "A", "Phi0", "1" for
    dimensionless); ``long_name`` states the quantity and, where it matters, its sign convention.
    Use it inside :class:`xarray.Dataset` as a data variable or coordinate.
    """
    values = np.asarray(data)
    shape = (dims,) if isinstance(dims, str) else tuple(dims)
    return xr.DataArray(values, dims=shape, attrs={"units": units, "long_name": long_name,
                                                   **attrs})


def check_conventions(ds: xr.Dataset) -> None:
    """Raise ``ValueError`` listing every way ``ds`` breaks the result conventions."""
    problems = [f"missing dataset attr {a!r}" for a in _REQUIRED_ATTRS if a not in ds.attrs]
    for name, var in {**ds.coords, **ds.data_vars}.items():
        for attr in ("units", "long_name"):
            if attr not in var.attrs:
                problems.append(f"{name!r} lacks {attr!r}")
    if problems:
        raise ValueError("; ".join(problems))


def _netcdf_safe(attrs: Mapping[str, Any], where: str) -> dict[str, Any]:
    safe: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            raise ValueError(f"attr {key!r} of {where} is None, which netCDF cannot store")
        safe[key] = int(value) if isinstance(value, bool | np.bool_) else value
    return safe


def save_dataset(ds: xr.Dataset, path: str | os.PathLike[str]) -> Path:
    """Write ``ds`` to a netCDF-4 file (h5netcdf engine) atomically.

    The data is written to a temporary file in the target folder and renamed over ``path`` only
    when complete, so an interrupted write never leaves a truncated file behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = ds.copy()
    out.attrs = _netcdf_safe(ds.attrs, "the dataset")
    for name in [*out.coords, *out.data_vars]:
        out[name].attrs = _netcdf_safe(out[name].attrs, repr(name))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes owner-only files; use the usual mode
        out.to_netcdf(tmp, engine="h5netcdf")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    logger.info("wrote %s", path)
    return path


def load_dataset(path: str | os.PathLike[str]) -> xr.Dataset:
    """Read a dataset written by :func:`save_dataset` fully into memory.

    Raises
    ------
    InputFileError
        If the file is missing, truncated or not a netCDF-4/HDF5 file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(path, "no such file")
    try:
        with xr.open_dataset(path, engine="h5netcdf") as ds:
            return ds.load()
    except (OSError, ValueError, KeyError) as exc:
        raise InputFileError(path, f"not a readable netCDF-4 file ({exc})") from exc
