"""Zeros of the probability current in superpositions: two plane waves and two box states.

ħ = m = 1. Two plane waves of equal amplitude, ψ = e^{i(k1x − ω1t)} + e^{i(k2x − ω2t + φ0)}:
j = (k1 + k2)(1 + cos φ), φ = (k2 − k1)x − (ω2 − ω1)t + φ0, so the current vanishes exactly
at the density nodes φ = π (mod 2π), which travel at (ω2 − ω1)/(k2 − k1) = (k1 + k2)/2 (a
touching zero: j ≥ 0 everywhere). Two box states (L = 1) ψ = c1φ1e^{−iE1t} + c2φ2e^{−iE2t}:
j = c1c2·4π sin³(πx) sin(ω21t), ω21 = 3π²/2, zero everywhere at t = n·π/ω21 = n·0.2122066.
The library computes j from sampled wavefunctions (finite differences) and finds its zeros;
the closed forms are written here.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from scipy import constants

from currentkit import plotting, waves
from currentkit.report.section import Row, Section

NAME = "current_zeros"
K1, K2, PHASE = 1.0, 3.0, 0.4
C1, C2 = 0.6, 0.8
#: Grid of the plane waves: two beat periods 2π/(k2 − k1) = π each.
X = np.linspace(0.0, 2 * math.pi, 4097)
XB = np.linspace(0.0, 1.0, 2001)


def _plane_current(t: float) -> np.ndarray:
    psi = waves.two_plane_waves(X, t, k1=K1, k2=K2, phase=PHASE)
    return waves.probability_current(psi, X[1] - X[0])[0]


def _nodes(t: float) -> np.ndarray:
    """Density nodes φ = π (mod 2π) inside [0, 2π], written from the closed form."""
    shift = (K2**2 - K1**2) / 2 * t
    n = np.arange(-10, 11)
    nodes = (math.pi - PHASE + shift + 2 * math.pi * n) / (K2 - K1)
    return np.sort(nodes[(nodes >= X[0]) & (nodes <= X[-1])])


def _box_current(t: float) -> np.ndarray:
    psi = waves.box_superposition(XB, t, c1=C1, c2=C2)
    return waves.probability_current(psi, XB[1] - XB[0])[0]


def build(folder: Path) -> Section:
    """Current zeros of the two-wave superposition and the box-state beat, against theory."""
    t0, t1 = 0.3, 0.5
    j0 = _plane_current(t0)
    closed0 = (K1 + K2) * (1 + np.cos((K2 - K1) * X - (K2**2 - K1**2) / 2 * t0 + PHASE))
    zeros0 = waves.current_zeros_1d(j0, X)
    zeros1 = waves.current_zeros_1d(_plane_current(t1), X)
    nodes0 = _nodes(t0)
    # node velocity: follow the first zero from t0 to t1 (it moves by less than a period)
    velocity = float((zeros1[0] - zeros0[0]) / (t1 - t0))
    omega = 3 * math.pi**2 / 2
    # the box-state current at x = 1/2 as a function of time, and its zeros in time
    times = np.linspace(0.01, 0.7, 1381)
    mid = int(np.argmin(np.abs(XB - 0.5)))
    near = XB[mid - 1: mid + 2]  # three samples: the central difference at x = 1/2
    j_mid = np.array([waves.probability_current(
        waves.box_superposition(near, float(t), c1=C1, c2=C2), XB[1] - XB[0])[0, 1]
        for t in times])
    zero_times = waves.current_zeros_1d(j_mid, times)
    peak = _box_current(math.pi / (2 * omega))
    at_zero = _box_current(math.pi / omega)

    fig, (ax_p, ax_b) = plotting.new_figure(2, width=4.4, height=3.4)
    ax_p.plot(X, j0, color="C0", label="j(x), t = 0.3 ħ/E_h")
    ax_p.plot(X, np.abs(waves.two_plane_waves(X, t0, k1=K1, k2=K2, phase=PHASE)) ** 2,
              color="C1", lw=1, ls="--", label="ρ(x)")
    ax_p.plot(zeros0, np.zeros_like(zeros0), "kx", ms=7, label="zeros found")
    ax_p.set_xlabel("x [bohr]")
    ax_p.set_ylabel("j [E_h/ħ],  ρ [1/bohr]")
    ax_p.set_title("two plane waves, k1 = 1, k2 = 3")
    for k, t in enumerate((0.02, 0.06, 0.1, math.pi / omega, 0.3)):
        ax_b.plot(XB, _box_current(t), color=f"C{k}", label=f"t = {t:.4f} ħ/E_h")
    ax_b.set_xlabel("x/L  (box L = 1 bohr)")
    ax_b.set_ylabel("j(x, t) [E_h/ħ]")
    ax_b.set_title("box states 1 + 2: j ∝ sin³(πx) sin(ω21 t)")
    for ax in (ax_p, ax_b):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.16),
                  frameon=False)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)

    fd = "central differences on the sampled ψ: relative error (kh)²/6"
    rows = [
        Row("two waves: max |j − (k1 + k2)(1 + cos φ)| / (k1 + k2)",
            float(np.abs(j0 - closed0).max() / (K1 + K2)), 0.0, "1", 2e-5, "absolute",
            f"{fd} ≈ 3.5e-6 at k = 3, h = 2π/4096, times the peak 2(k1 + k2) of j"),
        Row("two waves: number of current zeros in [0, 2π]", float(zeros0.size),
            float(nodes0.size), "1", 0.0, "absolute", "one per beat period"),
        Row("two waves: largest distance zero ↔ density node",
            float(np.abs(zeros0 - nodes0).max()) if zeros0.size == nodes0.size else math.nan,
            0.0, "bohr", 1e-6, "absolute",
            "touching zero located by a parabola through three samples"),
        Row("two waves: velocity of the zeros", velocity, (K1 + K2) / 2, "bohr·E_h/ħ", 1e-5,
            "relative", "(ω2 − ω1)/(k2 − k1); from two zero positions"),
        Row("two waves: peak charge current of an electron (atomic units → A)",
            waves.current_to_amperes(float(j0.max())),
            -2 * (K1 + K2) * constants.physical_constants["atomic unit of current"][0], "A",
            2e-5, "relative", "q·j·e·E_h/ħ with q = −1; peak 2(k1 + k2); same FD error"),
        Row("box: j(1/2) at ω21t = π/2, over c1c2·4π", float(peak[mid]) / (C1 * C2 * 4 * math.pi),
            1.0, "1", 1e-5, "relative", f"{fd} ≈ 7e-7"),
        Row("box: first time the current vanishes", float(zero_times[0]), 0.2122066, "ħ/E_h",
            1e-6, "absolute",
            "quoted value, 7 digits (docs: physics/waves); zero of j(1/2, t) between samples"),
        Row("box: second zero time / first", float(zero_times[1] / zero_times[0]), 2.0, "1",
            1e-5, "relative", "t = n·π/ω21"),
        Row("box: max |j(x)| at t = π/ω21", float(np.abs(at_zero).max()), 0.0, "E_h/ħ",
            1e-12, "absolute", "ψ is real up to a global phase then: only round-off"),
    ]
    intro = (
        "The probability current can vanish where the wavefunction does not, and everywhere "
        "at once. Two plane waves of equal amplitude beat: their current "
        "j = (ħ/m)(k1 + k2)(1 + cos φ) never changes sign and touches zero exactly at the "
        "density nodes, which travel at (k1 + k2)/2 (ħ = m = 1). A superposition of the two "
        "lowest states of a box (L = 1) sloshes: j = c1c2·4π sin³(πx) sin(ω21t), so at "
        "t = n·π/ω21 = n·0.2122066 the current is zero everywhere although ψ is not stationary."
        "\n\n"
        "The library evaluates j = (ħ/m) Im(ψ*∂ψ) on sampled wavefunctions and locates its "
        "zeros (sign changes by interpolation, touching zeros by a parabola through three "
        "samples); the closed forms above are written independently in this section."
    )
    return Section(title="Zeros of the probability current", intro=intro, figures=(name,),
                   rows=tuple(rows))
