"""Critical fields and currents of a superconducting wire or ring in Ginzburg-Landau theory.

All inputs and outputs are SI: lengths in m, temperatures in K, fields in T, current densities in
A/m², currents in A, inductances in H, flux in Wb. Φ0 = h/2e is the superconducting flux quantum
(:data:`currentkit.units.FLUX_QUANTUM_SUPERCONDUCTING`). Functions accept floats or NumPy arrays
(broadcast together) and return a float for scalar input.

Temperature dependence
----------------------
The caller passes λ and ξ at the temperature of interest, or builds them with
:func:`penetration_depth` (two-fluid form λ(T) = λ(0)/√(1 − (T/Tc)⁴)) and :func:`coherence_length`
(GL form ξ(T) = ξ(0)/√(1 − T/Tc)). Both raise :class:`~currentkit.errors.ParameterError` for
T ≥ Tc, where there is no superconductor.

Sources: M. Tinkham, *Introduction to Superconductivity*, 2nd ed. (Dover, 2004), Eqs. (4.20) for
B_c and (4.36) for the depairing current; docs/physics/superconductors.rst.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from currentkit.errors import ParameterError
from currentkit.units import FLUX_QUANTUM_SUPERCONDUCTING, MU_0

FloatOrArray = float | npt.NDArray[np.float64]


def _as_float(values: npt.NDArray[np.float64]) -> FloatOrArray:
    return float(values) if values.ndim == 0 else values


def check_positive(name: str, value: npt.ArrayLike, unit: str) -> npt.NDArray[np.float64]:
    """Return ``value`` as a float array, or raise ParameterError unless finite and > 0 everywhere.

    Parameters
    ----------
    name
        The parameter's name (for the message).
    value
        The value(s) to check.
    unit
        The SI unit, named in the message, e.g. ``"m"``.
    """
    allowed = f"finite positive value(s) in {unit}"
    if isinstance(value, bool | str):
        raise ParameterError(name, value, allowed)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(name, value, allowed) from None
    if not (np.all(np.isfinite(arr)) and np.all(arr > 0)):
        raise ParameterError(name, value, allowed)
    return arr


def check_temperature(
    temperature: npt.ArrayLike, critical_temperature: float
) -> npt.NDArray[np.float64]:
    """Return T as a float array, or raise ParameterError unless 0 ≤ T < Tc (finite) everywhere."""
    tc = float(check_positive("critical_temperature", critical_temperature, "K"))
    t = np.asarray(temperature, dtype=float)
    if not (np.all(np.isfinite(t)) and np.all(t >= 0)):
        raise ParameterError("temperature", temperature,
                             f"finite temperature(s) 0 ≤ T < Tc = {tc} K")
    if np.any(t >= tc):
        raise ParameterError(
            "temperature", temperature, f"not superconducting at T ≥ Tc = {tc} K: need T < Tc"
        )
    return t


def penetration_depth(
    lambda0: float, critical_temperature: float, temperature: npt.ArrayLike
) -> FloatOrArray:
    """London penetration depth λ(T) = λ(0)/√(1 − (T/Tc)⁴) (m), two-fluid (Gorter-Casimir) form.

    Parameters
    ----------
    lambda0
        λ(0) in m.
    critical_temperature
        Tc in K.
    temperature
        T in K, 0 ≤ T < Tc (float or array).
    """
    lam0 = check_positive("lambda0", lambda0, "m")
    t = check_temperature(temperature, critical_temperature)
    return _as_float(lam0 / np.sqrt(1.0 - (t / critical_temperature) ** 4))


def coherence_length(
    xi0: float, critical_temperature: float, temperature: npt.ArrayLike
) -> FloatOrArray:
    """GL coherence length ξ(T) = ξ(0)/√(1 − T/Tc) (m).

    Parameters
    ----------
    xi0
        ξ(0) in m (the GL extrapolation to T = 0).
    critical_temperature
        Tc in K.
    temperature
        T in K, 0 ≤ T < Tc (float or array).
    """
    x0 = check_positive("xi0", xi0, "m")
    t = check_temperature(temperature, critical_temperature)
    return _as_float(x0 / np.sqrt(1.0 - t / critical_temperature))


def thermodynamic_field(penetration: npt.ArrayLike, coherence: npt.ArrayLike) -> FloatOrArray:
    """Thermodynamic critical field B_c = Φ0/(2√2 π λ ξ) (T).

    Parameters
    ----------
    penetration
        λ in m.
    coherence
        ξ in m.

    Notes
    -----
    The condensation energy density is B_c²/(2μ0) (J/m³); this is Tinkham Eq. (4.20).
    """
    lam = check_positive("penetration", penetration, "m")
    xi = check_positive("coherence", coherence, "m")
    return _as_float(FLUX_QUANTUM_SUPERCONDUCTING / (2 * math.sqrt(2) * math.pi * lam * xi))


def depairing_current_density(penetration: npt.ArrayLike, coherence: npt.ArrayLike) -> FloatOrArray:
    """GL depairing current density j_d = Φ0/(3√3 π μ0 λ² ξ) (A/m²).

    Parameters
    ----------
    penetration
        λ in m.
    coherence
        ξ in m.

    Notes
    -----
    In a uniform GL state of phase gradient q the current density is j ∝ f²√(1 − f²) with
    ``f = |ψ|/ψ∞``; it is largest at f² = 2/3, which gives j_d = 2√2 B_c/(3√3 μ0 λ) (Tinkham
    Eq. (4.36)). Inserting B_c = Φ0/(2√2 π λ ξ) gives the form used here. It is a magnitude:
    a current of either sign is limited to ``|j| ≤ j_d``.
    """
    lam = check_positive("penetration", penetration, "m")
    xi = check_positive("coherence", coherence, "m")
    return _as_float(
        FLUX_QUANTUM_SUPERCONDUCTING / (3 * math.sqrt(3) * math.pi * MU_0 * lam**2 * xi)
    )


def critical_current(
    penetration: npt.ArrayLike, coherence: npt.ArrayLike, area: npt.ArrayLike
) -> FloatOrArray:
    """Depairing critical current I_c = j_d·A (A) of a wire of cross-section A (m²).

    Valid for a wire thinner than λ and ξ, where the current density is uniform.
    """
    a = check_positive("area", area, "m²")
    return _as_float(np.asarray(depairing_current_density(penetration, coherence)) * a)


def max_winding(critical: float, inductance: float, external_flux: float = 0.0) -> int:
    """Largest fluxoid winding n a ring can hold without exceeding its critical current.

    Parameters
    ----------
    critical
        Critical current I_c in A.
    inductance
        Total inductance L = L_g + L_k in H.
    external_flux
        Applied flux Φ_ext in Wb (default 0).

    Returns
    -------
    int
        n_max = ⌊(Φ_ext + I_c·L)/Φ0⌋. ParameterError if no n satisfies the criterion (the ring
        is normal at this flux).

    Notes
    -----
    Fluxoid quantization Φ_ext + L·I = nΦ0 (docs/physics/superconductors.rst) gives the ring current
    I_n = (nΦ0 − Φ_ext)/L; I > 0 is the sense whose own flux L·I adds to Φ_ext. State n
    carries a supercurrent only while ``|I_n| ≤ I_c``, i.e. ``|nΦ0 − Φ_ext| ≤ I_c·L``; the largest
    such n is ⌊(Φ_ext + I_c L)/Φ0⌋. At Φ_ext = 0 this is ⌊I_c L/Φ0⌋ (not ⌊I_c L/Φ0 + 1/2⌋, which
    would admit states with I_c L/Φ0 < n ≤ I_c L/Φ0 + 1/2 whose current exceeds I_c).
    """
    ic = float(check_positive("critical", critical, "A"))
    ind = float(check_positive("inductance", inductance, "H"))
    if not math.isfinite(external_flux):
        raise ParameterError("external_flux", external_flux, "a finite flux in Wb")
    top = math.floor((external_flux + ic * ind) / FLUX_QUANTUM_SUPERCONDUCTING)
    if top < math.ceil((external_flux - ic * ind) / FLUX_QUANTUM_SUPERCONDUCTING):
        raise ParameterError(
            "critical", critical, "I_c·L large enough that some winding has |I_n| ≤ I_c here"
        )
    return top
