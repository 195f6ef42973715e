"""The superconducting ring: geometry, material, and its geometric and kinetic inductance.

A ring of (centre-line) radius R made either of a round wire of radius a or of a thin-film strip
of width w and thickness d. SI units: metres, kelvin, henry. The inductance L = L_g + L_k links the
ring's current to its own flux; it enters the fluxoid condition Φ_ext + L·I = nΦ0
(:mod:`currentkit.superconductors.fluxoid`).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from currentkit import units
from currentkit.errors import ParameterError
from currentkit.superconductors.critical import (
    check_positive,
    check_temperature,
    coherence_length,
    penetration_depth,
)
from currentkit.superconductors.materials import Material
from currentkit.superconductors.materials import material as lookup_material

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inductance:
    """The inductance of a ring, in henry: ``total = geometric + kinetic``."""

    geometric: float
    kinetic: float
    total: float


def _length(name: str, value: float | None) -> None:
    if value is not None:
        check_positive(name, value, "m")


@dataclass(frozen=True)
class Ring:
    """A superconducting ring: a round-wire loop or a thin-film strip loop.

    Parameters
    ----------
    radius
        Centre-line radius R (m).
    wire_radius
        Radius a of a round wire (m), a < R. Give either this or ``width`` and ``thickness``.
    width, thickness
        Width w (m, w < 2R) and thickness d (m) of a thin-film strip.
    penetration_depth, coherence_length, critical_temperature
        λ(0) (m), ξ(0) (m) and Tc (K). Explicit values override those of ``material``.
    material
        A :class:`Material` or a tabulated name (``"Nb"``, ``"Al"``, …) that fills λ(0), ξ(0) and
        Tc where they are not given. After construction it holds the :class:`Material` (or None).
    """

    radius: float
    wire_radius: float | None = None
    width: float | None = None
    thickness: float | None = None
    penetration_depth: float | None = None
    coherence_length: float | None = None
    critical_temperature: float | None = None
    material: Material | str | None = None

    def __post_init__(self) -> None:
        _length("radius", self.radius)
        for name in ("wire_radius", "width", "thickness", "penetration_depth", "coherence_length"):
            _length(name, getattr(self, name))
        tc = self.critical_temperature
        if tc is not None and not (isinstance(tc, int | float) and math.isfinite(tc) and tc > 0):
            raise ParameterError("critical_temperature", tc, "a positive, finite value in kelvin")
        strip = self.width is not None or self.thickness is not None
        if self.wire_radius is not None and strip:
            raise ParameterError(
                "wire_radius", self.wire_radius, "None when a strip (width, thickness) is given"
            )
        if self.wire_radius is None and not strip:
            raise ParameterError(
                "wire_radius", None, "a wire radius, or a strip width and thickness"
            )
        if strip and (self.width is None or self.thickness is None):
            missing = "width" if self.width is None else "thickness"
            raise ParameterError(missing, None, "both width and thickness for a strip ring")
        if self.wire_radius is not None and self.wire_radius >= self.radius:
            raise ParameterError(
                "wire_radius", self.wire_radius, f"a < R = {self.radius:g} m (a thin wire loop)"
            )
        if self.width is not None and self.width >= 2 * self.radius:
            raise ParameterError("width", self.width, f"w < 2R = {2 * self.radius:g} m")
        if self.material is not None:
            mat = (
                self.material
                if isinstance(self.material, Material)
                else lookup_material(self.material)
            )
            object.__setattr__(self, "material", mat)
            for name, value in (
                ("penetration_depth", mat.penetration_depth),
                ("coherence_length", mat.coherence_length),
                ("critical_temperature", mat.critical_temperature),
            ):
                if getattr(self, name) is None:
                    object.__setattr__(self, name, value)

    @property
    def circumference(self) -> float:
        """l = 2πR (m)."""
        return 2 * math.pi * self.radius

    @property
    def cross_section(self) -> float:
        """A = πa² for a wire, w·d for a strip (m²)."""
        if self.wire_radius is not None:
            return math.pi * self.wire_radius**2
        assert self.width is not None and self.thickness is not None
        return self.width * self.thickness

    def _check_temperature(self, temperature: float) -> None:
        if self.critical_temperature is not None:
            check_temperature(temperature, self.critical_temperature)
        elif not (math.isfinite(temperature) and temperature >= 0):
            raise ParameterError("temperature", temperature, "a finite T ≥ 0 in kelvin")
        elif temperature > 0:
            raise ParameterError(
                "critical_temperature", None, "a Tc (or a material) for a temperature T > 0"
            )

    def penetration_depth_at(self, temperature: float = 0.0) -> float:
        """Two-fluid λ(T) = λ(0)/√(1 − (T/Tc)⁴) (m)."""
        self._check_temperature(temperature)
        if self.penetration_depth is None:
            raise ParameterError(
                "penetration_depth", None, "a London depth in metres (or a material)"
            )
        if temperature == 0:
            return self.penetration_depth
        assert self.critical_temperature is not None
        return float(penetration_depth(self.penetration_depth, self.critical_temperature,
                                       temperature))

    def coherence_length_at(self, temperature: float = 0.0) -> float:
        """Ginzburg-Landau ξ(T) = ξ(0)/√(1 − T/Tc) (m)."""
        self._check_temperature(temperature)
        if self.coherence_length is None:
            raise ParameterError(
                "coherence_length", None, "a coherence length in metres (or a material)"
            )
        if temperature == 0:
            return self.coherence_length
        assert self.critical_temperature is not None
        return float(coherence_length(self.coherence_length, self.critical_temperature,
                                      temperature))

    def geometric_inductance(self) -> float:
        """Geometric (magnetic) inductance L_g (H) of the loop, valid for a, w ≪ R.

        Round wire, current on its surface (λ ≪ a): L_g = μ0R(ln(8R/a) − 2)
        (−7/4 instead of −2 for a current spread uniformly over the cross-section).
        Thin-film strip (d ≪ w ≪ R) in the Meissner state, with its edge-peaked sheet current:
        L_g = μ0R(ln(32R/w) − 2), i.e. the wire formula with the strip's equivalent radius
        a = w/4 (A. A. Babaei Brojeny and J. R. Clem, Phys. Rev. B 68, 174514 (2003), narrow-ring
        limit; E. H. Brandt and J. R. Clem, Phys. Rev. B 69, 184509 (2004)). The tests check it
        against concentric-filament inductance matrices to 1e-3.
        """
        r = self.radius
        if self.wire_radius is not None:
            return units.MU_0 * r * (math.log(8 * r / self.wire_radius) - 2.0)
        assert self.width is not None
        return units.MU_0 * r * (math.log(32 * r / self.width) - 2.0)

    def kinetic_inductance(self, temperature: float = 0.0) -> float:
        """Kinetic inductance L_k = μ0λ(T)²l/A (H), l = 2πR, A = πa² or w·d.

        From the condensate's kinetic energy (μ0λ²/2)∫j² dV = L_k I²/2 with j uniform over the
        cross-section. That holds when the current fills the section: a wire with λ ≳ a, a film
        with d < λ. For a film with d < λ, μ0λ²/d is the sheet (Pearl) quantity, the kinetic
        inductance per square (Λ = 2λ²/d is the Pearl length), and L_k = (μ0λ²/d)·l/w. In a thick
        wire (λ ≪ a, where L_g is valid) the current flows in a surface layer and L_k ≈
        μ0λl/(4πa), a/(4λ) times this value, both then ≪ L_g.
        """
        lam = self.penetration_depth_at(temperature)
        return units.MU_0 * lam**2 * self.circumference / self.cross_section

    def inductance(self, temperature: float = 0.0) -> Inductance:
        """Geometric, kinetic and total inductance (H) at ``temperature`` (K).

        Raises
        ------
        ParameterError
            If λ is unknown, or T ≥ Tc (the ring is not superconducting).
        """
        geometric = self.geometric_inductance()
        kinetic = self.kinetic_inductance(temperature)
        lam = self.penetration_depth_at(temperature)
        if self.wire_radius is not None and lam >= self.wire_radius:
            logger.warning(
                "λ(T) = %.3g m ≥ wire radius a = %.3g m: L_g assumes a surface current (λ ≪ a) "
                "and is only approximate here",
                lam,
                self.wire_radius,
            )
        return Inductance(geometric=geometric, kinetic=kinetic, total=geometric + kinetic)
