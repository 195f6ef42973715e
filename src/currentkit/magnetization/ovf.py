"""OOMMF vector field files (OVF 0.99, 1.0 and 2.0): reader and writer.

Format (OOMMF user guide, "OVF file format")
--------------------------------------------
A header of ``# key: value`` lines (keys case- and space-insensitive; ``##`` starts a comment in
OVF 2.0) between ``# Begin: Header`` and ``# End: Header``, then ``# Begin: Data <format>`` with
``<format>`` one of ``text``, ``binary 4`` and ``binary 8``. Binary data begin with a check value
(1234567.0 for 4-byte, 123456789012345.0 for 8-byte floats), big-endian in OVF 1.0 (and 0.99),
little-endian in OVF 2.0. Values run with x fastest, then y, then z, each node holding
``valuedim`` numbers (always 3 in OVF 1.0), so the NumPy shape is (z, y, x, valuedim).
Irregular meshes list records ``x y z v1 … vd`` instead. OVF 1.0 has ``valuemultiplier``: the
stored values times the multiplier are the true values (honoured here, unlike some readers).
Only the first segment of a multi-segment file is read. OVF 0.99 files may lack ``meshtype``:
it is then taken from the first line.

Coordinates
-----------
The user guide defines ``xbase`` as the position of the first node, i.e. the centre of the first
cell, and ``xmin``/``xmax`` as the bounding box. Cell centres are therefore
``x_i = xbase + i·xstepsize``; without ``xbase`` they are ``xmin + (i + 1/2)·xstepsize``. A zero
(or missing) step, as written by old mumax3 versions, is replaced by ``(xmax − xmin)/xnodes``.
A bounding box that differs from ``nodes × step`` is logged as a warning and recorded in the
attribute ``bounding_box_mismatch`` (1); the coordinates follow ``base`` and ``step``. Lengths are
converted from ``meshunit`` to metres.

Returned form
-------------
Rectangular meshes: a :class:`xarray.DataArray` with dims (z, y, x, component), coordinates in
metres, ``component`` = ``x, y, z`` for valuedim 3 (``0 … d−1`` otherwise). Irregular meshes: dims
(point, component) with coordinates ``x``, ``y``, ``z`` along ``point``. Attributes: ``units``
(the common value unit; ``"1"`` for unitless values, for empty unit lists such as
``{} {} {}`` and when no unit is given),
``long_name``, ``title``, ``valuelabels`` and ``valueunits`` (space-separated), ``format`` (e.g.
``"OVF 2.0 binary 4"``), ``meshtype``, ``xstepsize``/``ystepsize``/``zstepsize`` (m),
``bounding_box_mismatch`` (0/1) and ``source``.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from currentkit.errors import InputFileError, ParameterError
from currentkit.files import input_file
from currentkit.magnetization.ovf_data import CHECK_VALUES, FORMATS, read_values
from currentkit.resources import available_memory
from currentkit.results import labelled

logger = logging.getLogger(__name__)

#: Length units allowed in ``meshunit``, in metres.
MESH_UNITS = {"m": 1.0, "cm": 1e-2, "mm": 1e-3, "um": 1e-6, "µm": 1e-6, "nm": 1e-9}
#: A header longer than this (bytes) without ``# Begin: Data`` is not an OVF header.
_MAX_HEADER = 1 << 20
_AXES = ("x", "y", "z")
_TCL_ITEM = re.compile(r"\{([^}]*)\}|(\S+)")


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


def _tcl_list(text: str) -> list[str]:
    """Items of a Tcl-style list: ``{a b} c {}`` → ``["a b", "c", ""]``."""
    return [m.group(1) if m.group(1) is not None else m.group(2)
            for m in _TCL_ITEM.finditer(text)]


class _Header:
    """The parsed header: normalised keys → (value, line number)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: dict[str, tuple[str, int]] = {}

    def text(self, key: str, default: str | None = None) -> str | None:
        item = self.items.get(key)
        return default if item is None else item[0]

    def number(self, key: str) -> float | None:
        item = self.items.get(key)
        if item is None:
            return None
        try:
            value = float(item[0])
        except ValueError:
            raise InputFileError(self.path, f"line {item[1]}: {key} = {item[0]!r} is not a "
                                 "number") from None
        if not np.isfinite(value):
            raise InputFileError(self.path, f"line {item[1]}: {key} = {item[0]!r} is not finite")
        return value

    def count(self, key: str) -> int:
        item = self.items.get(key)
        if item is None:
            raise InputFileError(self.path, f"header lacks the required key {key!r}")
        try:
            value = int(item[0])
        except ValueError:
            raise InputFileError(self.path, f"line {item[1]}: {key} = {item[0]!r} is not an "
                                 "integer") from None
        if value < 1:
            raise InputFileError(self.path, f"line {item[1]}: {key} = {value} is not ≥ 1")
        return value


