"""Flux sweeps of a superconducting ring: critical current, phase slips and Little-Parks.

Fluxoid state n carries I_n = (nΦ0 − Φ)/L (Φ0 = h/2e, SI units). Without phase slips it survives
until |I_n| = I_c, so an up sweep jumps n → n + 1 at Φ = nΦ0 + I_cL and a down sweep
n + 1 → n at Φ = (n + 1)Φ0 − I_cL: the hysteresis loop is 2(I_cL/Φ0 − ½) wide in Φ0.
Thermally activated phase slips (McCumber-Halperin rate
Γ = (l/ξ)(ΔF/k_BT)^{1/2} e^{−ΔF/k_BT}/τ_GL, ΔF = (8√2/3)(B_c²/2μ0)Aξ(1 − I/I_c)^{5/4},
B_c = Φ0/(2√2πλξ), τ_GL = πħ/(8k_B(Tc − T))) let the state leave at the switching current
I_s < I_c where Γ equals the sweep rate, so the jumps move to |Φ − nΦ0| = I_sL.
Little-Parks: ΔTc/Tc = −(ξ0/R)²(n − Φ/Φ0)², period Φ0, depth (ξ0/R)²/4 at half flux.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import xarray as xr

from currentkit import plotting, superconductors, units
from currentkit.report.section import Row, Section

NAME = "sweep_hysteresis"
#: Dirty Al nanowire ring: λ0, ξ0 (m), Tc (K), cross-section 10 nm × 20 nm, ring radius R (m).
LAMBDA0, XI0, TC, AREA, RADIUS = 150e-9, 100e-9, 1.2, 10e-9 * 20e-9, 1e-6
#: Temperature of the sweeps (K), sweep rate (Φ0/s) and I_cL/Φ0 of the ring.
TEMPERATURE, SWEEP_RATE, BETA = 1.0, 1.0, 2.6
#: Sweep limits (Φ0).
SPAN = 6.0


def _wire() -> superconductors.Wire:
    return superconductors.Wire(LAMBDA0, XI0, TC, AREA, 2 * math.pi * RADIUS)


def mccumber_halperin(temperature: np.ndarray, current: float = 0.0) -> np.ndarray:
    """Γ(T) (1/s) from the closed forms in the module docstring, written independently."""
    t = np.asarray(temperature, dtype=float)
    lam = LAMBDA0 / np.sqrt(1 - (t / TC) ** 4)
    xi = XI0 / np.sqrt(1 - t / TC)
    phi0 = units.PLANCK / (2 * units.ELEMENTARY_CHARGE)
    bc = phi0 / (2 * math.sqrt(2) * math.pi * lam * xi)
    ic = AREA * phi0 / (3 * math.sqrt(3) * math.pi * units.MU_0 * lam**2 * xi)
    barrier = 8 * math.sqrt(2) / 3 * bc**2 / (2 * units.MU_0) * AREA * xi
    x = barrier * (1 - current / ic) ** 1.25 / (units.BOLTZMANN * t)
    tau = math.pi * units.HBAR / (8 * units.BOLTZMANN * (TC - t))
    return 2 * math.pi * RADIUS / xi * np.sqrt(x) * np.exp(-x) / tau


def loop_widths(ds: xr.Dataset) -> np.ndarray:
    """Up-jump flux minus down-jump flux between the same pair n ↔ n + 1 (Φ0)."""
    n0 = int(ds["winding_up"][0])
    n_top = int(ds["winding_down"][-1])
    up = {n0 + k: float(u) for k, u in enumerate(ds["jumps_up"].to_numpy())}
    down = {n_top - k - 1: float(d) for k, d in enumerate(ds["jumps_down"].to_numpy())}
    return np.array([up[n] - down[n] for n in sorted(up.keys() & down.keys())])


def _figure(folder: Path, clean: xr.Dataset, slips: xr.Dataset, i_s: float, ic: float) -> str:
    wire = _wire()
    fig, (ax_s, ax_g, ax_lp) = plotting.new_figure(3, width=4.3, height=3.6)
    flux = clean["flux"]
    ax_s.plot(flux, clean["current_up"] / ic, color="C0", lw=1.2, label="up, no slips")
    ax_s.plot(flux, clean["current_down"] / ic, color="C0", lw=1.2, ls="--", label="down")
    ax_s.plot(flux, slips["current_up"] / ic, color="C3", lw=1.0, label="up, phase slips")
    ax_s.plot(flux, slips["current_down"] / ic, color="C3", lw=1.0, ls="--", label="down")
    ax_s.axhline(i_s / ic, color="C3", lw=0.6, ls=":")
    ax_s.axhline(-i_s / ic, color="C3", lw=0.6, ls=":")
    ax_s.set_xlabel(plotting.flux_label("h/2e"))
    ax_s.set_ylabel(r"ring current $I/I_c$")
    ax_s.set_title(rf"$I_cL = {BETA:g}\,\Phi_0$, T = {TEMPERATURE:g} K, $I_s/I_c$ = {i_s / ic:.3f}")
    ax_s.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2,
                frameon=False)
    temps = np.linspace(0.85, 1.17, 40)
    table = superconductors.phase_slip_table(wire, temps)
    fine = np.linspace(0.85, 1.17, 300)
    ax_g.semilogy(fine, mccumber_halperin(fine), color="C0", label="McCumber-Halperin form")
    ax_g.semilogy(temps, table["rate"], "o", ms=3.5, mfc="none", color="C0",
                  label="phase_slip_table")
    ax_g.axhline(SWEEP_RATE, color="C3", lw=0.6, ls="--", label="sweep rate 1 Φ0/s")
    ax_g.set_ylim(1e-60, 1e14)
    ax_g.set_xlabel("temperature T (K)")
    ax_g.set_ylabel(r"phase-slip rate $\Gamma$ (1/s), I = 0")
    ax_g.set_title(f"Al wire 10×20 nm², l = 2π µm, Tc = {TC:g} K")
    ax_g.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2,
                frameon=False)
    lp_flux = np.linspace(-2.0, 2.0, 401)
    lp = superconductors.little_parks(lp_flux, TC, XI0, RADIUS)
    ax_lp.plot(lp_flux, lp["tc_shift"] * 1e3, color="C0", label="little_parks")
    ax_lp.axhline(-(XI0 / RADIUS) ** 2 / 4 * 1e3, color="C3", ls="--", lw=0.8,
                  label=r"$-(\xi_0/R)^2/4$")
    ax_lp.set_xlabel(plotting.flux_label("h/2e"))
    ax_lp.set_ylabel(r"$\Delta T_c/T_c$ ($10^{-3}$)")
    ax_lp.set_title(f"Little-Parks, ξ0 = {XI0 * 1e9:.0f} nm, R = {RADIUS * 1e6:g} µm")
    ax_lp.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2,
                 frameon=False)
    for ax in (ax_s, ax_g, ax_lp):
        ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """Sweep jumps, loop widths, switching current and Little-Parks against closed forms."""
    wire = _wire()
    ic = float(wire.critical_current(TEMPERATURE))
    phi0 = units.PLANCK / (2 * units.ELEMENTARY_CHARGE)
    inductance = BETA * phi0 / ic
    clean = superconductors.sweep_hysteresis(ic, inductance, -SPAN, SPAN)
    i_s = superconductors.switching_current(wire, TEMPERATURE, SWEEP_RATE)
    slips = superconductors.sweep_hysteresis(ic, inductance, -SPAN, SPAN, switching=i_s)
    delta_s = BETA * i_s / ic

    def offsets(values: np.ndarray, delta: float) -> float:
        """Largest |(Φ_jump − nΦ0) − δ| over the jumps, n the nearest integer."""
        shifted = values - delta
        return float(np.max(np.abs(shifted - np.rint(shifted))))

    up = clean["jumps_up"].to_numpy()
    down = clean["jumps_down"].to_numpy()
    up_s = slips["jumps_up"].to_numpy()
    gamma_s = float(superconductors.phase_slip_table(wire, [TEMPERATURE], current=i_s)["rate"][0])
    gamma_lib = float(superconductors.phase_slip_table(wire, [TEMPERATURE])["rate"][0])
    flux = np.linspace(-1.5, 1.5, 301)
    lp = superconductors.little_parks(flux, TC, XI0, RADIUS)["tc_shift"].to_numpy()
    depth = (XI0 / RADIUS) ** 2 / 4
    period_dev = float(np.max(np.abs(lp[100:] - lp[:-100])))  # grid step 0.01: Φ vs Φ + Φ0
    rounding = "grid positions n + δ in floating point: rounding of a few ulp only"
    rows = (
        Row("no slips: max |jump − (nΦ0 + I_cL)|, up sweep", offsets(up, BETA), 0.0, "Φ0", 1e-12,
            check="absolute", note=rounding),
        Row("no slips: max |jump − (nΦ0 − I_cL)|, down sweep", offsets(down, -BETA), 0.0, "Φ0",
            1e-12, check="absolute", note=rounding),
        Row("no slips: loop width", float(np.mean(loop_widths(clean))), 2 * (BETA - 0.5), "Φ0",
            1e-12, note=f"2(I_cL/Φ0 − ½) over {loop_widths(clean).size} loops; rounding only"),
        Row(f"switching current I_s/I_c at {TEMPERATURE:g} K, {SWEEP_RATE:g} Φ0/s", i_s / ic, 1.0,
            "1", 0.0, check="less", note="phase slips switch the state before depairing"),
        Row("phase-slip rate at I_s equals the sweep rate", gamma_s, SWEEP_RATE, "1/s", 1e-9,
            note="Brent root to 1e-14 in ΔF/k_BT ≈ 30; e^{x} amplifies it to ≲ 1e-12"),
        Row("with slips: max |jump − (nΦ0 + I_sL)|, up sweep", offsets(up_s, delta_s), 0.0, "Φ0",
            1e-12, check="absolute", note=f"I_sL/Φ0 = {delta_s:.4f} > ½; {rounding}"),
        Row("with slips: loop width", float(np.mean(loop_widths(slips))),
            2 * (delta_s - 0.5), "Φ0", 1e-12, note="2(I_sL/Φ0 − ½): narrower; rounding only"),
        Row(f"Γ(T = {TEMPERATURE:g} K, I = 0)", gamma_lib,
            float(mccumber_halperin(np.array([TEMPERATURE]))[0]), "1/s", 1e-9,
            note="McCumber-Halperin closed form in this section; e^{−x}, x ≈ 110, turns ulp of "
            "x into ~1e-13 relative"),
        Row("Little-Parks depth max(−ΔTc/Tc)", float(-lp.min()), depth, "1", 1e-12,
            note="the grid contains Φ = ±½Φ0 exactly up to rounding"),
        Row("Little-Parks period: max |ΔTc/Tc(Φ + Φ0) − ΔTc/Tc(Φ)|", period_dev, 0.0, "1",
            1e-9 * depth, check="absolute",
            note="grid points Φ and Φ + Φ0 differ from exact by rounding only; 1e-9 of the depth"),
    )
    intro = (
        f"A ring whose critical current times inductance is I_cL = {BETA:g}Φ0 holds several "
        "fluxoid states at each flux. Sweeping the flux up, a state n survives until its "
        "current reaches the critical current, at Φ = nΦ0 + I_cL, far past the degeneracy point "
        "(n + ½)Φ0; sweeping down it leaves at nΦ0 − I_cL. The current traces a hysteresis loop "
        f"2(I_cL/Φ0 − ½) = {2 * (BETA - 0.5):g}Φ0 wide (left, blue)."
        "\n\n"
        f"In a thin, warm wire (dirty Al, 10 × 20 nm², T = {TEMPERATURE:g} K, Tc = {TC:g} K) "
        "thermal phase slips over the Langer-Ambegaokar barrier unwind the phase earlier: once "
        f"the McCumber-Halperin rate reaches the sweep rate ({SWEEP_RATE:g} Φ0/s) the state "
        f"switches, at I_s = {i_s / ic:.3f} I_c (red): the loop narrows to "
        f"{2 * (delta_s - 0.5):.3f}Φ0. The rate at zero current rises by many decades as T "
        "approaches Tc (centre), faster than any single Arrhenius law because the barrier "
        "itself vanishes at Tc. Right: Little-Parks oscillation of Tc, period Φ0 and depth "
        f"(ξ0/R)²/4 = {depth:.4g}. Curves and markers: the library (sweep_hysteresis, "
        "switching_current, phase_slip_table, little_parks); the closed forms are written "
        "independently in this section."
    )
    return Section(title="Flux sweeps, critical current and phase slips", intro=intro,
                   figures=(_figure(folder, clean, slips, i_s, ic),), rows=rows)
