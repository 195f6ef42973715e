"""Diffusive rings: mean free path, diffusion constant, Thouless energy and the typical current.

Lattice units t = a = ħ = e = k_B = 1 (the hopping t is kept explicit): lengths in slices,
energies in t, D in t·a²/ħ, currents in e·t/ħ, flux f = Φ/Φ0 with Φ0 = h/e and φ = 2πf; the
persistent current is I = −∂Ω/∂φ, as in :func:`~currentkit.rings.persistent_current`. In these
units h = 2π, so the conductance quantum e²/h is 1/(2π) and the current scale E_c/Φ0 = eE_c/h is
E_c/(2π) e·t/ħ (the often quoted "E_c/Φ0 = eD/L²" drops this 2π: eD/L² = 2π·E_c/Φ0).

The disordered strip (or cylinder) has M sites per slice, transverse hopping t⊥ and Anderson
disorder ε uniform in [−W/2, W/2] (⟨ε²⟩ = W²/12). Its transverse modes m have energies ε_m and
longitudinal dispersion E = ε_m − 2t cos k_m; mode m is open at E when |E − ε_m| < 2t, with
velocity v_m = √(4t² − (E − ε_m)²).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from currentkit import parallel
from currentkit.errors import ParameterError, finite_real, integer, positive_real
from currentkit.errors import temperature as check_temperature
from currentkit.rings.chain import recursive_green
from currentkit.rings.disorder.potentials import anderson_potential
from currentkit.rings.models import LatticeRing, Transverse


def transverse_modes(
    channels: int, transverse: Transverse = "open", transverse_hopping: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Transverse mode energies ε_m (t) and orthonormal mode vectors χ_m(y) (columns).

    Open strip: χ_m(y) = √(2/(M+1)) sin(πmy/(M+1)), ε_m = −2t⊥cos(πm/(M+1)); periodic
    cylinder: plane waves χ_m(y) = e^{2πimy/M}/√M, ε_m = −2t⊥cos(2πm/M) (the basis of the
    transverse momentum, in which the Born rates below are defined).
    """
    ring = LatticeRing(3, channels=channels, transverse_hopping=transverse_hopping,
                       transverse=transverse)  # validates the three parameters
    m, y = np.arange(1, channels + 1), np.arange(1, channels + 1)
    energies = ring.transverse_energies()
    if channels == 1:
        return energies, np.ones((1, 1))
    if transverse == "open":
        vec = np.sqrt(2 / (channels + 1)) * np.sin(np.pi * np.outer(y, m) / (channels + 1))
        return energies, vec
    return energies, np.exp(2j * np.pi * np.outer(y, m) / channels) / np.sqrt(channels)


