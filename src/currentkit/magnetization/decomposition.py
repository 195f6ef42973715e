"""Transport versus circulating (magnetization) currents of a steady 2D current field.

A steady current is divergence-free, so it has a stream function: J = ∇ × (ψ ẑ), i.e.
J_x = ∂_y ψ, J_y = −∂_x ψ. Along an insulating boundary J·n̂ = 0, so ψ is constant on each
insulating piece of the boundary; the difference of ψ between two pieces is the current that
flows between them, fed by the leads. Split

    ψ = ψ_h + M_z,   ∇²ψ_h = 0 in the region,   ψ_h = ψ on the boundary,

so M_z vanishes on the whole boundary. Then J_m = ∇ × (M_z ẑ) is a magnetization current: M_z is
a magnetization density (a moment per area) confined to the sample, and J_m carries zero net
current through every cut from boundary to boundary (the cut's two ends have M_z = 0). The
transport part J_t = ∇ × (ψ_h ẑ) is the unique field that is both divergence- and curl-free and
carries the lead currents: the current with no circulation of its own
(docs/physics/magnetization.rst).

Why a Helmholtz-Hodge split does not do this: it writes J = ∇φ + ∇ × A (+ a harmonic part)
and separates by divergence. A steady current, transport or circulating, has ∇·J = 0, so both
land in the same solenoidal part; what tells them apart is topological (the boundary values of
the stream function, i.e. the net current through cuts), which a divergence-based projection
with the usual boundary conditions never looks at. The split above instead fixes the harmonic
part by the boundary values of ψ, the lead currents.

Grid fields use the array layout of :mod:`currentkit.grid`: a vector field (2, nx, ny) whose
component 0 is along x (axis 0) and component 1 along y (axis 1), right-handed with ẑ.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import xarray as xr
from scipy.integrate import cumulative_trapezoid
from scipy.sparse.linalg import spsolve

from currentkit import grid
from currentkit.errors import ParameterError
from currentkit.results import labelled, with_provenance


def stream_function(current: np.ndarray, spacing: float | tuple[float, float]
                    ) -> tuple[np.ndarray, float]:
    """ψ with J = (∂_y ψ, −∂_x ψ) and ψ = 0 at the corner (x_0, y_0), by path integration.

    ψ is the mean of the two trapezoid path integrals (along y = y_0 then up each column, and
    along x = x_0 then across each row); for a divergence-free field they agree to O(h²).

    Returns
    -------
    psi, residual
        ψ (shape (nx, ny), units of J × length) and ``max |ψ_path1 − ψ_path2|/max |ψ|`` (0 when ψ
        vanishes): a measure of how far J is from divergence-free.
    """
    j = np.asarray(current, dtype=float)
    if j.ndim != 3 or j.shape[0] != 2 or min(j.shape[1:]) < 3:
        raise ParameterError("current", f"array of shape {j.shape}",
                             "a 2D vector field of shape (2, nx, ny) with nx, ny ≥ 3")
    if not np.all(np.isfinite(j)):
        raise ParameterError("current", "non-finite values", "finite current densities")
    hx, hy = grid.spacings(spacing, 2)
    bottom = -cumulative_trapezoid(j[1, :, 0], dx=hx, initial=0.0)
    path1 = bottom[:, None] + cumulative_trapezoid(j[0], dx=hy, axis=1, initial=0.0)
    left = cumulative_trapezoid(j[0, 0, :], dx=hy, initial=0.0)
    path2 = left[None, :] - cumulative_trapezoid(j[1], dx=hx, axis=0, initial=0.0)
    psi = 0.5 * (path1 + path2)
    scale = float(np.max(np.abs(psi)))
    residual = float(np.max(np.abs(path1 - path2))) / scale if scale > 0 else 0.0
    return psi, residual


def harmonic_extension(boundary: np.ndarray, spacing: float | tuple[float, float]) -> np.ndarray:
    """Solution of ∇²u = 0 (5-point stencil) inside the rectangle with u = ``boundary`` on its
    edges (only the edge values of ``boundary``, shape (nx, ny), are used)."""
    b = np.asarray(boundary, dtype=float)
    hx, hy = grid.spacings(spacing, 2)
    nx, ny = b.shape
    u = b.copy()
    mx, my = nx - 2, ny - 2
    if mx < 1 or my < 1:
        return u
    cx, cy = 1.0 / hx**2, 1.0 / hy**2
    lap = (sp.kron(sp.diags([cx, -2 * cx, cx], [-1, 0, 1], shape=(mx, mx)), sp.eye(my))
           + sp.kron(sp.eye(mx), sp.diags([cy, -2 * cy, cy], [-1, 0, 1], shape=(my, my))))
    rhs = np.zeros((mx, my))
    rhs[0, :] -= cx * b[0, 1:-1]
    rhs[-1, :] -= cx * b[-1, 1:-1]
    rhs[:, 0] -= cy * b[1:-1, 0]
    rhs[:, -1] -= cy * b[1:-1, -1]
    u[1:-1, 1:-1] = spsolve(sp.csr_matrix(lap), rhs.ravel()).reshape(mx, my)
    return u


def transport_split(current: np.ndarray, spacing: float | tuple[float, float], *,
                    units: str = "A/m") -> xr.Dataset:
    """Split a steady 2D current field on a rectangle into transport and circulating parts.

    The rectangle's edges are the boundary: insulating pieces (ψ constant there) and leads (where
    current enters or leaves, ψ varying); see the module notes for the criterion.

    Parameters
    ----------
    current
        J of shape (2, nx, ny) on a regular grid covering the region, edges included (a sheet
        current density, e.g. A/m, or a lattice current per bond pitch).
    spacing
        Grid pitch (hx, hy) or one pitch, in metres (or lattice constants).
    units
        Unit of ``current``; ψ and M_z get ``units`` × length (A for A/m and metres).

    Returns
    -------
    xarray.Dataset
        ``stream_function`` ψ, ``magnetization`` M_z = ψ − ψ_h, ``transport_current`` ∇×(ψ_hẑ)
        (central differences, :func:`currentkit.grid.curl_of_stream`), ``circulating_current``
        J − transport (so that the two parts add up to J exactly); attrs
        ``transport_total`` (ψ(top) − ψ(bottom) averaged over x: the current along +x between
        the bottom and top edges) and ``divergence_residual`` (see :func:`stream_function`).
    """
    psi, residual = stream_function(current, spacing)
    hx, hy = grid.spacings(spacing, 2)
    psi_h = harmonic_extension(psi, (hx, hy))
    transport = grid.curl_of_stream(psi_h, (hx, hy))
    j = np.asarray(current, dtype=float)
    nx, ny = psi.shape
    flux_unit = f"{units}*m" if units != "A/m" else "A"
    coords = {
        "x": labelled(hx * np.arange(nx), "x", "m", "x"),
        "y": labelled(hy * np.arange(ny), "y", "m", "y"),
        "component": labelled(np.array(["x", "y"]), "component", "1", "vector component"),
    }
    ds = xr.Dataset(
        {
            "stream_function": labelled(psi, ("x", "y"), flux_unit, "stream function psi"),
            "magnetization": labelled(psi - psi_h, ("x", "y"), flux_unit, "magnetization M_z"),
            "transport_current": labelled(transport, ("component", "x", "y"), units,
                                          "transport current curl(psi_h z)"),
            "circulating_current": labelled(j - transport, ("component", "x", "y"), units,
                                            "circulating (magnetization) current"),
        },
        coords=coords,
    )
    total = float(np.mean(psi[:, -1] - psi[:, 0]))
    ds.attrs.update(transport_total=total, transport_total_units=flux_unit,
                    divergence_residual=residual)
    return with_provenance(ds, {"spacing": [hx, hy], "units": units, "shape": [nx, ny]})


def strip_split(row_currents: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """The same split for a strip that is uniform along x (e.g. a periodic lattice ribbon).

    ``row_currents[y]`` is the current along +x carried by row y (one bond per row, per unit
    length along x). ψ lives on the W + 1 lines between and around the rows: ψ_0 = 0 below the
    strip, ψ_{y+1} = ψ_y + I(y), ψ_W = I_total above. Harmonic and uniform along x means linear:
    ψ_h = I_total·y/W, so M_z = ψ − ψ_h and the transport part is I_total/W on every row.

    Returns
    -------
    magnetization, transport, total
        M_z on the W + 1 lines (zero at both ends), the transport current per row (W,), and the
        net current I_total.
    """
    i = np.asarray(row_currents, dtype=float)
    if i.ndim != 1 or i.size < 1:
        raise ParameterError("row_currents", f"shape {i.shape}", "a 1D array, one per row")
    psi = np.concatenate([[0.0], np.cumsum(i)])
    total = float(psi[-1])
    w = i.size
    psi_h = total * np.arange(w + 1) / w
    return psi - psi_h, np.full(w, total / w), total


__all__ = ["harmonic_extension", "stream_function", "strip_split", "transport_split"]
