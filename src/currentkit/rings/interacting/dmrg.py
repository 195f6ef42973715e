"""Ground energy and Drude weight of interacting rings threaded by flux, by DMRG (TeNPy).

Models (lattice units t = ħ = e = 1, φ = 2πΦ/Φ0 with Φ0 = h/e, the twist spread uniformly as
e^{iφ/L} on every bond, as in :mod:`currentkit.rings.interacting.exact`)::

    t-V:      H = −t Σ_j (e^{iφ/L} c†_{j+1}c_j + h.c.) + V Σ_j n_j n_{j+1} + Σ_j ε_j n_j
    Hubbard:  H = −t Σ_{j,σ} (e^{iφ/L} c†_{j+1,σ}c_{j,σ} + h.c.) + U Σ_j n_{j↑}n_{j↓}
              + Σ_{j,σ} ε_j n_{j,σ}

with j + 1 taken mod L: a ring. The MPS runs along the ring (finite MPS, ``bc_MPS='finite'``) and
the closing bond L − 1 → 0 is a long-range MPO term; TeNPy inserts the Jordan-Wigner string on it,
so the closing hop is a genuine fermion hop and the fermion-parity boundary condition ((−1)^{N−1}
in spin language) is built in: at V = U = 0 the energy is Σ −2t cos((2πk − φ)/L) over the N lowest
k for even and odd N alike (tested). The MPS is complex (the twist makes H complex); N (and for
Hubbard N↑, N↓) are conserved charges. E0(φ) is even in φ (time reversal) and 2π-periodic, so
the sign of the twist cannot show in E0; the current I = −∂E0/∂φ (e·t/ħ) takes the sign of
:mod:`currentkit.rings.interacting.exact`.

Drude weight D = (L/2)·∂²E0/∂φ² at the minimum φ0 (0 for odd N, π for even N in a clean ring), in
t, from E0(φ0), E0(φ0 + h), E0(φ0 + 2h) with E0(φ0 − h) = E0(φ0 + h) (time reversal and
periodicity), Richardson-combined so the step error is O(h⁴).

Where DMRG serves, where ED stops
---------------------------------
Exact diagonalization (:mod:`currentkit.rings.interacting.exact`, one momentum sector of C(L, N)/L
states) is exact, gives every level and is fast to L = 24 at half filling (1.1e5 states); L = 28
has 1.4e6 states (1.7 GiB per sector), L = 32 has 1.9e7 (≈ 25 GiB): there ED stops. The DMRG
cost is set by the entanglement instead: a periodic ring cuts two bonds per bipartition, so it
needs about the square of an open chain's bond dimension for the same accuracy (cost ∝ L·χ³, so
∝ χ_open⁶), and the critical (c = 1) ring's entanglement grows as (1/3)·ln L. Measured
(physics-tenpy 1.1.1, one thread on a loaded 2-core machine, half filling, V = t, φ0 = π)::

    L    χ     E0 (t)            ⟨H²⟩−⟨H⟩²   est. |ΔE0|   s per point   D (t)
    32   160   −16.042574647     1.1e-5      1.5e-6       40–60         0.310768
    32   200   −16.042575820     2.6e-6      3e-7         ~60
    48   160   −24.028335344     1.5e-4      3e-5         80–130        0.310418
    48   256   −24.028358474     1.3e-5      4e-6         +70 (warm)    0.310418
    64   160   −32.021152519     5.8e-4      1e-4         90–135        0.31024
    64   256   −32.021252291     6.9e-5      1.2e-5       +165 (warm)   0.310292
    64   384   −32.021262521     9.0e-6      1.5e-6       +225 (warm)   0.310292

(|ΔE0| from extrapolating E0 linearly in the discarded weight. D = L·(E0(π + h) − E0(π))/h² with
h = 1, plus its step error 0.04/L² measured at L = 32 from h = 0.5 and 1; at L = 64 it agrees
to 1e-7 between χ = 256 and 384 (χ ≤ 160 scatters by 3e-5), uncertainty ~5e-6 from the step
correction.) E0 to 1e-6 needs χ ≈ 180 at L = 32, ≈ 300 at L = 48 and ≈ 400 at L = 64; the Drude
weight, an energy difference at one χ, converges sooner (free fermions, L = 64, χ = 256: E0 off by
6.4e-6, D off by 3e-7 against the closed form). D(L) − D_BA = 6.5e-4, 3.0e-4, 1.7e-4 at
L = 32, 48, 64 falls as 1/L²; the fit D∞ + a/L² (+ b/L⁴) over L = 32–64 gives
D∞ = 0.310135 (0.310127) against the Bethe ansatz 9√3/(16π) = 0.310122. Use ED up to L ≈ 24–28
(exact, all levels and momenta) and DMRG beyond, for E0(Φ) and D; DMRG gives no momentum
resolution and no excited levels.
"""