@dataclass(frozen=True)
class BornEstimate:
    """Born (Fermi golden rule) transport of an Anderson-disordered M-channel wire at energy E.

    Parameters
    ----------
    energy, disorder, hopping
        E (t), box width W (t) and longitudinal hopping t.
    velocities
        v_m = √(4t² − (E − ε_m)²) of the open modes (t·a/ħ).
    rates
        Elastic scattering rates 1/τ_m = 2⟨ε²⟩ Σ_n w_mn / v_n (t/ħ), ``w_mn = Σ_y |χ_m|²|χ_n|²``.

    Notes
    -----
    Golden rule with states e^{ikx}χ_m(y)/√L: ``⟨|V_{mk,nk'}|²⟩ = ⟨ε²⟩ w_mn / L`` and each open
    mode n has two final states ±k_n of density L/(2πv_n), so 1/τ_m = 2⟨ε²⟩ Σ_n w_mn/v_n.
    White-noise disorder scatters into +k_n and −k_n equally, so the in-scattering term of the
    Boltzmann equation vanishes and the transport time equals τ_m: ℓ_tr = ℓ. The Drude
    conductivity σ = Σ_m v_m τ_m/π (e²/ħ) and the density of states per unit length
    ν = Σ_m 1/(πv_m) (spinless) give D = σ/ν = Σ_m ℓ_m / Σ_m (1/v_m), which is D = v_Fℓ (d = 1)
    for equal velocities. The diffusive (Drude) conductance g = hνD/L = 2πνD/L (units e²/h,
    h = 2π) defines the length ℓ_g of ⟨g⟩ = M/(1 + L/ℓ_g) (Beenakker's l in the DMPK
    equation, RMP 69, 731 (1997)): ℓ_g = 2πνD/M = 2⟨ℓ_m⟩, twice the elastic mean free path —
    the quasi-1D counterpart of l = (π/2)ℓ_tr in 2D and (4/3)ℓ_tr in 3D. Localization length
    (DMPK, orthogonal class β = 1): ξ = (βM + 2 − β)ℓ_g = (M + 1)ℓ_g. 1D check (M = 1,
    v = √(4t² − E²)): 1/τ = W²/(6v), ℓ = 6(4t² − E²)/W², ℓ_g = 2ℓ and ξ = 2ℓ_g = 4ℓ =
    24(4t² − E²)/W², the perturbative (Thouless) result (docs/physics/rings.rst).
    """

    energy: float
    disorder: float
    hopping: float
    velocities: np.ndarray
    rates: np.ndarray

    def __post_init__(self) -> None:
        if self.velocities.shape != self.rates.shape or self.velocities.size == 0:
            raise ParameterError("velocities", self.velocities.shape,
                                 "one velocity and one rate per open mode (≥ 1 open mode)")

    @property
    def open_channels(self) -> int:
        """Number of open modes M_open at E."""
        return int(self.velocities.size)

    @property
    def mean_free_path(self) -> float:
        """Elastic (= transport) mean free path ℓ = ⟨v_mτ_m⟩ over the open modes (a)."""
        return float(np.mean(self.velocities / self.rates))

    @property
    def density_of_states(self) -> float:
        """ν = Σ_m 1/(πv_m): states per unit energy and length, spinless (1/(t·a))."""
        return float(np.sum(1 / (np.pi * self.velocities)))

    @property
    def diffusion_constant(self) -> float:
        """D = Σ_m ℓ_m / Σ_m (1/v_m) (t·a²/ħ); v_Fℓ for equal velocities."""
        return float(np.sum(self.velocities / self.rates) / np.sum(1 / self.velocities))

    @property
    def dmpk_mean_free_path(self) -> float:
        """ℓ_g = 2πνD/M_open = 2ℓ, the length of ⟨g⟩ = M/(1 + L/ℓ_g) (a)."""
        return 2 * self.mean_free_path

    @property
    def localization_length(self) -> float:
        """ξ = (M_open + 1)·ℓ_g (DMPK, β = 1); 24(4t² − E²)/W² in 1D (a)."""
        return (self.open_channels + 1) * self.dmpk_mean_free_path


def born_estimate(
    energy: float,
    disorder: float,
    channels: int = 1,
    *,
    hopping: float = 1.0,
    transverse_hopping: float = 1.0,
    transverse: Transverse = "open",
) -> BornEstimate:
    """Born mean free path, diffusion constant and localization length at energy E (see Notes
    of :class:`BornEstimate`); valid for ℓ ≫ a and no mode close to its threshold."""
    e = finite_real("energy", energy, "a finite energy in t")
    w = positive_real("disorder", disorder, "a positive, finite disorder strength W in t")
    t = positive_real("hopping", hopping, "a positive, finite hopping in t")
    eps, chi = transverse_modes(channels, transverse, transverse_hopping)
    is_open = np.abs(e - eps) < 2 * t
    if not np.any(is_open):
        raise ParameterError("energy", energy, "an energy with at least one open mode")
    v = np.sqrt(4 * t * t - (e - eps[is_open]) ** 2)
    weight = np.abs(chi[:, is_open]) ** 2
    overlap = weight.T @ weight  # w_mn
    rates = 2 * (w * w / 12) * overlap @ (1 / v)
    return BornEstimate(e, w, t, v, rates)


def lead_self_energy(
    energy: float, channels: int, *, hopping: float = 1.0, transverse_hopping: float = 1.0,
    transverse: Transverse = "open",
) -> np.ndarray:
    """Retarded self-energy Σ (M×M, t) of a clean semi-infinite lead attached by hopping −t.

    Mode by mode Σ_m = t²g_m with the surface Green function of a semi-infinite chain at
    E' = E − ε_m: g_m = (E' − i√(4t² − E'²))/(2t²) inside the band (Σ_m = −t e^{ik_m}),
    (E' − sign(E')√(E'² − 4t²))/(2t²) outside; Σ = χ diag(Σ_m) χ†.
    """
    eps, chi = transverse_modes(channels, transverse, transverse_hopping)
    t = positive_real("hopping", hopping, "a positive, finite hopping in t")
    x = (finite_real("energy", energy, "a finite energy in t") - eps).astype(complex)
    root = np.sqrt(x * x - 4 * t * t)  # principal branch; fix the sign per region
    root = np.where(np.abs(x.real) < 2 * t, 1j * np.abs(root.imag),
                    np.sign(x.real) * np.abs(root.real))
    sigma = (x - root) / 2
    return (chi * sigma) @ chi.conj().T


