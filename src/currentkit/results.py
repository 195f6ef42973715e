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
from collections.abc import Callable, Hashable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from currentkit.errors import InputFileError, NonFiniteResultError
from currentkit.files import input_file
from currentkit.resources import available_memory

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


def labelled(data: Any, dims: str | tuple[Hashable, ...], units: str, long_name: str, *,
             coords: Mapping[Any, Any] | None = None, **attrs: Any) -> xr.DataArray:
    """A variable or coordinate of a result: ``data`` on ``dims`` with ``units`` and ``long_name``.

    The one way results label their variables (extra ``attrs``, e.g. ``flux_quantum``, are
    added after ``units`` and ``long_name``). ``units`` follows the project's strings ("t",
    "e*t/hbar", "A", "Phi0", "1" for dimensionless); ``long_name`` states the quantity and,
    where it matters, its sign convention. Use it inside :class:`xarray.Dataset` as a data
    variable or coordinate; ``coords`` (as for :class:`xarray.DataArray`) gives a standalone
    variable its coordinates.
    """
    values = np.asarray(data)
    shape = (dims,) if isinstance(dims, str) else tuple(dims)
    return xr.DataArray(values, dims=shape, coords=coords,
                        attrs={"units": units, "long_name": long_name, **attrs})


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


def atomic_write(path: str | os.PathLike[str], write: Callable[[str], None]) -> Path:
    """Create ``path`` atomically: ``write(tmp)`` fills a temporary file beside it, then rename.

    The temporary file lives in the target folder (so :func:`os.replace` is atomic) and gets the
    mode an ordinary new file would have under the user's umask (mkstemp makes 0600); an
    interrupted or failed write removes it, so ``path`` is either the old file or the whole new
    one, never a half-written one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        write(tmp)
        with open(tmp, "rb+") as handle:  # on disk before the rename makes it the file
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def save_dataset(ds: xr.Dataset, path: str | os.PathLike[str]) -> Path:
    """Write ``ds`` to a netCDF-4 file (h5netcdf engine) atomically (see :func:`atomic_write`)."""
    out = ds.copy()
    out.attrs = _netcdf_safe(ds.attrs, "the dataset")
    for name in [*out.coords, *out.data_vars]:
        out[name].attrs = _netcdf_safe(out[name].attrs, repr(name))
    path = atomic_write(path, lambda tmp: out.to_netcdf(tmp, engine="h5netcdf"))
    logger.info("wrote %s", path)
    return path


def require_finite(ds: xr.Dataset, hint: str) -> xr.Dataset:
    """Return ``ds`` if every numeric variable, coordinate and attr is finite.

    Raises
    ------
    NonFiniteResultError
        Naming the first variable (or attr) holding NaN or ±inf, how many of its values do, and
        ``hint`` (which parameters to bring back into range).
    """
    for name, var in {**ds.data_vars, **ds.coords}.items():
        values = np.asarray(var.values)
        if values.dtype.kind in "fc":
            bad = int(values.size - np.count_nonzero(np.isfinite(values)))
            if bad:
                raise NonFiniteResultError(
                    f"the result {name!r} is not finite ({bad} of {values.size} values are NaN or "
                    f"infinite), so nothing was written: {hint}")
    for key, value in ds.attrs.items():
        if isinstance(value, float | np.floating) and not np.isfinite(value):
            raise NonFiniteResultError(f"the result's {key!r} is {value}, so nothing was "
                                       f"written: {hint}")
    return ds


def _check_self_contained(path: Path) -> None:
    """Refuse HDF5 files whose data live elsewhere: external links, external raw storage,
    virtual datasets and link kinds other than hard and soft links (before xarray opens it)."""
    import h5py

    problems: list[str] = []

    def visit(name: str, link: object) -> None:
        if isinstance(link, h5py.ExternalLink):
            problems.append(f"{name!r} is an external link to {link.filename!r}:{link.path!r}")
        elif not isinstance(link, h5py.HardLink | h5py.SoftLink):
            problems.append(f"{name!r} is a link of kind {type(link).__name__}")
        elif isinstance(link, h5py.HardLink):
            obj = handle.get(name)
            if isinstance(obj, h5py.Dataset):
                if obj.external:
                    problems.append(f"dataset {name!r} stores its data in other files "
                                    f"({', '.join(str(e[0]) for e in obj.external)})")
                if obj.is_virtual:
                    problems.append(f"dataset {name!r} is a virtual dataset mapping other files")

    with h5py.File(path, "r") as handle:
        handle.visititems_links(visit)
    if problems:
        raise InputFileError(path, "refused: data outside the file (" + "; ".join(problems[:3])
                             + ("; …" if len(problems) > 3 else "") + "); currentkit files are "
                             "self-contained")


def load_dataset(path: str | os.PathLike[str]) -> xr.Dataset:
    """Read a dataset written by :func:`save_dataset` fully into memory.

    Before xarray opens it, the file is checked to be a regular file that fits in memory and to
    hold all of its data: external links, external raw storage and virtual datasets (which
    would read other files of the machine) are refused.

    Raises
    ------
    InputFileError
        If the file is missing, not a regular file, truncated, corrupt, not a netCDF-4/HDF5
        file, or refers to data outside itself.
    """
    path = input_file(path, max_bytes=available_memory())
    try:
        _check_self_contained(path)
        with xr.open_dataset(path, engine="h5netcdf") as ds:
            return ds.load()
    except InputFileError:
        raise
    # HDF5 reports corrupt metadata as OSError, RuntimeError, KeyError, ValueError or TypeError
    # depending on which structure a damaged byte hits
    except (OSError, ValueError, KeyError, RuntimeError, TypeError, IndexError) as exc:
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        raise InputFileError(path, f"not a readable netCDF-4 file ({type(exc).__name__}: "
                             f"{first})") from exc
