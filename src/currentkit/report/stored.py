"""Stored results of the tour's long simulations, keyed by their exact inputs.

A section whose simulation takes minutes (the pyTDGL film ring) ships its result as a netCDF file
in ``currentkit/report/data/``, named ``<name>-<key>.nc``. The key is a SHA-256 digest of the
simulation's inputs *and* the versions of the libraries that produced it, so a stored file is
used only for exactly the computation it records; any other input, or another pyTDGL version,
finds no file and computes afresh. ``currentkit tour --full`` always recomputes, and writes the
fresh result into the tour folder under the same name, from where it can replace the shipped one.

The checks of a section run on the stored numbers exactly as on fresh ones; the test suite
recomputes each stored result and compares.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import xarray as xr

from currentkit.report.section import full_size
from currentkit.results import load_dataset, parameters_json, save_dataset

logger = logging.getLogger(__name__)

#: Folder of the shipped results (package data).
DATA = Path(__file__).resolve().parent / "data"


def stored_key(inputs: Mapping[str, Any]) -> str:
    """16 hex digits of the SHA-256 of ``inputs`` serialised as sorted JSON.

    ``inputs`` holds everything the result depends on: parameters (dataclasses, arrays and
    scalars are serialised by :func:`currentkit.results.parameters_json`) and library versions.
    """
    text = parameters_json(dict(inputs))
    json.loads(text)  # a round trip: only plain JSON enters the digest
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stored_path(name: str, inputs: Mapping[str, Any], *, folder: Path = DATA) -> Path:
    """Where the result of ``name`` for ``inputs`` is (or would be) stored."""
    return folder / f"{name}-{stored_key(inputs)}.nc"


def stored_or_computed(
    name: str,
    inputs: Mapping[str, Any],
    compute: Callable[[], xr.Dataset],
    *,
    output: Path,
) -> tuple[xr.Dataset, bool]:
    """The stored result for exactly ``inputs``, or a fresh one from ``compute()``.

    Parameters
    ----------
    name
        Prefix of the stored file (the section's name).
    inputs
        Everything the result depends on, library versions included (see :func:`stored_key`).
    compute
        Computes the result (minutes).
    output
        The tour folder: in full-size mode (:func:`~currentkit.report.section.full_size`), and
        whenever no stored result matches, the fresh result is also written there as
        ``<name>-<key>.nc`` (ready to be shipped in ``currentkit/report/data/``).

    Returns
    -------
    (xarray.Dataset, bool)
        The result, and whether it was read from the shipped file (False: computed now).
    """
    key = stored_key(inputs)
    path = DATA / f"{name}-{key}.nc"
    if not full_size() and path.is_file():
        ds = load_dataset(path)
        if ds.attrs.get("stored_key") == key:
            logger.info("%s: stored result %s (inputs and library versions match)", name,
                        path.name)
            return ds, True
        logger.warning("%s: %s does not record key %s; computing afresh", name, path.name, key)
    elif not full_size():
        logger.info("%s: no stored result for these inputs (key %s); computing afresh", name, key)
    ds = compute()
    ds.attrs["stored_key"] = key
    save_dataset(ds, output / path.name)
    return ds, False
