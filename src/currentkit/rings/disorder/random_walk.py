"""The persistent random walk of a disordered strip and its winding-resolved return probability.

Lattice units t = a = ħ = 1: lengths in a, times in ħ/t, rates and Laplace variables s in t/ħ.

The classical motion behind the diffuson, kept at the scale of the mean free path: an electron
at the Fermi energy sits in one of the 2N open states a = (n, ±) of the strip (transverse mode
n, direction ±), moves with velocity u_a = ±v_n and is scattered by the Anderson disorder
(box width W, ⟨ε²⟩ = W²/12) at the golden-rule (Born) rate

    K_ba = ⟨ε²⟩ w_{n_a n_b} / v_{n_b},     w_mn = Σ_y |χ_m(y)|²|χ_n(y)|²,

from a into b — the same rates as :func:`currentkit.rings.born_estimate`, whose total
Σ_b K_ba = 1/τ_{n_a}. The probability densities p_a(x, t) obey ∂_t p + U∂_x p = −Γp with
U = diag(u_a) and Γ = diag(1/τ) − K. Detailed balance holds for π_a ∝ 1/v_{n_a} (the density of
states), the walk's stationary distribution; at long times it diffuses with
D = Σ_a π_a u_a² τ_a = Σ_n ℓ_n / Σ_n (1/v_n), the Born D. One channel is the telegraph process
(flip rate ⟨ε²⟩/v = 1/(2τ)).

Winding-resolved return probability. Starting from π at x, the density back at x + X on the
infinite line, Laplace transformed, is P̂(X, s) = ∫dk/2π e^{ikX} 1ᵀ(s + ikU + Γ)⁻¹π. With
S = diag(√π), G = S⁻¹(s + Γ)S is symmetric and positive definite for s > 0, so the pencil
Uφ_j = μ_j Gφ_j (φ_jᵀGφ_k = δ_jk) has real μ_j and (G + ikU)⁻¹ = Σ_j φ_jφ_jᵀ/(1 + ikμ_j). The
k integral closes on the poles k = i/μ_j; for X > 0 only μ_j > 0 contribute:

    P̂(X, s) = Σ_{μ_j > 0} (√πᵀφ_j)² α_j e^{−α_j X},   α_j = 1/μ_j.

Every strip's walk is reflection symmetric (isotropic Born rates): the odd densities p₊ − p₋
then relax at the total rates alone and drop out, and the same P̂ follows from an N × N
symmetric eigenproblem of the even densities, P̂ = Σ_j c_j² e^{−κ_j X}/κ_j (eight times fewer
operations, and exact to round-off down to s → 0, where the 2N form's Cholesky inverse loses
digits); the 2N form serves any other walk.

On a ring of circumference L the return probability winding p times is P_p(t) = L·P(pL, t).
The connected part drops the unscattered term Σ_{u_a>0} (π_a/u_a) e^{−(s + 1/τ_a)X/u_a}
(the product of two averaged Green functions, which belongs to the squared ensemble mean).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from currentkit.errors import ParameterError, finite_real, positive_real
from currentkit.rings.disorder.mesoscopic import born_estimate, transverse_modes
from currentkit.rings.models import Transverse

#: Gauss-Legendre nodes per panel of the s integrals.
_NODES = 8
#: Most temperature steps ω_n = 2πnT resolved below the ballistic cut-off of the s integrals.
_MAX_STEPS = 4000


@dataclass(frozen=True)
class PersistentWalk:
    """The 2N-state persistent random walk of a strip at one energy.

    Parameters
    ----------
    velocities
        u_a (t·a/ħ) of the states a = (n, +) for n < N, then (n, −): shape (2N,).
    gain
        K_ba (t/ħ), the rate from state a (column) into state b (row), forward scattering
        (b = a) included.
    weights
        Stationary ``π_a ∝ 1/|u_a|``, summing to 1.
    """

    velocities: np.ndarray
    gain: np.ndarray
    weights: np.ndarray

    def __post_init__(self) -> None:
        n = np.shape(self.velocities)
        if len(n) != 1 or n[0] < 2 or np.shape(self.weights) != n or np.shape(self.gain) != (
            n[0], n[0]
        ):
            raise ParameterError("velocities", n, "shapes (2N,), (2N, 2N) and (2N,), N ≥ 1")
        if not np.all(np.isfinite(self.velocities)) or np.any(self.velocities == 0):
            raise ParameterError("velocities", self.velocities, "finite, non-zero velocities")
        if np.any(self.gain < 0) or not np.all(np.isfinite(self.gain)):
            raise ParameterError("gain", "negative or non-finite rates", "finite rates ≥ 0")
        if np.any(self.weights <= 0) or abs(float(np.sum(self.weights)) - 1) > 1e-12:
            raise ParameterError("weights", self.weights, "positive and summing to 1")

    @property
    def rates(self) -> np.ndarray:
        """Total out-scattering rates 1/τ_a = Σ_b K_ba (t/ħ), forward scattering included."""
        return np.asarray(self.gain.sum(axis=0))

    @property
    def generator(self) -> np.ndarray:
        """Γ = diag(1/τ_a) − K (t/ħ), column convention: ṗ = −(U∂_x + Γ)p."""
        return np.asarray(np.diag(self.rates) - self.gain)

    @property
    def diffusion_constant(self) -> float:
        """D = Σ_a π_a u_a² τ_a (t·a²/ħ), the long-time diffusion constant."""
        return float(np.sum(self.weights * self.velocities**2 / self.rates))

    def with_diffusion_constant(self, diffusion_constant: float) -> PersistentWalk:
        """The same walk with every rate scaled by D_walk/D, so that its long-time D is the
        given one (velocities and relative rates kept, every ℓ_n scaled by D/D_walk): the
        walk for a D measured where the Born magnitudes fail (near a mode threshold)."""
        d = positive_real("diffusion_constant", diffusion_constant, "a positive D in t·a²/ħ")
        return PersistentWalk(self.velocities, self.gain * (self.diffusion_constant / d),
                              self.weights)

    def return_laplace(self, distance: float, s: np.ndarray | float, *,
                       connected: bool = True) -> np.ndarray:
        """P̂(X, s) (ħ/(t·a)): the Laplace transform of the density back at distance X > 0.

        ``connected`` drops the unscattered term (see the module notes).
        """
        x = positive_real("distance", distance, "a positive distance X in a")
        svals = np.atleast_1d(np.asarray(s, dtype=float))
        if np.any(~np.isfinite(svals)) or np.any(svals <= 0):
            raise ParameterError("s", s, "positive, finite Laplace variables in t/ħ")
        if self.reflection_symmetric:
            kernel, size = self._even_residues, self.velocities.size // 2
        else:
            kernel, size = self._residues, self.velocities.size
        chunk = max(1, 2**21 // size**2)  # ≤ 16 MiB of matrices at a time
        out = np.concatenate([kernel(svals[i:i + chunk], x)
                              for i in range(0, svals.size, chunk)])
        if connected:
            out -= self.unscattered_laplace(x, svals)
        return out.reshape(np.shape(s))

    @property
    def reflection_symmetric(self) -> bool:
        """States ordered (n, +) then (n, −) with u_(n,−) = −u_(n,+), equal weights, and
        the same rate K from either direction into either direction (isotropic scattering, as
        in every Anderson strip of :func:`persistent_walk`)."""
        n = self.velocities.size // 2
        if self.velocities.size % 2 or np.any(self.velocities[:n] <= 0):
            return False
        block = self.gain[:n, :n]
        return bool(np.array_equal(self.velocities[n:], -self.velocities[:n])
                    and np.array_equal(self.weights[n:], self.weights[:n])
                    and all(np.array_equal(self.gain[i:i + n, j:j + n], block)
                            for i in (0, n) for j in (0, n)))

    def _residues(self, s: np.ndarray, x: float) -> np.ndarray:
        """Σ_{μ_j>0} (√πᵀφ_j)² α_j e^{−α_j X} for each s (module notes), any walk, batched.

        G = S⁻¹(s + Γ)S = LLᵀ (Cholesky); Uφ = μGφ becomes the symmetric L⁻¹UL⁻ᵀχ = μχ with
        φ = L⁻ᵀχ, so that φᵀGφ = 1 and √πᵀφ = (L⁻¹√π)ᵀχ.
        """
        root = np.sqrt(self.weights)
        sym = (self.generator * root[None, :]) / root[:, None]
        sym = 0.5 * (sym + sym.T)
        chol_inv = np.linalg.inv(np.linalg.cholesky(sym[None] + s[:, None, None]
                                                    * np.eye(root.size)[None]))
        mu, chi = np.linalg.eigh(chol_inv * self.velocities[None, None, :]
                                 @ np.swapaxes(chol_inv, 1, 2))
        amp = np.einsum("ki,kij->kj", chol_inv @ root, chi) ** 2
        right = mu > 0
        alpha = 1 / np.where(right, mu, 1.0)
        return np.asarray(np.sum(np.where(right, amp * alpha
                                          * np.exp(-np.where(right, alpha, 0.0) * x), 0.0),
                                 axis=1))

    def _even_residues(self, s: np.ndarray, x: float) -> np.ndarray:
        """The same P̂(X, s) from the N even (a = p₊ + p₋) densities of a reflection-symmetric
        walk, batched over s.

        With gain [[B, B], [B, B]] the odd densities b = p₊ − p₋ relax at the total rates
        alone, (s + ikU + Γ)p = π splits into (s + Γ_e)a + ikVb = 2π₊ and (s + r)b + ikVa = 0
        (Γ_e = diag(r) − 2B, V = diag(v_n)), and eliminating b leaves
        (s + Γ_e + k²m⁻¹)a = 2π₊ with m = (s + r)/v². In the symmetric form
        H = m^{1/2}S⁻¹(s + Γ_e)S m^{1/2} = Σ_j λ_j ψ_jψ_jᵀ (S = diag √π₊) the k integral
        ∫dk/2π e^{ikX}/(λ + k²) = e^{−√λ X}/(2√λ) gives

            P̂(X, s) = Σ_j c_j² e^{−κ_j X}/κ_j,   κ_j = √λ_j,   c_j = (√π₊ m^{1/2})ᵀψ_j,

        an N × N eigenproblem where the general form needs 2N × 2N (eight times fewer
        operations). One channel gives the telegraph kernel.
        """
        n = self.velocities.size // 2
        v, rates = self.velocities[:n], self.rates[:n]
        root = np.sqrt(self.weights[:n])
        even = np.diag(rates) - 2 * (self.gain[:n, :n] * root[None, :]) / root[:, None]
        even = 0.5 * (even + even.T)
        scale = np.sqrt(s[:, None] + rates[None, :]) / v[None, :]  # m^{1/2} per s
        h = scale[:, :, None] * (even[None] + s[:, None, None] * np.eye(n)[None]) \
            * scale[:, None, :]
        lam, psi = np.linalg.eigh(h)
        kappa = np.sqrt(np.maximum(lam, np.finfo(float).tiny))
        amp = np.einsum("ki,kij->kj", root[None, :] * scale, psi) ** 2
        return np.asarray(np.sum(amp * np.exp(-kappa * x) / kappa, axis=1))

    def unscattered_laplace(self, distance: float, s: np.ndarray) -> np.ndarray:
        """The unscattered part Σ_{u_a>0} (π_a/u_a) e^{−(s + 1/τ_a)X/u_a} of P̂(X, s)."""
        right = self.velocities > 0
        u, pi, rate = self.velocities[right], self.weights[right], self.rates[right]
        svals = np.asarray(s, dtype=float)[..., None]
        return np.asarray(np.sum(pi / u * np.exp(-(svals + rate) * distance / u), axis=-1))


def persistent_walk(
    energy: float,
    disorder: float,
    channels: int = 1,
    *,
    hopping: float = 1.0,
    transverse_hopping: float = 1.0,
    transverse: Transverse = "open",
) -> PersistentWalk:
    """The Born persistent random walk of an Anderson strip at energy E (module notes).

    Built from the same modes, velocities and overlaps as :func:`~currentkit.rings.born_estimate`,
    whose rates it reproduces as its total out-scattering rates.
    """
    born = born_estimate(energy, disorder, channels, hopping=hopping,
                         transverse_hopping=transverse_hopping, transverse=transverse)
    eps, chi = transverse_modes(channels, transverse, transverse_hopping)
    is_open = np.abs(energy - eps) < 2 * hopping
    weight = np.abs(chi[:, is_open]) ** 2
    overlap = weight.T @ weight  # w_mn between open modes
    v = born.velocities
    variance = born.disorder**2 / 12
    n = v.size
    block = variance * overlap / v[:, None]  # K from mode m (column) into mode n (row), one sign
    gain = np.block([[block, block], [block, block]])
    total = gain.sum(axis=0)  # 1/τ_a, equals born.rates per mode
    velocities = np.concatenate([v, -v])
    weights = np.concatenate([1 / v, 1 / v])
    weights /= weights.sum()
    if not np.allclose(total[:n], born.rates, rtol=1e-12):
        raise AssertionError("walk rates differ from the Born rates")  # pragma: no cover
    return PersistentWalk(velocities, gain, weights)


def diffusive_return_laplace(diffusion_constant: float, distance: float,
                             s: np.ndarray | float) -> np.ndarray:
    """P̂^diff(X, s) = e^{−X√(s/D)}/(2√(Ds)): the diffusion kernel (4πDt)^{−1/2}e^{−X²/4Dt}."""
    d = positive_real("diffusion_constant", diffusion_constant, "a positive D in t·a²/ħ")
    svals = np.asarray(s, dtype=float)
    return np.asarray(np.exp(-distance * np.sqrt(svals / d)) / (2 * np.sqrt(d * svals)))


def telegraph_return_laplace(velocity: float, flip_rate: float, distance: float,
                             s: np.ndarray | float) -> np.ndarray:
    """Telegraph process (speed v, reversal rate γ), started with either direction:
    P̂(X, s) = (s + 2γ) e^{−X√(s(s+2γ))/v} / (2v√(s(s+2γ))), all paths (scattered or not)."""
    v = positive_real("velocity", velocity, "a positive speed")
    g = positive_real("flip_rate", flip_rate, "a positive rate")
    svals = np.asarray(s, dtype=float)
    q = np.sqrt(svals * (svals + 2 * g))
    return np.asarray((svals + 2 * g) * np.exp(-distance * q / v) / (2 * v * q))


def gauss_legendre_panels(edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on consecutive panels [edges_i, edges_{i+1}]."""
    x, w = np.polynomial.legendre.leggauss(_NODES)
    lo, hi = edges[:-1, None], edges[1:, None]
    nodes = 0.5 * (hi - lo) * x + 0.5 * (hi + lo)
    return nodes.ravel(), (0.5 * (hi - lo) * w).ravel()


