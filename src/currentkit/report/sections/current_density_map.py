"""A current-density map from particles, with its continuity check ∂ρ/∂t + ∇·j = s.

A Gaussian blob of charge (width σ = 0.08 m, total 1 C) sits on a quiet-start lattice of about
65 000 particles that rotates rigidly at Ω = 2π rad/s about the centre of a 1 m × 1 m periodic
box; the blob, centred 0.2 m off the axis, circles it, so ρ changes in time while the continuum
obeys ∂ρ/∂t + ∇·(ρv) = 0 with v = Ω ẑ × (r − r_axis). The library deposits ρ and j on a
cloud-in-cell (CIC) grid and checks continuity with ρ at frames n and n+1 and j at the
interval's midpoint (or at frame n): the residual, relative to |∂ρ/∂t|, falls as Δt² (midpoint)
or Δt (frame n) down to the O(h²) floor of the central-difference divergence. Growing charges
q(1 + γt) add a source s = Σ q̇ W/h³, which the check must include.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from currentkit import particles, plotting
from currentkit.report.section import Row, Section

NAME = "current_density_map"
LATTICE, WIDTH, OMEGA = 320, 0.08, 2 * np.pi
#: Finer lattice for the grid-refinement pair.
FINE = 640
GRID = (32, 32, 1)
#: Frame intervals (s) for the convergence study; the blob moves Ω·0.2·Δt.
STEPS = (0.08, 0.04, 0.02, 0.01, 0.005, 0.0025)
#: Charge growth rate γ (1/s) of the charge-transfer example.
GROWTH = 20.0


def _cloud(dt: float, frames: int = 2, growth: float = 0.0,
           lattice: int = LATTICE) -> particles.RotatingCloud:
    return particles.RotatingCloud(lattice, WIDTH, OMEGA, frames, dt, growth=growth)


def _residual(dt: float, grid: tuple[int, int, int] = GRID, scheme: str = "midpoint",
              div_kind: str = "central", lattice: int = LATTICE) -> float:
    ds = particles.continuity(_cloud(dt, lattice=lattice), grid, scheme=scheme,
                              div_kind=div_kind)
    return float(ds["relative_residual"][0])


def blob_current() -> np.ndarray:
    """Σ q v of the continuum blob at t = 0: Q Ω ẑ × (r_blob − r_axis) = (0, 0.2 Q Ω, 0)."""
    return np.array([0.0, 0.2 * 1.0 * OMEGA, 0.0])


def _figure(folder: Path, steps: np.ndarray,
            mid: list[float], frame: list[float], floor: float) -> str:
    ds = particles.densities(_cloud(0.01, frames=1), GRID, per_frame=True).isel(time=0, z=0)
    fig, (ax_m, ax_r) = plotting.new_figure(2, width=4.4, height=3.6)
    x, y = ds["x"].values, ds["y"].values
    mesh = ax_m.pcolormesh(x, y, ds["charge_density"].T, shading="auto", cmap="Blues")
    fig.colorbar(mesh, ax=ax_m, label="ρ [C/m³] (per unit depth 0.1 m)")
    j = ds["current_density"]
    jx = j.sel(component="x").values[::2, ::2].T
    jy = j.sel(component="y").values[::2, ::2].T
    big = np.hypot(jx, jy).max()
    show = np.hypot(jx, jy) > 0.02 * big
    xx, yy = np.meshgrid(x[::2], y[::2])
    ax_m.quiver(xx[show], yy[show], jx[show], jy[show], color="C3", angles="xy",
                scale_units="xy", scale=big / 0.08, width=0.005)
    ax_m.plot([0.5], [0.5], "k+", ms=8)
    ax_m.set_aspect("equal")
    ax_m.set_xlabel("x [m]")
    ax_m.set_ylabel("y [m]")
    ax_m.set_title("CIC ρ and j (arrows; longest = 0.08 m), axis +")
    ax_r.loglog(steps, frame, "s-", color="C1", label="j at frame n (stored v)")
    ax_r.loglog(steps, mid, "o-", color="C0", label="j at the midpoint")
    ax_r.loglog(steps, frame[0] * steps / steps[0], ":", color="C1", lw=0.8, label="∝ Δt")
    ax_r.loglog(steps, mid[0] * (steps / steps[0]) ** 2, ":", color="C0", lw=0.8,
                label="∝ Δt²")
    ax_r.axhline(floor, color="0.5", ls="--", lw=0.8, label="O(h²) floor (Δt = 0.001)")
    ax_r.set_ylim(floor / 5, 2.0)
    ax_r.set_xticks(steps[::-1], [f"{v:g}" for v in steps[::-1]], minor=False)
    ax_r.minorticks_off()
    ax_r.set_xlabel("frame interval Δt [s]  (period 1 s)")
    ax_r.set_ylabel("RMS(∂ρ/∂t + ∇·j)/RMS(∂ρ/∂t)")
    ax_r.set_title(f"continuity residual, grid {GRID[0]}×{GRID[1]}")
    for ax in (ax_m, ax_r):
        ax.grid(alpha=0.3)
    ax_r.legend(fontsize=7)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """CIC maps of a rotating charged blob and the continuity residual against Δt and h."""
    steps = np.array(STEPS)
    mid = [_residual(dt) for dt in STEPS]
    frame = [_residual(dt, scheme="frame") for dt in STEPS]
    floor = _residual(1e-3)
    # the floor pair on a lattice commensurate with both grids (20 and 10 particles per cell
    # along each axis), so that sampling noise stays below the O(h²) floor
    floor32 = _residual(1e-3, lattice=FINE)
    floor64 = _residual(1e-3, grid=(64, 64, 1), lattice=FINE)
    staggered = _residual(1e-3, div_kind="staggered")
    first = particles.densities(_cloud(0.01, frames=1), GRID, per_frame=True).isel(time=0)
    pos, q = _cloud(0.01).initial()
    direct = (q[:, None] * np.stack([-OMEGA * (pos[:, 1] - 0.5), OMEGA * (pos[:, 0] - 0.5),
                                     np.zeros(len(q))], axis=1)).sum(axis=0)
    still = particles.continuity(_cloud(0.01), GRID)
    grow = particles.continuity(_cloud(0.01, growth=GROWTH), GRID)
    bare = particles.continuity(_cloud(0.01, growth=GROWTH), GRID, include_source=False)
    expected_growth = float(still["residual_rms"][0]) * (1 + GROWTH * 0.005)
    rows = [
        Row("grid total charge Σρ h³", float(first["total_charge"]), 1.0, "C", 1e-12,
            note="CIC weights sum to one: rounding only"),
        Row("grid total current Σ j_y h³ vs Σ q v_y (direct sum)",
            float(first["total_current"].sel(component="y")), float(direct[1]), "A·m", 1e-12,
            note="CIC weights sum to one: rounding only"),
        Row("total current J_y vs continuum Q Ω d", float(first["total_current"]
                                                           .sel(component="y")),
            float(blob_current()[1]), "A·m", 2.5e-3,
            note="the particle disc (radius 0.45 m) cuts the Gaussian at 3.1σ from its centre, "
            "which moves the charge centre inwards by 1.77e-3 relative (fine quadrature)"),
        Row("frame-n scheme: residual ratio Δt = 0.08 → 0.04", frame[0] / frame[1], 2.0, "1",
            0.1, note="first order in Δt: halving Δt halves the residual (10 %: the floor)"),
        Row("midpoint scheme: residual ratio Δt = 0.08 → 0.04", mid[0] / mid[1], 4.0, "1",
            0.0, check="greater", note="second order in Δt: at least 4x (what is left of the "
            "floor adds to, not subtracts from, the ratio here)"),
        Row("midpoint residual / frame-n residual at Δt = 0.04", mid[1] / frame[1], 0.25, "1",
            0.0, check="less", note="centring j in time is what makes CIC continuity hold"),
        Row("floor ratio, grid 32² → 64² (Δt = 0.001)", floor32 / floor64, 4.0, "1", 0.25,
            note="central differences are O(h²); 25 % for O(h⁴) terms and sampling noise "
            f"({FINE}² lattice)"),
        Row("face-centred current: residual / central residual (Δt = 0.001, same grid)",
            staggered / floor, 0.2, "1", 0.0, check="less",
            note="the staggered current conserves CIC charge exactly for instantaneous motion: "
            "only node-plane crossings within Δt remain"),
        Row("charge transfer γ = 20/s: RMS residual with s vs (1 + γΔt/2) × constant-q one",
            float(grow["residual_rms"][0]), expected_growth, "C/(m^3 s)", 0.05,
            note="s enters linearly: the residual scales by (1 + γΔt/2); 5 % for rounding of "
            "the scaled fields"),
        Row("charge transfer: relative residual without s", float(bare["relative_residual"][0]),
            0.5, "1", 0.0, check="greater",
            note=f"forgetting s leaves |s|/|∂ρ/∂t| ≈ {float(grow['source_rms'][0]) / float(grow['drho_dt_rms'][0]):.2f}"),  # noqa: E501
    ]
    intro = (
        "A current-density map from particle data: cloud-in-cell deposition of a rigidly "
        f"rotating lattice of {len(q)} particles carrying a Gaussian blob of charge "
        f"(σ = {WIDTH} m, Ω = 2π rad/s, blob 0.2 m from the axis) on a {GRID[0]}×{GRID[1]} "
        "periodic grid. The arrows are j = Σ q v W/h³; they circle the axis and are largest on "
        "the blob."
        "\n\n"
        "The continuity check uses ρ at frames n and n+1, (ρ^{n+1} − ρ^n)/Δt, against ∇·j by "
        "central differences (currentkit.grid). With j deposited at the interval's midpoint "
        "(positions r^n + Δr/2, velocity Δr/Δt) the check is centred in time and the residual "
        "falls as Δt²; with j at frame n (stored velocities) only as Δt. Both stop at the "
        "O(h²) floor of the central divergence, which is four times lower on a grid twice as "
        "fine; a face-centred (staggered) current removes the floor. Charges that change "
        "between frames (charge transfer) add the source s = Σ q̇ W/h³ to the balance."
    )
    return Section(title="A current-density map and its continuity check", intro=intro,
                   figures=(_figure(folder, steps, mid, frame, floor),),
                   rows=tuple(rows))