def _parse_header(path: Path, raw: bytes) -> tuple[int, str, _Header, str, int, int]:
    """(version, meshtype from the first line, header, data format, data offset, data line)."""
    pos, line_no = 0, 0
    header = _Header(path)
    version, first_mesh = 0, ""
    while True:
        end = raw.find(b"\n", pos)
        if end < 0:
            end = len(raw)
        if pos >= len(raw) or pos > _MAX_HEADER:
            raise InputFileError(path, "no '# Begin: Data' line: the header is incomplete")
        line_no += 1
        try:
            line = raw[pos:end].decode("ascii").rstrip("\r").strip()
        except UnicodeDecodeError:
            raise InputFileError(path, f"line {line_no}: header is not ASCII text") from None
        pos = end + 1
        if line_no == 1:
            first = _norm(line)
            if first.startswith("#oommfovf2.0"):
                version = 2
            elif first.startswith("#oommf:") and ("v1.0" in first or "v0.99" in first):
                version = 1
                first_mesh = "irregular" if "irregular" in first else "rectangular"
            else:
                raise InputFileError(path, f"line 1: {line[:60]!r} is not an OVF 0.99, 1.0 or "
                                     "2.0 signature ('# OOMMF OVF 2.0' or '# OOMMF: rectangular "
                                     "mesh v1.0')")
            continue
        if "##" in line:
            line = line[: line.index("##")].rstrip()
        if not line:
            continue
        if not line.startswith("#"):
            raise InputFileError(path, f"line {line_no}: {line[:60]!r} is not a '# key: value' "
                                 "header line")
        key, sep, value = line[1:].partition(":")
        if not sep:
            if _norm(key) == "":
                continue
            raise InputFileError(path, f"line {line_no}: {line[:60]!r} has no ':' separator")
        key, value = _norm(key), value.strip()
        if key == "begin" and _norm(value).startswith("data"):
            fmt = " ".join(value.lower().split()[1:])
            if fmt not in FORMATS:
                raise InputFileError(path, f"line {line_no}: unknown data format {fmt!r}; "
                                     f"allowed: {', '.join(FORMATS)}")
            return version, first_mesh, header, fmt, pos, line_no
        if key not in ("begin", "end"):
            header.items.setdefault(key, (value, line_no))


def _axis(header: _Header, ax: str, nodes: int, scale: float) -> tuple[np.ndarray, float, bool]:
    """Cell-centre coordinates (m), the step (m) and whether the bounding box disagrees."""
    base, step = header.number(f"{ax}base"), header.number(f"{ax}stepsize")
    low, high = header.number(f"{ax}min"), header.number(f"{ax}max")
    if not step:
        if low is None or high is None or high <= low:
            raise InputFileError(header.path, f"{ax}stepsize is zero or missing and no "
                                 f"{ax}min < {ax}max bounding box gives it")
        step = (high - low) / nodes
        logger.info("%s: %sstepsize zero or missing; using (%smax − %smin)/%snodes = %g",
                    header.path, ax, ax, ax, ax, step)
    if step < 0:
        raise InputFileError(header.path, f"{ax}stepsize = {step} is negative")
    mismatch = False
    if low is not None and high is not None:
        span = high - low
        if abs(span - nodes * step) > 1e-6 * max(abs(span), nodes * step):
            mismatch = True
            logger.warning("%s: bounding box %smax − %smin = %g differs from %snodes × "
                           "%sstepsize = %g; coordinates follow base and step", header.path, ax,
                           ax, span, ax, ax, nodes * step)
    if base is None:
        if low is None:
            raise InputFileError(header.path, f"header gives neither {ax}base nor {ax}min")
        base = low + 0.5 * step
    return (base + step * np.arange(nodes)) * scale, step * scale, mismatch


def _coord(values: np.ndarray, dim: str, name: str) -> xr.DataArray:
    return labelled(values, dim, "m", f"{name} (cell centre)")


