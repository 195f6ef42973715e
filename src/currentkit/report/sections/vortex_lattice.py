"""Vortices of 2D wavefunctions: found, located and counted with their winding.

A lowest-Landau-level state ψ = Π(z − z_k) e^{−|z|²/4l²} (electron, qB > 0, symmetric gauge,
ħ = m = l = 1) has a vortex of winding +1 at each chosen z_k, and its current is a pure
magnetization current j = (ħ/2m) ẑ × ∇ρ. Three plane waves at 120° interfere into a
honeycomb lattice of vortices of alternating winding, two per primitive cell of area
8π²/(3√3k²); their positions solve (k1 − k2)·r = ±2π/3 + 2πn, (k2 − k3)·r = ±2π/3 + 2πm.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import grid, plotting, waves
from currentkit.report.section import Row, Section

NAME = "vortex_lattice"
#: The LLL state's zeros (units of the magnetic length).
ZEROS = (0.0 + 0.0j, 1.5 + 0.5j, -1.2 + 1.1j, 0.4 - 1.6j, -1.0 - 0.9j, 2.1 - 1.4j)
K = 2.0  #: plane-wave wavenumber (1/bohr)


def _honeycomb_nodes(k: float, lx: float, ly: float, origin: float) -> list[tuple[float, float,
                                                                                  int]]:
    """Closed-form nodes (x, y, sign) of Σ e^{ik_j·r} in the box [origin, origin + L)."""
    ks = k * np.array([[1.0, 0.0], [-0.5, math.sqrt(3) / 2], [-0.5, -math.sqrt(3) / 2]])
    b = np.array([ks[0] - ks[1], ks[1] - ks[2]])
    out = []
    for s in (1, -1):
        for n in range(-12, 13):
            for m in range(-12, 13):
                r = np.linalg.solve(b, [s * 2 * math.pi / 3 + 2 * math.pi * n,
                                        s * 2 * math.pi / 3 + 2 * math.pi * m])
                if origin <= r[0] < origin + lx and origin <= r[1] < origin + ly:
                    # winding = sign of det ∂(Re ψ, Im ψ)/∂(x, y) at the node
                    g = np.sum([1j * kk * np.exp(1j * kk @ r) for kk in ks], axis=0)
                    sign = int(np.sign(g[0].real * g[1].imag - g[1].real * g[0].imag))
                    out.append((float(r[0]), float(r[1]), sign))
    return out


def build(folder: Path) -> Section:
    """LLL vortices and magnetization current; the three-wave honeycomb on a torus."""
    # lowest Landau level on a periodic box large enough for e^{−r²/4} to vanish at its edges
    x = np.linspace(-12, 12, 192, endpoint=False) + 0.013
    h = float(x[1] - x[0])
    psi, a = waves.lowest_landau_level(x, x, ZEROS)
    # vortices on a finer, open grid around the zeros (ψ(z) there is well above round-off)
    xf = np.linspace(-4, 4, 257) + 0.0071
    lll = waves.find_vortices(waves.lowest_landau_level(xf, xf, ZEROS)[0], xf[1] - xf[0],
                              (xf[0], xf[0]))
    j = waves.probability_current(psi, h, vector_potential=a, method="spectral", periodic=True)
    rho = np.abs(psi) ** 2
    grad = grid.gradient(rho, h, method="spectral", periodic=True)
    magnetization = 0.5 * np.stack([-grad[1], grad[0]])
    deviation = float(np.abs(j - magnetization).max() / np.abs(j).max())
    miss = max(float(np.min(np.hypot(lll.positions[:, 0] - z.real, lll.positions[:, 1] - z.imag)))
               for z in ZEROS)
    # three plane waves on a torus of 3 × 2 rectangular supercells (ψ itself periodic)
    lx, ly = 3 * 4 * math.pi / (3 * K), 2 * 4 * math.pi / (math.sqrt(3) * K)
    nx, ny = 96, 112
    xs = np.arange(nx) * lx / nx + 0.0123
    ys = np.arange(ny) * ly / ny + 0.0123
    ks = K * np.array([[1.0, 0.0], [-0.5, math.sqrt(3) / 2], [-0.5, -math.sqrt(3) / 2]])
    lattice = waves.plane_wave_superposition(xs, ys, ks)
    found = waves.find_vortices(lattice, (lx / nx, ly / ny), (xs[0], ys[0]), periodic=True)
    nodes = _honeycomb_nodes(K, lx, ly, 0.0123)
    cell = 8 * math.pi**2 / (3 * math.sqrt(3) * K**2)
    matched = 0
    for xn, yn, s in nodes:
        d = np.hypot(found.positions[:, 0] - xn, found.positions[:, 1] - yn)
        i = int(np.argmin(d))
        matched += int(d[i] < 1e-3 and found.charges[i] == s)

    fig, (ax_l, ax_h) = plotting.new_figure(2, width=4.2, height=3.8)
    inner = np.abs(x) < 3.5
    xi = x[inner]
    ax_l.pcolormesh(xi, xi, rho[np.ix_(inner, inner)].T, shading="auto", cmap="Blues")
    step = 4
    sl = np.flatnonzero(inner)[::step]
    ax_l.quiver(x[sl], x[sl], j[0][np.ix_(sl, sl)].T, j[1][np.ix_(sl, sl)].T, color="0.3",
                scale=None, width=0.004)
    ax_l.plot(lll.positions[:, 0], lll.positions[:, 1], "r+", ms=9, mew=2,
              label="vortices found (+1)")
    ax_l.set_aspect("equal")
    ax_l.set_xlim(-3.5, 3.5)
    ax_l.set_ylim(-3.5, 3.5)
    ax_l.set_title("lowest Landau level: ρ and j")
    ax_h.pcolormesh(xs, ys, np.angle(lattice).T, shading="auto", cmap="twilight")
    for sign, mark, label in ((1, "r+", "+1"), (-1, "bx", "−1")):
        pts = found.positions[found.charges == sign]
        ax_h.plot(pts[:, 0], pts[:, 1], mark, ms=7, mew=2, label=f"winding {label}")
    ax_h.set_aspect("equal")
    ax_h.set_title("three plane waves: phase, honeycomb of vortices")
    ax_h.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=2,
                frameon=False)
    ax_l.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=False)
    for ax, unit in ((ax_l, "magnetic length l"), (ax_h, "bohr")):
        ax.set_xlabel(f"x [{unit}]")
        ax.set_ylabel(f"y [{unit}]")
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)

    rows = [
        Row("LLL: vortices found", float(lll.count), float(len(ZEROS)), "1", 0.0, "absolute",
            "one per prescribed zero z_k"),
        Row("LLL: total winding", float(lll.net_charge), float(len(ZEROS)), "1", 0.0,
            "absolute", "each z − z_k winds +1 (qB > 0)"),
        Row("LLL: largest distance vortex ↔ z_k", miss, 0.0, "l", 1e-3, "absolute",
            "bilinear root inside a plaquette, h = 1/32: O(h²·|ψ''/ψ'|)"),
        Row("LLL: max |j − (ħ/2m) ẑ×∇ρ| / max |j|", deviation, 0.0, "1", 1e-8, "absolute",
            "exact identity; spectral derivatives of a band-limited field: round-off only"),
        Row("honeycomb: vortices on the torus", float(found.count),
            float(round(2 * lx * ly / cell)), "1", 0.0, "absolute",
            "two per primitive cell of area 8π²/(3√3k²)"),
        Row("honeycomb: net winding", float(found.net_charge), 0.0, "1", 0.0, "absolute",
            "alternating ±1 (a torus carries zero net winding)"),
        Row("honeycomb: vortices at the closed-form nodes with the right sign", float(matched),
            float(len(nodes)), "1", 0.0, "absolute", "position within 1e-3 and same winding"),
    ]
    intro = (
        "A vortex is a node of ψ around which the phase winds by ±2π; the probability current "
        "circulates around it. The library sums the wrapped phase differences around every "
        "plaquette of the grid, keeps the plaquettes with non-zero winding and locates each "
        "node as the zero of the bilinear interpolant of ψ there."
        "\n\n"
        "Left: a lowest-Landau-level state of an electron (ħ = m = 1, magnetic length l = 1, "
        "symmetric gauge) with six chosen zeros: six vortices of winding +1 are found where "
        "they were put, and the current — including the vector-potential term — equals "
        "(ħ/2m) ẑ × ∇ρ, a pure magnetization current with no transport. Right: three plane "
        "waves at 120° make a honeycomb lattice of vortices of alternating winding, two per "
        "cell; on a torus that fits 3 × 2 rectangular supercells all 24 are found at the "
        "closed-form nodes with their signs."
    )
    return Section(title="Vortices: found, counted, and a magnetization current",
                   intro=intro, figures=(name,), rows=tuple(rows))
