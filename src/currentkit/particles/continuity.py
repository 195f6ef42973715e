"""The continuity equation ∂ρ/∂t + ∇·j = s checked on cloud-in-cell densities of particles.

As functions of the node position X, ρ(X) = Σ q W(X − r_i) and j(X) = Σ q v W(X − r_i) obey
∂ρ/∂t + ∇·j = 0 exactly for constant charges. On the data it is checked as

    (ρ^{n+1} − ρ^n)/Δt + ∇·j^{n+1/2} − s^{n+1/2} = residual,

``scheme="midpoint"``: j^{n+1/2} deposited at the midpoint positions r̄ = r^n + Δr/2 with the
frame-to-frame velocity Δr/Δt and the mean charge q̄ — a centred difference in time, so the
residual falls as Δt²; ``scheme="frame"``: j^n deposited at frame n with the stored velocities,
a one-sided difference whose residual falls only as Δt. The source of particles whose charge
changes is s = Σ (q^{n+1} − q^n)/Δt W(r̄)/h³. ∇· uses :func:`currentkit.grid.derivative`
(central differences, periodic), whose O(h²) error sets the floor the residual reaches as
Δt → 0 (a rotating Gaussian blob of width σ on a grid of pitch h: ≈ 5 % at σ/h = 2.6, four times
less at twice the resolution); axes with fewer than 3 nodes are treated as uniform (no
derivative). ``div_kind="staggered"`` removes that floor: j_a is deposited on the faces normal to
a (top-hat along a, CIC across), and the one-sided difference of the face currents is exactly
−∂ρ/∂t of the CIC density for instantaneous motion. The residual is reported as
RMS(residual)/RMS(∂ρ/∂t) per frame interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError
from currentkit.particles.current import Weights, particle_weights, velocities_of
from currentkit.particles.density import (
    DepositionGrid,
    check_box,
    deposit,
    divergence,
    staggered_divergence,
)
from currentkit.particles.frames import FrameChunk, displacement
from currentkit.results import labelled, with_provenance

SCHEMES = ("midpoint", "frame")
DIVERGENCES = ("central", "staggered")


def continuity(trajectory: Iterable[FrameChunk], shape: Sequence[int], *,
               scheme: str = "midpoint", div_kind: str = "central", weights: Weights = None,
               include_source: bool = True,
               parameters: Mapping[str, object] | None = None) -> xr.Dataset:
    """The continuity residual ∂ρ/∂t + ∇·j − s on a CIC grid for every frame interval.

    Parameters
    ----------
    trajectory
        Chunks in SI units with a fixed periodic box (velocities needed for ``"frame"``).
    shape
        Nodes (n_0, n_1, n_2).
    scheme
        ``"midpoint"`` (j at the interval's midpoint from the displacement; O(Δt²)) or
        ``"frame"`` (j at the interval's start from the stored velocities; O(Δt)).
    div_kind
        ``"central"``: node-centred CIC current and :func:`currentkit.grid.derivative` central
        differences (residual floor O(h²)); ``"staggered"``: face-centred current (top-hat along
        the face normal, CIC across) and one-sided differences, which conserve CIC charge exactly
        for instantaneous motion (what remains comes from particles crossing node planes within
        a frame interval).
    weights
        Per-particle conserved quantity (default the charges); a change between frames is the
        source s.
    include_source
        Subtract the source s (False: check ∂ρ/∂t + ∇·j = 0, to see what the source accounts
        for).

    Returns
    -------
    xarray.Dataset
        On the interval midpoints ``time``: ``drho_dt_rms`` (RMS of (ρ^{n+1} − ρ^n)/Δt, C/m³/s),
        ``divergence_rms``, ``source_rms``, ``residual_rms`` and ``relative_residual`` =
        residual_rms/drho_dt_rms; attrs ``max_relative_residual``.
    """
    if scheme not in SCHEMES:
        raise ParameterError("scheme", scheme, f"one of {', '.join(SCHEMES)}")
    if div_kind not in DIVERGENCES:
        raise ParameterError("div_kind", div_kind, f"one of {', '.join(DIVERGENCES)}")
    grid: DepositionGrid | None = None
    last: FrameChunk | None = None
    mids: list[float] = []
    rows: list[tuple[float, float, float, float]] = []
    for chunk in trajectory:
        grid = grid or DepositionGrid.for_chunk(chunk, shape)
        check_box(grid, chunk)
        joined = chunk if last is None else _join(last, chunk)
        if joined.frames >= 2:
            mids.extend(0.5 * (joined.time[1:] + joined.time[:-1]))
            rows.extend(_residuals(grid, joined, scheme, div_kind == "staggered", weights,
                                   include_source))
        last = chunk.select(slice(-1, None))
    if grid is None or not rows:
        raise ParameterError("trajectory", "fewer than two frames", "at least two frames")
    table = np.array(rows)
    rel = np.divide(table[:, 3], table[:, 0], out=np.full(len(rows), np.nan),
                    where=table[:, 0] > 0)
    unit = "C/(m^3 s)"
    names = (("drho_dt_rms", "RMS of (rho^{n+1} - rho^n)/dt"),
             ("divergence_rms", "RMS of div j"), ("source_rms", "RMS of the source s"),
             ("residual_rms", "RMS of drho/dt + div j - s"))
    data = {name: labelled(table[:, k], "time", unit, text)
            for k, (name, text) in enumerate(names)}
    data["relative_residual"] = labelled(rel, "time", "1", "RMS(residual)/RMS(drho/dt)")
    ds = xr.Dataset(data, coords={"time": labelled(np.array(mids), "time", "s",
                                                   "midpoint of the frame interval")})
    finite = rel[np.isfinite(rel)]
    ds.attrs.update(scheme=scheme, divergence=div_kind, source_included=int(include_source),
                    max_relative_residual=float(finite.max()) if finite.size
                    else float("nan"))
    return with_provenance(ds, {"grid": list(grid.shape), "scheme": scheme, "divergence": div_kind,
                                **(parameters or {})})


def _join(a: FrameChunk, b: FrameChunk) -> FrameChunk:
    def cat(x: np.ndarray | None, y: np.ndarray | None) -> np.ndarray | None:
        return None if x is None or y is None else np.concatenate([x, y])

    return FrameChunk(np.concatenate([a.time, b.time]), np.concatenate([a.positions,
                                                                         b.positions]),
                      cat(a.velocities, b.velocities), cat(a.charges, b.charges), b.types,
                      cat(a.box_lo, b.box_lo), cat(a.box_length, b.box_length), b.unwrapped)


def _residuals(grid: DepositionGrid, chunk: FrameChunk, scheme: str, stagger: bool,
               weights: Weights, include_source: bool,
               ) -> list[tuple[float, float, float, float]]:
    q = particle_weights(chunk, weights)
    pos = chunk.positions
    dt = np.diff(chunk.time)[:, None, None]
    rho = deposit(grid, pos, q) / grid.cell_volume
    step = displacement(pos[:-1], pos[1:], np.asarray(grid.length), chunk.unwrapped)
    dq = (q[1:] - q[:-1]) / dt[..., 0]
    if scheme == "midpoint":
        where = pos[:-1] + 0.5 * step
        flux = 0.5 * (q[1:] + q[:-1])[..., None] * step / dt
    else:
        where = pos[:-1]
        flux = q[:-1, :, None] * velocities_of(chunk)[:-1]
    if stagger:
        source_all = deposit(grid, where, dq) / grid.cell_volume
        div_all = np.zeros_like(rho[1:])
        for a in range(3):
            faces = deposit(grid, where, flux[..., a], face=a) / grid.cell_volume
            div_all += staggered_divergence(grid, a, faces)
    else:
        dep = deposit(grid, where, np.concatenate([flux, dq[..., None]], axis=2))
        dep /= grid.cell_volume
        source_all = dep[:, 3]
        div_all = np.stack([divergence(grid, dep[k, :3]) for k in range(dep.shape[0])])
    rows = []
    for k in range(dt.shape[0]):
        drho = (rho[k + 1] - rho[k]) / dt[k, 0, 0]
        div = div_all[k]
        source = source_all[k] if include_source else np.zeros_like(drho)
        res = drho + div - source
        drms, vrms, srms, rrms = (float(np.sqrt(np.mean(f**2))) for f in (drho, div, source, res))
        rows.append((drms, vrms, srms, rrms))
    return rows