def read_ovf(path: str | os.PathLike[str]) -> xr.DataArray:
    """Read the first segment of an OVF 0.99/1.0/2.0 file (see the module notes).

    Parameters
    ----------
    path
        The ``.ovf`` / ``.omf`` file.

    Returns
    -------
    xarray.DataArray
        Dims (z, y, x, component) for rectangular meshes, (point, component) for irregular ones;
        coordinates in metres; values times ``valuemultiplier`` (OVF 1.0).

    Raises
    ------
    InputFileError
        Not a readable regular file, unknown version or data format, a bad header line (its
        number is named), wrong check value, data shorter or longer than the header declares
        (the declared size is compared with the file size before anything is allocated, and
        ``# End: Data <format>`` must follow the block exactly where the header's node count
        and ``valuedim`` say it ends), or a NaN/inf value (its line or byte offset, node and
        component are named).
    """
    path = input_file(path, max_bytes=available_memory())
    raw = path.read_bytes()
    version, first_mesh, header, fmt, offset, line = _parse_header(path, raw)
    meshtype = _norm(header.text("meshtype") or first_mesh or "rectangular")
    if meshtype not in ("rectangular", "irregular"):
        raise InputFileError(path, f"meshtype {meshtype!r} is not rectangular or irregular")
    unit_name = (header.text("meshunit") or "m").strip()
    if unit_name not in MESH_UNITS:
        raise InputFileError(path, f"meshunit {unit_name!r} is not one of "
                             f"{', '.join(MESH_UNITS)}")
    scale = MESH_UNITS[unit_name]
    if version == 2:
        dim = header.count("valuedim")
        units = _tcl_list(header.text("valueunits") or "")
        labels = _tcl_list(header.text("valuelabels") or "")
        multiplier = 1.0
    else:
        dim = 3
        units = [header.text("valueunit") or ""] * 3
        labels = []
        multiplier = header.number("valuemultiplier") or 1.0

    def component(c: int) -> str:
        return _AXES[c] if dim == 3 else str(c)

    if meshtype == "rectangular":
        nodes = [header.count(f"{ax}nodes") for ax in _AXES]
        count = nodes[0] * nodes[1] * nodes[2] * dim

        def place(i: int) -> str:
            node, c = divmod(i, dim)
            ix, iy, iz = node % nodes[0], node // nodes[0] % nodes[1], node // (nodes[0]
                                                                             * nodes[1])
            return f"node x={ix}, y={iy}, z={iz}, component {component(c)}"
    else:
        points = header.count("pointcount")
        count = points * (3 + dim)

        def place(i: int) -> str:
            point, c = divmod(i, 3 + dim)
            return f"point {point}, {_AXES[c] if c < 3 else f'component {component(c - 3)}'}"
    values = read_values(path, raw, offset, line, fmt, count, big_endian=version == 1,
                         place=place)
    components = [component(c) for c in range(dim)]  # dim is bounded by the data read
    unit_set = {u.strip() for u in units} or {""}
    common = unit_set.pop() if len(unit_set) == 1 else units[0]
    field_units = common if common not in ("", "1") else "1"
    long_name = (header.text("title") or "field").strip()
    attrs: dict[str, Any] = {
        "title": (header.text("title") or "").strip(),
        "valuelabels": " ".join(labels),
        "valueunits": " ".join(u if u else "{}" for u in units),
        "format": f"OVF {'2.0' if version == 2 else '1.0'} {fmt}",
        "meshtype": meshtype,
        "source": str(path),
    }
    comp = labelled(np.array(components), "component", "1", "vector component")
    if meshtype == "irregular":
        records = values.reshape(points, 3 + dim)
        xyz = records[:, :3] * scale
        coords = {name: _coord(xyz[:, i], "point", name) for i, name in enumerate(_AXES)}
        return labelled(records[:, 3:] * multiplier, ("point", "component"), field_units,
                        long_name, coords={**coords, "component": comp}, **attrs)
    axes = {}
    mismatch = False
    for ax, n in zip(_AXES, nodes, strict=True):
        axes[ax], attrs[f"{ax}stepsize"], bad = _axis(header, ax, n, scale)
        mismatch |= bad
    attrs["bounding_box_mismatch"] = int(mismatch)
    data = values.reshape(nodes[2], nodes[1], nodes[0], dim)
    if multiplier != 1.0:
        data = data * multiplier
    coords = {ax: _coord(axes[ax], ax, ax) for ax in _AXES}
    return labelled(data, ("z", "y", "x", "component"), field_units, long_name,
                    coords={**coords, "component": comp}, **attrs)


def _step(array: xr.DataArray, ax: str) -> float:
    c = np.asarray(array[ax], dtype=float)
    if c.size >= 2:
        steps = np.diff(c)
        if not np.allclose(steps, steps[0], rtol=1e-9, atol=0) or steps[0] <= 0:
            raise ParameterError(f"array.{ax}", "non-uniform coordinates",
                                 "equally spaced, increasing cell centres")
        return float((c[-1] - c[0]) / (c.size - 1))
    step = array.attrs.get(f"{ax}stepsize")
    if step is None or not float(step) > 0:
        raise ParameterError(f"array.attrs['{ax}stepsize']", step,
                             f"a positive cell size (m) when there is one {ax} node")
    return float(step)


def _brace(items: list[str]) -> str:
    return " ".join(f"{{{s}}}" if (not s or " " in s) else s for s in items)


