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

from currentkit import plotting, units
from currentkit.report.section import Row, Section
from currentkit.superconductors.tdgl_ring import FilmRing, simulate_ring

NAME = "tdgl_ring"
FILM = FilmRing(inner_radius=0.5e-6, outer_radius=1e-6, thickness=50e-9,
                penetration_depth=200e-9, coherence_length=100e-9)
#: Up-sweep (T), then the field is switched off.
UP = np.array([0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]) * 1e-3
FIELDS = np.concatenate([UP, [0.0]])


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
    fig, axes = plotting.new_figure(3, width=4.0, height=3.6)
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
    ax.plot([flux[UP.size - 1], 0.0], ds["winding"][UP.size - 1:], "s:", color="C3", lw=0.8,
            label="TDGL, switched off")
    ax.axhline(FILM.inner_radius / (math.sqrt(3) * FILM.coherence_length), color="C2", ls=":",
               label=r"largest stable $n$ at $B = 0$")
    ax.set_xlabel(plotting.flux_label("h/2e") + r" at $\bar R$")
    ax.set_ylabel("winding number n around the hole")
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
            note="London assumes |ψ| = 1; the current lowers |ψ|² and the mesh is 0.8ξ "
                 "(≈ 10 % below London): 25 %"),
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
        f"Simulation: {ds.attrs['seconds']:.1f} s."
    )
    return Section(title="Fluxoid trapping in a TDGL film ring", intro=intro,
                   figures=(_figure(folder, ds),), rows=rows)