def _quadrature(walk: PersistentWalk, x: float, kt: float) -> tuple[np.ndarray, np.ndarray]:
    """Nodes s and weights·kernel of J = ∫_0^∞ k_T(s) P̂(s) ds (see :func:`thermal_moment`)."""
    scale = walk.diffusion_constant / x**2
    lo, hi = 1e-5 * scale, max(60 * float(np.max(walk.velocities)) / x, 2000 * scale)
    edges = np.geomspace(lo, hi, 61)
    step = 2 * math.pi * kt
    if kt > 0 and hi / step < _MAX_STEPS:
        steps = step * np.arange(1, int(hi / step) + 2)
        merged = np.unique(np.concatenate([edges[edges > step], steps]))
        nodes, weights = gauss_legendre_panels(merged)
        m = np.floor(nodes / step)
        return nodes, weights * 2 * math.pi**2 * kt**2 * m * (m + 1)
    # T = 0, or so cold that the staircase is s²/2 (see thermal_moment)
    nodes, weights = gauss_legendre_panels(edges)
    return nodes, weights * nodes**2 / 2


def thermal_moment(walk: PersistentWalk, distance: float, temperature: float = 0.0, *,
                   connected: bool = True) -> float:
    """J(X, T) = ∫_0^∞ dt t⁻³ R_T(t) P(X, t), R_T = (x/sinh x)², x = πTt (a⁻¹(t/ħ)²).

    Notes
    -----
    In Laplace space, exactly: J = ½∫_0^∞ s²P̂(X, s) ds at T = 0, and at T > 0, from
    t⁻³R_T = 4π²T² Σ_{n≥1} n e^{−ω_n t}/t (ω_n = 2πnT) and ∫e^{−ωt}g(t)/t dt = ∫_ω^∞ ĝ ds,
    J = 4π²T² Σ_n n ∫_{ω_n}^∞ P̂ ds = ∫_0^∞ P̂(s) 2π²T²m(m + 1) ds, m = ⌊s/2πT⌋.
    Gauss-Legendre panels (8 nodes) in ln s from 1e-5·D/X² (below it s²P̂ ∝ s^{3/2} adds
    < 1e-12) to the larger of the ballistic cut-off 60·max|u|/X (beyond it e^{−sX/|u|}
    < 1e-26) and the diffusive one 2000·D/X² (beyond it e^{−X√(s/D)} < 1e-19), split at
    every ω_n; when more than 4000 steps would be needed (T ≲ 1e-3·E_c) the staircase is
    replaced by its smooth limit s²/2, a relative change O(2πT·X²/D). Diffusion gives
    J = 12D²/X⁵ (T = 0) and 4π²T² Σ_n n e^{−X√(ω_n/D)}/X (:func:`diffusive_moment`).
    """
    x = positive_real("distance", distance, "a positive distance X in a")
    kt = finite_real("temperature", temperature, "a temperature ≥ 0 in t/k_B", nonnegative=True)
    nodes, weights = _quadrature(walk, x, kt)
    return float(np.sum(weights * walk.return_laplace(x, nodes, connected=connected)))