def write_ovf(array: xr.DataArray, path: str | os.PathLike[str], *, format: str = "text",
              version: int = 2, title: str | None = None) -> Path:
    """Write ``array`` as an OVF file.

    Parameters
    ----------
    array
        Dims (z, y, x, component) with coordinates in metres (cell centres, equally spaced), or
        (point, component) with ``x``, ``y``, ``z`` point coordinates (irregular mesh), as
        :func:`read_ovf` returns. ``attrs['units']`` becomes the value unit.
    path
        File to write.
    format
        ``"text"`` (17 significant digits: exact round trip), ``"binary 4"`` or ``"binary 8"``.
    version
        1 (OVF 1.0, big-endian, valuedim 3, valuemultiplier 1) or 2 (OVF 2.0, little-endian).
    title
        Title line (default: ``attrs['title']`` or ``"currentkit"``).
    """
    if format not in FORMATS:
        raise ParameterError("format", format, f"one of {', '.join(FORMATS)}")
    if version not in (1, 2):
        raise ParameterError("version", version, "1 or 2")
    irregular = array.dims == ("point", "component")
    if not irregular and array.dims != ("z", "y", "x", "component"):
        raise ParameterError("array.dims", array.dims, "('z', 'y', 'x', 'component') or "
                             "('point', 'component')")
    dim = array.sizes["component"]
    if version == 1 and dim != 3:
        raise ParameterError("version", version, "2 for fields with valuedim ≠ 3")
    values = np.asarray(array.values, dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise ParameterError("array", "non-finite values", "finite numbers")
    unit = str(array.attrs.get("units", "1"))
    name = title or str(array.attrs.get("title") or "currentkit")
    head = ["# OOMMF OVF 2.0" if version == 2 else
            f"# OOMMF: {'irregular' if irregular else 'rectangular'} mesh v1.0",
            "# Segment count: 1", "# Begin: Segment", "# Begin: Header", f"# Title: {name}",
            f"# meshtype: {'irregular' if irregular else 'rectangular'}", "# meshunit: m"]
    if irregular:
        xyz = np.stack([np.asarray(array[ax], dtype=float) for ax in _AXES], axis=1)
        head.append(f"# pointcount: {xyz.shape[0]}")
        for i, ax in enumerate(_AXES):
            step = array.attrs.get(f"{ax}stepsize", 0.0)
            head.append(f"# {ax}stepsize: {float(step)!r}")
            head += [f"# {ax}min: {float(xyz[:, i].min())!r}",
                     f"# {ax}max: {float(xyz[:, i].max())!r}"]
        flat = np.concatenate([xyz, values], axis=1).ravel()
    else:
        for ax in _AXES:
            c, h = np.asarray(array[ax], dtype=float), _step(array, ax)
            head += [f"# {ax}base: {float(c[0])!r}", f"# {ax}stepsize: {h!r}",
                     f"# {ax}nodes: {c.size}", f"# {ax}min: {float(c[0] - h / 2)!r}",
                     f"# {ax}max: {float(c[-1] + h / 2)!r}"]
        flat = values.ravel()
    if version == 2:
        labels = str(array.attrs.get("valuelabels", "")).split() or [
            f"{name}_{c}" for c in np.asarray(array["component"]).astype(str)]
        head += [f"# valuedim: {dim}", f"# valuelabels: {_brace(labels[:dim])}",
                 f"# valueunits: {_brace([unit] * dim)}"]
    else:
        norms = np.linalg.norm(values, axis=-1)
        head += [f"# valueunit: {unit}", "# valuemultiplier: 1",
                 f"# ValueRangeMinMag: {float(norms.min()) if norms.size else 0.0!r}",
                 f"# ValueRangeMaxMag: {float(norms.max()) if norms.size else 0.0!r}"]
    label = "Text" if format == "text" else f"Binary {format.split()[1]}"
    head += ["# End: Header", f"# Begin: Data {label}"]
    if format == "text":
        per_line = 3 + dim if irregular else dim
        rows = flat.reshape(-1, per_line)
        body = "".join(" ".join(f"{v:.17g}" for v in row) + "\n" for row in rows).encode()
    else:
        size = int(format.split()[1])
        dtype = np.dtype(f"{'>' if version == 1 else '<'}f{size}")
        body = np.concatenate([[CHECK_VALUES[size]], flat]).astype(dtype).tobytes() + b"\n"
    tail = f"# End: Data {label}\n# End: Segment\n".encode()
    path = Path(path)
    path.write_bytes(("\n".join(head) + "\n").encode() + body + tail)
    logger.info("wrote %s", path)
    return path


__all__ = ["CHECK_VALUES", "FORMATS", "read_ovf", "write_ovf"]
