"""Typical persistent current of a real diffusive metal ring, in SI units.

What a real ring adds to the spinless diffuson of :func:`~currentkit.rings.typical_harmonics`:
spin degeneracy, a Zeeman field, spin-orbit scattering, dephasing and the magnetic field that
penetrates the metal of the ring. All enter the flux harmonics of the current correlator as
factors under the time integral over the return probability of paths winding p times
(Riedel and von Oppen, PRB 47, 15449 (1993); Ginossar et al., PRB 81, 155448 (2010)):

    ⟨I_p²⟩ = (2/π²) e² p² ∫_0^∞ dt t⁻³ P_p(t) R_T(t) e^{−t/τ_φ} ½[S_D(t) + S_C(t) e^{−t/τ_B}],

    P_p(t) = L (4πDt)^{−1/2} e^{−p²L²/4Dt},   R_T(t) = (x/sinh x)²,  x = πk_BTt/ħ,

with I = Σ_p I_p sin(2πpΦ/Φ0), Φ0 = h/e, D the diffusion constant, L the circumference,
τ_φ = L_φ²/D the dephasing time. The two halves are the diffuson (D) and the cooperon (C),
equal in a ring with time-reversal-symmetric disorder and flux only through the hole. The
spinless ring has S_D = S_C = 1 and gives √⟨I_p²⟩ = √96 p^{−3/2} E_c/Φ0 at T = 0
(E_c = ħD/L²), exactly :func:`~currentkit.rings.typical_harmonics`.

Spin factor S(t), relative to spinless electrons (ω_Z = gμ_BB/ħ, τ_so = L_so²/D):

* no spin-orbit: the two spin species are two spinless copies whose chemical potentials
  differ by E_Z = gμ_BB; the same-spin correlations are unchanged, the cross-spin ones carry
  the energy difference E_Z as cos(ω_Z t): S = 2 + 2cos(ω_Z t). At B = 0, S = 4: spin
  doubles the amplitude; at E_Z ≫ E_c the cross terms vanish and S → 2 (amplitude ×1/√2).
* spin-orbit length L_so: the spin density relaxes isotropically at the rate 1/τ_so while the
  Zeeman field precesses its transverse part: singlet (charge) channel 1, triplet
  e^{−t/τ_so}[1 + 2cos(ω_Z t)], i.e. S = 1 + e^{−t/τ_so}(1 + 2cos ω_Z t). For the cooperon
  this is exact at B = 0; at B > 0 the Zeeman field also mixes the cooperon's singlet and
  triplet, a correction of order E_Z²τ_so/ħ that the cooperon rarely lives to see (see τ_B).
* strong spin-orbit (``"strong"``, L_so → 0): only the singlet survives, S = 1 — the
  symplectic reduction: the spin-degenerate ⟨I_p²⟩ falls by 4, the amplitude by 2, back to
  the spinless value (Kramers-degenerate pairs with β = 4: s²/β = 4/4 against 4/1).

Field in the metal: a field B perpendicular to a wire of width w (the ring's line width)
dephases the cooperon at 1/τ_B = D(eBw/ħ)²/3 (the flux through the wire's own cross-section;
Altshuler and Aronov, JETP Lett. 33, 499 (1981), thin wire, w ≪ L_B); the diffuson does not
feel it. Without ``width`` the field threads only the hole.

Evaluation (exact, no time grid). With t⁻³R_T = 4π²T²Σ_{n≥1} n e^{−ω_n t}/t (ω_n = 2πnk_BT/ħ)
and ∫_0^∞ dt t⁻¹ e^{−(ω+Γ)t} P_p(t) = e^{−pL√((ω+Γ)/D)}/p, a channel with a complex rate Γ
(Γ = 1/τ_φ + 1/τ_so ± iω_Z …) contributes, in units of E_c (θ = k_BT/E_c, γ = ħΓ/E_c),

    ⟨I_p²⟩ = (eE_c/ħ)² · 8pθ² Σ_{n≥1} n Re e^{−p√(2πnθ + γ)},

and at T = 0 (the sum becomes an integral) ⟨I_p²⟩ = (eE_c/ħ)² (24/π²p³) Re[e^{−κ}(1 + κ + κ²/3)],
κ = p√γ (principal root). Dephasing alone at T = 0 is the factor e^{−κ}(1 + κ + κ²/3),
κ = pL/L_φ.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError, finite_real, positive_real
from currentkit.results import labelled, with_provenance
from currentkit.units import BOHR_MAGNETON, BOLTZMANN, ELEMENTARY_CHARGE, HBAR

#: Terms are summed until p·Re√(2πnθ + γ) ≥ 60 (e^{−60} ≈ 1e-26 relative).
_CUTOFF = 60.0
#: Beyond this many Matsubara terms the T = 0 form is used: Euler-Maclaurin, the sum differs from
#: the integral by O(θ²) (θ = k_BT/E_c < 3e-4 here, a relative change < 1e-6).
_MAX_TERMS = 2_000_000


def _channels(
    spin: bool, spin_orbit: float | str | None, zeeman: float, dephasing: float, length: float,
) -> list[tuple[float, complex]]:
    """(weight, γ) of each spin channel: S(t) = Σ weight·e^{−γt} (t in ħ/E_c, γ complex).

    ``zeeman`` is ω_Z in units of E_c/ħ, ``dephasing`` 1/τ_φ in the same units; the spin-orbit
    rate is (L/L_so)² in units of E_c/ħ.
    """
    if not spin:
        return [(1.0, complex(dephasing))]
    if spin_orbit == "strong":
        return [(1.0, complex(dephasing))]
    if spin_orbit is None:
        relax = 0.0
        singlet = [(2.0, complex(dephasing))]
    else:
        relax = (length / float(spin_orbit)) ** 2
        singlet = [(1.0, complex(dephasing)), (1.0, complex(dephasing + relax))]
    return [*singlet, (1.0, complex(dephasing + relax, zeeman)),
            (1.0, complex(dephasing + relax, -zeeman))]


def _harmonic_squares(orders: int, theta: float, channels: list[tuple[float, complex]]
                      ) -> np.ndarray:
    """Σ_c weight_c·8pθ²Σ_n n Re e^{−p√(2πnθ + γ_c)} for p = 1…orders, in (eE_c/ħ)²."""
    p = np.arange(1, orders + 1, dtype=float)
    terms = int((_CUTOFF / p[0]) ** 2 / (2 * math.pi * theta)) + 2 if theta > 0 else _MAX_TERMS + 1
    out = np.zeros(orders)
    for weight, gamma in channels:
        if terms > _MAX_TERMS:
            kappa = p * np.sqrt(gamma)
            part = 24 / (math.pi**2 * p**3) * np.exp(-kappa) * (1 + kappa + kappa**2 / 3)
        else:
            n = np.arange(1, terms + 1, dtype=float)
            root = np.sqrt(2 * math.pi * theta * n + gamma)
            part = np.array([8 * q * theta**2 * np.sum(n * np.exp(-q * root)) for q in p])
        out += weight * np.real(part)
    return out


def _length_or_strong(value: float | str | None) -> float | str | None:
    if value is None or value == "strong":
        return value
    if isinstance(value, str):
        raise ParameterError("spin_orbit", value, "None, 'strong' or a positive length in m")
    return positive_real("spin_orbit", value, "None, 'strong' or a positive length L_so in m")


def typical_current_si(
    diffusion: float,
    circumference: float,
    temperature: float = 0.0,
    *,
    dephasing_length: float = math.inf,
    zeeman_field: float = 0.0,
    g_factor: float = 2.0,
    spin_orbit: float | str | None = None,
    width: float | None = None,
    field: float | None = None,
    spin: bool = True,
    orders: int = 3,
) -> xr.Dataset:
    """rms flux harmonics √⟨I_p²⟩ (A) of a diffusive metal ring, p = 1…``orders`` (module notes).

    Parameters
    ----------
    diffusion
        D (m²/s), > 0.
    circumference
        L (m), > 0 (2π times the mean radius).
    temperature
        T (K), ≥ 0.
    dephasing_length
        L_φ = √(Dτ_φ) (m), > 0; ``inf`` for none.
    zeeman_field
        B (T) seen by the spins, ≥ 0: E_Z = gμ_BB.
    g_factor
        g, > 0.
    spin_orbit
        ``None`` (no spin-orbit scattering), ``"strong"`` (L_so ≪ L: the symplectic reduction)
        or the spin-orbit length L_so = √(Dτ_so) (m), the triplet spin-density relaxation
        length.
    width
        Line width w (m) of the ring's wire: with it, the field ``field`` (default
        ``zeeman_field``) inside the metal dephases the cooperon, 1/τ_B = D(eBw/ħ)²/3.
    field
        Perpendicular field (T) in the metal for the cooperon; defaults to ``zeeman_field``.
    spin
        Spin-1/2 electrons (default); ``False`` for the spinless reference.
    orders
        Number of flux harmonics.

    Returns
    -------
    xarray.Dataset
        ``typical_harmonic(order)`` (A), ``reduction(order)`` (1: over the spin-degenerate
        ring with none of the factors at the same T — the factor the options cost) and
        ``spinless_zero(order)`` (A: √96 p^{−3/2} E_c/Φ0); attrs E_c (J), E_c/k_B (K), E_Z (J),
        and the rates.
    """
    d = positive_real("diffusion", diffusion, "a positive, finite D in m^2/s")
    length = positive_real("circumference", circumference, "a positive, finite L in m")
    kt = finite_real("temperature", temperature, "a finite temperature >= 0 in K",
                     nonnegative=True)
    l_phi = float(dephasing_length) if dephasing_length == math.inf else positive_real(
        "dephasing_length", dephasing_length, "a positive length in m, or inf")
    b = finite_real("zeeman_field", zeeman_field, "a finite field >= 0 in T", nonnegative=True)
    g = positive_real("g_factor", g_factor, "a positive, finite g-factor")
    so = _length_or_strong(spin_orbit)
    w = None if width is None else positive_real("width", width, "a positive line width in m")
    b_orb = b if field is None else finite_real("field", field, "a finite field >= 0 in T",
                                                nonnegative=True)
    if not isinstance(spin, bool):
        raise ParameterError("spin", spin, "True or False")
    if isinstance(orders, bool) or not isinstance(orders, numbers.Integral) or orders < 1:
        raise ParameterError("orders", orders, "an integer >= 1")
    if not spin and (so is not None or b > 0):
        raise ParameterError("spin", spin, "True when spin_orbit or zeeman_field is given")

    ec = HBAR * d / length**2  # J
    theta = BOLTZMANN * kt / ec
    dephasing = (length / l_phi) ** 2 if l_phi != math.inf else 0.0
    zeeman = g * BOHR_MAGNETON * b / ec
    cooperon = 0.0 if w is None else (ELEMENTARY_CHARGE * b_orb * w / HBAR) ** 2 * length**2 / 3
    spin_channels = _channels(spin, so, zeeman, dephasing, length)
    diffuson = _harmonic_squares(int(orders), theta, spin_channels)
    cooper = _harmonic_squares(int(orders), theta, [(wt, gam + cooperon)
                                                     for wt, gam in spin_channels])
    squares = 0.5 * (diffuson + cooper)
    reference = _harmonic_squares(int(orders), theta, _channels(spin, None, 0.0, 0.0, length))
    unit = ELEMENTARY_CHARGE * ec / HBAR  # eE_c/ħ (A)
    p = np.arange(1, int(orders) + 1)
    order = labelled(p, "order", "1", "flux harmonic p of I = Σ I_p sin(2πpΦ/Φ0)")
    ds = xr.Dataset(
        {
            "typical_harmonic": labelled(unit * np.sqrt(squares), "order", "A",
                                         "rms harmonic √⟨I_p²⟩"),
            "reduction": labelled(np.sqrt(squares / reference), "order", "1",
                                  "√⟨I_p²⟩ over the spin-degenerate (or spinless) ring without "
                                  "dephasing, Zeeman, spin-orbit or field in the metal, same T"),
            "spinless_zero": labelled(unit * np.sqrt(24 / (math.pi**2 * p**3.0)), "order", "A",
                                      "√96 p^(−3/2) E_c/Φ0: spinless, T = 0, no dephasing"),
        },
        coords={"order": order},
        attrs={"thouless_energy": ec, "thouless_energy_units": "J",
               "thouless_temperature": ec / BOLTZMANN, "thouless_temperature_units": "K",
               "zeeman_energy": zeeman * ec, "zeeman_energy_units": "J",
               "dephasing_rate": dephasing * ec / HBAR, "dephasing_rate_units": "1/s",
               "cooperon_field_rate": cooperon * ec / HBAR, "cooperon_field_rate_units": "1/s"},
    )
    parameters = {"diffusion": d, "circumference": length, "temperature": kt,
                  "dephasing_length": l_phi, "zeeman_field": b, "g_factor": g,
                  "spin_orbit": so, "width": w, "field": b_orb, "spin": spin,
                  "orders": int(orders)}
    return with_provenance(ds, parameters)
