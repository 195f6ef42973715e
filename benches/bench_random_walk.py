"""Winding-resolved return probability of the Born random walk: residues against the k integral.

P̂(X, s) = ∫dk/2π e^{ikX} 1ᵀ(s + ikU + Γ)⁻¹π of the persistent random walk of an Anderson strip
(currentkit.rings.persistent_walk) at 64 Laplace variables s, X = 5ℓ. Ours: the residue sum
over the positive roots of the symmetric pencil Uφ = μGφ, batched over s
(``PersistentWalk.return_laplace``). Baseline: the Fourier integral itself, by QUADPACK's QAWF
(``scipy.integrate.quad`` with a cos/sin weight on [0, ∞)) of the 2N×2N solve, one s at a time.

1. M = 4 strip, μ = −t, W = 1.5t (3 open modes, 2N = 6).
2. M = 16 strip, μ = −1.33t, W = 1.5t (2N = 20).

Agreement is the max relative deviation; QAWF is asked for 1e-10 relative, so 1e-7 allows for
its error estimate being optimistic on the slowly decaying (∝ 1/k) sine part.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad

from benches.timing import Comparison, best_time
from currentkit.rings import PersistentWalk, born_estimate, persistent_walk


def _fourier(walk: PersistentWalk, distance: float, s: float) -> float:
    """(1/π)∫_0^∞ [Re f cos kX − Im f sin kX] dk, f(k) = 1ᵀ(s + ikU + Γ)⁻¹π."""
    gen, u, pi = walk.generator, walk.velocities, walk.weights
    ones = np.ones(u.size)

    def f(k: float) -> complex:
        return complex(ones @ np.linalg.solve(s * np.eye(u.size) + gen + 1j * k * np.diag(u),
                                              pi))

    cos_part = quad(lambda k: f(k).real, 0, np.inf, weight="cos", wvar=distance,
                    epsrel=1e-10, limlst=200)[0]
    sin_part = quad(lambda k: f(k).imag, 0, np.inf, weight="sin", wvar=distance,
                    epsrel=1e-10, limlst=200)[0]
    return float((cos_part - sin_part) / np.pi)


def _compare(channels: int, mu: float, width: float) -> Comparison:
    walk = persistent_walk(mu, width, channels)
    born = born_estimate(mu, width, channels)
    distance = 5 * born.mean_free_path
    s = np.geomspace(1e-3, 1.0, 64) * born.diffusion_constant / born.mean_free_path**2
    ours_t, ours = best_time(lambda: walk.return_laplace(distance, s, connected=False))
    base_t, base = best_time(lambda: np.array([_fourier(walk, distance, v) for v in s]),
                             repeat=1)
    dev = float(np.max(np.abs(ours - base) / np.abs(base)))
    return Comparison(f"random-walk P̂(X = 5ℓ, s), M = {channels}, 2N = {walk.velocities.size}, "
                      "64 s values", ours_t, base_t, "k integral (QAWF)", dev, 1e-7)


def main() -> list[Comparison]:
    return [_compare(4, -1.0, 1.5), _compare(16, -1.33, 1.5)]


if __name__ == "__main__":
    for comparison in main():
        print(comparison.line())
