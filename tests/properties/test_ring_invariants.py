"""Symmetry invariants of ring currents, for random rings (hypothesis).

Φ0-periodicity (flux enters only through e^{iφ}), time-reversal oddness I(−f) = −I(f) for real
on-site energies (H(−φ) = H(φ)*), and gauge invariance of the spectrum.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from currentkit.rings import ContinuumRing, LatticeRing, crossover_temperature, persistent_current
from currentkit.rings.free import lattice

SETTINGS = settings(deadline=None, max_examples=25)


@st.composite
def disordered_rings(draw: st.DrawFn) -> LatticeRing:
    sites = draw(st.integers(3, 12))
    seed = draw(st.integers(0, 2**32 - 1))
    # clean, or disordered enough that avoided crossings (~W/L) dwarf the 1e-10 degeneracy
    # window of the T = 0 filling: a nearly clean ring (W ~ 1e-12) near a crossing is
    # ill-conditioned at T = 0 (its current jumps within the rounding of φ)
    strength = draw(st.one_of(st.just(0.0), st.floats(0.2, 3.0)))
    spin = draw(st.booleans())
    potential = np.random.default_rng(seed).uniform(-strength / 2, strength / 2, sites)
    return LatticeRing(sites, potential=potential, spin=spin)


@st.composite
def ensembles(draw: st.DrawFn, ring: LatticeRing) -> dict[str, float | int]:
    temperature = draw(st.sampled_from([0.0, 0.05, 0.3, 2.0]))
    if draw(st.booleans()):
        return {"electrons": draw(st.integers(0, ring.states)), "temperature": temperature}
    return {"mu": draw(st.floats(-2.5, 2.5)), "temperature": temperature}


# f + 1 carries an absolute rounding error of ~1e-16, a relative one of 1e-16/|f − n| near an
# integer n; keep |f − n| ≥ 1e-6 so that the shifted flux is the same flux to 1e-10 relative.
flux_values = st.floats(-2.0, 2.0, allow_nan=False).filter(
    lambda f: abs(f - round(f)) >= 1e-6 or f == round(f)
)


@SETTINGS
@given(data=st.data(), ring=disordered_rings(), flux=flux_values)
def test_lattice_flux_periodicity(data: st.DataObject, ring: LatticeRing, flux: float) -> None:
    options = data.draw(ensembles(ring))
    grid = np.array([flux, flux + 0.25])
    here = persistent_current(ring, grid, **options)["current"].values
    there = persistent_current(ring, grid + 1.0, **options)["current"].values
    # H(φ + 2π) equals H(φ) up to the rounding of e^{iφ} (1e-16·|φ|): currents O(1/L) agree to
    # ~1e-14; 1e-9 leaves room for near-degenerate Fermi levels (1e-10 degeneracy window).
    np.testing.assert_allclose(there, here, rtol=0, atol=1e-9)


@SETTINGS
@given(data=st.data(), ring=disordered_rings(), flux=flux_values)
def test_lattice_current_is_odd_in_flux(data: st.DataObject, ring: LatticeRing,
                                        flux: float) -> None:
    options = data.draw(ensembles(ring))
    grid = np.array([flux, 0.5 * flux])
    forward = persistent_current(ring, grid, **options)["current"].values
    backward = persistent_current(ring, -grid, **options)["current"].values
    np.testing.assert_allclose(backward, -forward, rtol=0, atol=1e-9)  # as above


@SETTINGS
@given(ring=disordered_rings(), phi=st.floats(-7.0, 7.0), seed=st.integers(0, 2**32 - 1))
def test_spectrum_is_gauge_invariant(ring: LatticeRing, phi: float, seed: int) -> None:
    bond = lattice.hamiltonian(ring, phi, "bond")
    uniform = lattice.hamiltonian(ring, phi, "uniform")
    theta = np.random.default_rng(seed).uniform(0, 2 * np.pi, bond.shape[0])
    u = np.diag(np.exp(1j * theta))
    rotated = u @ bond @ u.conj().T  # a local U(1) gauge transformation
    reference = np.linalg.eigvalsh(bond)
    # eigvalsh backward error ~L·1e-16·‖H‖ with ‖H‖ ≤ 2t + W/2 ≤ 4: 1e-12 ample
    np.testing.assert_allclose(np.linalg.eigvalsh(uniform), reference, rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.linalg.eigvalsh(rotated), reference, rtol=0, atol=1e-12)


@SETTINGS
@given(
    sites=st.integers(3, 10),
    channels=st.integers(1, 3),
    phi=st.floats(-7.0, 7.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_multichannel_gauge_invariance(sites: int, channels: int, phi: float, seed: int) -> None:
    potential = np.random.default_rng(seed).uniform(-1, 1, (channels, sites))
    ring = LatticeRing(sites, channels=channels, potential=potential, transverse_hopping=0.8)
    np.testing.assert_allclose(
        np.linalg.eigvalsh(lattice.hamiltonian(ring, phi, "uniform")),
        np.linalg.eigvalsh(lattice.hamiltonian(ring, phi, "bond")),
        rtol=0, atol=1e-12,
    )


@st.composite
def continuum_cases(draw: st.DrawFn) -> tuple[ContinuumRing, int, float]:
    spin = draw(st.booleans())
    charge_sign = draw(st.sampled_from([-1.0, 1.0]))
    ring = ContinuumRing(radius=draw(st.floats(1e-7, 1e-5)), spin=spin,
                         charge=charge_sign * 1.602176634e-19)
    electrons = draw(st.integers(1, 40))
    ratio = draw(st.sampled_from([0.0, 0.1, 0.5, 1.0, 3.0]))
    return ring, electrons, ratio * crossover_temperature(ring, electrons)


@SETTINGS
@given(case=continuum_cases(), flux=flux_values)
def test_continuum_periodicity_and_oddness(case: tuple[ContinuumRing, int, float],
                                           flux: float) -> None:
    ring, electrons, temperature = case
    grid = np.array([flux, flux + 0.31])
    base = persistent_current(ring, grid, electrons=electrons, temperature=temperature)
    shifted = persistent_current(ring, grid + 1.0, electrons=electrons, temperature=temperature)
    mirrored = persistent_current(ring, -grid, electrons=electrons, temperature=temperature)
    scale = electrons * ring.current_unit
    # the level set depends on f only through f − round(f), and is mirror symmetric: the same
    # numbers summed in another order, plus the rounding of f + 1 (1e-16·|f|): 1e-12 of N·unit
    np.testing.assert_allclose(shifted["current"], base["current"], rtol=0, atol=1e-12 * scale)
    np.testing.assert_allclose(mirrored["current"], -base["current"], rtol=0, atol=1e-12 * scale)
    # F can be as small as ε0·f² (N = 1, f → 0): compare on the scale of the filled levels
    e_scale = ring.level_energy * (electrons + 1) ** 2
    np.testing.assert_allclose(shifted["free_energy"], base["free_energy"], rtol=0,
                               atol=1e-12 * e_scale)
    np.testing.assert_allclose(mirrored["free_energy"], base["free_energy"], rtol=0,
                               atol=1e-12 * e_scale)


# ---- the same invariants on every exact method, not only where ``auto`` picks dense ----------

#: Each exact method with what it accepts: channels (1D or strips) and the ensemble it computes.
EXACT_METHODS = {
    "transfer": {"channels": (1,), "ensemble": "mu"},
    "green": {"channels": (1, 2, 3), "ensemble": "mu"},
    "bands": {"channels": (1,), "ensemble": "electrons"},
    "window": {"channels": (1, 2), "ensemble": "electrons"},
}


@pytest.fixture(scope="module", params=sorted(EXACT_METHODS))
def method(request: pytest.FixtureRequest) -> str:
    """Every exact single-particle method in turn (Kwant's solver tests do the same)."""
    return str(request.param)


@st.composite
def method_cases(draw: st.DrawFn, method: str) -> tuple[LatticeRing, dict[str, float | int]]:
    """A disordered fermion ring the method accepts, with an ensemble it computes."""
    spec = EXACT_METHODS[method]
    channels = draw(st.sampled_from(spec["channels"]))
    sites = draw(st.integers(4, 12))
    seed = draw(st.integers(0, 2**32 - 1))
    strength = draw(st.floats(0.2, 3.0))  # away from clean degeneracies (see disordered_rings)
    potential = np.random.default_rng(seed).uniform(-strength / 2, strength / 2,
                                                    (channels, sites))
    ring = LatticeRing(sites, channels=channels, potential=potential)
    # T > 0 keeps the T = 0 jumps (μ or a level crossing at the Fermi energy) out of the check
    # and k_BT ≤ 0.1 t keeps currents of these short rings well above the 1e-9 tolerance
    options: dict[str, float | int] = {"temperature": draw(st.sampled_from([0.05, 0.1]))}
    if spec["ensemble"] == "mu":
        # inside the band: for μ beyond every level at k_BT ≪ t the current is exponentially
        # small and the Matsubara sum's relative stopping rule does not converge (found here:
        # L = 4, μ = 2.5, k_BT = 0.05 raises ConvergenceError in "transfer")
        options["mu"] = draw(st.floats(-1.5, 1.5))
    else:
        options["electrons"] = draw(st.integers(1, ring.states - 1))
    return ring, options


@SETTINGS
@given(data=st.data(), flux=flux_values)
def test_every_exact_method_is_periodic_odd_and_agrees_with_dense(
    method: str, data: st.DataObject, flux: float
) -> None:
    ring, options = data.draw(method_cases(method))
    grid = np.array([flux, 0.5 * flux + 0.1])
    here = persistent_current(ring, grid, method=method, **options)["current"].values
    there = persistent_current(ring, grid + 1.0, method=method, **options)["current"].values
    mirror = persistent_current(ring, -grid, method=method, **options)["current"].values
    dense = persistent_current(ring, grid, method="dense", **options)["current"].values
    # Φ0-periodicity and I(−Φ) = −I(Φ): the methods sum Matsubara terms or roots to ~1e-12
    # relative of currents ≤ O(1); 1e-9 absolute as in the dense tests above
    np.testing.assert_allclose(there, here, rtol=0, atol=1e-9)
    np.testing.assert_allclose(mirror, -here, rtol=0, atol=1e-9)
    # agreement with dense eigh + Hellmann-Feynman: the methods put the flux in other gauges
    # (transfer: Δ(z) = 2cos φ for the uniform twist; green: the closing bond; bands/window:
    # levels from the same transfer matrices), so this is also the gauge-invariance check
    np.testing.assert_allclose(here, dense, rtol=0, atol=1e-9)