def landauer_transmission(
    potential: np.ndarray,
    energy: float,
    *,
    hopping: float = 1.0,
    transverse_hopping: float = 1.0,
    transverse: Transverse = "open",
    lengths: Sequence[int] | np.ndarray | None = None,
) -> np.ndarray:
    """Landauer transmission g = Tr[Γ_L G_{0,L−1} Γ_R G_{0,L−1}†] of disordered strips.

    Parameters
    ----------
    potential
        On-site energies (t) of shape (..., M, L): slices j = 0…L−1 between two clean
        semi-infinite leads of the same cross-section.
    energy
        E (t).
    lengths
        Optional increasing lengths 1 ≤ L_i ≤ L: the transmissions of the first L_i slices,
        all from one left-to-right sweep (default: L alone).

    Returns
    -------
    numpy.ndarray
        g (units e²/h, spinless) of shape (...,) or (..., len(lengths)).

    Notes
    -----
    Recursive Green function: gL_0 = (E − h_0 − Σ_L)⁻¹, gL_j = (E − h_j − t²gL_{j−1})⁻¹,
    G_{0,j} = −t·G_{0,j−1}gL_j; the last slice also carries Σ_R. Γ = i(Σ − Σ†). O(L·M³).
    """
    pot = np.asarray(potential, dtype=float)
    if pot.ndim < 2 or not np.all(np.isfinite(pot)):
        raise ParameterError("potential", f"array of shape {pot.shape}",
                             "finite on-site energies of shape (..., M, L)")
    m, n = pot.shape[-2], pot.shape[-1]
    stops = np.array([n]) if lengths is None else np.asarray(lengths, dtype=int)
    if stops.ndim != 1 or stops.size == 0 or np.any(np.diff(stops) <= 0) or not (
        1 <= stops[0] and stops[-1] <= n
    ):
        raise ParameterError("lengths", lengths, f"increasing integers in 1 … {n}")
    sigma = lead_self_energy(energy, m, hopping=hopping, transverse_hopping=transverse_hopping,
                             transverse=transverse)
    gamma = 1j * (sigma - sigma.conj().T)
    eps, chi = transverse_modes(m, transverse, transverse_hopping)
    h_perp = ((chi * eps) @ chi.conj().T).real  # the slice's transverse hopping −t⊥
    z = energy * np.eye(m) - h_perp
    onsite = np.moveaxis(pot, -1, 0)  # (L, ..., M)
    blocks = (z - _diag(onsite[j]) - (sigma if j == 0 else 0) for j in range(stops[-1]))
    out = []
    for j, step in enumerate(recursive_green(blocks, hopping)):
        if j + 1 in stops:  # attach the right lead to the first j + 1 slices
            g_end = np.linalg.inv(step.dressed - sigma)
            g0n = g_end if step.previous_corner is None else (
                -hopping * step.previous_corner @ g_end)
            prod = gamma @ g0n @ gamma @ np.conj(np.swapaxes(g0n, -1, -2))
            out.append(np.trace(prod, axis1=-2, axis2=-1).real)
    result = np.stack(out, axis=-1)
    return result[..., 0] if lengths is None else result


def _diag(values: np.ndarray) -> np.ndarray:
    out = np.zeros((*values.shape, values.shape[-1]))
    idx = np.arange(values.shape[-1])
    out[..., idx, idx] = values
    return out