from __future__ import annotations

import logging
import math
import numbers
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError, integer
from currentkit.results import labelled, with_provenance
from currentkit.rings.models import InteractingRing, flux_coordinate

logger = logging.getLogger(__name__)

#: Default twist step h (rad) of the Drude-weight stencil: E0(φ0 + h) − E0(φ0) ≈ D·h²/L is ~1e-3 t
#: at L = 64, far above the DMRG error of that difference (the truncation error of E0 is nearly
#: the same at φ0 and φ0 + h and cancels: at L = 64, h = 1, D scatters by 3e-5 for χ ≤ 160 and
#: agrees to 1e-7 between χ = 256 and 384; prefer h = 1 there), while the step error after
#: Richardson is
#: O(D·(h/L)⁴) (free fermions, exactly: E0(φ0 + h) = E0(φ0)·cos(h/L), so D(h) = D·2(1 − cos x)/x²
#: with x = h/L, and the Richardson error is D·x⁴/90: 3e-8 relative at h = 0.5, L = 12).
DRUDE_STEP = 0.5
_SMALLEST = 4


@dataclass(frozen=True)
class DMRGOptions:
    """Convergence parameters of one DMRG ground-state search.

    Parameters
    ----------
    chi_max
        Largest MPS bond dimension χ (≥ 8).
    sweeps
        Largest number of sweeps (≥ 2); χ starts at 32 and doubles every two sweeps.
    tol
        Stop when the energy changes by less than this (t) between sweeps (``max_E_err``).
    svd_min
        Discard Schmidt values below this.
    """

    chi_max: int = 128
    sweeps: int = 20
    tol: float = 1e-10
    svd_min: float = 1e-12

    def __post_init__(self) -> None:
        for name, low in (("chi_max", 8), ("sweeps", 2)):
            value = getattr(self, name)
            integer(name, value, minimum=low)
        for name in ("tol", "svd_min"):
            value = getattr(self, name)
            if (isinstance(value, bool) or not isinstance(value, numbers.Real)
                    or not math.isfinite(value) or not 0 < float(value) < 1):
                raise ParameterError(name, value, "a number in (0, 1)")

    def chi_list(self) -> dict[int, int]:
        """Bond-dimension ramp χ(sweep): 32, 64, 128 … up to :attr:`chi_max` (sweeps 0, 2, 4 …)."""
        ramp, chi, sweep = {}, 32, 0
        while chi < self.chi_max:
            ramp[sweep] = chi
            chi, sweep = 2 * chi, sweep + 2
        ramp[sweep] = int(self.chi_max)
        return ramp


@dataclass(frozen=True)
class DMRGPoint:
    """One converged ground state: E0 (t), ⟨H²⟩ − ⟨H⟩² (t²), the largest discarded weight of the
    last sweep, the largest bond dimension of the MPS, the sweeps run and the wall time (s)."""

    energy: float
    variance: float
    truncation_error: float
    chi: int
    sweeps: int
    seconds: float


def _tenpy() -> Any:
    import importlib

    # load the submodules used as attributes of the returned package
    for name in ("algorithms.dmrg", "models.lattice", "models.model", "networks.mps",
                 "networks.site"):
        importlib.import_module(f"tenpy.{name}")
    return importlib.import_module("tenpy")


def _check_ring(ring: object) -> InteractingRing:
    if not isinstance(ring, InteractingRing):
        raise ParameterError("ring", type(ring).__name__, "an InteractingRing")
    if ring.sites < _SMALLEST:
        raise ParameterError("sites", ring.sites,
                             f"L ≥ {_SMALLEST} for DMRG (exact diagonalization serves small rings)")
    return ring


