"""Fluxoid quantization in an aluminium wire loop: energy parabolas and current sawtooth.

Fluxoid condition Φ_ext + L·I = nΦ0 (Φ0 = h/2e, L = L_g + L_k, SI units): the state of winding
n carries I_n = (nΦ0 − Φ_ext)/L (positive counter-clockwise seen from +z) and has energy
E_n = (nΦ0 − Φ_ext)²/(2L), a parabola of period Φ0 in n. Round wire of radius a on a loop of
radius R: L_g = μ0R(ln(8R/a) − 2), L_k = μ0λ(T)²·2πR/(πa²) with the two-fluid
λ(T) = λ0/√(1 − (T/Tc)⁴), so L_k(T)/L_k(0) = 1/(1 − (T/Tc)⁴). A state survives while
|I_n| ≤ I_c, the depairing current I_c = πa²·Φ0/(3√3 π μ0 λ² ξ); at zero field the largest
winding is ⌊I_c L/Φ0⌋.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import plotting, superconductors, units
from currentkit.report.section import Row, Section, quoted_tolerance

NAME = "fluxoid_parabolas"
#: Loop radius R and wire radius a (m).
RADIUS, WIRE = 1e-6, 50e-9
#: Warm temperature, in units of Tc.
WARM = 0.8
#: Windings drawn.
WINDINGS = np.arange(-2, 3)
#: Φ0 = h/2e as quoted (CODATA 2018, exact h and e), in Wb.
PHI0_QUOTED = "2.067834e-15"


def inductances(lam: float) -> tuple[float, float]:
    """(L_g, L_k) in H from the closed forms, for the London depth λ (m)."""
    geometric = units.MU_0 * RADIUS * (math.log(8 * RADIUS / WIRE) - 2.0)
    kinetic = units.MU_0 * lam**2 * 2 * math.pi * RADIUS / (math.pi * WIRE**2)
    return geometric, kinetic


def depairing(lam: float, xi: float) -> float:
    """I_c = πa²·Φ0/(3√3 π μ0 λ² ξ) (A), written independently of the library."""
    phi0 = units.PLANCK / (2 * units.ELEMENTARY_CHARGE)
    return math.pi * WIRE**2 * phi0 / (3 * math.sqrt(3) * math.pi * units.MU_0 * lam**2 * xi)


def _figure(folder: Path, ring: superconductors.Ring, warm: float, ic: float) -> str:
    flux = np.linspace(-2.5, 2.5, 801)
    cold = superconductors.fluxoid_states(ring, flux, WINDINGS)
    hot = superconductors.fluxoid_states(ring, flux, WINDINGS, temperature=warm)
    phi0 = cold.attrs["flux_quantum"]
    unit_e = phi0**2 / (2 * cold.attrs["inductance"])
    unit_i = phi0 / cold.attrs["inductance"]
    fig, (ax_e, ax_i) = plotting.new_figure(2, width=5.0, height=3.8)
    for k, n in enumerate(WINDINGS):
        ax_e.plot(flux, cold["energy"].sel(winding=n) / unit_e, color=f"C{k}", label=f"n = {n}")
        ax_e.plot(flux, hot["energy"].sel(winding=n) / unit_e, color=f"C{k}", ls="--", lw=0.8)
        ax_i.plot(flux, cold["current"].sel(winding=n) * 1e3, color=f"C{k}", lw=0.8, alpha=0.6)
    ax_e.plot(flux, cold["ground_energy"] / unit_e, color="k", lw=2.0, alpha=0.4,
              label="ground state")
    ax_e.set_ylim(0, 2.5)
    ax_e.set_xlabel(plotting.flux_label("h/2e"))
    ax_e.set_ylabel(r"$E_n / (\Phi_0^2/2L(0))$")
    ax_e.set_title(f"Al loop R = 1 µm, a = 50 nm; dashed: T = {WARM:g} Tc")
    ax_e.legend(fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.16),
                frameon=False)
    ax_i.plot(*plotting.break_jumps(flux, cold["ground_current"] * 1e3), color="k", lw=1.8,
              label="ground state, T = 0")
    ax_i.plot(*plotting.break_jumps(flux, hot["ground_current"] * 1e3), color="C3", lw=1.2, ls="--",
              label=f"ground state, T = {WARM:g} Tc")
    ax_i.axhspan(-ic * 1e3, ic * 1e3, color="C2", alpha=0.12, label=r"$|I| \leq I_c(0)$")
    ax_i.set_ylim(-1.4 * ic * 1e3, 1.4 * ic * 1e3)
    ax_i.set_xlabel(plotting.flux_label("h/2e"))
    ax_i.set_ylabel(r"ring current $I_n$ (mA)")
    ax_i.set_title(rf"$I_n = (n\Phi_0 - \Phi)/L$, $\Phi_0/L(0)$ = {unit_i * 1e3:.3f} mA")
    ax_i.legend(fontsize=7, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.16),
                frameon=False)
    for ax in (ax_e, ax_i):
        ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """Fluxoid-state currents, energies and windings of the Al loop against closed forms."""
    al = superconductors.material("Al")
    ring = superconductors.Ring(RADIUS, wire_radius=WIRE, material=al)
    warm = WARM * al.critical_temperature
    lg, lk = inductances(al.penetration_depth)
    trapped = superconductors.fluxoid_states(ring, np.array([0.0, 0.5]), np.array([0, 1]))
    i_one = float(trapped["current"].sel(winding=1)[0])
    e_half = trapped["energy"].isel(flux=1).to_numpy()
    flux = np.linspace(-2.4, 2.4, 97) + 0.013  # offset: no grid point at a half-integer
    ground = superconductors.ground_winding(flux)
    states = superconductors.fluxoid_states(ring, flux, np.arange(-4, 5))
    mismatches = int(np.count_nonzero(ground != np.rint(flux)))
    mismatches += int(np.count_nonzero(states["ground_winding"].to_numpy() != np.rint(flux)))
    lk_ratio = ring.kinetic_inductance(warm) / ring.kinetic_inductance(0.0)
    ic_lib = float(superconductors.critical_current(al.penetration_depth, al.coherence_length,
                                                    ring.cross_section))
    ic = depairing(al.penetration_depth, al.coherence_length)
    n_max = superconductors.max_winding(ic_lib, ring.inductance().total)
    phi0 = units.PLANCK / (2 * units.ELEMENTARY_CHARGE)
    rounding = "same closed form evaluated twice; only rounding (a few ulp) differs"
    rows = (
        Row("current of one trapped quantum (n = 1, Φ = 0)", i_one, phi0 / (lg + lk), "A", 1e-12,
            note=f"Φ0/(L_g + L_k) with L_g, L_k written in this section; {rounding}"),
        Row("degeneracy at Φ0/2: (E_1 − E_0)/E_0", float((e_half[1] - e_half[0]) / e_half[0]),
            0.0, "1", 1e-12, check="absolute",
            note="(Φ0/2)² = (−Φ0/2)² exactly; the difference is rounding"),
        Row("ground winding ≠ round(Φ/Φ0), grid points (of 2 × 97)", float(mismatches), 0.0, "1",
            0.0, check="absolute", note="integers: must agree exactly away from half-integers"),
        Row("flux period Φ0 = h/2e", float(trapped.attrs["flux_quantum"]), float(PHI0_QUOTED),
            "Wb", quoted_tolerance(PHI0_QUOTED),
            note="half a unit in the last quoted digit of 2.067834e-15 Wb"),
        Row(f"L_k({WARM:g} Tc) / L_k(0)", lk_ratio, 1 / (1 - WARM**4), "1", 1e-12,
            note=f"two-fluid λ(T)² ratio; {rounding}"),
        Row("critical current I_c (depairing)", ic_lib, ic, "A", 1e-12,
            note=f"πa²·Φ0/(3√3πμ0λ²ξ) written in this section; {rounding}"),
        Row("largest winding at zero field", float(n_max),
            float(math.floor(ic * (lg + lk) / phi0)), "1", 0.0, check="absolute",
            note=f"⌊I_c L/Φ0⌋ with I_c L/Φ0 = {ic * (lg + lk) / phi0:.3f}, far from an integer"),
    )
    intro = (
        "A superconducting ring keeps the fluxoid Φ_ext + L·I quantized in units of Φ0 = h/2e: "
        "in the state of winding n it carries I_n = (nΦ0 − Φ_ext)/L and has the energy "
        "E_n = (nΦ0 − Φ_ext)²/(2L), a family of parabolas shifted by Φ0 (left). The ground "
        "state follows the lowest parabola, n = round(Φ/Φ0), and its current is a sawtooth of "
        "period Φ0 that jumps at the degeneracy points Φ = (n + ½)Φ0 (right). An aluminium loop "
        f"(R = 1 µm, wire radius a = 50 nm) has L_g = μ0R(ln(8R/a) − 2) = {lg * 1e12:.3f} pH and "
        f"L_k = μ0λ²·2πR/(πa²) = {lk * 1e12:.3f} pH; at T = {WARM:g} Tc the kinetic part grows "
        f"by 1/(1 − {WARM:g}⁴) (dashed), flattening the parabolas and the sawtooth."
        "\n\n"
        f"States with |I_n| > I_c = {ic * 1e3:.3f} mA (depairing) cannot exist (shaded band): at "
        f"zero field the ring can hold at most ⌊I_c L/Φ0⌋ = {n_max} trapped quanta. Curves: "
        "the library's fluxoid_states; the table checks them against the closed forms written "
        "in this section."
    )
    return Section(title="Fluxoid quantization", intro=intro,
                   figures=(_figure(folder, ring, warm, ic),), rows=rows)