@dataclass(frozen=True)
class MeasuredTransport:
    """Ensemble-averaged Landauer conductance ⟨g⟩(L) and the transport it implies.

    Parameters
    ----------
    lengths, conductance, error
        Strip lengths L_i (a), ⟨g⟩ (e²/h, spinless) and its standard error over R realizations.
    open_channels
        M_open at the energy.
    density_of_states
        Clean ν = Σ_m 1/(πv_m) at the energy (1/(t·a)), for the Einstein relation.
    dmpk_mean_free_path
        ℓ_g fitted to ⟨g⟩ = M/(1 + s) − (1/3)(s/(1 + s))³, s = L/ℓ_g: the Drude-plus-contact
        law of DMPK with its weak-localization correction for β = 1 (large-M expansion of
        Mello and Stone, PRB 44, 3559 (1991)), fitted by weighted least squares.
    """

    lengths: np.ndarray
    conductance: np.ndarray
    error: np.ndarray
    open_channels: int
    density_of_states: float
    dmpk_mean_free_path: float

    @property
    def mean_free_path(self) -> float:
        """ℓ = ℓ_g/2 (a), the elastic mean free path (see :class:`BornEstimate`)."""
        return self.dmpk_mean_free_path / 2

    @property
    def diffusion_constant(self) -> float:
        """D from the Einstein relation g = hνD/L = 2πνD/L and g = Mℓ_g/L: D = Mℓ_g/(2πν)."""
        return self.open_channels * self.dmpk_mean_free_path / (2 * np.pi * self.density_of_states)


def dmpk_conductance(length: np.ndarray, mean_free_path: float, open_channels: int) -> np.ndarray:
    """⟨g⟩ = M/(1 + s) − (1/3)(s/(1 + s))³, s = L/ℓ_g (e²/h, β = 1, valid for L ≪ ξ)."""
    s = np.asarray(length, dtype=float) / mean_free_path
    return open_channels / (1 + s) - (s / (1 + s)) ** 3 / 3


def measure_transport(
    energy: float,
    disorder: float,
    channels: int,
    lengths: Sequence[int] | np.ndarray,
    *,
    realizations: int = 100,
    seed: int = 0,
    transverse: Transverse = "open",
    transverse_hopping: float = 1.0,
) -> MeasuredTransport:
    """⟨g⟩(L) of Anderson-disordered strips (t = 1) and the fitted ℓ_g and Einstein D.

    Realization r draws ε of shape (M, max L) from ``default_rng(task_seed(seed, r))``; the
    shorter lengths are its first L_i slices, all from one recursive sweep (:func:`transmission`).
    """
    from scipy.optimize import least_squares

    integer("realizations", realizations, minimum=2, what="disorder realizations")
    born = born_estimate(energy, disorder, channels, transverse=transverse,
                         transverse_hopping=transverse_hopping)
    lens = np.asarray(lengths, dtype=int)
    n = int(lens.max()) if lens.size else 0
    pot = np.stack([anderson_potential(np.random.default_rng(parallel.task_seed(seed, r)), n,
                                       channels, disorder) for r in range(realizations)])
    g = landauer_transmission(pot, energy, lengths=lens, transverse=transverse,
                     transverse_hopping=transverse_hopping)
    mean, err = g.mean(axis=0), g.std(axis=0, ddof=1) / math.sqrt(realizations)
    m = born.open_channels

    def residual(p: np.ndarray) -> np.ndarray:
        return np.asarray((dmpk_conductance(lens, float(p[0]), m) - mean) / np.maximum(err, 1e-12))

    fit = least_squares(residual, [born.dmpk_mean_free_path], bounds=(1e-3, np.inf))
    return MeasuredTransport(lens, mean, err, m, born.density_of_states, float(fit.x[0]))


def thouless_energy(diffusion_constant: float, length: float) -> float:
    """E_c = ħD/L² (t) for D in t·a²/ħ and circumference L in a."""
    d = positive_real("diffusion_constant", diffusion_constant,
                      "a positive, finite D in t·a²/ħ")
    length_a = positive_real("length", length, "a positive, finite ring circumference in a")
    return d / length_a**2


