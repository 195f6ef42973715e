"""Green-Kubo prefactors from LAMMPS unit styles (metal, real, lj) and SI to SI coefficients.

Conventions (docs/physics/particles.rst): with the component average ⟨…⟩_a over the 3 Cartesian
components,

    κ = (1/(V k_B T²)) ∫0^∞ ⟨J_E,a(0) J_E,a(t)⟩_a dt    (J_E extensive: energy × velocity),
    σ = (1/(V k_B T))  ∫0^∞ ⟨J_a(0) J_a(t)⟩_a dt        (J = Σ q_i v_i: charge × velocity),

i.e. 1/(3V k_B T^m) times the integral of the full dot product. The prefactor returned here
multiplies ∫ (file current)² d(file time), so it also converts the file's units to SI:

=========  ============================  ======================  =========  ==========
style      energy current J_E            charge current J        time unit  volume unit
=========  ============================  ======================  =========  ==========
metal      eV·Å/ps                       e·Å/ps                  ps         Å³
real       (kcal/mol)·Å/fs               e·Å/fs                  fs         Å³
si         J·m/s                         C·m/s                   s          m³
lj         ε·σ/τ per atom (LAMMPS /N)    q*·σ/τ                  τ          σ³
=========  ============================  ======================  =========  ==========

In metal units, for example, κ[W/mK] = (e·10⁻¹⁰/10⁻¹²)²·10⁻¹²/(10⁻³⁰ k_B) · 1/(V T²) per
(eV·Å/ps)²·ps·Å⁻³·K⁻², with e, k_B (and N_A for kcal/mol) from :mod:`scipy.constants`. The lj
style stays in reduced units (k_B = 1): κ* and σ*; LAMMPS thermo output in lj units divides
extensive quantities such as ``compute heat/flux`` by N, so the current is multiplied back by N
(the prefactor gains N²) when ``atoms`` is given for a thermal coefficient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import constants as _c

from currentkit.errors import ParameterError, integer

KINDS = ("thermal", "electric", "generic")
STYLES = ("metal", "real", "lj", "si")

_ANGSTROM = 1e-10
_KCAL_PER_MOL = 1e3 * _c.calorie / _c.N_A
#: (energy in J, length in m, time in s, charge in C) of each unit style.
_STYLE = {
    "metal": (_c.eV, _ANGSTROM, 1e-12, _c.e),
    "real": (_KCAL_PER_MOL, _ANGSTROM, 1e-15, _c.e),
    "si": (1.0, 1.0, 1.0, 1.0),
}


@dataclass(frozen=True)
class Prefactor:
    """The factor multiplying ∫0^∞⟨x(0)x(t)⟩dt (file units) and the unit of the result."""

    factor: float
    units: str
    long_name: str


def green_kubo_prefactor(kind: str, style: str, *, volume: float | None = None,
                         temperature: float | None = None, atoms: int | None = None,
                         prefactor: float = 1.0) -> Prefactor:
    """Prefactor turning ∫⟨x(0)x(t)⟩dt in file units into κ (W/mK), σ (S/m) or reduced units.

    Parameters
    ----------
    kind
        ``"thermal"`` (κ), ``"electric"`` (σ) or ``"generic"`` (just ``prefactor``; units of
        x² × time of the file).
    style
        LAMMPS unit style of the file: ``"metal"``, ``"real"``, ``"lj"`` or ``"si"``.
    volume
        V in the style's volume unit (Å³ for metal/real, m³ for si, σ³ for lj).
    temperature
        T in K (reduced ε/k_B for lj).
    atoms
        N, for lj heat currents printed by LAMMPS per atom (module docstring).
    prefactor
        An extra factor multiplying the result (default 1).
    """
    if kind not in KINDS:
        raise ParameterError("kind", kind, f"one of {', '.join(KINDS)}")
    if not (math.isfinite(prefactor) and prefactor != 0):
        raise ParameterError("prefactor", prefactor, "a finite, non-zero number")
    if kind == "generic":
        return Prefactor(prefactor, "x² × time (units of the file)",
                         "prefactor × ∫0^∞⟨x(0)x(t)⟩dt")
    if style not in STYLES:
        raise ParameterError("units", style, f"one of {', '.join(STYLES)}")
    for name, value in (("volume", volume), ("temperature", temperature)):
        if value is None or not (math.isfinite(value) and value > 0):
            raise ParameterError(name, value, f"a positive {name} (needed for kind={kind})")
    assert volume is not None and temperature is not None
    power = 2 if kind == "thermal" else 1
    if style == "lj":
        n = 1.0
        if kind == "thermal" and atoms is not None:
            n = float(integer("atoms", atoms, minimum=1, what="atoms in the system"))
        name = "κ*" if kind == "thermal" else "σ*"
        return Prefactor(prefactor * n**2 / (volume * temperature**power),
                         "1 (Lennard-Jones reduced units)", f"{name} (reduced units)")
    energy, length, time, charge = _STYLE[style]
    velocity = length / time
    carrier = energy if kind == "thermal" else charge
    current_si = carrier * velocity  # one file unit of current in SI
    factor = current_si**2 * time / (volume * length**3 * _c.k * temperature**power)
    if kind == "thermal":
        return Prefactor(prefactor * factor, "W/(m K)", "thermal conductivity κ")
    return Prefactor(prefactor * factor, "S/m", "electrical conductivity σ")
