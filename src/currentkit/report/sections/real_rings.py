"""What real metal rings add to the typical persistent current (SI units).

An illustrative diffusive ring (round numbers, not a published sample): D = 0.01 m²/s, mean
radius 0.5 µm (L = 3.14 µm, E_c/k_B = 7.7 mK), line width 80 nm. Each factor of
:func:`currentkit.rings.typical_current_si` — spin, Zeeman splitting, the field in the wire,
strong spin-orbit scattering, dephasing, temperature — beside its closed form, and the whole
time integral against a direct quadrature.
"""

from __future__ import annotations

import cmath
import math
from pathlib import Path
from typing import Any

import numpy as np
from scipy import integrate

from currentkit import plotting
from currentkit.report.section import Row, Section
from currentkit.rings import typical_current_si
from currentkit.units import BOHR_MAGNETON, ELEMENTARY_CHARGE, HBAR

NAME = "real_rings"
D, RADIUS, WIDTH = 0.01, 0.5e-6, 80e-9
L = 2 * math.pi * RADIUS


def _time_integral(theta: float, dephasing: float, omega: float) -> float:
    """(2/π²)∫du u⁻³(4πu)^{−1/2}e^{−1/4u}(πθu/sinh πθu)² e^{−u·dephasing}(2 + 2cos ωu)
    for p = 1 (u = tD/L², rates in E_c/ħ): ⟨I_1²⟩ in (eE_c/ħ)², by quad."""

    def f(u: float) -> float:
        x = math.pi * theta * u
        thermal = (x / math.sinh(x)) ** 2 if 0 < x < 300 else (1.0 if x == 0 else 0.0)
        return (u**-3.5 * math.exp(-1 / (4 * u)) / math.sqrt(4 * math.pi) * thermal
                * math.exp(-u * dephasing) * (2 + 2 * math.cos(omega * u)))

    parts = ((0, 0.07), (0.07, 1.4), (1.4, np.inf))
    return 2 / math.pi**2 * sum(integrate.quad(f, a, b, limit=400, epsrel=1e-11,
                                               epsabs=0)[0] for a, b in parts)


