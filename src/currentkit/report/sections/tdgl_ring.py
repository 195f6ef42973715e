"""A film ring in TDGL (pyTDGL) beside the London ring model: fluxoid entry and trapping.

The annulus r_i = 0.5 µm < r < r_o = 1 µm (d = 50 nm, λ = 200 nm, ξ = 100 nm) is swept up in a
uniform field B along +z and the field is then switched off. The London ring model holds the
fluxoid nΦ0 (Φ0 = h/2e): the state n carries I_n = (nΦ0 − Φ)/L (counter-clockwise from +z),
with L = L_k = 2πμ0λ²/(d ln(r_o/r_i)) since pyTDGL runs without screening; a state is left when
its supercurrent exceeds the critical one. In GL the condensate velocity at radius r is
(Φ0/2π)(n/r − πBr/Φ0), and the supercurrent peaks at q = 1/(√3 ξ): at zero field the winding n
survives at the inner edge while n ≤ r_i/(√3 ξ).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import xarray as xr

from currentkit import plotting, superconductors, units
from currentkit.report.section import Row, Section
from currentkit.superconductors import FilmRing, simulate_ring

NAME = "tdgl_ring"
FILM = FilmRing(inner_radius=0.5e-6, outer_radius=1e-6, thickness=50e-9,
                penetration_depth=200e-9, coherence_length=100e-9)
#: Up-sweep (T), then the field is switched off.
UP = np.array([0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]) * 1e-3
#: Switched off and held for two steps: the first leaves the current 5 % short of relaxed.
FIELDS = np.concatenate([UP, [0.0, 0.0]])


def london_current(n: int) -> float:
    """I_n at zero field, nΦ0/L_k (A), L_k = 2πμ0λ²/(d ln(r_o/r_i)) written independently."""
    lk = 2 * math.pi * units.MU_0 * FILM.penetration_depth**2 / (
        FILM.thickness * math.log(FILM.outer_radius / FILM.inner_radius))
    return n * units.PLANCK / (2 * units.ELEMENTARY_CHARGE) / lk


def _figure(folder: Path, ds: xr.Dataset) -> str:
    from matplotlib.tri import Triangulation

    x, y = ds["x"].to_numpy() * 1e6, ds["y"].to_numpy() * 1e6
    tri = Triangulation(x, y)
    keep = np.hypot(x[tri.triangles].mean(axis=1), y[tri.triangles].mean(axis=1))
    tri.set_mask(keep < FILM.inner_radius * 1e6)  # no triangles across the hole
    top = UP.size - 1
    fig, axes = plotting.new_figure(4, width=4.0, height=3.6)
    for ax, step, label in ((axes[0], top, f"B = {FIELDS[top] * 1e3:g} mT"),
                            (axes[1], FIELDS.size - 1, "field switched off")):
        art = ax.tripcolor(tri, ds["psi2"].isel(step=step).to_numpy(), vmin=0, vmax=1,
                           cmap="viridis", shading="gouraud")
        ax.set_aspect("equal")
        ax.set_xlabel("x (µm)")
        ax.set_ylabel("y (µm)")
        ax.set_title(f"|ψ|², {label}, n = {int(ds['winding'][step])}", fontsize=9)
    fig.colorbar(art, ax=axes[1], shrink=0.8)
    flux = ds["applied_flux"].to_numpy()
    fine = np.linspace(0, flux.max() * 1.02, 400)
    ax = axes[2]
    ax.plot(fine, np.ceil(fine - 0.5), color="k", lw=1.0, label="London ground state")
    ax.plot(flux[: UP.size], ds["winding"][: UP.size], "o-", color="C0", label="TDGL, up-sweep")
    ax.plot(flux[UP.size - 1:], ds["winding"][UP.size - 1:], "s:", color="C3", lw=0.8,
            label="TDGL, switched off")
    ax.axhline(FILM.inner_radius / (math.sqrt(3) * FILM.coherence_length), color="C2", ls=":",
               label=r"largest stable $n$ at $B = 0$")
    ax.set_xlabel(plotting.flux_label("h/2e") + r" at $\bar R$")
    ax.set_ylabel("winding number n around the hole")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    ax = axes[3]
    field = ds["field"].to_numpy()
    fine_b = np.linspace(0.0, UP.max(), 300)
    for n in np.unique(ds["winding"]):
        down, up = superconductors.jump_fields(FILM, int(n))
        inside = (fine_b > down) & (fine_b < up)
        ax.plot(fine_b[inside] * 1e3, superconductors.annulus_current(
            FILM, int(n), fine_b[inside]) * 1e6, color="0.4", lw=1.0)
        ax.plot(fine_b * 1e3, superconductors.annulus_current(
            FILM, int(n), fine_b, suppression=False) * 1e6, color="0.7", lw=0.6, ls="--")
    ax.plot(field * 1e3, ds["current"] * 1e6, "o", color="C0", ms=5, mfc="none",
            label="TDGL (each step)")
    ax.plot([], [], color="0.4", label="local GL, stable window")
    ax.plot([], [], color="0.7", ls="--", label="London |ψ| = 1")
    ax.set_ylim(-800, 800)
    ax.set_xlabel("applied field B (mT)")
    ax.set_ylabel("ring current I (µA)")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """pyTDGL sweep of the film ring: windings, trapped fluxoid and its current."""
    ds = simulate_ring(FILM, FIELDS)
    n = ds["winding"].to_numpy()
    current = ds["current"].to_numpy()
    n_up = n[: UP.size]
    trapped = int(n[-1])
    screening = current[: UP.size][(n_up == 0) & (UP > 0)]
    exact = "exact: the winding is an integer by construction"
    entered = np.flatnonzero(n_up > 0)
    first_entry = float(UP[entered[0]]) if entered.size else math.nan
    rows = (
        Row("winding steps that decrease during the up-sweep", float(np.sum(np.diff(n_up) < 0)),
            0.0, "1", 0.0, check="absolute",
            note="London: flux only enters while the field rises; integers, compared exactly"),
        Row("winding at the top of the sweep", float(n_up[-1]), 0.5, "1", 0.0, check="greater",
            note=f"I_0 = −Φ/L_k exceeds the critical current before Φ = "
                 f"{float(ds['applied_flux'][UP.size - 1]):.1f} Φ0: fluxoids must enter; {exact}"),
        Row("screening current while n = 0 and B > 0 (largest)",
            float(screening.max()) if screening.size else math.nan, 0.0, "A", 0.0,
            check="less", note="London I_0 = −Φ/L_k < 0 (counter-clockwise positive)"),
        Row("trapped winding after switch-off", float(trapped), 0.5, "1", 0.0, check="greater",
            note=f"a fluxoid stays trapped (n ≥ 1); {exact}"),
        Row("trapped winding vs largest stable n = r_i/(√3ξ)", float(trapped),
            FILM.inner_radius / (math.sqrt(3) * FILM.coherence_length), "1", 0.0, check="less",
            note="GL: the condensate velocity nħ/(m r_i) at the inner edge stays below 1/(√3ξ)"),
        Row("trapped current (sign of n)", float(current[-1]), 0.0, "A", 0.0, check="greater",
            note="London I_n = nΦ0/L_k > 0 for n ≥ 1 at zero field"),
        Row("trapped current vs London nΦ0/L_k", float(current[-1]),
            london_current(max(trapped, 1)), "A", 0.25,
            note="London assumes |ψ| = 1; the current lowers |ψ|² (by 2 % for n = 1, 20 % for "
                 "n = 3) and the mesh is 0.8ξ: 25 %"),
        Row("screening current at 2 mT vs local GL annulus", float(current[1]),
            float(superconductors.annulus_current(FILM, int(n[1]), FIELDS[1])), "A", 0.04,
            note="|ψ|² = 1 − ξ²q(r)² across the width (measured 0.9 %; mesh 0.8ξ, width 5ξ): 4 %"),
        Row("trapped current vs local GL annulus", float(current[-1]),
            float(superconductors.annulus_current(FILM, trapped, 0.0)), "A", 0.04,
            note="the same model at B = 0 (measured 0.3 % once relaxed): 4 %"),
        Row("first fluxoid entry field vs local stability limit B_up(0)", first_entry,
            superconductors.jump_fields(FILM, 0)[1], "T", 0.0, check="greater",
            note="deterministic TDGL never leaves a stable state; it overshoots the local limit "
                 "(no noise, a nearly symmetric mesh: 6.0–6.5 mT in a 0.5 mT sweep vs 3.8 mT)"),
    )
    intro = (
        "pyTDGL solves the time-dependent Ginzburg-Landau equations on an annular film "
        "(r_i = 0.5 µm, r_o = 1 µm, d = 50 nm, λ = 200 nm, ξ = 100 nm, no screening) while the "
        f"field is raised in steps to {UP[-1] * 1e3:g} mT and then switched off; each step "
        "is seeded by the previous one. The winding number n is the phase winding around the "
        "hole from Solution.boundary_phases() (its hole_fluxoid is off by 5–8 %, py-tdgl issue "
        "#66); the current is the supercurrent through a radial cut, counter-clockwise positive."
        "\n\n"
        "London ring model: I_n = (nΦ0 − Φ)/L_k with L_k = 2πμ0λ²/(d ln(r_o/r_i)) = "
        f"{FILM.kinetic_inductance() * 1e12:.2f} pH. The ring first screens (n = 0, I < 0) and "
        "lags behind the ground state n = round(Φ/Φ0) (black) until the screening current "
        "reaches the critical current; then fluxoids enter in whole quanta. Switched off, the "
        "ring keeps a winding that its critical current can hold, carrying "
        f"I = nΦ0/L_k ({london_current(1) * 1e6:.0f} µA per quantum) counter-clockwise. "
        "\n\n"
        "The local Ginzburg-Landau annulus refines this: with q(r) = n/r − πBr/Φ0 the condensate "
        "is depleted to |ψ|² = 1 − ξ²q² and the current is (dΦ0/2πμ0λ²)∫q(1 − ξ²q²)dr "
        "(grey lines, drawn where the state is stable: |q| < 1/(√3ξ) at both edges). It gives "
        "the TDGL current of every relaxed state to about 1 %. Where states are left it does not "
        "predict: TDGL (deterministic, no thermal noise) keeps n = 0 beyond the local limit "
        f"B_up(0) = {superconductors.jump_fields(FILM, 0)[1] * 1e3:.1f} mT (a 0.5 mT sweep "
        "left it between 6.0 and 6.5 mT) and then admits several quanta at once. "
        f"Simulation: {ds.attrs['seconds']:.1f} s."
    )
    return Section(title="Fluxoid trapping in a TDGL film ring", intro=intro,
                   figures=(_figure(folder, ds),), rows=rows)
