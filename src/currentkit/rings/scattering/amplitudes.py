"""A scatterer in the clean 1D chain: transmission τ(E) and reflection r(E) by transfer matrices.

Lattice units a = ħ = e = 1 with the hopping t explicit; energies in t, wavenumbers in 1/a,
currents in e·t/ħ; φ = 2πf, f = Φ/Φ0, and a level's current is i_n = −∂E_n/∂φ.

Scattering
----------
Site energies ε_0 … ε_{w−1} sit in the infinite chain −t(ψ_{j+1} + ψ_{j−1}) + ε_jψ_j = Eψ_j.
In the clean leads E = −2t cos k (0 < k < π) and ψ_j = A e^{ikj} + B e^{−ikj}. The scatterer's
transfer matrix M = T_{w−1}⋯T_0, T_j = [[(ε_j − E)/t, −1], [1, 0]], maps (ψ_0, ψ_{−1}) to
(ψ_w, ψ_{w−1}); in the plane-wave basis P_j = [[λ^{j+1}, λ^{−j−1}], [λ^j, λ^{−j}]], λ = e^{ik},
Q = P_{w−1}⁻¹ M P_{−1} maps the left amplitudes (A, B) to the right ones (det Q = 1). A wave
e^{ikj} from the left gives r e^{−ikj} on the left and τ e^{ikj} on the right, so

    τ = 1/Q_22,   r = −Q_21/Q_22,   Q_22 = λ^w n(λ)/(λ² − 1),
    n(λ) = λM_21 + λ²M_22 − M_11 − λM_12.

τ is referred to the clean chain (τ = 1 without potential); τ_s = τ e^{ikw} is the amplitude
measured from the scatterer's first site to the site after its last. |τ|² + |r|² = 1. For one
site of energy V: τ = 1/(1 + iV/(2t sin k)), |τ|² = 4t² sin²k/(4t² sin²k + V²).

The ring that closes a scatterer with clean sites, and its levels from τ alone, are in
:mod:`currentkit.rings.scattering.ring_levels`.
"""

from __future__ import annotations

import logging

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError, integer, positive_real
from currentkit.results import labelled, with_provenance
from currentkit.rings.chain import transfer_product

logger = logging.getLogger(__name__)

#: Distance |E ∓ 2t|/t from a band edge inside which Δ comes from the O(L) Chebyshev form.
EDGE_WINDOW = 0.02
_EPS = 4 * np.finfo(float).eps


def _potential(potential: object) -> np.ndarray:
    pot = np.atleast_1d(np.asarray(potential, dtype=float))
    if pot.ndim != 1 or pot.size == 0:
        raise ParameterError("potential", f"array of shape {pot.shape}",
                             "a non-empty 1D array of site energies ε_0 … ε_{w−1} (t)")
    if not np.all(np.isfinite(pot)):
        raise ParameterError("potential", "non-finite entries", "finite site energies (t)")
    return pot


def _hopping(hopping: float) -> float:
    return positive_real("hopping", hopping, "a positive, finite hopping t")


def _sites(sites: int, width: int) -> int:
    return integer("sites", sites, minimum=max(3, width), what="ring of L sites, L ≥ max(3, w)")


def _transfer(onsite: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, ...]:
    """M = T_{w−1}⋯T_0 at u = E/t and dM/du, as (m11, m12, m21, m22, d11, d12, d21, d22)."""
    return tuple(transfer_product(onsite, u))[:8]


def _lambda_terms(
    onsite: np.ndarray, lam: np.ndarray, power: int
) -> tuple[np.ndarray, np.ndarray]:
    """(A, B) with A(λ) = n(λ)/(λ² − 1) = λ^{−w}Q_22 and B = A' − p·A/λ, p = ``power`` = L − w.

    R(λ) = λ^{−p}A(λ) = λ^{−L}Q_22(λ) is the ring's half-discriminant, and R'(λ) = λ^{−p}B(λ).
    """
    u = -(lam + 1 / lam)
    m11, m12, m21, m22, d11, d12, d21, d22 = _transfer(onsite, u)
    n = lam * m21 + lam**2 * m22 - m11 - lam * m12
    du = -(1 - 1 / lam**2)
    dn = m21 + 2 * lam * m22 - m12 + du * (lam * d21 + lam**2 * d22 - d11 - lam * d12)
    den = lam**2 - 1
    a = n / den
    da = dn / den - 2 * lam * n / den**2
    return a, da - power * a / lam