def build(folder: Path) -> Section:
    """I_1(T) for each factor, and the factors against their closed forms."""
    spinless = typical_current_si(D, L, spin=False)
    ec_k = spinless.attrs["thouless_temperature"]
    ec = spinless.attrs["thouless_energy"]
    unit = ELEMENTARY_CHARGE * ec / HBAR  # eE_c/ħ (A)
    i0 = float(spinless["typical_harmonic"][0])

    def first(**kwargs: Any) -> float:
        return float(typical_current_si(D, L, **kwargs)["typical_harmonic"][0])

    temps = np.geomspace(0.2, 60, 12) * ec_k
    curves: dict[str, dict[str, Any]] = {
        "spinless": {"spin": False},
        "spin-degenerate": {},
        "Zeeman 1 T (spins only)": {"zeeman_field": 1.0},
        "1 T, field in the wire too": {"zeeman_field": 1.0, "width": WIDTH},
        "strong spin-orbit": {"spin_orbit": "strong"},
        "spin-degenerate, L_φ = L": {"dephasing_length": L},
    }
    fig, ax = plotting.new_figure(1, width=5.6, height=3.9)
    for i, (label, kwargs) in enumerate(curves.items()):
        values = [first(temperature=float(t), **kwargs) for t in temps]
        ax.plot(temps / ec_k, np.array(values) / i0, color=f"C{i}",
                ls="--" if label == "spinless" else "-", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-3, 3)
    ax.set_xlabel(r"$k_BT/E_c$")
    ax.set_ylabel(r"$\sqrt{\langle I_1^2\rangle}$ / spinless at $T = 0$")
    ax.set_title(f"D = {D} m²/s, L = {L * 1e6:.2f} µm, E_c/k_B = {ec_k * 1e3:.1f} mK",
                 fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    figure = f"{NAME}.png"
    plotting.save_figure(fig, folder / figure)

    kappa = 1.0  # L_φ = L
    theta_hot, theta_q, omega_q = 25.0, 0.5, 6.0
    b_q = omega_q * ec / (2 * BOHR_MAGNETON)  # E_Z = gμ_BB = ω_q·E_c, g = 2
    hot = first(temperature=theta_hot * ec_k, spin=False)
    direct = _time_integral(theta_q, 1.0, omega_q)
    library = first(temperature=theta_q * ec_k, dephasing_length=L, zeeman_field=b_q)
    zeeman = typical_current_si(D, L, zeeman_field=1.0).attrs["zeeman_energy"] / ec
    cross = cmath.sqrt(1j * zeeman)  # κ of the cross-spin channels, p = 1
    cross_size = abs(cmath.exp(-cross) * (1 + cross + cross**2 / 3)) / 2
    rows = [
        Row("√⟨I_1²⟩ spinless, T = 0, in units of eD/L²", i0 / (ELEMENTARY_CHARGE * D / L**2),
            math.sqrt(24) / math.pi, "1", 1e-12,
            note="√96·E_c/Φ0 = (√24/π)·eD/L² (Riedel and von Oppen 1993); round-off"),
        Row("spin-degenerate / spinless", first() / i0, 2.0, "1", 1e-12,
            note="four equal spin channels: ⟨I²⟩ ×4; round-off"),
        Row(f"Zeeman 1 T (E_Z = {zeeman:.0f} E_c) / spin-degenerate",
            first(zeeman_field=1.0) / (2 * i0), 1 / math.sqrt(2), "1", cross_size,
            note="what is left of the cross-spin channels: |e^(−κ)(1 + κ + κ²/3)|/2 with "
                 f"κ = √(iE_Z/E_c), {cross_size:.1e} here"),
        Row("field in the wire (w = 80 nm, 1 T) / spin-degenerate",
            first(width=WIDTH, field=1.0) / (2 * i0), 1 / math.sqrt(2), "1", 1e-12,
            note="cooperon rate D(eBw/ħ)²/3 ≈ 1e6 E_c/ħ: e^(−1000); round-off"),
        Row("strong spin-orbit / spin-degenerate", first(spin_orbit="strong") / (2 * i0), 0.5,
            "1", 1e-12, note="only the singlet: the symplectic reduction; round-off"),
        Row("dephasing L_φ = L: ⟨I_1²⟩ ratio at T = 0",
            (first(dephasing_length=L) / (2 * i0)) ** 2,
            math.exp(-kappa) * (1 + kappa + kappa**2 / 3), "1", 1e-12,
            note="Laplace shift s → s + 1/τ_φ: e^(−κ)(1 + κ + κ²/3), κ = L/L_φ; round-off"),
        Row(f"spinless ⟨I_1²⟩ at k_BT = {theta_hot:g} E_c, over 8θ²e^(−√(2πθ)) − 1",
            (hot / unit) ** 2 / (8 * theta_hot**2 * math.exp(-math.sqrt(2 * math.pi * theta_hot)))
            - 1, 2 * math.exp(-(math.sqrt(2) - 1) * math.sqrt(2 * math.pi * theta_hot)), "1",
            0.05, note="the rest is the second Matsubara term; the third is 3% of it"),
        Row(f"⟨I_1²⟩ with T = {theta_q} E_c/k_B, L_φ = L, E_Z = {omega_q:g} E_c: "
            "library vs quadrature in time", (library / unit) ** 2, direct, "(eE_c/ħ)²", 1e-8,
            note="quad at rel. 1e-11 on three panels; the Matsubara sum is cut at e^(−60)"),
    ]
    intro = (
        "The typical current of a diffusive ring, √⟨I_p²⟩ = √96 p^(−3/2)·E_c/Φ0 for spinless "
        "electrons at T = 0, is the time integral (2/π²)e²p²∫dt t^(−3)P_p(t)·R_T(t)·"
        "e^(−t/τ_φ)·S(t) over the return probability P_p of diffusive paths winding p times "
        "(Riedel and von Oppen, PRB 47, 15449 (1993); Ginossar et al., PRB 81, 155448 "
        "(2010)). A real ring adds its factors under the integral: spin (four channels: ×2 in "
        "amplitude), a Zeeman field (the cross-spin channels oscillate as cos(E_Z t/ħ) and "
        "average away once E_Z ≫ E_c: ×1/√2), the field inside the wire (it dephases the "
        "cooperon, half of the signal: ×1/√2), strong spin-orbit scattering (only the "
        "singlet survives: ×1/2, the spinless value), dephasing e^(−t/τ_φ) and temperature "
        "R_T = (πk_BTt/ħ/sinh)^2, which cuts the long paths. The integral is evaluated "
        "exactly through its Laplace transform (a sum over Matsubara frequencies with complex "
        "rates). The ring here is an illustration with round numbers, not a measured sample."
    )
    return Section(title="What real rings add to the typical current", intro=intro,
                   figures=(figure,), rows=tuple(rows))
