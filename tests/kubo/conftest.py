"""Exact synthetic currents for the Green-Kubo tests: AR(1) (discretely sampled OU) series."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import signal

#: SporTran's example data (GPL: read from the shared folder, never copied into the project).
SPORTRAN_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "sportran"


def ar1(rng: np.random.Generator, samples: int, tau: float, *, components: int = 3,
        replicas: int | None = None, variance: float = 1.0) -> np.ndarray:
    """Stationary AR(1) x_{n+1} = a x_n + √(1 − a²) s ξ_n, a = e^{−1/τ} (Δ = 1), Var = s².

    Shape (samples, components), or (replicas, samples, components) when ``replicas`` is set.
    """
    a = np.exp(-1.0 / tau)
    shape = (replicas or 1, samples, components)
    noise = rng.standard_normal(shape) * np.sqrt(1 - a * a)
    noise[:, 0, :] = rng.standard_normal((shape[0], components))  # stationary start
    x = signal.lfilter([1.0], [1.0, -a], noise, axis=1) * np.sqrt(variance)
    return x if replicas is not None else x[0]


def ar1_integral(tau: float, variance: float = 1.0, timestep: float = 1.0) -> float:
    """Exact trapezoid ∫0^∞⟨x(0)x(t)⟩dt = s²Δ(1 + a)/(2(1 − a)) of the AR(1) process."""
    a = np.exp(-1.0 / tau)
    return variance * timestep * (1 + a) / (2 * (1 - a))
