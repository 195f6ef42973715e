"""Green-Kubo integral with its cepstral estimate and a calibrated error bar.

An exact synthetic current: an AR(1) process (a discretely sampled Ornstein-Uhlenbeck current)
x_{n+1} = a x_n + √(1 − a²) ξ_n, a = e^{−Δ/τ}, unit variance, 3 components. Its Green-Kubo
integral (trapezoid, Δ = 1) is exactly (1 + a)/(2(1 − a)) ≈ τ. The cepstral estimate
(Ercole-Marcolongo-Baroni 2017, with Akaike-weighted cut-offs) is compared with it, the ±1σ
coverage is measured on 1000 replicas, the Einstein-Helfand route and the direct running
integral are checked on the same data, and the multicomponent correction removes a
"convective" current hM for any h. (SporTran's own molten-NaCl and silica examples are
reproduced by the test suite where their data is at hand; the tour uses only what ships with it.)
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from scipy import signal

from currentkit import kubo
from currentkit.plotting import green_kubo_figure
from currentkit.report.section import Row, Section

NAME = "green_kubo"
#: Correlation time (samples), length and components of the displayed AR(1) current.
TAU, SAMPLES, COMPONENTS = 20.0, 1 << 16, 3
#: Replicas and length of the coverage measurement.
REPLICAS, COVERAGE_SAMPLES = 1000, 8192


def exact_integral(tau: float) -> float:
    """∫0^∞⟨x(0)x(t)⟩dt (trapezoid, Δ = 1, unit variance) = (1 + a)/(2(1 − a)), a = e^{−1/τ}."""
    a = math.exp(-1.0 / tau)
    return (1 + a) / (2 * (1 - a))


def ar1(rng: np.random.Generator, shape: tuple[int, ...], tau: float) -> np.ndarray:
    """Stationary unit-variance AR(1) along axis −2 (written here, independent of the library)."""
    a = math.exp(-1.0 / tau)
    noise = rng.standard_normal(shape) * math.sqrt(1 - a * a)
    noise[..., 0, :] = rng.standard_normal(shape[:-2] + shape[-1:])
    return signal.lfilter([1.0], [1.0, -a], noise, axis=-2)


def build(folder: Path) -> Section:
    """OU/AR(1) Green-Kubo integral: cepstral ± σ, coverage, Einstein-Helfand, mixture."""
    rng = np.random.default_rng(2017)
    exact = exact_integral(TAU)
    x = ar1(rng, (SAMPLES, COMPONENTS), TAU)
    ds = kubo.transport_coefficient(x, 1.0, units="Δ (unit variance)", time_units="Δ")
    value, std = float(ds["coefficient"]), float(ds["coefficient_std"])
    running = float(ds["running_integral"].sel(lag_time=10 * TAU))
    d = np.concatenate([np.zeros((1, COMPONENTS)), np.cumsum(0.5 * (x[1:] + x[:-1]), axis=0)])
    eh = float(kubo.einstein_helfand(d, 1.0)["coefficient"])
    reps = ar1(rng, (REPLICAS, COVERAGE_SAMPLES, COMPONENTS), TAU)
    hits = recipe = 0
    for r in reps:
        res = kubo.cepstral_analysis(r, 1.0)
        hits += abs(res.value - exact) <= res.std
        plain = kubo.cepstral_analysis(r, 1.0, f_star=res.f_star, p_star=res.p_star)
        recipe += abs(plain.value - exact) <= plain.std
    m = ar1(rng, (SAMPLES, COMPONENTS), 3 * TAU)
    mixed = kubo.transport_coefficient(x + 5.0 * m, 1.0, extra_currents=[m])
    mixed_h = kubo.transport_coefficient(x - 2.0 * m, 1.0, extra_currents=[m],
                                         f_star=mixed.attrs["f_star"],
                                         p_star=int(mixed.attrs["P_star"]))
    same_p = kubo.transport_coefficient(x + 5.0 * m, 1.0, extra_currents=[m],
                                        f_star=mixed.attrs["f_star"],
                                        p_star=int(mixed.attrs["P_star"]))
    mixed_value, mixed_std = float(mixed["coefficient"]), float(mixed["coefficient_std"])
    binomial = math.sqrt(0.68 * 0.32 / REPLICAS)
    rows = [
        Row(f"cepstral ∫⟨x(0)x(t)⟩dt, AR(1) τ = {TAU:g}Δ, N = {SAMPLES}", value, exact, "Δ",
            3 * std, check="absolute",
            note=f"one seeded replica; tolerance 3× its reported σ = {std:.3g}"),
        Row(f"±1σ coverage over {REPLICAS} replicas (N = {COVERAGE_SAMPLES})", hits / REPLICAS,
            0.68, "1", 0.05, check="absolute",
            note=f"a calibrated ±1σ bar covers 68 % (Gaussian); band 63–73 %: with {REPLICAS} "
            f"replicas the binomial σ is {binomial:.3f}, so ±{0.05 / binomial:.1f}σ"),
        Row("coverage of SporTran's recipe (AIC minimum alone), same replicas",
            recipe / REPLICAS, 0.63, "1", 0.0, check="less",
            note="one cut-off ignores the spread over plausible cut-offs, so its σ is "
            "optimistic: below the calibrated band (docs: physics/particles, Green-Kubo)"),
        Row("direct running integral at t = 10τ", running, exact * (1 - math.exp(-10.0)), "Δ",
            0.15, note="statistical error of the plain integral to 10τ ≈ 5 %; 3σ"),
        Row("Einstein-Helfand ½ d⟨ΔD²⟩/dt (D = ∫x dt)", eh, exact, "Δ", 0.2,
            note="the MSD slope scatters by ≈ 7 % per replica; 3σ"),
        Row("E = Q + 5M with M projected out", mixed_value, exact, "Δ", 3 * mixed_std,
            check="absolute", note="Q's own value; 3× the reported σ"),
        Row("E = Q − 2M vs Q + 5M (same f*, P*)", float(mixed_h["coefficient"]),
            float(same_p["coefficient"]), "Δ", 1e-9,
            note="the Schur complement does not depend on h: equal to rounding"),
    ]
    figure = f"{NAME}.png"
    green_kubo_figure(ds, folder / figure, exact=exact,
                                  title=f"AR(1) current, τ = {TAU:g}Δ, exact {exact:.4g}")
    intro = (
        "The Green-Kubo formulas turn equilibrium current fluctuations into transport: "
        "κ = ∫⟨J_E(0)·J_E(t)⟩dt/(3Vk_BT²), σ = ∫⟨J(0)·J(t)⟩dt/(3Vk_BT). The plain running "
        "integral (left, blue) wanders like a random walk once the correlation has died, so no "
        "plateau can be read off it with a trustworthy error. Cepstral analysis instead fits the "
        "logarithm of the zero-frequency end of the power spectrum (right: periodogram in grey, "
        "cepstral filter in red) with a few Fourier coefficients, chosen by the Akaike "
        "criterion, and knows the statistics of every periodogram point (χ² with 2l degrees of "
        "freedom)."
        "\n\n"
        "Here the current is an exact AR(1)/Ornstein-Uhlenbeck process, so the answer is known. "
        "The error bar is calibrated: averaging the estimate over the plausible cut-offs with "
        "their Akaike weights and resampling to about one sample per correlation time, the "
        "exact value lies within ±1σ in about 68 % of 1000 independent replicas, where the usual "
        "recipe (the single AIC cut-off) covers it about half of the time. In a mixture, the "
        "part of the energy current that moves with the mass current (E = Q + hM) is projected "
        "out by the Schur complement of the cross-spectrum, leaving Q's conductivity for every "
        "h. The Einstein-Helfand route (slope of the mean-square displacement of ∫J dt) agrees."
    )
    caption = (
        f"Why the blue running integral and the orange cepstral band differ: the running "
        f"integral ∫0^t⟨x(0)x(t')⟩dt' reaches the exact value {exact:.3g} after a few "
        f"correlation times (τ = {TAU:g}Δ), but beyond them it only accumulates noise, whose "
        "spread grows like √t, so it drifts away (here by "
        f"{abs(float(ds['running_integral'][-1]) - exact) / exact:.0%} at the last lag). The "
        f"cepstral value {value:.4g} ± {std:.2g} uses the zero-frequency end of the whole "
        "spectrum (right) instead of one noisy lag window, so its error bar is small and "
        "calibrated. The grey curve is the normalised autocorrelation (right-hand axis).")
    return Section(title="Green-Kubo transport with calibrated error bars", intro=intro,
                   figures=(figure,), rows=tuple(rows), caption=caption)
