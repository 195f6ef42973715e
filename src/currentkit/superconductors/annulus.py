"""Winding states of a thin-film annulus in Ginzburg-Landau's local (London + depairing) model.

The annulus r_i < r < r_o (thickness d, London depth λ, coherence length ξ, no screening: the
film is thin, d ≪ λ, and narrow compared with the Pearl length) sits in a uniform field B along
+z with A = (B r/2) θ̂. In the winding state n the phase is θ_ψ = nϑ and the gauge-invariant
wave vector of the condensate is

    q(r) = n/r − πB r/Φ0,   Φ0 = h/2e,

positive counter-clockwise seen from +z. In the local approximation (|ψ| set by the local q,
valid for a width r_o − r_i several ξ) the GL supercurrent density is

    j = (Φ0/(2π μ0 λ²)) |ψ|² q,   |ψ|² = 1 − ξ²q²,

which is largest at q_c = 1/(√3 ξ) (the depairing point). Integrating the sheet current d·j over
the width gives the ring current

    I_n(B) = (dΦ0/(2πμ0λ²)) ∫_{r_i}^{r_o} q (1 − ξ²q²) dr

in closed form. Without the suppression factor this is the London ring I_n = (nΦ0 − Φ_eff)/L_k
with L_k = 2πμ0λ²/(d ln(r_o/r_i)) and the effective flux Φ_eff = πB(r_o² − r_i²)/(2 ln(r_o/r_i)).

A winding state is (meta)stable while |q| < q_c everywhere; |q| is largest at an edge, so state n
is left when an edge reaches q = −q_c on an up-sweep (the outer edge for n ≥ 0:
B_up(n) = Φ0(n/r_o + q_c)/(π r_o)) or q = +q_c on a down-sweep (the inner edge once
n > q_c r_i r_o/(r_i + r_o): B_down(n) = Φ0(n/r_i − q_c)/(π r_i)). Thermal fluctuations make a
state leave earlier. Deterministic TDGL on a nearly symmetric mesh leaves it later: a locally
unstable stationary state decays slowly without noise, and a thin depleted edge layer (narrower
than ξ) is held by the gradient energy that the local model leaves out. The current of a state,
by contrast, the local model gives to about 1 % (see the tour's TDGL section).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from currentkit import units

if TYPE_CHECKING:
    from currentkit.superconductors.tdgl_ring import FilmRing

_PHI0 = units.FLUX_QUANTUM_SUPERCONDUCTING


def critical_wavevector(film: FilmRing) -> float:
    """q_c = 1/(√3 ξ) (1/m): the condensate wave vector of the largest GL supercurrent."""
    return 1.0 / (math.sqrt(3.0) * film.coherence_length)


def effective_flux(film: FilmRing, field: float | np.ndarray) -> float | np.ndarray:
    """Φ_eff = πB(r_o² − r_i²)/(2 ln(r_o/r_i)) (Wb): the flux that the London annulus feels."""
    ri, ro = film.inner_radius, film.outer_radius
    return math.pi * np.asarray(field) * (ro**2 - ri**2) / (2 * math.log(ro / ri))


def edge_wavevectors(film: FilmRing, winding: int | np.ndarray,
                     field: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """q(r_i) and q(r_o) (1/m) of winding ``winding`` in field ``field`` (T); broadcasts."""
    n = np.asarray(winding, dtype=float)
    beta = math.pi * np.asarray(field, dtype=float) / _PHI0
    ri, ro = film.inner_radius, film.outer_radius
    return n / ri - beta * ri, n / ro - beta * ro


def annulus_current(film: FilmRing, winding: int | np.ndarray, field: float | np.ndarray, *,
                    suppression: bool = True) -> np.ndarray:
    """Ring current I_n(B) (A, counter-clockwise positive) of the winding state n.

    Parameters
    ----------
    film
        The annulus (SI units).
    winding, field
        Winding number n and applied field B (T); arrays broadcast against each other.
    suppression
        Include the GL depletion ``|ψ|² = 1 − ξ²q²`` (default). False gives the London ring
        (nΦ0 − Φ_eff)/L_k exactly.

    Notes
    -----
    With β = πB/Φ0 and q = n/r − βr the integrals are elementary:
    ∫q dr = n ln(r_o/r_i) − β(r_o² − r_i²)/2 and
    ∫q³ dr = (n³/2)(r_i⁻² − r_o⁻²) − 3n²β ln(r_o/r_i) + (3/2)nβ²(r_o² − r_i²) − β³(r_o⁴ − r_i⁴)/4.
    The formula holds for states inside their stability window (:func:`stable_windings`);
    beyond it the local model has no stationary state.
    """
    n = np.asarray(winding, dtype=float)
    beta = math.pi * np.asarray(field, dtype=float) / _PHI0
    ri, ro = film.inner_radius, film.outer_radius
    log_ratio = math.log(ro / ri)
    first = n * log_ratio - beta * (ro**2 - ri**2) / 2
    integral = first
    if suppression:
        third = (n**3 / 2 * (ri**-2 - ro**-2) - 3 * n**2 * beta * log_ratio
                 + 1.5 * n * beta**2 * (ro**2 - ri**2) - beta**3 * (ro**4 - ri**4) / 4)
        integral = first - film.coherence_length**2 * third
    prefactor = film.thickness * _PHI0 / (2 * math.pi * units.MU_0 * film.penetration_depth**2)
    return np.asarray(prefactor * integral)


def stable_windings(film: FilmRing, field: float) -> np.ndarray:
    """The winding numbers n whose state is (meta)stable at field B (T): ``|q| < q_c`` at both
    edges.

    From q(r_o) > −q_c and q(r_i) < q_c: r_o(βr_o − q_c) < n < r_i(βr_i + q_c), β = πB/Φ0.
    """
    beta = math.pi * float(field) / _PHI0
    qc = critical_wavevector(film)
    ri, ro = film.inner_radius, film.outer_radius
    low = math.floor(ro * (beta * ro - qc)) + 1
    high = math.ceil(ri * (beta * ri + qc)) - 1
    candidates = np.arange(low, high + 1)
    qi, qo = edge_wavevectors(film, candidates, field)
    keep = (np.abs(qi) < qc) & (np.abs(qo) < qc)
    return candidates[keep]


def jump_fields(film: FilmRing, winding: int) -> tuple[float, float]:
    """(B_down, B_up) (T): the fields between which the state n is (meta)stable.

    Raising B lowers q at both edges; the state is left where the first edge reaches −q_c,
    B_up(n) = min_r Φ0(n/r + q_c)/(πr) over r ∈ {r_i, r_o} (the outer edge for n ≥ 0). Lowering B
    raises q; it is left where the first edge reaches +q_c, B_down(n) = max_r Φ0(n/r − q_c)/(πr)
    (the inner edge once n > q_c r_i r_o/(r_i + r_o)).
    """
    qc = critical_wavevector(film)
    edges = (film.inner_radius, film.outer_radius)
    up = min(_PHI0 * (winding / r + qc) / (math.pi * r) for r in edges)
    down = max(_PHI0 * (winding / r - qc) / (math.pi * r) for r in edges)
    return down, up


__all__ = ["annulus_current", "critical_wavevector", "edge_wavevectors", "effective_flux",
           "jump_fields", "stable_windings"]
