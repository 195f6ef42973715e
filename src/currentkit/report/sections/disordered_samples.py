"""Disordered rings: sample-specific, wiggly I(Φ), and what survives the ensemble average.

Lattice units t = a = ħ = e = k_B = 1 (currents in e·t/ħ, flux in Φ0 = h/e). Each sample is an
Anderson-disordered strip (ε uniform in [−W/2, W/2]); its current is computed by the library's
fast methods (grand canonical: the closing-bond Green-function Matsubara sum; canonical: the
Fermi-window method; 1D canonical: band roots), each checked here against dense diagonalisation.
Ensemble statistics: the grand-canonical average of the h/e harmonic vanishes, while the
canonical (fixed N) average survives with period Φ0/2 and is paramagnetic (Altshuler, Gefen and
Imry; Schmid; von Oppen and Riedel, PRL 66, 84 (1991)).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from currentkit import parallel, plotting
from currentkit.report.section import Row, Section
from currentkit.rings import (
    LatticeRing,
    anderson_potential,
    born_estimate,
    canonical_average_harmonics,
    canonical_ensemble,
    flux_harmonics,
    grand_canonical_ensemble,
    lattice_levels,
    number_variance_harmonics,
    persistent_current,
)

NAME = "disordered_samples"
SEED = 1989
#: The wiggly samples: M = 8 open strip, L = 60, W = 1.5t, μ = −0.6t, T = 0.02t.
STRIP_M, STRIP_L, STRIP_W, STRIP_MU, STRIP_T = 8, 60, 1.5, -0.6, 0.02
SAMPLES = 4
#: The ensemble: M = 4 open strips, L = 30, W = 2t (ℓ ≈ 4, L/ℓ ≈ 7, L < ξ ≈ 5ℓ_g), T = 0,
#: R realizations × every N in PARTICLES (and the μ between the same levels for the GC average),
#: on 8 flux points per period (I(1 − f) = −I(f) gives 3 of them).
ENSEMBLE_M, ENSEMBLE_L, ENSEMBLE_W = 4, 30, 2.0
PARTICLES, REALIZATIONS, POINTS = range(30, 61), 100, 8
#: Flux points on [0, 1/2] for the number variance N(μ̄, f) (a step function of f).
FINE = 17


def sample(sites: int, channels: int, width: float, r: int) -> LatticeRing:
    """Realization r of the Anderson strip; depends only on (SEED, r)."""
    rng = np.random.default_rng(parallel.task_seed(SEED, r))
    return LatticeRing(sites, channels=channels,
                       potential=anderson_potential(rng, sites, channels, width))


def _current(ring: LatticeRing, flux: np.ndarray, method: str, *, electrons: int | None = None,
             mu: float | None = None, temperature: float = 0.0) -> np.ndarray:
    ds = persistent_current(ring, flux, electrons=electrons, mu=mu, temperature=temperature,
                            method=method)  # type: ignore[arg-type]
    return ds["current"].to_numpy()


def _harmonics(currents: np.ndarray, flux: np.ndarray) -> np.ndarray:
    """b_1, b_2 of every row of I(f) = Σ b_p sin 2πpf, shape (realizations, 2)."""
    data = xr.DataArray(currents, dims=("realization", "flux"), coords={"flux": flux})
    return flux_harmonics(data, orders=2)["sine"].to_numpy()


def ensemble_harmonics() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """b_1, b_2 of the canonical and of the grand-canonical current of each realization,
    averaged over the fillings N ∈ PARTICLES (canonical) or the μ midway between the same
    levels (grand canonical), T = 0: two arrays of shape (REALIZATIONS, 2); and the levels of
    every realization on FINE flux points over [0, 1/2], shape (REALIZATIONS, FINE, L·M).

    The h/e harmonic of one ring's current oscillates in sign with k_F L; averaging over N as
    well as disorder (an ensemble of rings holding different N) removes the remnant of the
    clean ring's current, ∝ e^{−L/2ℓ}, which a disorder average alone leaves at L/ℓ ≈ 7.
    """
    grid = np.arange(POINTS) / POINTS
    half = grid[: POINTS // 2 + 1]
    fine = np.linspace(0.0, 0.5, FINE)
    canonical, grand, levels = [], [], []
    for r in range(REALIZATIONS):
        ring = sample(ENSEMBLE_L, ENSEMBLE_M, ENSEMBLE_W, 10_000 + r)
        levels.append(lattice_levels(ring, fine, method="dense")[0])
        energies, currents = lattice_levels(ring, half, method="dense")
        ordered = np.sort(energies[0])
        rows = []
        for n in PARTICLES:
            can = canonical_ensemble(energies, currents, n, 0.0).current
            mu = 0.5 * (ordered[n - 1] + ordered[n])
            gc = grand_canonical_ensemble(energies, currents, mu, 0.0).current
            rows.append([np.concatenate([x, -x[1:-1][::-1]]) for x in (can, gc)])
        mean = np.mean(rows, axis=0)  # (2, POINTS): averaged over the fillings
        canonical.append(mean[0])
        grand.append(mean[1])
    return (_harmonics(np.array(canonical), grid), _harmonics(np.array(grand), grid),
            np.sort(np.array(levels), axis=2))


def canonical_theory(levels: np.ndarray) -> tuple[float, float, float, float]:
    """b_2 of the canonical average from −(Δ/2)∂_φ⟨δN²⟩ measured on ``levels`` and from the
    cooperon on the Born random walk, both averaged over μ̄ spanning PARTICLES (the
    ensemble-mean levels), with the mean E_c/Δ and L/ℓ of the cooperon theory."""
    mean_levels = levels[:, 0, :].mean(axis=0)
    n = np.array(PARTICLES)
    mus = 0.5 * (mean_levels[n - 1] + mean_levels[n])
    spacing = np.array([1 / (ENSEMBLE_L * born_estimate(m, ENSEMBLE_W, ENSEMBLE_M)
                             .density_of_states) for m in mus])
    from_variance = number_variance_harmonics(levels, np.linspace(0.0, 0.5, FINE), mus,
                                              spacing, orders=2)[1]
    clean = LatticeRing(ENSEMBLE_L, channels=ENSEMBLE_M)
    theory = [canonical_average_harmonics(clean, m, ENSEMBLE_W, orders=2) for m in mus[::5]]
    return (float(from_variance), float(np.mean([t["average_harmonic"][1] for t in theory])),
            float(np.mean([t.attrs["thouless_over_spacing"] for t in theory])),
            float(np.mean([t.attrs["length_over_mean_free_path"] for t in theory])))


def _agreement(fast: np.ndarray, dense: np.ndarray) -> float:
    return float(np.max(np.abs(fast - dense)) / np.max(np.abs(dense)))


def build(folder: Path) -> Section:
    """Wiggly samples with the fast methods checked against dense, and the ensemble averages."""
    fine = np.linspace(0.0, 1.0, 33)
    strips = [sample(STRIP_L, STRIP_M, STRIP_W, r) for r in range(SAMPLES)]
    wiggly = np.array([_current(ring, fine, "green", mu=STRIP_MU, temperature=STRIP_T)
                       for ring in strips])
    check = fine[1:8]
    green_dev = _agreement(wiggly[0, 1:8], _current(strips[0], check, "dense", mu=STRIP_MU,
                                                             temperature=STRIP_T))
    odd = float(np.max(np.abs(wiggly + wiggly[:, ::-1])) / np.max(np.abs(wiggly)))
    window_ring = sample(40, 4, 1.5, 20_000)
    window_dev = _agreement(_current(window_ring, check, "window", electrons=70),
                            _current(window_ring, check, "dense", electrons=70))
    line = LatticeRing(200, potential=anderson_potential(np.random.default_rng(SEED), 200, 1, 1.0))
    bands_dev = _agreement(_current(line, check, "bands", electrons=101),
                           _current(line, check, "dense", electrons=101))
    can_b, gc_b, levels = ensemble_harmonics()
    from_variance, cooperon, ec_over_delta, l_over_ell = canonical_theory(levels)
    can_mean, gc_mean = can_b.mean(axis=0), gc_b.mean(axis=0)
    can_error = can_b.std(axis=0, ddof=1) / np.sqrt(REALIZATIONS)
    gc_error = gc_b.std(axis=0, ddof=1) / np.sqrt(REALIZATIONS)

    fig, (left, right) = plotting.new_figure(2, width=5.0, height=3.8)
    for r, current in enumerate(wiggly):
        left.plot(fine, current * 1e3, lw=1.2, label=f"sample {r}")
    left.set_xlabel(plotting.flux_label("h/e"))
    left.set_ylabel(r"$I$ [$10^{-3}$ e·t/ħ]")
    left.set_title(f"M = {STRIP_M}, L = {STRIP_L}, W = {STRIP_W}t, μ = {STRIP_MU}t, "
                   f"T = {STRIP_T}t", fontsize=9)
    left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=4,
                frameon=False)
    f = np.linspace(0.0, 1.0, 201)
    for mean, error, label, color in ((can_mean, can_error, "canonical (fixed N)", "C3"),
                                      (gc_mean, gc_error, "grand canonical (fixed μ)", "C0")):
        right.plot(f, 1e3 * (mean[0] * np.sin(2 * np.pi * f) + mean[1] * np.sin(4 * np.pi * f)),
                   color=color, label=label)
        right.errorbar([0.25, 0.125], 1e3 * np.array([mean[0], mean[1]]),
                       yerr=1e3 * np.array([error[0], error[1]]), fmt="o", ms=4, color=color,
                       label=label.split(" (")[0] + r": $\langle b_1\rangle$ at 1/4, "
                       r"$\langle b_2\rangle$ at 1/8 (±1 s.e.)")
    right.plot(f, 1e3 * from_variance * np.sin(4 * np.pi * f), color="C2", ls="--",
               label=r"$-(\Delta/2)\,\partial_\varphi\langle\delta N^2\rangle$, same samples")
    right.set_xlabel(plotting.flux_label("h/e"))
    right.set_ylabel(r"$\langle b_1\rangle\sin 2\pi f + \langle b_2\rangle\sin 4\pi f$ "
                     r"[$10^{-3}$ e·t/ħ]")
    right.set_title(f"average over {REALIZATIONS} samples × N = {PARTICLES.start}…"
                    f"{PARTICLES.stop - 1}: M = {ENSEMBLE_M}, L = {ENSEMBLE_L}, W = {ENSEMBLE_W}t",
                    fontsize=8)
    right.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2,
                 frameon=False)
    for ax in (left, right):
        ax.axhline(0.0, color="0.6", lw=0.6)
        ax.grid(alpha=0.3)
    figure = f"{NAME}.png"
    plotting.save_figure(fig, folder / figure)

    exact = "both exact: the difference is round-off of the dense reference (~1e-13)"
    rows = (
        Row("green vs dense, grand canonical, M = 8 strip (max rel. dev.)", green_dev, 0.0, "1",
            1e-8, check="absolute", note=exact),
        Row("window vs dense, canonical N = 70, M = 4, L = 40 (max rel. dev.)", window_dev, 0.0,
            "1", 1e-8, check="absolute", note=exact),
        Row("bands vs dense, canonical N = 101, 1D L = 200, W = t (max rel. dev.)", bands_dev,
            0.0, "1", 1e-8, check="absolute", note=exact),
        Row("I(−Φ) + I(Φ), wiggly samples (max, relative to max|I|)", odd, 0.0, "1", 1e-10,
            check="absolute", note="time reversal: exact up to the Matsubara sum's 1e-12"),
        Row("canonical ⟨b_2⟩ / its standard error", float(can_mean[1] / can_error[1]), 5.0, "1",
            0.0, check="greater",
            note="the h/2e harmonic survives the average at fixed N and is paramagnetic"),
        Row("canonical |⟨b_1⟩| / ⟨b_2⟩", float(abs(can_mean[0]) / can_mean[1]), 0.5, "1", 0.0,
            check="less", note="period Φ0/2: the h/e harmonic is the smaller one (a remnant "
            "∝ e^(−L/2ℓ) of the clean ring is left at L/ℓ ≈ 7)"),
        Row("grand-canonical |⟨b_2⟩| / canonical ⟨b_2⟩", float(abs(gc_mean[1]) / can_mean[1]),
            0.5, "1", 0.0, check="less",
            note="at fixed μ the average nearly vanishes: the Φ0/2 average is a canonical effect"),
        Row("canonical ⟨b_2⟩ vs −(Δ/2)∂_φ⟨δN²(μ̄, φ)⟩ measured on the same samples",
            float(can_mean[1]), from_variance, "e·t/ħ", 1.0,
            note="leading order in δN (Δ = 1/νL, Born ν); at T = 0 the surplus δN is 0 or ±1 and "
                 "(Δ/2)δN² is good to a factor 2: the measurement is 1.7× the estimate here "
                 "(1.9× at E_c/Δ ≈ 1.1, 1.3× at E_c/Δ ≈ 1.9 in wider strips): not explained"),
        Row(f"canonical ⟨b_2⟩ / cooperon theory (random walk, E_c/Δ = {ec_over_delta:.2f})",
            float(can_mean[1]) / cooperon, 0.3, "1", 0.0, check="less",
            note="the cooperon current 2Δ/π² per harmonic needs E_c ≫ Δ (times below the "
                 "Heisenberg time 2πħ/Δ); at E_c/Δ ≈ 0.17 the ring is nearly localized and the "
                 "average is an order of magnitude smaller"),
    )
    intro = (
        "Each disordered ring carries its own current: the same flux drives currents of "
        "different sign and shape in different samples (left, four Anderson-disordered strips "
        "at fixed chemical potential). Averaged over an ensemble of rings (disorder and particle "
        "number), the current at fixed μ almost vanishes and only the typical (rms) current is "
        "left (next section). An isolated ring holds a fixed number of electrons: its "
        "canonical average does not vanish, has period Φ0/2 (the h/2e harmonic b_2 dominates) "
        "and is paramagnetic at small flux (right: the averaged harmonics with one standard "
        "error; Altshuler, Gefen and Imry; von Oppen and Riedel, PRL 66, 84 (1991))."
        "\n\n"
        "Theory: at fixed N the free energy exceeds the grand potential at the N-averaged "
        "chemical potential μ̄ by (Δ/2)δN² to leading order, so ⟨I⟩_can = −(Δ/2)∂_φ⟨δN²⟩ "
        "(Bouchiat and Montambaux 1989; Schmid 1991). Measured directly on the same samples "
        "(dashed), this number-variance estimate has the sign, the period and the order of "
        f"magnitude of the canonical average but is {can_mean[1] / from_variance:.1f} times "
        "smaller. The diffusive cooperon "
        "evaluates ⟨δN²⟩ as (1/π²)∫dt/t P^C(t; 2φ) and gives ⟨b_2p⟩ = 2Δ/π² (= (4/π)Δ/Φ0) per "
        f"harmonic at T = 0, on the random walk of the open modes at L/ℓ = {l_over_ell:.0f}; it "
        "assumes E_c ≫ Δ, and this ensemble has "
        f"E_c/Δ = {ec_over_delta:.2f}: the measured average is {can_mean[1] / cooperon:.2f} "
        "of it. Wider strips (W = 1.5t, L = 24 ≈ 2.3ℓ, not part of this page) approach it: at "
        "E_c/Δ ≈ 1.1 (M = 12, 40 samples) ⟨b_2⟩ is 0.69 ± 0.05 of the cooperon value and at "
        "E_c/Δ ≈ 1.9 (M = 20, 30 samples) 0.87 ± 0.07, a linear extrapolation in Δ/E_c giving "
        "1.1 ± 0.3; the h/4e harmonic, whose paths wind twice and need E_c/Δ ≫ 4, is still at "
        "0.23 and 0.30 of it, and the measurement exceeds the number-variance estimate by "
        "1.9 and 1.3 times."
        "\n\n"
        "The curves come from the fast methods (Matsubara sum of the closing-bond Green "
        "function; Fermi window for fixed N; band roots in 1D); the table checks each against "
        "dense diagonalisation with Hellmann-Feynman, and the ensemble statements in units of "
        "their own standard errors."
    )
    return Section(title="Disordered rings: wiggly samples and the Φ0/2 average", intro=intro,
                   figures=(figure,), rows=rows)