def diffuson_ratio(walk: PersistentWalk, distance: float, temperature: float = 0.0, *,
                   connected: bool = True) -> float:
    """√(J_walk/J_diff) at distance X = pL: the walk's rms harmonic over the diffuson's.

    Both moments on the same nodes (:func:`thermal_moment`), the diffusion kernel with the
    walk's own D, so the ratio needs no prefactor and shares the staircase of T > 0.
    """
    x = positive_real("distance", distance, "a positive distance X in a")
    kt = finite_real("temperature", temperature, "a temperature ≥ 0 in t/k_B", nonnegative=True)
    nodes, weights = _quadrature(walk, x, kt)
    walk_part = np.sum(weights * walk.return_laplace(x, nodes, connected=connected))
    diff_part = np.sum(weights * diffusive_return_laplace(walk.diffusion_constant, x, nodes))
    return float(np.sqrt(max(walk_part, 0.0) / diff_part))


def diffusive_moment(diffusion_constant: float, distance: float, temperature: float = 0.0) -> float:
    """J(X, T) of pure diffusion in closed form (see :func:`thermal_moment`)."""
    d = positive_real("diffusion_constant", diffusion_constant, "a positive D in t·a²/ħ")
    x = positive_real("distance", distance, "a positive distance X in a")
    kt = finite_real("temperature", temperature, "a temperature ≥ 0 in t/k_B", nonnegative=True)
    if kt == 0:
        return 12 * d * d / x**5
    n = np.arange(1, int((60 / x) ** 2 * d / (2 * math.pi * kt)) + 2, dtype=float)
    return float(4 * math.pi**2 * kt**2 * np.sum(n * np.exp(-x * np.sqrt(2 * math.pi * n * kt / d)))
                 / x)