def tenpy_model(ring: InteractingRing, phi: float) -> Any:
    """TeNPy MPO model of ``ring`` at twist φ (rad): a periodic Chain with a finite MPS.

    The hop term Cd_j C_{j+1} (a particle moving from j + 1 to j) carries −t·e^{−iφ/L}; TeNPy adds
    its Hermitian conjugate and the Jordan-Wigner strings (the closing bond L − 1 → 0 included).
    """
    tenpy = _tenpy()
    ring = _check_ring(ring)
    big = ring.sites
    hop = -ring.hopping * np.exp(-1j * phi / big) * np.ones(big)
    pot = np.zeros(big) if ring.potential is None else np.asarray(ring.potential, dtype=float)
    spinful = ring.model == "hubbard"

    class _Ring(tenpy.models.model.CouplingMPOModel):  # type: ignore[name-defined]
        default_lattice = tenpy.models.lattice.Chain
        force_default_lattice = True

        def init_sites(self, params: Any) -> Any:
            if spinful:
                return tenpy.networks.site.SpinHalfFermionSite(cons_N="N", cons_Sz="Sz")
            return tenpy.networks.site.FermionSite(conserve="N")

        def init_terms(self, params: Any) -> None:
            if spinful:
                for cd, c in (("Cdu", "Cu"), ("Cdd", "Cd")):
                    self.add_coupling(hop, 0, cd, 0, c, 1, plus_hc=True)
                self.add_onsite(ring.interaction, 0, "NuNd")
                self.add_onsite(pot, 0, "Ntot")
            else:
                self.add_coupling(hop, 0, "Cd", 0, "C", 1, plus_hc=True)
                self.add_coupling(ring.interaction, 0, "N", 0, "N", 1)
                self.add_onsite(pot, 0, "N")

    return _Ring({"L": big, "bc_x": "periodic", "bc_MPS": "finite"})


def _spread(count: int, sites: int) -> np.ndarray:
    occ = np.zeros(sites, dtype=bool)
    if count:
        occ[np.floor(np.arange(count) * sites / count).astype(int)] = True
    return occ


def initial_state(ring: InteractingRing, model: Any) -> Any:
    """A complex product MPS with the ring's N (N↑, N↓) spread evenly over the sites."""
    tenpy = _tenpy()
    big = ring.sites
    if ring.model == "hubbard":
        up, dn = (_spread(n, big) for n in ring.spin_counts)
        names = np.array(["empty", "up", "down", "full"])
        labels = names[up.astype(int) + 2 * dn.astype(int)].tolist()
    else:
        labels = ["full" if o else "empty" for o in _spread(ring.spin_counts[0], big)]
    return tenpy.networks.mps.MPS.from_product_state(
        model.lat.mps_sites(), labels, bc="finite", dtype=np.complex128,
        unit_cell_width=model.lat.mps_unit_cell_width)


def ground_point(
    ring: InteractingRing, phi: float, options: DMRGOptions, psi: Any = None
) -> tuple[DMRGPoint, Any]:
    """DMRG ground state at twist φ (rad), starting from ``psi`` (warm start) or a product state.

    Returns the converged point and the MPS (to warm-start a nearby twist).
    """
    tenpy = _tenpy()
    model = tenpy_model(ring, phi)
    ramp = options.chi_list()
    if psi is None:
        psi = initial_state(ring, model)
    else:
        psi = psi.copy()
        ramp = {0: int(options.chi_max)}
    params = {"mixer": True, "max_E_err": options.tol, "min_sweeps": 3,
              "max_sweeps": int(options.sweeps), "chi_list": ramp,
              "trunc_params": {"chi_max": int(options.chi_max), "svd_min": options.svd_min}}
    start = time.perf_counter()
    with warnings.catch_warnings():
        # TeNPy warns when max_sweeps ends a run before max_E_err is met: that run is still a
        # result, and its variance and truncation error say how good it is.
        warnings.simplefilter("ignore", UserWarning)
        engine = tenpy.algorithms.dmrg.TwoSiteDMRGEngine(psi, model, params)
        energy, _ = engine.run()
    variance = float(np.real(model.H_MPO.variance(psi)))
    stats = engine.sweep_stats
    point = DMRGPoint(
        energy=float(np.real(energy)), variance=max(variance, 0.0),
        truncation_error=float(stats["max_trunc_err"][-1]), chi=int(max(psi.chi)),
        sweeps=len(stats["E"]), seconds=time.perf_counter() - start)
    logger.info("DMRG L=%d N=%s phi=%.6g: E0=%.12f var=%.2e trunc=%.2e chi=%d sweeps=%d %.1fs",
                ring.sites, ring.electrons, phi, point.energy, point.variance,
                point.truncation_error, point.chi, point.sweeps, point.seconds)
    return point, psi


