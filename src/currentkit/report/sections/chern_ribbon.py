"""A Chern-insulator ribbon: circulating edge currents in equilibrium, transport under bias.

Qi-Wu-Zhang model (u = 1, Chern number C = 1 by the Fukui-Hatsugai-Suzuki method), a ribbon of
W = 16 rows, periodic along x (1024 momenta), k_BT = 0.02 t, lattice units t = a = ħ = e = 1.
In equilibrium with μ in the gap the edges carry opposite currents: zero net current, a bulk
magnetization M_z = Cμ/2π (Středa: dM/dμ = Ce/h in the gap, M = 0 at μ = 0 by particle-hole
symmetry). With right movers filled to μ + Δμ/2 and left movers to μ − Δμ/2 (ideal leads) the
net current is the quantized Landauer value (e²/h)·|C|·V = |C|Δμ/2π; splitting ψ into its harmonic
part (the uniform transport current) and M_z = ψ − ψ_h (zero at both edges) separates it.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from currentkit import magnetization, plotting
from currentkit.magnetization import QWZRibbon
from currentkit.report.section import Row, Section

NAME = "chern_ribbon"
RIBBON = QWZRibbon(width=16, mass=1.0, k_points=1024)
TEMPERATURE, MU, BIAS = 0.02, 0.2, 0.3
#: Finite ribbon (sites along x) for the real-space check of the Bloch bond-current formula.
REAL_LENGTH, REAL_WIDTH = 24, 6


def _real_space_edge_current() -> tuple[float, float]:
    """Edge bond current of a finite periodic ribbon in real space, and the Bloch value."""
    ribbon = QWZRibbon(width=REAL_WIDTH, mass=RIBBON.mass, k_points=REAL_LENGTH)
    h = magnetization.real_space_hamiltonian(ribbon, REAL_LENGTH)
    with threadpool_limits(limits=1, user_api="blas"):  # a small matrix: threads only contend
        energies, vectors = np.linalg.eigh(h)
    g = magnetization.density_matrix(vectors, magnetization.fermi(energies, MU, 0.05))
    currents = magnetization.bond_currents(h, g)
    real = float(currents[0:2, 2 * REAL_WIDTH:2 * REAL_WIDTH + 2].sum())  # (0,0) → (1,0)
    bloch = float(magnetization.ribbon_currents(ribbon, mu=MU, temperature=0.05)["current"][0])
    return real, bloch


def _figure(folder: Path, eq: object, biased: object) -> str:
    import xarray as xr

    assert isinstance(eq, xr.Dataset) and isinstance(biased, xr.Dataset)
    fig, (ax_e, ax_i, ax_m) = plotting.new_figure(3, width=3.8, height=3.5)
    k = np.linspace(-math.pi, math.pi, 241)
    energies, vectors = np.linalg.eigh(magnetization.bloch_hamiltonian(RIBBON, k))
    weight = np.abs(vectors) ** 2
    rows = np.repeat(np.arange(RIBBON.width), 2)
    position = np.einsum("kin,i->kn", weight, rows) / (RIBBON.width - 1)
    for n in range(energies.shape[1]):
        ax_e.scatter(k, energies[:, n], c=position[:, n], s=1, cmap="coolwarm", vmin=0, vmax=1)
    for level, style in ((MU, "-"), (MU + BIAS / 2, ":"), (MU - BIAS / 2, ":")):
        ax_e.axhline(level, color="k", lw=0.8, ls=style)
    ax_e.set_ylim(-2.5, 2.5)
    ax_e.set_title("ribbon bands (colour: ⟨y⟩, blue bottom edge)")
    ax_e.set_xlabel("k [1/a]")
    ax_e.set_ylabel("E [t]")
    y = eq["y"].values
    ax_i.plot(y, eq["current"], "o-", ms=3, label="equilibrium μ = 0.2")
    ax_i.plot(y, biased["current"], "s--", ms=3, label=f"bias Δμ = {BIAS:g}")
    ax_i.plot(y, biased["transport_current"], "k-", lw=1, label="transport part (harmonic)")
    ax_i.set_title("bond current along x, per row")
    ax_i.set_xlabel("row y [a]")
    ax_i.set_ylabel("I_x [e t/ħ]")
    ax_i.legend(fontsize=7)
    line = eq["line"].values
    ax_m.plot(line, eq["magnetization"], "o-", ms=3, label="equilibrium")
    ax_m.plot(line, biased["magnetization"], "s--", ms=3, label="biased, M = ψ − ψ_h")
    ax_m.axhline(MU / (2 * math.pi), color="k", lw=0.8, label="Středa: Cμ/2π")
    ax_m.set_title("magnetization between rows")
    ax_m.set_xlabel("y [a]")
    ax_m.set_ylabel("M_z [e t/ħ]")
    ax_m.legend(fontsize=7)
    for ax in (ax_i, ax_m):
        ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """Chern number, zero equilibrium transport, Středa, Landauer, real-space bond currents."""
    chern = magnetization.chern_number(RIBBON.mass)
    eq = magnetization.ribbon_currents(RIBBON, mu=MU, temperature=TEMPERATURE)
    biased = magnetization.ribbon_currents(RIBBON, mu=MU, bias=BIAS, temperature=TEMPERATURE)
    real, bloch = _real_space_edge_current()
    mid = RIBBON.width // 2
    rows = [
        Row("Chern number of the lower band (u = 1)", float(chern), 1.0, "1", 0.0,
            check="absolute", note="Fukui-Hatsugai-Suzuki on a 24×24 k grid: an integer"),
        Row("equilibrium net current Σ_y I_x(y)", float(eq.attrs["net_current"]), 0.0,
            "e t/ħ", 1e-12, check="absolute",
            note="k-sum of a periodic derivative; rounding only"),
        Row("equilibrium edge current I_x(y = 0)", float(eq["current"][0]),
            -float(eq["current"][-1]), "e t/ħ", 1e-9,
            note="the two edges carry equal and opposite currents"),
        Row("bulk magnetization M_z (Středa)", float(eq["magnetization"][mid]),
            chern * MU / (2 * math.pi), "e t/ħ", 1e-9,
            note="bulk states ≥ 0.7 t from μ: thermal corrections < e^{−35}; k-sum converged"),
        Row("biased net current (Landauer)", float(biased.attrs["net_current"]),
            abs(chern) * BIAS / (2 * math.pi), "e t/ħ", 1e-9,
            note="one chiral channel, (e²/h)V; same error budget as Středa"),
        Row("biased: circulating part's net current", float(
            biased["circulating_current"].sum()), 0.0, "e t/ħ", 1e-12, check="absolute",
            note="M_z = ψ − ψ_h vanishes at both edges"),
        Row("edge bond current: real-space ρ vs Bloch formula", real, bloch, "e t/ħ", 1e-10,
            note=f"finite ribbon {REAL_LENGTH}×{REAL_WIDTH} (k_BT = 0.05 t), "
            "I_{i→j} = 2 Im(H_ji⟨c†_j c_i⟩); dense diagonalisation rounding"),
    ]
    intro = (
        "A Chern insulator has a bulk gap but chiral states on its edges. In equilibrium "
        "(μ = 0.2 t, inside the gap) the two edges of a ribbon carry equal and opposite "
        "currents: a circulating, magnetization current with no transport. Its strength is the "
        "orbital magnetization, which grows inside the gap at the universal rate dM/dμ = Ce/h "
        "(Středa). Filling the right movers to μ + Δμ/2 and the left movers to μ − Δμ/2 — "
        "what ideal leads at a voltage V = Δμ/e do — adds a net current (e²/h)|C|V, the "
        "quantized Hall conductance."
        "\n\n"
        "Which part is transport? Write the current as J = ∇×(ψẑ). The transport part is the "
        "harmonic ψ_h with the same boundary values (here uniform across the ribbon); the rest, "
        "M_z = ψ − ψ_h, vanishes at both edges and is a magnetization, so it carries nothing "
        "through any cut. A Helmholtz-Hodge split cannot make this distinction: both parts are "
        "divergence-free. Left: the ribbon's bands, coloured by the mean row, with μ and μ ± "
        "Δμ/2. Middle: bond currents per row. Right: the magnetization between rows."
    )
    figure = _figure(folder, eq, biased)
    return Section(title="Chern ribbon: circulating edge currents and transport", intro=intro,
                   figures=(figure,), rows=tuple(rows))
