"""Predicting the typical persistent current of a measured metal ring from its parameters.

A measured ring is described by what experiments report — material, mean radius, line width,
thickness, diffusion constant (or resistivity), dephasing length, field, spin-orbit strength —
each with the place it was taken from. :func:`ring_prediction` turns it into the typical
current of :func:`~currentkit.rings.typical_current_si` as a function of temperature, with the
field threading the hole, splitting the spins (Zeeman) and, through the line width, dephasing
the cooperon in the metal.

The experiments this is meant for: Bluhm et al., PRL 102, 136802 (2009) (individual Au rings,
scanning SQUID; strong spin-orbit scattering in Au) and Bleszynski-Jayich et al., Science 326,
272 (2009) (Al rings on cantilevers in fields of several tesla; ring parameters tabulated in
W. E. Shanks, PhD thesis, Yale 2011, arXiv:1112.3395; theory in Ginossar et al., PRB 81,
155448 (2010)). No ring of theirs is tabulated here: every number of a :class:`RingSample`
must come with its source, and the published tables were not at hand when this module was
written. A sample is built by the caller from the paper, e.g.::

    RingSample("ring A", "Au", radius=..., width=..., thickness=..., diffusion=...,
               spin_orbit="strong", sources={"radius": "PRL 102, 136802, Table I", ...})

The resistivity route: the Einstein relation σ = e²νD (ν the density of states at the Fermi
level per unit energy and volume, both spins) gives D = 1/(e²νρ)
(:func:`diffusion_from_resistivity`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError, finite_real, positive_real
from currentkit.results import labelled, with_provenance
from currentkit.rings.disorder.real_rings import typical_current_si
from currentkit.units import ELEMENTARY_CHARGE

#: The inputs of a :class:`RingSample` that are numbers and so need a source.
_NUMBERS = ("radius", "width", "thickness", "diffusion", "dephasing_length", "field",
            "g_factor", "spin_orbit")


def diffusion_from_resistivity(resistivity: float, density_of_states: float) -> float:
    """D = 1/(e²νρ) (m²/s): the Einstein relation σ = e²νD.

    Parameters
    ----------
    resistivity
        ρ (Ω·m), > 0.
    density_of_states
        ν at the Fermi level, per unit energy and volume, both spin directions (1/(J·m³)), > 0.
    """
    rho = positive_real("resistivity", resistivity, "a positive resistivity in ohm*m")
    nu = positive_real("density_of_states", density_of_states,
                       "a positive density of states in 1/(J*m^3)")
    return 1 / (ELEMENTARY_CHARGE**2 * nu * rho)


@dataclass(frozen=True)
class RingSample:
    """A measured ring and where each of its numbers comes from.

    Parameters
    ----------
    name, material
        Labels.
    radius
        Mean radius R (m); the circumference is L = 2πR.
    width, thickness
        Line width w and film thickness (m); w sets the cooperon's dephasing by the field in
        the metal (the thickness is recorded, not used: the field is taken perpendicular to
        the ring's plane).
    diffusion
        D (m²/s).
    dephasing_length
        L_φ (m); ``inf`` when the paper takes L_φ ≫ L.
    field
        Field perpendicular to the ring (T) at which the current is measured: Zeeman and
        cooperon dephasing.
    spin_orbit
        ``None``, ``"strong"`` or L_so (m), as for :func:`~currentkit.rings.typical_current_si`.
    g_factor
        g.
    sources
        For every number given (radius, width, thickness, diffusion and each of
        dephasing_length, field, spin_orbit, g_factor that is not its default), where it comes
        from: paper, table or figure, and "read off Fig. N" with its uncertainty when it was.
    """

    name: str
    material: str
    radius: float
    width: float
    thickness: float
    diffusion: float
    dephasing_length: float = math.inf
    field: float = 0.0
    spin_orbit: float | str | None = None
    g_factor: float = 2.0
    sources: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("radius", "width", "thickness", "diffusion"):
            positive_real(name, getattr(self, name), f"a positive, finite {name} in SI units")
        if self.dephasing_length != math.inf:
            positive_real("dephasing_length", self.dephasing_length, "a positive length or inf")
        finite_real("field", self.field, "a finite field >= 0 in T", nonnegative=True)
        if self.width >= 2 * self.radius:
            raise ParameterError("width", self.width, f"less than the diameter {2 * self.radius}")
        defaults = {"dephasing_length": math.inf, "field": 0.0, "spin_orbit": None,
                    "g_factor": 2.0}
        needed = [n for n in _NUMBERS if n not in defaults or getattr(self, n) != defaults[n]]
        missing = [n for n in needed if not str(self.sources.get(n, "")).strip()]
        if missing:
            raise ParameterError("sources", sorted(self.sources),
                                 f"a source for every number given; missing: {', '.join(missing)}")

    @property
    def circumference(self) -> float:
        """L = 2πR (m)."""
        return 2 * math.pi * self.radius


def ring_prediction(sample: RingSample, temperatures: Sequence[float] | np.ndarray,
                    orders: int = 1) -> xr.Dataset:
    """Predicted √⟨I_p²⟩ (A) of ``sample`` at each temperature (K), p = 1…``orders``.

    Returns
    -------
    xarray.Dataset
        ``typical_harmonic(temperature, order)`` (A), ``reduction(temperature, order)`` (1, the
        cost of dephasing, Zeeman, spin-orbit and field against the spin-degenerate ring at the
        same T) and the sample in attrs, its sources included (as ``source_<name>``).
    """
    if not isinstance(sample, RingSample):
        raise ParameterError("sample", type(sample).__name__, "a RingSample")
    temps = np.atleast_1d(np.asarray(temperatures, dtype=float))
    if temps.ndim != 1 or temps.size == 0 or not np.all(np.isfinite(temps)) or np.any(temps < 0):
        raise ParameterError("temperatures", temperatures, "finite temperatures >= 0 in K")
    results = [typical_current_si(sample.diffusion, sample.circumference, float(t),
                                  dephasing_length=sample.dephasing_length,
                                  zeeman_field=sample.field, g_factor=sample.g_factor,
                                  spin_orbit=sample.spin_orbit, width=sample.width,
                                  orders=orders) for t in temps]
    temperature = labelled(temps, "temperature", "K", "temperature")
    ds = xr.concat([r[["typical_harmonic", "reduction"]] for r in results], dim=temperature)
    ds.attrs = {"sample": sample.name, "material": sample.material,
                "thouless_energy": results[0].attrs["thouless_energy"],
                "thouless_energy_units": "J",
                "thouless_temperature": results[0].attrs["thouless_temperature"],
                "thouless_temperature_units": "K",
                **{f"source_{k}": v for k, v in sample.sources.items()}}
    parameters = {"name": sample.name, "material": sample.material, "radius": sample.radius,
                  "width": sample.width, "thickness": sample.thickness,
                  "diffusion": sample.diffusion, "dephasing_length": sample.dephasing_length,
                  "field": sample.field, "spin_orbit": sample.spin_orbit,
                  "g_factor": sample.g_factor, "orders": orders}
    return with_provenance(ds, parameters)