def _options(chi_max: int, sweeps: int, tol: float) -> DMRGOptions:
    return DMRGOptions(chi_max=chi_max, sweeps=sweeps, tol=tol)


def dmrg_ground_energy(
    ring: InteractingRing, flux: object, *, chi_max: int = 128, sweeps: int = 20,
    tol: float = 1e-10, warm_start: bool = False,
) -> xr.Dataset:
    """Ground-state energy E0(Φ) of an interacting ring by DMRG, on a flux grid Φ/Φ0.

    Parameters
    ----------
    ring
        The ring (t-V or Hubbard, clean or with on-site energies), L ≥ 4.
    flux
        Reduced fluxes f = Φ/Φ0 (Φ0 = h/e); the twist is φ = 2πf.
    chi_max, sweeps, tol
        See :class:`DMRGOptions`.
    warm_start
        Start each flux point from the previous point's MPS (fewer sweeps). Only for grids inside
        one branch of E0(Φ): across a level crossing between momentum sectors (f = 1/2 for odd
        N, f = 0 for even N in a clean ring) the new ground state is orthogonal to the old one
        and DMRG stays in the metastable branch (measured: L = 12, N = 5, f = 0.45 → 0.55 gave
        E0 too high by 0.10 t). Off by default: every point then starts from a product state.

    Returns
    -------
    xarray.Dataset
        ``energy(flux)`` E0 in t; ``energy_variance(flux)`` ⟨H²⟩ − ⟨H⟩² in t² (the error of E0
        is ≲ variance/gap); ``truncation_error(flux)``; ``bond_dimension(flux)``;
        ``sweeps(flux)``; ``seconds(flux)`` wall time; ``current(flux)`` = −⟨∂H/∂φ⟩ in e·t/ħ
    (:func:`bond_current`).
    """
    ring = _check_ring(ring)
    options = _options(chi_max, sweeps, tol)
    grid = np.atleast_1d(np.asarray(flux, dtype=float))
    if grid.ndim != 1 or grid.size == 0 or not np.all(np.isfinite(grid)):
        raise ParameterError("flux", f"array of shape {grid.shape}",
                             "a non-empty 1D array of finite reduced fluxes Φ/Φ0")
    points: list[DMRGPoint] = []
    currents: list[float] = []
    psi = None
    for f in grid:
        point, state = ground_point(ring, 2 * np.pi * float(f), options,
                                    psi if warm_start else None)
        psi = state
        points.append(point)
        currents.append(bond_current(ring, state, 2 * np.pi * float(f)))

    def var(name: str, units: str, long_name: str) -> xr.DataArray:
        return labelled([getattr(p, name) for p in points], "flux", units, long_name)

    ds = xr.Dataset(
        {"energy": var("energy", "t", "ground-state energy E0 (DMRG)"),
         "energy_variance": var("variance", "t^2", "energy variance <H^2> - <H>^2"),
         "truncation_error": var("truncation_error", "1", "largest discarded weight, last sweep"),
         "bond_dimension": var("chi", "1", "largest MPS bond dimension"),
         "sweeps": var("sweeps", "1", "DMRG sweeps run"),
         "seconds": var("seconds", "s", "wall time of the DMRG run"),
         "current": labelled(np.array(currents), "flux", "e*t/hbar",
                             "persistent current −⟨∂H/∂φ⟩ (Hellmann-Feynman on the DMRG state)")},
        coords={"flux": flux_coordinate(grid)},
        attrs={"method": "dmrg", "engine": f"physics-tenpy {_tenpy().__version__}",
               "model": ring.model, "electrons": ring.total_electrons})
    return with_provenance(ds, {"model": ring.parameters(), "chi_max": options.chi_max,
                                "sweeps": options.sweeps, "tol": options.tol,
                                "warm_start": int(warm_start)})


