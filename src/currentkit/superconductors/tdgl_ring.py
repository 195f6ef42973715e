"""A thin-film superconducting ring simulated with time-dependent Ginzburg-Landau (pyTDGL).

The film is an annulus r_i < r < r_o of thickness d, London depth λ and coherence length ξ
(SI units), in a uniform applied field B along +z. pyTDGL (``tdgl``, Bishop-Van Horn, Comput.
Phys. Commun. 291, 108799 (2023)) evolves the order parameter ψ = |ψ|e^{iθ} on a triangular mesh;
screening is off, so the vector potential is the applied one, A = B ẑ × r/2, and the sheet
supercurrent is K = (d/μ0λ²)|ψ|²(Φ0∇θ/2π − A) with Φ0 = h/2e.

Fluxoid quantization around the hole: the phase winds by 2πn, n the winding number. In the
London limit (|ψ| = 1) and at zero applied field the ring carries
I_n = nΦ0/L_k with the annulus' kinetic inductance L_k = 2πμ0λ²/(d ln(r_o/r_i)), the London
ring model I_n = (nΦ0 − Φ)/L of :func:`currentkit.superconductors.fluxoid_states` with L = L_k
(no self-field, hence no geometric inductance). Sign convention: currents are positive
counter-clockwise seen from +z (a positive current adds flux along +z), as in
:func:`~currentkit.superconductors.fluxoid_states`.

The winding is read from ``Solution.boundary_phases()`` (the unwrapped phase around the hole's
boundary), not from ``Solution.hole_fluxoid``, whose interpolated value is off by 5–8 %
(py-tdgl issue #66).
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

from currentkit import units
from currentkit.errors import ParameterError, positive_real
from currentkit.results import labelled, with_provenance
from currentkit.superconductors.critical import check_positive

logger = logging.getLogger(__name__)

#: pyTDGL works in micrometres, millitesla and microamperes here; SI at the edges.
_UM, _MT, _UA = 1e-6, 1e-3, 1e-6
#: Points on the radial cut through which the ring current is integrated.
_CUT_POINTS = 81


@dataclass(frozen=True)
class FilmRing:
    """An annular superconducting film (SI units).

    Parameters
    ----------
    inner_radius, outer_radius
        Radii r_i < r_o of the hole and of the film (m).
    thickness
        Film thickness d (m).
    penetration_depth
        London depth λ (m).
    coherence_length
        GL coherence length ξ (m), smaller than the width r_o − r_i.
    """

    inner_radius: float
    outer_radius: float
    thickness: float
    penetration_depth: float
    coherence_length: float

    def __post_init__(self) -> None:
        for name in ("inner_radius", "outer_radius", "thickness", "penetration_depth",
                     "coherence_length"):
            check_positive(name, getattr(self, name), "m")
        if self.outer_radius <= self.inner_radius:
            raise ParameterError("outer_radius", self.outer_radius,
                                 f"larger than inner_radius = {self.inner_radius!r} m")
        if self.coherence_length >= self.outer_radius - self.inner_radius:
            raise ParameterError("coherence_length", self.coherence_length,
                                 "smaller than the width outer_radius − inner_radius")

    @property
    def mean_radius(self) -> float:
        """(r_i + r_o)/2 (m)."""
        return 0.5 * (self.inner_radius + self.outer_radius)

    def kinetic_inductance(self) -> float:
        """L_k = 2πμ0λ²/(d ln(r_o/r_i)) (H): London annulus, uniform |ψ| = 1."""
        log_ratio = math.log(self.outer_radius / self.inner_radius)
        return 2 * math.pi * units.MU_0 * self.penetration_depth**2 / (self.thickness * log_ratio)


def _device(film: FilmRing, max_edge_length: float) -> object:
    import tdgl
    from tdgl.geometry import circle

    layer = tdgl.Layer(
        london_lambda=film.penetration_depth / _UM,
        coherence_length=film.coherence_length / _UM,
        thickness=film.thickness / _UM,
    )
    edge = max_edge_length / _UM

    def ring(name: str, radius: float) -> object:
        points = max(24, math.ceil(2 * math.pi * radius / _UM / edge))
        return tdgl.Polygon(name, points=circle(radius / _UM, points=points))

    device = tdgl.Device(
        "film_ring",
        layer=layer,
        film=ring("film", film.outer_radius),
        holes=[ring("hole", film.inner_radius)],
        length_units="um",
    )
    with _quiet():
        device.make_mesh(max_edge_length=edge, smooth=10)
    return device


class _MeshNotes(logging.Filter):
    """Counts (and holds back) pyTDGL's per-site "Malformed Voronoi cell" mesh warnings."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if "Malformed Voronoi cell" in record.getMessage():
            self.count += 1
            return False
        return True


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence pyTDGL's progress bars (stderr), pass its warnings on to the log, and sum up its
    per-site mesh warnings in one line (a few boundary cells of a circle's mesh are irregular;
    the physics checks of this module hold regardless)."""
    notes = _MeshNotes()  # on the root handlers: pyTDGL's records propagate there
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(notes)
    try:
        with (warnings.catch_warnings(record=True) as caught,
              contextlib.redirect_stderr(io.StringIO())):
            warnings.simplefilter("always")
            yield
    finally:
        for handler in handlers:
            handler.removeFilter(notes)
    for item in caught:
        level = logging.DEBUG if issubclass(item.category, DeprecationWarning) else logging.WARNING
        logger.log(level, "pyTDGL: %s", item.message)
    if notes.count:
        logger.info("pyTDGL: %d boundary sites with malformed Voronoi cells", notes.count)


def _hole_winding(solution: object) -> int:
    """n = Δθ/2π around the hole from ``boundary_phases()``, closing the loop's last step."""
    indices, phases = solution.boundary_phases()["hole"]  # type: ignore[attr-defined]
    theta = np.angle(solution.tdgl_data.psi)  # type: ignore[attr-defined]
    closing = np.angle(np.exp(1j * (theta[indices[0]] - theta[indices[-1]])))
    turns = (phases[-1] - phases[0] + closing) / (2 * math.pi)
    winding = round(float(turns))
    if abs(turns - winding) > 1e-6:  # the closed loop makes whole turns up to rounding
        logger.warning("hole winding %.6f is not an integer", turns)
    return winding