def typical_harmonics(
    thouless: float, orders: int = 8, temperature: float = 0.0, *, spin: bool = False
) -> np.ndarray:
    r"""rms flux harmonics √⟨I_p²⟩, p = 1…orders, of a diffusive ring at fixed μ (e·t/ħ).

    Notes
    -----
    I(φ) = Σ_p I_p sin(pφ) (I = −∂Ω/∂φ, φ = 2πΦ/Φ0; real disorder and flux through the hole
    only, orthogonal class, so diffuson and cooperon both contribute). From the diffuson
    correlator ⟨δ ln det(z − H) δ ln det(z' − H)⟩ = −Σ_q ln(Dq² − i(z − z')) of opposite
    half-planes, Ω = −T Σ_k ln det(z_k − H) gives ⟨δΩ(φ1)δΩ(φ2)⟩ = −2T² Σ_{n≥1} n Σ_q
    ln(Dq² + 2πnT), with Dq² = E_c(2πm + φ1 ∓ φ2)² (diffuson −, cooperon +). Poisson's sum
    over m and ∂φ1∂φ2 give, spinless,

        ⟨I_p²⟩ = 8p·T² Σ_{n≥1} n·e^{−p√(2πnT/E_c)}  →  24E_c²/(π²p³)  (T → 0),

    i.e. √⟨I_p²⟩ = (√96/p^{3/2})·E_c/Φ0 = 1.559·eD/(p^{3/2}L²) in SI, the result of Cheung,
    Riedl and Gefen, PRL 62, 587 (1989) and Riedel and von Oppen, PRB 47, 15449 (1993)
    (I_typ ≃ 1.56 e/τ_D for the first harmonic, τ_D = L²/D); see Akkermans and Montambaux,
    *Mesoscopic Physics of Electrons and Photons* (2007), ch. 14. Spin without Zeeman or
    spin-orbit coupling doubles I, so ⟨I_p²⟩ is multiplied by 4. In the time domain the
    Matsubara sum is the familiar thermal factor (πTt/sinh πTt)² on the diffusion time t of
    paths winding p times. Valid for ℓ ≪ L ≪ ξ (g ≫ 1); ⟨I_p²⟩ here is the connected
    (fluctuating) part: at finite L/ℓ the ensemble mean keeps a ballistic remnant ∝ e^{−L/2ℓ}.
    Measured on cylinders (M = 8–16, L/ℓ ≈ 4–17, L/ξ ≈ 0.2–1, tests/rings/test_mesoscopic.py
    and the tour) the standard deviation of I_1 lies 10–40% below this limit, and from
    T = 0.3E_c to 3E_c it decays faster than this factor (I_1: 0.8, I_2: 0.45 of the predicted
    ratio; M = 10, L = 60, L/ℓ ≈ 6). Both are the finite-ℓ/L (ballistic) correction, since the
    winding paths scatter only a few times: :func:`~currentkit.rings.ballistic_harmonics` (the
    diffuson on the Born random walk, ratio :func:`~currentkit.rings.diffuson_ratio`) gives the
    deficit and the faster thermal decay (a remainder that grows with pL/ξ is in its notes).
    """
    ec = positive_real("thouless", thouless, "a positive, finite Thouless energy in t")
    kt = check_temperature("temperature", temperature, "a finite temperature in t/k_B ≥ 0")
    integer("orders", orders, minimum=1, what="flux harmonics")
    p = np.arange(1, orders + 1, dtype=float)
    zero = 24 * ec**2 / (np.pi**2 * p**3)
    cutoff = (60.0**2) * ec / (2 * np.pi * kt) if kt > 0 else np.inf
    if cutoff > 2e6:  # Euler-Maclaurin: the sum differs from the integral by O((T/E_c)²)
        squares = zero
    else:
        n = np.arange(1, int(cutoff) + 2, dtype=float)
        terms = n * np.exp(-p[:, None] * np.sqrt(2 * np.pi * n * kt / ec))
        squares = 8 * p * kt**2 * terms.sum(axis=1)
    return np.asarray((2.0 if spin else 1.0) * np.sqrt(squares))


def typical_current(
    thouless: float, flux: np.ndarray | None = None, temperature: float = 0.0, *,
    spin: bool = False, orders: int = 64,
) -> np.ndarray:
    """I_typ = √⟨I²⟩ of a diffusive ring (e·t/ħ): at each f of ``flux`` √Σ_p⟨I_p²⟩sin²(2πpf),
    or, with ``flux=None``, the rms over one period √(Σ_p⟨I_p²⟩/2) (√(48ζ(3))·E_c/Φ0 =
    7.596·E_c/Φ0 spinless at T = 0). Harmonics from :func:`typical_harmonics`."""
    squares = typical_harmonics(thouless, orders, temperature, spin=spin) ** 2
    if flux is None:
        return np.asarray(np.sqrt(squares.sum() / 2))
    f = np.asarray(flux, dtype=float)
    p = np.arange(1, orders + 1)
    return np.asarray(np.sqrt((squares * np.sin(2 * np.pi * np.multiply.outer(f, p)) ** 2)
                              .sum(axis=-1)))