def bond_current(ring: InteractingRing, psi: Any, phi: float) -> float:
    """I = −⟨∂H/∂φ⟩ (e·t/ħ) of the MPS ``psi`` at twist φ, by Hellmann-Feynman.

    With the hop −t e^{−iφ/L} c†_j c_{j+1} + h.c. on each of the L bonds,
    −∂H/∂φ = Σ_j (t/L)(−i e^{−iφ/L} c†_j c_{j+1} + h.c.), so I = (2t/L) Σ_j Im(e^{−iφ/L} g_j) with
    g_j = ⟨c†_j c_{j+1}⟩ (summed over spin for Hubbard). In a stationary state the current is the
    same on every bond (continuity), so the mean over the L − 1 bonds inside the MPS stands for
    all L: I = 2t·mean_j Im(e^{−iφ/L} g_j), j = 0 … L − 2 (the closing bond needs no string).
    """
    big = ring.sites
    pairs = (("Cdu", "Cu"), ("Cdd", "Cd")) if ring.model == "hubbard" else (("Cd", "C"),)
    phase = np.exp(-1j * phi / big)
    total = 0.0
    for j in range(big - 1):
        for cd, c in pairs:
            g = complex(psi.expectation_value_term([(cd, j), (c, j + 1)]))
            total += float(np.imag(phase * g))
    return 2 * ring.hopping * total / (big - 1)


@dataclass(frozen=True)
class DrudeEstimate:
    """Drude weight D = (L/2)·∂²E0/∂φ² at the minimum φ0, in t.

    Attributes
    ----------
    drude_weight
        Richardson combination (4·D(h) − D(2h))/3 of the stencils with steps h and 2h.
    coarse
        D(h) alone, (L/2)·2(E0(φ0 + h) − E0(φ0))/h²; ``|drude_weight − coarse|`` bounds the
        step error.
    phi0, step
        The minimum (rad) and h.
    energies
        E0(φ0), E0(φ0 + h), E0(φ0 + 2h) in t.
    variance
        The largest energy variance of the three points (t²).
    """

    drude_weight: float
    coarse: float
    phi0: float
    step: float
    energies: tuple[float, float, float]
    variance: float


def dmrg_drude_weight(
    ring: InteractingRing, *, step: float = DRUDE_STEP, chi_max: int = 128, sweeps: int = 20,
    tol: float = 1e-10,
) -> DrudeEstimate:
    """Drude weight of ``ring`` from three DMRG ground energies (see :class:`DrudeEstimate`).

    The minimum φ0 is 0 for odd N and π for even N in a clean t-V ring (the fermion-parity rule);
    for a Hubbard or disordered ring the lower of E0(0), E0(π) is taken. The stencil uses
    E0(φ0 − h) = E0(φ0 + h) (E0 is even and 2π-periodic in φ), so three runs give steps h and 2h;
    the runs at φ0 + h and φ0 + 2h are warm-started from the previous MPS. 0 < h < π/2 keeps φ0 + 2h
    inside the branch (the next crossing is at φ0 ± π).
    """
    ring = _check_ring(ring)
    options = _options(chi_max, sweeps, tol)
    if (isinstance(step, bool) or not isinstance(step, numbers.Real) or not math.isfinite(step)
            or not 0 < step < math.pi / 2):
        raise ParameterError("step", step, "a twist step 0 < h < π/2 (rad)")
    h = float(step)
    n = ring.total_electrons
    if n == 0:
        return DrudeEstimate(0.0, 0.0, 0.0, h, (0.0, 0.0, 0.0), 0.0)
    if ring.model == "t-V" and ring.is_clean:
        point, psi = ground_point(ring, 0.0 if n % 2 else math.pi, options)
        phi0 = 0.0 if n % 2 else math.pi
    else:
        candidates = [(phi, *ground_point(ring, phi, options)) for phi in (0.0, math.pi)]
        phi0, point, psi = min(candidates, key=lambda c: c[1].energy)
    p1, psi = ground_point(ring, phi0 + h, options, psi)
    p2, _ = ground_point(ring, phi0 + 2 * h, options, psi)
    e0, e1, e2 = point.energy, p1.energy, p2.energy
    d1 = 2 * (e1 - e0) / h**2
    d2 = 2 * (e2 - e0) / (2 * h) ** 2
    half = ring.sites / 2
    return DrudeEstimate(
        drude_weight=float(half * (4 * d1 - d2) / 3), coarse=float(half * d1), phi0=phi0, step=h,
        energies=(e0, e1, e2), variance=max(point.variance, p1.variance, p2.variance))
