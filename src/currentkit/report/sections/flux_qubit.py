"""The persistent-current (three-junction flux) qubit: levels, currents and the anticrossing.

Mooij et al., Science 285, 1036 (1999); Orlando et al., Phys. Rev. B 60, 15398 (1999). Two
junctions E_J and a third αE_J in a loop of negligible inductance; energies in GHz (E/h), flux
f = Φ/Φ0 with Φ0 = h/2e. Classically the potential −E_J[cos φ1 + cos φ2 + α cos(2πf + φ1 − φ2)]
has at f = 1/2 two minima at φ1 = −φ2 = ±φ*, cos φ* = 1/(2α), circulating ±I_p = ±I_c sin φ*.
Quantum tunnelling between them opens the gap Δ; near f = 1/2 the lowest two levels follow
H = −(εσ_z + Δσ_x)/2, ε = 2I_p(Φ − Φ0/2), and the level currents I_k = −∂E_k/∂Φ swing from
±I_p to ∓I_p across the anticrossing. The device is built from its junctions: an aluminium
tunnel junction of normal resistance R_n has I_c = πΔ_Al/(2eR_n) (Ambegaokar–Baratoff,
Δ_Al = 1.764 k_B Tc), E_J = Φ0I_c/2π and E_C = e²/2C.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import plotting, superconductors, units
from currentkit.report.section import Row, Section, quoted_tolerance

NAME = "flux_qubit"
#: Large junctions: normal resistance R_n (Ω) and capacitance C (F); α and γ = C_g/C.
RESISTANCE, CAPACITANCE, ALPHA, GAMMA = 1.0e3, 4.5e-15, 0.8, 0.02
#: BCS Δ(0)/k_BTc as quoted (weak coupling).
BCS_RATIO = "1.764"
#: Charge cutoff (converged: the check below) and the flux window around Φ0/2.
NCUT, HALF_WINDOW = 9, 0.03
#: Orlando et al. (1999): E_J/E_C of their numerical example and the circulating currents of the
#: two lowest states at f = 0.49 in units of I_c, as quoted from the paper in J. R. Johansson's
#: reproduction (github.com/jrjohansson/reproduced-papers, Reproduce-PRB-60-15398-1999-Orlando).
ORLANDO_RATIO, ORLANDO_CURRENT = 80.0, "0.70"


def ab_current(tc: float) -> float:
    """I_c = πΔ(0)/(2eR_n), Δ(0) = 1.764 k_B Tc, written independently (A)."""
    gap = float(BCS_RATIO) * units.BOLTZMANN * tc
    return math.pi * gap / (2 * units.ELEMENTARY_CHARGE * RESISTANCE)


def orlando_currents() -> np.ndarray:
    """I_0, I_1 at f = 0.49 over I_c for Orlando's E_J/E_C = 80, α = 0.8, γ = 0.02.

    I_k/I_c = −(∂E_k/∂f)/(2πE_J): both energies in GHz, since I_c = 2πE_J/Φ0 and
    I_k = −(∂E_k/∂f)/Φ0 (the levels are converged at ncut = 10: the tests compare ncut = 14).
    """
    ej = 200.0  # GHz; only E_J/E_C enters the ratio to I_c
    ec = ej / ORLANDO_RATIO
    qubit = superconductors.FluxQubit(ej, ej, ALPHA * ej, ec, ec, ec / ALPHA, ec / GAMMA,
                                      ec / GAMMA, ncut=10)
    slopes = qubit.eigensystem(np.array([0.49]), 2)[1][0]
    return -slopes / (2 * math.pi * ej)


def build(folder: Path) -> Section:
    """Levels and currents of an Al flux qubit against the two-level model and Orlando's limit."""
    tc = superconductors.material("Al").critical_temperature
    ic = superconductors.ambegaokar_baratoff(RESISTANCE, tc)
    c = CAPACITANCE
    qubit = superconductors.FluxQubit.from_device(
        (ic, ic, ALPHA * ic), (c, c, ALPHA * c), (GAMMA * c, GAMMA * c), ncut=NCUT)
    ej, ec = qubit.EJ1, qubit.ECJ1
    flux = 0.5 + np.linspace(-HALF_WINDOW, HALF_WINDOW, 41)  # point 20 is the sweet spot
    ds = superconductors.qubit_spectrum(qubit, flux, levels=4)
    two = superconductors.two_level(qubit)
    model = two.energies(flux)
    energy = ds["energy"].to_numpy()
    current = ds["current"].to_numpy()
    classical = ic * 1e9 * math.sqrt(1 - 1 / (2 * ALPHA) ** 2)  # I_c sin φ*, nA
    near = 0.5 + np.array([-2e-3, 1e-3, 2.5e-3])
    full = qubit.eigensystem(near, 2)[0]
    split_dev = float(np.max(np.abs((full[:, 1] - full[:, 0]) - np.diff(two.energies(near))[:, 0])
                             / (full[:, 1] - full[:, 0])))
    mirror = qubit.eigensystem(np.array([0.5 - 0.013, 0.5 + 0.013, 1.5 + 0.013]), 4)[0]
    orlando = orlando_currents()

    fig, (ax_e, ax_i) = plotting.new_figure(2, width=5.0, height=3.8)
    for k in range(4):
        ax_e.plot(flux, energy[:, k] - two.mean_energy, color=f"C{k}", label=f"E_{k}")
    for k in range(2):
        ax_e.plot(flux, model[:, k] - two.mean_energy, "k--", lw=0.8,
                  label="two-level −(εσ_z + Δσ_x)/2" if k == 0 else None)
        ax_i.plot(flux, current[:, k], color=f"C{k}", label=f"I_{k} = −∂E_{k}/∂Φ")
    ax_i.axhline(two.persistent_current, color="k", ls=":", lw=0.8, label="±I_p")
    ax_i.axhline(-two.persistent_current, color="k", ls=":", lw=0.8)
    ax_e.set_ylabel("E_k/h − Ē [GHz]")
    ax_e.set_title(f"E_J/E_C = {ej / ec:.1f}, α = {ALPHA}: Δ/h = {two.gap:.3f} GHz")
    ax_i.set_ylabel("level current [nA]")
    ax_i.set_title(f"I_p = {two.persistent_current:.0f} nA (classical {classical:.0f} nA)")
    for ax in (ax_e, ax_i):
        ax.set_xlabel(plotting.flux_label("h/2e"))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)

    rows = (
        Row("critical current I_c (Ambegaokar–Baratoff)", ic, ab_current(tc), "A",
            quoted_tolerance(BCS_RATIO),
            note="Δ(0) = 1.764 k_BTc as quoted vs πe^{−γ_E} k_BTc in the library: half a unit "
                 "in the last quoted digit"),
        Row("I_p (quantum) vs I_c sin φ*, cos φ* = 1/(2α) (Orlando 1999)",
            two.persistent_current, classical, "nA", 0.2,
            note="zero-point motion lowers I_p by O(√(E_C/E_J)) ≈ 17 % here; tends to it as "
                 "E_J/E_C → ∞ (tested)"),
        *(Row(f"|I_{k}|/I_c at f = 0.49, E_J/E_C = 80, α = 0.8, γ = 0.02 (Orlando 1999)",
              abs(float(orlando[k])), float(ORLANDO_CURRENT), "1",
              quoted_tolerance(ORLANDO_CURRENT),
              note="the paper quotes two digits: half a unit of the last") for k in (0, 1)),
        Row("I_p below its classical value", two.persistent_current, classical, "nA", 0.0,
            check="less", note="quantum spread of the phase across the well"),
        Row("two-level splitting √(ε² + Δ²) vs E_1 − E_0, |f − ½| ≤ 2.5e-3",
            split_dev, 0.0, "1", 0.01, check="absolute",
            note="neglects level 2 (≳ 10Δ away): relative corrections O(ε/E_02) < 1 %"),
        Row("E_k(½ − x) − E_k(½ + x), no gate charge (time reversal)",
            float(np.max(np.abs(mirror[0] - mirror[1]))), 0.0, "GHz", 1e-9, check="absolute",
            note="exact symmetry; eigensolver rounding ~1e-12 of E_J"),
        Row("E_k(f + 1) − E_k(f) (period Φ0 = h/2e)",
            float(np.max(np.abs(mirror[2] - mirror[1]))), 0.0, "GHz", 1e-9, check="absolute",
            note="e^{2πi(f+1)} = e^{2πif}: identical Hamiltonian up to rounding"),
        Row("ground-state current at the sweet spot", float(current[20, 0]),
            0.0, "nA", 1e-6, check="absolute",
            note="∂E_0/∂Φ = 0 at f = ½ by symmetry; Hellmann-Feynman rounding"),
        Row("level change on ncut → ncut + 2", float(ds.attrs["cutoff_change"]), 1e-6 * ej,
            "GHz", 0.0, check="less", note="basis converged to 1e-6 of E_J"),
    )
    intro = (
        "Three aluminium junctions in a small loop (Mooij et al. 1999; Orlando et al. 1999): the "
        f"two large ones have R_n = {RESISTANCE:g} Ω and C = {CAPACITANCE * 1e15:g} fF, so "
        f"I_c = πΔ_Al/(2eR_n) = {ic * 1e9:.0f} nA, E_J/h = Φ0I_c/(2πh) = {ej:.1f} GHz and "
        f"E_C/h = e²/(2Ch) = {ec:.2f} GHz (E_J/E_C = {ej / ec:.1f}); the third is α = {ALPHA} "
        f"times smaller, the islands' gate capacitances γ = {GAMMA} of C. The spectrum comes "
        f"from the charge basis |n1, n2⟩, |n_i| ≤ {NCUT}, with the flux on the α junction as in "
        "scqubits' FluxQubit (the tests compare both to 1e-8)."
        "\n\n"
        "Left: the lowest four levels around Φ0/2 and the two-level model (dashed) with "
        f"Δ/h = {two.gap:.3f} GHz and I_p = {two.persistent_current:.0f} nA. Right: the level "
        "currents I_k = −∂E_k/∂Φ (Hellmann-Feynman) change sign through the anticrossing. "
        f"Orlando's classical minima give I_c sin φ* = {classical:.0f} nA; the quantum I_p is "
        f"smaller. At Orlando's own example (E_J/E_C = {ORLANDO_RATIO:g}, α = {ALPHA}, "
        f"γ = {GAMMA}) the two lowest states at f = 0.49 carry {orlando[0]:+.3f} and "
        f"{orlando[1]:+.3f} I_c, against the ±{ORLANDO_CURRENT} I_c the paper quotes. "
        "Devices of this design (α ≈ 0.8, E_J/E_C of a few tens) have gaps of order "
        "GHz and persistent currents of a few hundred nA; Δ depends exponentially on E_J/E_C "
        "and α, so a device's Δ is only reproduced from its own measured junction parameters."
    )
    return Section(title="The persistent-current flux qubit", intro=intro, figures=(name,),
                   rows=rows)