def _near_edge(onsite: np.ndarray, sites: int, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Δ = Tr(F^p M) and dΔ/du near a band edge, F^p = [[U_p, −U_{p−1}], [U_{p−1}, −U_{p−2}]].

    F = [[−u, −1], [1, 0]] is a clean site and U_m = U_m(−u/2) the Chebyshev polynomials of the
    second kind, run up by U_{m+1} = −u·U_m − U_{m−1} (O(p), stable where |u| ≈ 2).
    """
    p = sites - onsite.size
    prev2, prev = -np.ones_like(u), np.zeros_like(u)  # U_{−2}, U_{−1}
    dprev2, dprev = np.zeros_like(u), np.zeros_like(u)
    cur, dcur = np.ones_like(u), np.zeros_like(u)  # U_0
    for _ in range(p):
        prev2, prev, cur = prev, cur, -u * cur - prev
        dprev2, dprev, dcur = dprev, dcur, -prev - u * dcur - dprev
    m11, m12, m21, m22, d11, d12, d21, d22 = _transfer(onsite, u)
    value = cur * m11 - prev * m21 + prev * m12 - prev2 * m22
    slope = (dcur * m11 + cur * d11 - dprev * m21 - prev * d21 + dprev * m12 + prev * d12
             - dprev2 * m22 - prev2 * d22)
    return value, slope


def _discriminant(
    onsite: np.ndarray, sites: int, u: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Δ(E) and dΔ/du at u = E/t from the scatterer's Q_22, scaled: returns (Δ̃, Δ̃', r).

    Δ = Δ̃/r and dΔ/du = Δ̃'/r with r = 1 in the band and r = |λ|^{L−w} outside it (|λ| < 1),
    so that neither overflows for long rings. Within :data:`EDGE_WINDOW` of a band edge the
    formula in τ loses digits to the removable singularity at λ² = 1 (round-off is amplified by
    |λ² − 1|⁻²), and the same Δ is taken from the clean sites' Chebyshev polynomials instead.
    """
    u = np.asarray(u, dtype=float)
    p = sites - onsite.size
    value, slope, scale = (np.empty_like(u) for _ in range(3))
    edge = np.abs(np.abs(u) - 2) < EDGE_WINDOW
    if np.any(edge):
        value[edge], slope[edge] = _near_edge(onsite, sites, u[edge])
        scale[edge] = 1.0
    band = (np.abs(u) < 2) & ~edge
    if np.any(band):
        k = np.arccos(-u[band] / 2)
        lam = np.exp(1j * k)
        a, b = _lambda_terms(onsite, lam, p)
        rot = lam ** (-p)
        value[band] = 2 * (rot * a).real
        # dΔ/dk = 2 Re(iλ R'(λ)), du/dk = 2 sin k
        slope[band] = 2 * (1j * lam * rot * b).real / (2 * np.sin(k))
        scale[band] = 1.0
    out = (np.abs(u) >= 2) & ~edge
    if np.any(out):
        x = -u[out] / 2
        lam = x - np.sign(x) * np.sqrt(x * x - 1)  # the root of λ + 1/λ = 2x with |λ| < 1
        sign, r = np.sign(lam) ** p, np.abs(lam) ** p
        a, b = _lambda_terms(onsite, lam, p)
        a_inv, b_inv = _lambda_terms(onsite, 1 / lam, p)
        value[out] = sign * (a + r * r * a_inv)
        # Δ = R(λ) + R(1/λ): dΔ/dλ = R'(λ) − R'(1/λ)/λ², scaled by r = |λ|^p
        dlam = sign * (b - r * r * b_inv / lam**2)
        slope[out] = dlam / (-(1 - 1 / lam**2))
        scale[out] = r
    return value, slope, scale


def scattering_amplitudes(
    potential: object, energy: object, hopping: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Transmission and reflection amplitudes (τ, r) of site energies in the clean chain.

    Parameters
    ----------
    potential
        Site energies ε_0 … ε_{w−1} of the scatterer (t), embedded in the infinite clean chain.
    energy
        Energies E (t) inside the open band −2t < E < 2t, any shape.
    hopping
        Hopping t > 0 of the chain.

    Returns
    -------
    tau, r
        Complex arrays of the shape of ``energy``: for a wave e^{ikj} incident from the left
        (E = −2t cos k), r e^{−ikj} is reflected and τ e^{ikj} transmitted, with the phases
        referred to the clean chain (τ = 1 for ε ≡ 0). See the module notes for Q and n(λ).
    """
    pot = _potential(potential)
    t = _hopping(hopping)
    e = np.asarray(energy, dtype=float)
    if not np.all(np.isfinite(e)) or np.any(np.abs(e) >= 2 * t):
        raise ParameterError("energy", "values outside the band",
                             f"energies inside the open band (−2t, 2t) = ({-2 * t}, {2 * t})")
    lam = np.exp(1j * np.arccos(e.ravel() / (-2 * t)))
    m11, m12, m21, m22, *_ = _transfer(pot / t, e.ravel() / t)
    w = pot.size
    den = lam * lam - 1
    q22 = lam**w * (lam * m21 + lam**2 * m22 - m11 - lam * m12) / den
    q21 = lam ** (w + 1) * (lam * m21 + m22 - m11 - m12 / lam) / den
    return (1 / q22).reshape(e.shape), (-q21 / q22).reshape(e.shape)


def scatterer_transmission(potential: object, energy: object, hopping: float = 1.0) -> xr.Dataset:
    """Transmission of a finite set of site energies in the clean tight-binding chain.

    Parameters
    ----------
    potential
        Site energies ε_0 … ε_{w−1} of the scatterer (t).
    energy
        Energies E (t), 1D, inside the open band (−2t, 2t).
    hopping
        Hopping t > 0.

    Returns
    -------
    xarray.Dataset
        Over ``energy``: ``transmission`` ``|τ|²``, ``reflection`` ``|r|²``, ``transmission_phase``
        δ = arg τ (rad, referred to the clean chain; add k·w for the phase across the scatterer),
        ``reflection_phase`` arg r, ``wavenumber`` k = arccos(−E/2t) (1/a) and ``velocity``
        v = 2t sin k (t·a/ħ).

    Notes
    -----
    Transfer matrices between plane-wave leads (module notes): τ = 1/Q_22, r = −Q_21/Q_22.
    One site of energy V: ``|τ|² = 4t² sin²k/(4t² sin²k + V²)``, δ = −arctan(V/(2t sin k)).
    """
    e = np.atleast_1d(np.asarray(energy, dtype=float))
    if e.ndim != 1:
        raise ParameterError("energy", f"array of shape {e.shape}", "a 1D array of energies")
    tau, r = scattering_amplitudes(potential, e, hopping)
    t = _hopping(hopping)
    k = np.arccos(e / (-2 * t))
    coord = labelled(e, "energy", "t", "energy E")

    ds = xr.Dataset(
        {
            "transmission": labelled(np.abs(tau) ** 2, "energy", "1",
                                     "transmission probability |τ|²"),
            "reflection": labelled(np.abs(r) ** 2, "energy", "1", "reflection probability |r|²"),
            "transmission_phase": labelled(np.angle(tau), "energy", "rad",
                                           "δ = arg τ (clean chain: 0)"),
            "reflection_phase": labelled(np.angle(r), "energy", "rad", "arg r"),
            "wavenumber": labelled(k, "energy", "1/a", "lead wavenumber k, E = −2t cos k"),
            "velocity": labelled(2 * t * np.sin(k), "energy", "t*a/hbar",
                                 "group velocity v = 2t sin k"),
        },
        coords={"energy": coord},
    )
    return with_provenance(ds, {"potential": _potential(potential), "hopping": t})


def ring_discriminant(
    potential: object, sites: int, energy: object, hopping: float = 1.0
) -> np.ndarray:
    """Δ(E) = Tr T_{L−1}⋯T_0 of the ring closing the scatterer, from its transmission alone.

    In the band Δ = (2/|τ|) cos(kL + arg τ); outside it the analytic continuation
    λ^L/τ(1/λ) + λ^{−L}/τ(λ) with real λ, |λ| < 1. May overflow far outside the band of a long
    ring (|Δ| ~ |λ|^{−L}).
    """
    pot = _potential(potential)
    t = _hopping(hopping)
    n = _sites(sites, pot.size)
    e = np.asarray(energy, dtype=float)
    value, _, scale = _discriminant(pot / t, n, e.ravel() / t)
    return (value / scale).reshape(e.shape)