def simulate_ring(
    film: FilmRing,
    fields: Sequence[float] | np.ndarray,
    *,
    max_edge_length: float | None = None,
    solve_time: float = 100.0,
) -> xr.Dataset:
    """Apply a sequence of uniform fields to a film ring with pyTDGL and record its state.

    Each field B_k (T, along +z) is held for ``solve_time`` and the solve is seeded with the
    state left by B_{k−1} (the first from the uniform state ψ = 1), so a sweep such as
    0 → B_max → 0 shows the fluxoid entering and staying trapped.

    Parameters
    ----------
    film
        The annulus.
    fields
        Applied fields B_k (T), a non-empty 1-D sequence of finite values.
    max_edge_length
        Largest mesh edge (m); default 0.8ξ (a coarse mesh: seconds per step).
    solve_time
        Simulated time per field, in pyTDGL's unit τ0 = μ0σλ² (dimensionless, > 0).

    Returns
    -------
    xarray.Dataset
        Over ``step`` (with coordinate ``field``, T): ``winding`` (integer phase winding n around
        the hole, from ``Solution.boundary_phases()``), ``current`` (A; supercurrent through the
        radial cut y = 0, r_i < x < r_o, positive counter-clockwise seen from +z) and
        ``applied_flux`` (BπR̄²/Φ0 with R̄ the mean radius, Φ0 = h/2e); over (``step``,
        ``site``), ``psi2`` = ``|ψ|²`` on the mesh sites at coordinates ``x``, ``y`` (m). attrs:
        ``flux_quantum`` (Wb), ``kinetic_inductance`` (H), ``seconds`` (wall time).
    """
    import tdgl

    b = np.asarray(fields, dtype=float)
    if b.ndim != 1 or b.size == 0 or not np.all(np.isfinite(b)):
        raise ParameterError("fields", fields, "a non-empty 1-D sequence of finite fields (T)")
    edge = 0.8 * film.coherence_length if max_edge_length is None else max_edge_length
    check_positive("max_edge_length", edge, "m")
    if edge >= film.outer_radius - film.inner_radius:
        raise ParameterError("max_edge_length", edge, "smaller than the ring's width")
    positive_real("solve_time", solve_time, "a positive, finite time in units of τ0")
    start = time.perf_counter()
    device = _device(film, edge)
    points = np.asarray(device.points)  # type: ignore[attr-defined]
    options = tdgl.SolverOptions(
        solve_time=float(solve_time),
        field_units="mT",
        current_units="uA",
        progress_interval=10**9,  # no progress bar
    )
    cut = np.column_stack([
        np.linspace(film.inner_radius, film.outer_radius, _CUT_POINTS) / _UM,
        np.zeros(_CUT_POINTS),
    ])
    winding = np.zeros(b.size, dtype=int)
    current = np.zeros(b.size)
    psi2 = np.zeros((b.size, points.shape[0]))
    seed = None
    for k, field in enumerate(b):
        with _quiet():
            solution = tdgl.solve(device, options, applied_vector_potential=field / _MT,
                                  seed_solution=seed)
        if solution is None:  # pragma: no cover - only when pyTDGL is interrupted
            raise RuntimeError("pyTDGL returned no solution")
        seed = solution
        winding[k] = _hole_winding(solution)
        # pyTDGL's path normal is dr × ẑ = −ŷ on this cut: flip to counter-clockwise positive.
        with _quiet():  # pyTDGL's path normals use a 2-D np.cross (deprecated in NumPy 2)
            through = solution.current_through_path(cut, dataset="supercurrent", units="uA",
                                                    with_units=False)
        current[k] = -float(through) * _UA
        psi2[k] = np.abs(solution.tdgl_data.psi) ** 2
        logger.info("B = %.4g T: winding %d, current %.4g A", field, winding[k], current[k])
    seconds = time.perf_counter() - start
    phi0 = units.FLUX_QUANTUM_SUPERCONDUCTING
    ds = xr.Dataset(
        {
            "winding": labelled(winding, "step", "1", "phase winding number around the hole"),
            "current": labelled(current, "step", "A",
                                "supercurrent around the ring (counter-clockwise from +z)"),
            "applied_flux": labelled(b * math.pi * film.mean_radius**2 / phi0, "step", "Phi0",
                                     "applied flux through the mean radius Φ/Φ0"),
            "psi2": labelled(psi2, ("step", "site"), "1", "order parameter |ψ|²"),
        },
        coords={
            "step": labelled(np.arange(b.size), "step", "1", "field step"),
            "field": labelled(b, "step", "T", "applied field B_z"),
            "x": labelled(points[:, 0] * _UM, "site", "m", "mesh site x"),
            "y": labelled(points[:, 1] * _UM, "site", "m", "mesh site y"),
        },
        attrs={
            "flux_quantum": phi0,
            "kinetic_inductance": film.kinetic_inductance(),
            "seconds": seconds,
            "tdgl_version": str(tdgl.__version__),
        },
    )
    logger.info("pyTDGL ring: %d steps, %d sites, %.1f s", b.size, points.shape[0], seconds)
    parameters = {"film": film, "fields": b, "max_edge_length": edge, "solve_time": solve_time}
    return with_provenance(ds, parameters)
