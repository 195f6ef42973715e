"""Superconducting materials: London depth, coherence length, Tc and their temperature laws.

Tabulated values are in SI (metres, kelvin) with the literature source of each number.
Temperature dependences: two-fluid (Gorter-Casimir) λ(T) = λ(0)/√(1 − (T/Tc)⁴) and
Ginzburg-Landau ξ(T) = ξ(0)/√(1 − T/Tc). The tabulated coherence lengths of the elements are
the intrinsic (Pippard/BCS) ξ0, used as ξ(0); the GL ξ(0) of a dirty film is shorter, so pass
measured values where they matter (explicit values always override the table).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from currentkit.errors import ParameterError
from currentkit.superconductors import critical

_KITTEL = (
    "λ(0), ξ(0): C. Kittel, Introduction to Solid State Physics, 8th ed. (Wiley, 2005), ch. 10, "
    "table 5 (London λ_L and intrinsic ξ0 at T = 0); Tc: CRC Handbook of Chemistry and Physics, "
    "'Properties of superconductors' (elements)"
)


@dataclass(frozen=True)
class Material:
    """A superconductor's London depth, coherence length and critical temperature.

    Parameters
    ----------
    name
        The material's name, e.g. ``"Nb"``.
    penetration_depth
        London penetration depth λ(0) at T = 0 (m).
    coherence_length
        Coherence length ξ(0) at T = 0 (m).
    critical_temperature
        Critical temperature Tc (K).
    source
        Literature reference of the numbers.
    """

    name: str
    penetration_depth: float
    coherence_length: float
    critical_temperature: float
    source: str = "user-given"

    def __post_init__(self) -> None:
        if not self.name:
            raise ParameterError("name", self.name, "a non-empty material name")
        for field, unit in (
            ("penetration_depth", "metres"),
            ("coherence_length", "metres"),
            ("critical_temperature", "kelvin"),
        ):
            value = getattr(self, field)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ParameterError(field, value, f"a positive, finite value in {unit}")

    def penetration_depth_at(self, temperature: float) -> float:
        """Two-fluid λ(T) (m) of this material (:func:`.critical.penetration_depth`)."""
        return float(critical.penetration_depth(
            self.penetration_depth, self.critical_temperature, temperature)
        )

    def coherence_length_at(self, temperature: float) -> float:
        """Ginzburg-Landau ξ(T) (m) of this material (:func:`.critical.coherence_length`)."""
        return float(critical.coherence_length(self.coherence_length, self.critical_temperature,
                                               temperature))


_TABLE: dict[str, Material] = {
    m.name.lower(): m
    for m in (
        Material("Al", 16e-9, 1600e-9, 1.175, _KITTEL),
        Material("Sn", 34e-9, 230e-9, 3.722, _KITTEL),
        Material("Pb", 37e-9, 83e-9, 7.196, _KITTEL),
        Material("Nb", 39e-9, 38e-9, 9.25, _KITTEL),
        Material(
            "NbN",
            200e-9,
            5e-9,
            16.0,
            "typical sputtered films: λ(0) ≈ 200 nm, ξ(0) ≈ 5 nm, Tc ≈ 16 K; A. Kamlapure et al., "
            "Appl. Phys. Lett. 96, 072509 (2010); S. P. Chockalingam et al., Phys. Rev. B 77, "
            "214503 (2008)",
        ),
    )
}


def known_materials() -> tuple[str, ...]:
    """The names of the tabulated materials."""
    return tuple(m.name for m in _TABLE.values())


def material(name: str) -> Material:
    """The tabulated :class:`Material` called ``name`` (case-insensitive).

    Raises
    ------
    ParameterError
        If ``name`` is not tabulated; the message lists the known names.
    """
    found = _TABLE.get(str(name).strip().lower())
    if found is None:
        raise ParameterError("material", name, f"one of {', '.join(known_materials())}")
    return found
