"""Meissner effect and London depth: field and supercurrent screened by lead (Pb).

Second London equation λ²∇²B = B with B = B0 on the surface(s) (SI units, B along +z, j along +y,
j_y = −(1/μ0) dB_z/dx): half-space x ≥ 0, B(x) = B0 e^{−x/λ} and j(x) = B0 e^{−x/λ}/(μ0λ);
slab |x| ≤ d, B(x) = B0 cosh(x/λ)/cosh(d/λ). Two-fluid depth λ(T) = λ0/√(1 − (T/Tc)⁴), so
λ(Tc/2) = λ0/√(15/16). First London equation dj/dt = E/(μ0λ²): a constant E accelerates the
condensate linearly, j(t) = E t/(μ0λ²), without resistance.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import plotting, superconductors, units
from currentkit.report.section import Row, Section

NAME = "meissner"
#: Applied field B0 (T), well below the critical field of Pb (≈ 80 mT).
FIELD = 0.01
#: Slab half-thicknesses d in units of λ.
SLABS = (0.5, 1.0, 3.0)
#: Constant electric field (V/m) and duration (s) of the London acceleration.
E_FIELD, DURATION = 1e-6, 1e-9


def half_space_theory(x: np.ndarray, lam: float) -> np.ndarray:
    """B0 e^{−x/λ} (T), written independently of the library."""
    return FIELD * np.exp(-x / lam)


def slab_theory(x: np.ndarray, lam: float, half: float) -> np.ndarray:
    """B0 cosh(x/λ)/cosh(d/λ) (T), written independently of the library."""
    return FIELD * np.cosh(x / lam) / np.cosh(half / lam)


def two_fluid(ratio: np.ndarray) -> np.ndarray:
    """λ(T)/λ0 = 1/√(1 − (T/Tc)⁴)."""
    return 1.0 / np.sqrt(1.0 - np.asarray(ratio) ** 4)


def numerical_field(lam: float, left: float, right: float, b_right: float, at: float) -> float:
    """B(at)/B0 from a finite-difference solution of λ²B'' = B, B(left) = B0, B(right) = b_right.

    A second method, independent of any closed form: scipy's collocation BVP solver on a
    mesh refined to a relative tolerance of 1e-10.
    """
    from scipy.integrate import solve_bvp

    x = np.linspace(left, right, 201) / lam

    def rhs(u: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.vstack([y[1], y[0]])

    def bc(ya: np.ndarray, yb: np.ndarray) -> np.ndarray:
        return np.array([ya[0] - 1.0, yb[0] - b_right])

    sol = solve_bvp(rhs, bc, x, np.vstack([np.ones_like(x), np.zeros_like(x)]), tol=1e-10,
                    max_nodes=100_000)
    if not sol.success:
        raise RuntimeError(f"solve_bvp failed: {sol.message}")
    return float(sol.sol(at / lam)[0])


def _figure(folder: Path, lam: float, tc: float) -> str:
    fig, (ax_b, ax_s, ax_j, ax_t) = plotting.new_figure(4, width=3.6, height=3.4)
    x = np.linspace(0.0, 5 * lam, 200)
    markers = np.linspace(0.0, 5 * lam, 16)
    ax_b.plot(x / lam, half_space_theory(x, lam) / FIELD, color="C0", label=r"$e^{-x/\lambda}$")
    ds = superconductors.meissner_profile(lam, FIELD, markers)
    ax_b.plot(markers / lam, ds["field"] / FIELD, "o", ms=4, mfc="none", color="C0",
              label="meissner_profile")
    ax_b.set_title(f"half-space, Pb, λ = {lam * 1e9:.0f} nm")
    ax_b.set_xlabel(r"depth $x/\lambda$")
    ax_b.set_ylabel(r"$B_z(x)/B_0$")
    for k, ratio in enumerate(SLABS):
        half = ratio * lam
        xs = np.linspace(-half, half, 200)
        xm = np.linspace(-half, half, 11)
        lib = superconductors.meissner_profile(lam, FIELD, xm, half_thickness=half)
        ax_s.plot(xs / lam, slab_theory(xs, lam, half) / FIELD, color=f"C{k}",
                  label=f"d = {ratio:g}λ")
        ax_s.plot(xm / lam, lib["field"] / FIELD, "o", ms=4, mfc="none", color=f"C{k}")
        j_lib = lib["current_density"] * units.MU_0 * lam / FIELD
        j_th = -np.sinh(xs / lam) / np.cosh(half / lam)
        ax_j.plot(xs / lam, j_th, color=f"C{k}", label=f"slab d = {ratio:g}λ")
        ax_j.plot(xm / lam, j_lib, "o", ms=4, mfc="none", color=f"C{k}")
    ax_j.plot(x / lam, np.exp(-x / lam), color="k", lw=1.0, label="half-space")
    ax_j.plot(markers / lam, ds["current_density"] * units.MU_0 * lam / FIELD, "o", ms=3,
              mfc="none", color="k")
    ax_s.set_title(r"slab: $\cosh(x/\lambda)/\cosh(d/\lambda)$")
    ax_s.set_xlabel(r"$x/\lambda$")
    ax_s.set_ylabel(r"$B_z(x)/B_0$")
    ax_j.set_title(r"current density $j_y = -\mu_0^{-1}\,dB_z/dx$")
    ax_j.set_xlabel(r"$x/\lambda$")
    ax_j.set_ylabel(r"$j_y\,\mu_0\lambda/B_0$")
    ratio_t = np.linspace(0.0, 0.97, 200)
    ratio_m = np.linspace(0.0, 0.95, 12)
    ax_t.plot(ratio_t, two_fluid(ratio_t), color="C0", label=r"$1/\sqrt{1-(T/T_c)^4}$")
    lib_t = [superconductors.penetration_depth(lam, tc, r * tc) / lam for r in ratio_m]
    ax_t.plot(ratio_m, lib_t, "o", ms=4, mfc="none", color="C0", label="penetration_depth")
    ax_t.set_title("two-fluid London depth")
    ax_t.set_xlabel(r"$T/T_c$")
    ax_t.set_ylabel(r"$\lambda(T)/\lambda_0$")
    for ax in (ax_b, ax_s, ax_j, ax_t):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """Library profiles, surface current, λ(T) and London acceleration against closed forms."""
    pb = superconductors.material("Pb")
    lam, tc = pb.penetration_depth, pb.critical_temperature
    at_lam = superconductors.meissner_profile(lam, FIELD, np.array([0.0, lam]))
    centres = [
        float(superconductors.meissner_profile(lam, FIELD, np.array([0.0]),
                                               half_thickness=r * lam)["field"][0]) / FIELD
        for r in SLABS
    ]
    lam_half = float(superconductors.penetration_depth(lam, tc, tc / 2))
    time = np.linspace(0.0, DURATION, 11)
    accel = superconductors.london_acceleration(lam, time, np.full(time.shape, E_FIELD))
    j_end = float(accel["current_density"][-1])
    rounding = "closed forms agree to rounding: a few ulp of exp/cosh"
    rows = [
        Row("half-space B(λ)/B0", float(at_lam["field"][1]) / FIELD, math.exp(-1.0), "1", 1e-12,
            note=rounding),
        *(
            Row(f"slab d = {r:g}λ: centre field B(0)/B0", c, 1 / math.cosh(r), "1", 1e-12,
                note=f"{rounding} (the library writes cosh with decaying exponentials)")
            for r, c in zip(SLABS, centres, strict=True)
        ),
        Row("half-space B(λ)/B0 by finite differences", float(at_lam["field"][1]) / FIELD,
            numerical_field(lam, 0.0, 40 * lam, 0.0, lam), "1", 1e-8,
            note="second method: solve_bvp of λ²B'' = B on [0, 40λ] with B(40λ) = 0 "
                 "(truncation e^{−40} negligible; collocation tolerance 1e-10)"),
        Row("slab d = λ: centre field by finite differences", centres[1],
            numerical_field(lam, -lam, lam, 1.0, 0.0), "1", 1e-8,
            note="second method: solve_bvp of λ²B'' = B with B(±d) = B0 (tolerance 1e-10)"),
        Row("surface current density j(0)", float(at_lam["current_density"][0]),
            FIELD / (units.MU_0 * lam), "A/m²", 1e-12, note=rounding),
        Row("λ(Tc/2)", lam_half, lam / math.sqrt(15 / 16), "m", 1e-12,
            note="two-fluid form, same expression up to rounding"),
        Row("London acceleration j(t) at constant E", j_end,
            E_FIELD * DURATION / (units.MU_0 * lam**2), "A/m²", 1e-12,
            note="the trapezoidal rule is exact for a constant E; only rounding remains"),
    ]
    intro = (
        f"A superconductor expels a weak field: lead (Pb, λ0 = {lam * 1e9:.0f} nm, "
        f"Tc = {tc:g} K) in B0 = {FIELD * 1e3:g} mT. The second London equation λ²∇²B = B lets "
        "the field into a half-space only as B0 e^{−x/λ}, carried by a surface supercurrent "
        "j = −(1/μ0) dB/dx of magnitude B0/(μ0λ) at the surface; in a slab of half-thickness d "
        "the field at the centre is B0/cosh(d/λ), nearly B0 for d = λ/2 and almost zero for "
        "d = 3λ. The depth grows near Tc as λ0/√(1 − (T/Tc)⁴) (two-fluid model)."
        "\n\n"
        "The first London equation dj/dt = E/(μ0λ²) says a constant electric field accelerates "
        "the condensate without limit: there is no resistance. Markers: the library "
        "(meissner_profile, penetration_depth, london_acceleration); lines: the closed forms, "
        "written independently in this section."
    )
    return Section(title="Meissner effect and London depth", intro=intro,
                   figures=(_figure(folder, lam, tc),), rows=tuple(rows))
