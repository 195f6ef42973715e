"""Thermally activated phase slips in a thin superconducting wire and the hysteresis they cut.

SI throughout: lengths in m, areas in m², temperatures in K, energies in J, currents in A,
rates in 1/s, inductances in H. Fluxes of the sweep are in units of Φ0 = h/2e, whose value in Wb
is stored in the attrs (``flux_quantum``), as every result's flux convention is recorded.

Langer-Ambegaokar barrier and McCumber-Halperin rate
----------------------------------------------------
A phase slip changes the winding of the order parameter by one. Its free-energy barrier in a wire
of cross-section A (Langer and Ambegaokar, Phys. Rev. 164, 498 (1967)) is

    ΔF(0) = (8√2/3)·(B_c²/2μ0)·A·ξ,

with B_c(T) and ξ(T) from :mod:`currentkit.superconductors.critical`. The rate (McCumber and
Halperin, Phys. Rev. B 1, 1054 (1970)) is

    Γ = Ω·e^{−ΔF/k_BT},  Ω = (l/ξ)·(ΔF/k_BT)^{1/2}/τ_GL,  τ_GL = πħ/(8k_B(Tc − T)),

for a wire of length l. It is an activation formula: it holds for ΔF ≫ k_BT.

Current bias
------------
A supercurrent I tilts the washboard and lowers the barrier for slips that reduce |I|. We use

    ΔF(I) = ΔF(0)·(1 − |I|/I_c)^{5/4},

the approximation to the full Langer-Ambegaokar ΔF(I) introduced by Tinkham, Free, Lau and
Markovic, Phys. Rev. B 68, 134515 (2003) (the exponent is a parameter: 3/2 is the
near-I_c scaling of the discrete model of Khlebnikov, arXiv:1604.07815). The prefactor Ω uses
ΔF(I). Slips that increase |I| (barrier ΔF(I) + ΔE) are neglected. For |I| ≥ I_c the state is
unstable and the rate is +∞.

Sweep criterion
---------------
A ring in winding state n carries I_n(Φ) = (nΦ0 − Φ)/L (fluxoid quantization,
docs/physics/superconductors.rst).
Sweeping Φ_ext at r flux quanta per second, the state n → n ± 1 (toward lower energy
E_n = (nΦ0 − Φ)²/2L) when |I_n| reaches I_c, or earlier when Γ(I_n) ≥ r: then a slip is expected
before the flux moves by one more quantum. (The mean escape point of the survival probability
exp(−∫Γ dt) differs from this only by a logarithmic factor in the rate.) This defines the
switching current I_s ≤ I_c, and a jump happens at |Φ − nΦ0| = max(I_s·L, Φ0/2): a slip never
raises the energy, so the state never leaves before the degeneracy point Φ − nΦ0 = ±Φ0/2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import xarray as xr
from scipy.optimize import brentq

from currentkit.errors import ParameterError
from currentkit.results import labelled, with_provenance
from currentkit.superconductors.critical import (
    FloatOrArray,
    check_positive,
    check_temperature,
    coherence_length,
    critical_current,
    penetration_depth,
    thermodynamic_field,
)
from currentkit.units import BOLTZMANN, FLUX_QUANTUM_SUPERCONDUCTING, HBAR, MU_0

#: Exponent of the current-biased barrier ΔF(I) = ΔF(0)(1 − I/I_c)^{5/4} (Tinkham et al. 2003).
BARRIER_EXPONENT = 1.25


@dataclass(frozen=True)
class Wire:
    """A thin superconducting wire (or ring arm) in SI units.

    Attributes
    ----------
    lambda0
        Penetration depth λ(0) in m.
    xi0
        Coherence length ξ(0) in m.
    critical_temperature
        Tc in K.
    area
        Cross-section A in m² (thinner than λ and ξ, so the current density is uniform).
    length
        Length l in m (for a ring, its circumference).
    """

    lambda0: float
    xi0: float
    critical_temperature: float
    area: float
    length: float

    def __post_init__(self) -> None:
        check_positive("lambda0", self.lambda0, "m")
        check_positive("xi0", self.xi0, "m")
        check_positive("critical_temperature", self.critical_temperature, "K")
        check_positive("area", self.area, "m²")
        check_positive("length", self.length, "m")

    def critical_current(self, temperature: npt.ArrayLike) -> FloatOrArray:
        """Depairing critical current I_c(T) = j_d(λ(T), ξ(T))·A (A)."""
        tc = self.critical_temperature
        lam = penetration_depth(self.lambda0, tc, temperature)
        xi = coherence_length(self.xi0, tc, temperature)
        return critical_current(lam, xi, self.area)


def gl_time(critical_temperature: float, temperature: npt.ArrayLike) -> FloatOrArray:
    """GL relaxation time τ_GL = πħ/(8k_B(Tc − T)) (s), for 0 ≤ T < Tc."""
    t = check_temperature(temperature, critical_temperature)
    tau = math.pi * HBAR / (8 * BOLTZMANN * (critical_temperature - t))
    return float(tau) if tau.ndim == 0 else tau


def barrier(
    wire: Wire,
    temperature: npt.ArrayLike,
    current: float = 0.0,
    exponent: float = BARRIER_EXPONENT,
) -> FloatOrArray:
    """Phase-slip barrier ΔF(I) = (8√2/3)(B_c²/2μ0)·A·ξ·(1 − |I|/I_c)^{exponent} (J).

    Parameters
    ----------
    wire
        The wire.
    temperature
        T in K, 0 ≤ T < Tc (float or array).
    current
        Bias current I in A (either sign); 0 for the Langer-Ambegaokar barrier itself.
    exponent
        Exponent of the current dependence (5/4 after Tinkham et al. 2003; > 0).

    Returns
    -------
    The barrier in J; 0 where |I| ≥ I_c(T).
    """
    if not (math.isfinite(exponent) and exponent > 0):
        raise ParameterError("exponent", exponent, "a finite positive exponent")
    if not math.isfinite(current):
        raise ParameterError("current", current, "a finite current in A")
    tc = wire.critical_temperature
    lam = penetration_depth(wire.lambda0, tc, temperature)
    xi = np.asarray(coherence_length(wire.xi0, tc, temperature))
    bc = np.asarray(thermodynamic_field(lam, xi))
    zero_bias = (8 * math.sqrt(2) / 3) * bc**2 / (2 * MU_0) * wire.area * xi
    reduced = np.clip(1.0 - abs(current) / np.asarray(wire.critical_current(temperature)), 0, 1)
    out = zero_bias * reduced**exponent
    return float(out) if out.ndim == 0 else out


def _rate_from_barrier(
    barrier_over_kt: npt.NDArray[np.float64],
    length_over_xi: npt.NDArray[np.float64],
    tau: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    with np.errstate(over="ignore"):
        return length_over_xi * np.sqrt(barrier_over_kt) / tau * np.exp(-barrier_over_kt)


def rate(
    wire: Wire,
    temperature: npt.ArrayLike,
    current: float = 0.0,
    exponent: float = BARRIER_EXPONENT,
) -> FloatOrArray:
    """McCumber-Halperin phase-slip rate Γ = (l/ξ)(ΔF/k_BT)^{1/2} e^{−ΔF/k_BT}/τ_GL (1/s).

    ΔF is :func:`barrier` at bias ``current``; Γ = +∞ where |I| ≥ I_c(T). Needs T > 0. The
    activation form holds for ΔF ≫ k_BT.
    """
    t = check_temperature(temperature, wire.critical_temperature)
    if np.any(t <= 0):
        raise ParameterError("temperature", temperature, "T > 0 K for a thermal rate")
    x = np.asarray(barrier(wire, t, current, exponent)) / (BOLTZMANN * t)
    xi = np.asarray(coherence_length(wire.xi0, wire.critical_temperature, t))
    tau = np.asarray(gl_time(wire.critical_temperature, t))
    out = _rate_from_barrier(x, wire.length / xi, tau)
    out = np.where(abs(current) >= np.asarray(wire.critical_current(t)), np.inf, out)
    return float(out) if out.ndim == 0 else out


def phase_slip_table(
    wire: Wire,
    temperatures: npt.ArrayLike,
    current: float = 0.0,
    exponent: float = BARRIER_EXPONENT,
) -> xr.Dataset:
    """Barrier, attempt frequency and rate on a temperature grid, as a Dataset with units.

    Variables (dim ``temperature`` in K): ``critical_current`` (A), ``barrier`` (J),
    ``barrier_over_kT`` (1), ``gl_time`` (s), ``attempt_frequency`` Ω (1/s), ``rate`` Γ (1/s).
    """
    t = np.atleast_1d(check_temperature(temperatures, wire.critical_temperature))
    if t.ndim != 1 or np.any(t <= 0):
        raise ParameterError("temperatures", temperatures, "a 1-d grid of T > 0 K")
    dF = np.asarray(barrier(wire, t, current, exponent))
    x = dF / (BOLTZMANN * t)
    tau = np.asarray(gl_time(wire.critical_temperature, t))
    xi = np.asarray(coherence_length(wire.xi0, wire.critical_temperature, t))
    omega = wire.length / xi * np.sqrt(x) / tau
    gamma = np.asarray(rate(wire, t, current, exponent))
    variables = {
        "critical_current": (wire.critical_current(t), "A", "depairing critical current I_c(T)"),
        "barrier": (dF, "J", "phase-slip barrier ΔF(I)"),
        "barrier_over_kT": (x, "1", "ΔF/k_BT"),
        "gl_time": (tau, "s", "GL time τ_GL = πħ/8k_B(Tc − T)"),
        "attempt_frequency": (omega, "1/s", "attempt frequency Ω"),
        "rate": (gamma, "1/s", "phase-slip rate Γ"),
    }
    ds = xr.Dataset(
        {
            k: labelled(v, "temperature", u, n) for k, (v, u, n) in variables.items()
        },
        coords={"temperature": labelled(t, "temperature", "K", "temperature")},
    )
    params = {"wire": wire, "current": current, "exponent": exponent}
    return with_provenance(ds, params)


def switching_current(
    wire: Wire, temperature: float, sweep_rate: float, exponent: float = BARRIER_EXPONENT
) -> float:
    """Current I_s (A) at which Γ(I_s) = r, capped at I_c: the earliest a sweep can switch.

    Parameters
    ----------
    wire
        The wire (ring arm).
    temperature
        T in K, 0 < T < Tc.
    sweep_rate
        r in flux quanta per second (> 0).
    exponent
        Exponent of the current-biased barrier.

    Notes
    -----
    With x = ΔF(I)/k_BT, ln Γ = ln(l/ξ) − ln τ_GL + ½ ln x − x rises as I grows while x > ½
    (its maximum; below it the activation form no longer holds). If Γ at x = ½ stays below r,
    phase slips never beat the sweep and I_s = I_c; if Γ(0) ≥ r already, I_s = 0; otherwise
    the root of Γ = r on x ∈ [½, x(0)] is found with Brent's method and mapped back through
    x = x(0)(1 − I/I_c)^{exponent}.
    """
    r = float(check_positive("sweep_rate", sweep_rate, "flux quanta per second"))
    t = float(check_temperature(temperature, wire.critical_temperature))
    if t <= 0:
        raise ParameterError("temperature", temperature, "T > 0 K for a thermal rate")
    ic = float(wire.critical_current(t))
    x0 = float(barrier(wire, t, 0.0, exponent)) / (BOLTZMANN * t)
    xi = float(coherence_length(wire.xi0, wire.critical_temperature, t))
    tau = float(gl_time(wire.critical_temperature, t))
    const = math.log(wire.length / xi) - math.log(tau) - math.log(r)

    def log_ratio(x: float) -> float:
        return const + 0.5 * math.log(x) - x

    if x0 <= 0.5 or log_ratio(x0) >= 0:
        return 0.0 if log_ratio(x0) >= 0 else ic
    if log_ratio(0.5) < 0:
        return ic
    x_s = brentq(log_ratio, 0.5, x0, xtol=1e-14, rtol=1e-14)
    return ic * (1.0 - (x_s / x0) ** (1.0 / exponent))


def sweep_hysteresis(
    critical: float,
    inductance: float,
    flux_start: float,
    flux_stop: float,
    *,
    switching: float | None = None,
    points: int = 801,
    initial_winding: int | None = None,
) -> xr.Dataset:
    """Winding state of a ring on a flux sweep up (start → stop) and back down (a loop).

    Parameters
    ----------
    critical
        Critical current I_c in A.
    inductance
        Ring inductance L in H; I_c·L > Φ0/2 is required (otherwise some fluxes admit no
        superconducting state at all).
    flux_start, flux_stop
        Sweep limits in units of Φ0 = h/2e, flux_start < flux_stop.
    switching
        Switching current I_s ≤ I_c from :func:`switching_current` (default: I_c, no slips).
    points
        Flux grid points of each sweep (≥ 2).
    initial_winding
        Winding at flux_start (default: the ground state, nearest integer to flux_start).

    Returns
    -------
    xarray.Dataset
        On dim ``flux`` (Φ/Φ0): ``winding_up``, ``winding_down`` (1) and ``current_up``,
        ``current_down`` (A, I_n = (nΦ0 − Φ)/L); on dims ``jump_up``/``jump_down``: the fluxes
        ``jumps_up``/``jumps_down`` (Φ0) where n → n + 1 / n → n − 1. The up sweep jumps at
        Φ = nΦ0 + δ and the down sweep at Φ = nΦ0 − δ, δ = max(I_s L, Φ0/2): the loop is
        2δ − Φ0 = 2(I_s L − Φ0/2) wide per period.
    """
    ic = float(check_positive("critical", critical, "A"))
    ind = float(check_positive("inductance", inductance, "H"))
    phi0 = FLUX_QUANTUM_SUPERCONDUCTING
    if ic * ind <= phi0 / 2:
        raise ParameterError("inductance", inductance, f"I_c·L > Φ0/2 = {phi0 / 2 / ic} H")
    i_s = ic if switching is None else float(switching)
    if not (math.isfinite(i_s) and 0 <= i_s <= ic):
        raise ParameterError("switching", switching, f"a current in [0, I_c = {ic}] A")
    if not (math.isfinite(flux_start) and math.isfinite(flux_stop) and flux_start < flux_stop):
        raise ParameterError("flux_stop", flux_stop, f"finite and > flux_start = {flux_start}")
    if points < 2:
        raise ParameterError("points", points, "at least 2")
    delta = max(i_s * ind / phi0, 0.5)  # jump offset |Φ − nΦ0| in Φ0
    n0 = round(flux_start) if initial_winding is None else int(initial_winding)
    if abs(flux_start - n0) > delta:
        raise ParameterError(
            "initial_winding", initial_winding, f"|flux_start − n| ≤ {delta} (a stable state)"
        )
    # Up: state n leaves at Φ = n + δ for the stable n + 1 (δ ≥ 1/2); down: at Φ = n − δ.
    jumps_up = np.arange(n0, math.ceil(flux_stop - delta)) + delta
    n_top = n0 + jumps_up.size  # stable at flux_stop: flux_stop − δ ≤ n_top < flux_stop + δ
    jumps_down = np.arange(n_top, math.floor(flux_start + delta), -1) - delta
    flux = np.linspace(flux_start, flux_stop, points)
    wind_up = n0 + np.searchsorted(jumps_up, flux, side="right")
    wind_down = n_top - np.searchsorted(-jumps_down, -flux, side="right")

    def current(winding: npt.NDArray[np.int_]) -> npt.NDArray[np.float64]:
        return (winding - flux) * phi0 / ind

    ds = xr.Dataset(
        {
            "winding_up": labelled(wind_up, "flux", "1", "winding n, up sweep"),
            "winding_down": labelled(wind_down, "flux", "1", "winding n, down sweep"),
            "current_up": labelled(current(wind_up), "flux", "A", "ring current, up sweep"),
            "current_down": labelled(current(wind_down), "flux", "A", "ring current, down sweep"),
            "jumps_up": labelled(jumps_up, "jump_up", "Phi0", "flux of jumps n → n + 1"),
            "jumps_down": labelled(jumps_down, "jump_down", "Phi0", "flux of jumps n → n − 1"),
        },
        coords={"flux": labelled(flux, "flux", "Phi0", "applied flux Φ/Φ0")},
        attrs={"flux_quantum": phi0, "jump_offset": delta},
    )
    params = {
        "critical": ic,
        "inductance": ind,
        "switching": i_s,
        "flux_start": flux_start,
        "flux_stop": flux_stop,
        "points": points,
        "initial_winding": n0,
    }
    return with_provenance(ds, params)
