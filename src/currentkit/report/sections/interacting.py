"""Interacting rings: the persistent current of a Luttinger liquid, checked by the Bethe ansatz.

Spinless fermions with nearest-neighbour interaction V on a ring of L sites (the t-V model, the
XXZ chain with Δ = V/2t), diagonalised exactly with the flux as a twist. A Luttinger liquid's
ring has E(Φ) = (πuK/2L)(J − 2f)² (Loss 1992), a sawtooth current (uK/L)(J − 2f) whose jumps sit
at f = ±1/2 for odd N and at f = 0 for even N. u and K follow from finite rings (D = uK/2π from
the twist curvature, u/K from the charge gap) extrapolated in 1/L² and 1/L⁴, and are compared with
the exact Bethe ansatz of Shastry and Sutherland: K = π/(2(π − γ)), u = π t sin γ/γ,
D = (π/4) sin γ/(γ(π − γ)) with Δ = cos γ.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import plotting
from currentkit.report.section import Row, Section
from currentkit.rings import (
    InteractingRing,
    bethe_ansatz,
    drude_weight,
    ground_state,
    luttinger_parameters,
    luttinger_ring,
)

NAME = "interacting"
#: Half-filled rings (L, N) of the I(Φ) panels (odd and even N) and the interactions V/t shown.
RINGS, INTERACTIONS = ((10, 5), (12, 6)), (-1.6, 0.0, 1.6)
#: Sizes of the finite-size extrapolation and the anisotropies Δ = V/2t compared.
SIZES, DELTAS = (6, 8, 10), (-0.5, 0.5)


def bethe_k(delta: float) -> float:
    """K = π/(2(π − arccos Δ)), written independently of the library."""
    return math.pi / (2 * (math.pi - math.acos(delta)))


def bethe_u(delta: float) -> float:
    """u = π sin γ/γ (t = 1), γ = arccos Δ."""
    gamma = math.acos(delta)
    return math.pi * math.sin(gamma) / gamma


def _panel(ax: object, sites: int, electrons: int) -> None:
    flux = np.linspace(-0.5, 0.5, 21)
    dense = np.linspace(-0.5, 0.5, 401)
    for i, v in enumerate(INTERACTIONS):
        _, current = ground_state(InteractingRing(sites, electrons, interaction=v), flux, "free")
        delta = v / 2
        _, theory = luttinger_ring(dense, sites, electrons, bethe_u(delta), bethe_k(delta))
        ax.plot(flux, current, "o", ms=4, mfc="none", color=f"C{i}",  # type: ignore[attr-defined]
                label=f"ED, V = {v:g}t")
        ax.plot(*plotting.break_jumps(dense, theory), lw=1, color=f"C{i}")  # type: ignore[attr-defined]
    ax.set_title(f"L = {sites}, N = {electrons}")  # type: ignore[attr-defined]
    ax.set_xlabel(r"flux $\Phi/\Phi_0$")  # type: ignore[attr-defined]
    ax.set_ylabel(r"$I$ [$et/\hbar$]")  # type: ignore[attr-defined]


def build(folder: Path) -> Section:
    """Sawtooth currents for V < 0, 0, > 0 and u, K, D against the Bethe ansatz."""
    fig, (ax_odd, ax_even, ax_k) = plotting.new_figure(3, width=3.8, height=3.4)
    _panel(ax_odd, *RINGS[0])
    _panel(ax_even, *RINGS[1])
    fits = {d: luttinger_parameters(InteractingRing(4, 2, interaction=2 * d), SIZES)
            for d in DELTAS}
    grid = np.linspace(-0.95, 0.95, 100)
    ax_k.plot(grid, [bethe_k(x) for x in grid], color="C0", label="K, Bethe ansatz")
    ax_k.plot(grid, [2 * math.pi * bethe_ansatz(x).drude_weight for x in grid], color="C1",
              label="2πD = uK, Bethe ansatz")
    for d, p in fits.items():
        ax_k.plot([d], [p.luttinger_k_limit], "o", mfc="none", color="C0")
        ax_k.plot([d], [2 * math.pi * p.drude_weight_limit], "s", mfc="none", color="C1")
    ax_k.set_xlabel(r"$\Delta = V/2t$")
    ax_k.set_ylabel(r"$K$ and $2\pi D$ [1]")
    ax_k.set_title(f"ED, L = {', '.join(map(str, SIZES))} → ∞ (markers)")
    for ax in (ax_odd, ax_even, ax_k):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    plotting.save_figure(fig, folder / f"{NAME}.png")

    big = RINGS[1][0]
    rows = [Row(f"free half-filled ring L = {big}: Drude weight D",
                drude_weight(InteractingRing(big, big // 2)),
                1 / (big * math.sin(math.pi / big)), "t", 1e-8,
                note="D = t/(L sin(π/L)) exactly; the twist stencil (h = 0.05, Richardson) errs "
                "by O(h⁴) ~ 1e-9")]
    for d, p in fits.items():
        note = ("fit in 1/L² and 1/L⁴ of L = 6, 8, 10; measured error 6e-4 (Δ = 0.5: the "
                "umklapp correction ∝ L^(2−4K) is not in the fit) and 3e-5 (Δ = −0.5)")
        rows += [
            Row(f"Δ = {d:g}: Luttinger K", p.luttinger_k_limit, bethe_k(d), "1", 2e-3,
                note=note),
            Row(f"Δ = {d:g}: velocity u", p.charge_velocity_limit, bethe_u(d), "t·a/ħ", 2e-4,
                note="same fit; u converges faster (measured ≤ 2e-5)"),
            Row(f"Δ = {d:g}: Drude weight D", p.drude_weight_limit,
                9 * math.sqrt(3) / (16 * math.pi), "t", 2e-3,
                note="Bethe D = 9√3/(16π) at Δ = ±1/2 (D(Δ) = D(−Δ)); " + note),
        ]
    f_probe, (sites, electrons) = 0.25, RINGS[0]
    _, probe = ground_state(InteractingRing(sites, electrons, interaction=1.0),
                            np.array([f_probe]), "free")
    ll = luttinger_ring(np.array([f_probe]), sites, electrons, bethe_u(0.5), bethe_k(0.5))[1]
    rows += [
        Row(f"V = t, L = {sites}, N = {electrons}: I(Φ = Φ0/4) beside the Luttinger liquid",
            float(probe[0]), float(ll[0]), "e·t/ħ", 0.03,
            note="(uK/L)(−2f) with the Bethe uK; the finite ring's uK = 2πD(L) lies 2 % above "
            "it and band curvature bends the sawtooth: 3 %"),
        Row("repulsion: K(Δ = 0.5) below the free K = 1", fits[0.5].luttinger_k_limit, 1.0, "1",
            0.0, check="less"),
        Row("attraction: K(Δ = −0.5) above the free K = 1", fits[-0.5].luttinger_k_limit, 1.0,
            "1", 0.0, check="greater"),
    ]
    intro = (
        "Electrons interact, and the persistent current survives: on a ring of spinless fermions "
        "with nearest-neighbour interaction V (the t-V model, by Jordan-Wigner the XXZ chain "
        "with Δ = V/2t) the exact ground state, computed by exact diagonalization with the flux "
        "as a twist e^{iφ/L} per bond, gives a sawtooth I(Φ) for attraction, no interaction and "
        "repulsion alike. A Luttinger liquid predicts it: E = (πuK/2L)(J − 2f)², so the current "
        "is (uK/L)(J − 2f) with J ≡ N − 1 (mod 2), jumps at f = ±1/2 for odd N and at f = 0 for "
        "even N (left and middle panels: markers ED, lines the Luttinger liquid with the "
        "Bethe-ansatz u and K; at half filling D(Δ) = D(−Δ), so V = ±1.6t lie together, "
        "about 9 % below the free ring)."
        "\n\n"
        "u and K themselves come from finite rings: the curvature of E0(φ) gives the Drude "
        "weight D = (L/2)∂²E0/∂φ² = uK/2π, the charge gap E0(N+1) + E0(N−1) − 2E0(N) = πu/KL; "
        "extrapolated from L = 6, 8, 10 they match the exact Bethe ansatz (right panel). "
        "Repulsion lowers K below 1, attraction raises it; at half filling D(Δ) = D(−Δ)."
    )
    return Section(title="Interacting rings and Luttinger liquids", intro=intro,
                   figures=(f"{NAME}.png",), rows=tuple(rows))
