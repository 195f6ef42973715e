"""Counting electrons through a wire: I = N·e/t from signed crossings of a cross-section.

A periodic wire segment (length L = 10 nm, 2 nm × 2 nm) holds N = 312 free electrons with a
thermal velocity spread at 300 K (each component N(0, k_BT/m_e), in ± pairs) and a common drift
v_d chosen so that I = N e v_d/L = 0.5 mA. The library counts signed crossings of a cross-section
x = p (and its periodic images) by every electron over 4000 frames; the charge that crossed,
Q(T), should equal N e v_d T/L = ∫J_x dt/L (J = Σ q v) — exactly after averaging p over one
period, and within N e (each electron's count differs from its Δx/L by less than one) for one
cross-section. Electrons carry −e and drift along +x, so Q < 0 and the conventional current
flows along −x; the rows compare magnitudes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import constants

from currentkit import particles, plotting
from currentkit.report.section import Row, Section, quoted_tolerance

NAME = "counting_wire"
#: Wire segment (m), electrons, target current (A), frames and frame interval (s).
LENGTH, WIDTH = 10e-9, 2e-9
ELECTRONS = 312
CURRENT = 0.5e-3
FRAMES, TIMESTEP = 4000, 5e-15
#: Cross-sections averaged for the exact identity.
PLANES = 64


def drift_velocity() -> float:
    """v_d = I L/(N e) (m/s), written independently of the library."""
    return CURRENT * LENGTH / (ELECTRONS * constants.e)


def _figure(folder: Path, time: np.ndarray, charge: np.ndarray, averaged: np.ndarray,
            current_x: np.ndarray, v_d: float) -> str:
    fig, (ax_q, ax_j) = plotting.new_figure(2, width=4.4, height=3.3)
    n_e = -charge / constants.e
    line = ELECTRONS * v_d * time / LENGTH
    ax_q.plot(time * 1e12, n_e, lw=1.0, color="C0", label="one cross-section (counted)")
    ax_q.plot(time * 1e12, -averaged / constants.e, lw=1.0, color="C1", ls="--",
              label=f"mean of {PLANES} cross-sections")
    ax_q.plot(time * 1e12, line, lw=0.8, color="k", ls=":", label=r"$N v_d t/L$")
    ax_q.set_xlabel("time t [ps]")
    ax_q.set_ylabel("electrons through the wire −Q/e")
    ax_q.set_title(f"I = {CURRENT * 1e3:g} mA: {CURRENT / constants.e:.3g} e/s")
    inset = ax_q.inset_axes((0.58, 0.1, 0.38, 0.35))
    zoom = time < 0.03e-12
    inset.step(time[zoom] * 1e12, n_e[zoom], where="post", lw=0.8, color="C0")
    inset.plot(time[zoom] * 1e12, line[zoom], lw=0.8, color="k", ls=":")
    inset.tick_params(labelsize=6)
    bound = ELECTRONS
    ax_j.plot(time * 1e12, n_e - line, lw=0.8, color="C0", label="one cross-section")
    ax_j.plot(time * 1e12, -averaged / constants.e - line, lw=0.8, color="C1",
              label=f"mean of {PLANES}")
    ax_j.plot(time * 1e12, -np.cumsum(np.r_[0.0, 0.5 * (current_x[1:] + current_x[:-1])
                                            * np.diff(time)]) / (LENGTH * constants.e) - line,
              lw=0.8, color="C2", ls="--", label=r"$-\int J_x dt/(eL)$")
    spread = float(np.abs(n_e - line).max())
    ax_j.set_ylim(-1.6 * spread, 1.6 * spread)
    ax_j.text(0.98, 0.04, f"counting bound ±N = ±{bound} (off scale)", ha="right",
              transform=ax_j.transAxes, fontsize=7)
    ax_j.set_xlabel("time t [ps]")
    ax_j.set_ylabel(r"electrons $-$ $N v_d t/L$")
    ax_j.set_title("deviation from I = N e v_d/L")
    for ax in (ax_q, ax_j):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="upper left")
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """Count the drifting electrons and compare with N e v_d T/L and 0.5 mA = 3.12e15 e/s."""
    v_d = drift_velocity()
    thermal = float(np.sqrt(constants.k * 300.0 / constants.m_e))
    gas = particles.DriftingGas(ELECTRONS, (LENGTH, WIDTH, WIDTH), (v_d, 0.0, 0.0), FRAMES,
                                TIMESTEP, thermal=thermal, charge=-constants.e, seed=6012,
                                chunk=500)
    one = particles.transferred_charge(gas, "x", 0.37 * LENGTH)
    planes = np.linspace(0.0, LENGTH, PLANES, endpoint=False)
    many = particles.transferred_charge(gas, "x", planes)
    total = particles.total_current(gas)
    time = one["time"].values
    duration = float(time[-1] - time[0])
    charge = one["transferred_charge"].values
    averaged = many["transferred_charge"].mean("plane").values
    current_x = total["total_current"].sel(component="x").values
    integral = float(np.trapezoid(current_x, time))
    expected = ELECTRONS * constants.e * v_d * duration / LENGTH  # |Q| in C, closed form
    q_one, q_avg = abs(float(charge[-1])), abs(float(averaged[-1]))
    bound = ELECTRONS * constants.e / expected  # < 1 crossing per electron, relative
    current = -one.attrs["mean_current"]
    rows = [
        Row("|Q(T)| through one cross-section", q_one, expected, "C", bound,
            note="each electron's crossing count differs from Δx/L by < 1: |ΔQ| < N e"),
        Row(f"|Q(T)| averaged over {PLANES} cross-sections", q_avg, expected, "C",
            bound / PLANES, note="the plane average equals ∫J dt/L exactly as the planes fill "
            f"the period; with {PLANES} planes |ΔQ| < N e/{PLANES}"),
        Row("|∫J_x dt|/L (library total current)", abs(integral) / LENGTH, expected, "C", 1e-9,
            note="thermal velocities come in ± pairs, so J = N q v_d; rounding of 312-term sums"),
        Row("I = |Q|/T through the cross-section", current, CURRENT, "A", bound,
            note="same counting bound as Q(T)"),
        Row("electrons per second I/e", current / constants.e, 3.12e15, "1/s",
            bound + quoted_tolerance("3.12e15"),
            note="quoted 3.12e15 (3 digits) for 0.5 mA (docs: physics/particles); plus the "
            "counting bound"),
        Row("backward crossings (thermal motion)", float(one["backward_crossings"]), 0.0, "1",
            0.0, check="greater", note="electrons with v_x < 0 cross against the drift; they "
            "are subtracted, not ignored"),
    ]
    intro = (
        f"A current is charge per time: I = N·e/t. In a periodic wire segment of length "
        f"L = {LENGTH * 1e9:g} nm, {ELECTRONS} electrons move with thermal velocities at 300 K "
        f"(σ = {thermal / 1e3:.0f} km/s per component) plus a drift v_d = {v_d / 1e3:.1f} km/s, "
        f"so that I = N e v_d/L = {CURRENT * 1e3:g} mA, i.e. {CURRENT / constants.e:.4g} "
        "electrons per second. The library (transferred_charge) counts, frame by frame, the "
        "signed crossings of a cross-section and of its periodic images (minimum-image "
        "displacements), weighting each by the electron's charge."
        "\n\n"
        "One cross-section sees a noisy staircase (inset): thermal electrons cross back and "
        "forth. Its count agrees with N e v_d T/L within N e, the most by which whole "
        f"crossings can differ from the continuous displacement; averaged over {PLANES} "
        "cross-sections it equals ∫J_x dt/L, the integral of the total current J = Σ q v, up "
        f"to N e/{PLANES}. Rows: |Q| (electrons carry −e, so the conventional current flows "
        "against the drift)."
    )
    return Section(title="Counting electrons through a wire", intro=intro,
                   figures=(_figure(folder, time, charge, averaged, current_x, v_d),),
                   rows=tuple(rows))
