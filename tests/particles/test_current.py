"""Total current J(t) = Σ w_i v_i with charges, per-type, per-particle and callable weights."""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.particles import DriftingGas, FrameChunk, from_arrays, total_current
from currentkit.results import check_conventions


def _random(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = np.arange(5) * 0.5
    pos = rng.uniform(0, 1, (5, 6, 3))
    vel = rng.normal(size=(5, 6, 3))
    q = rng.normal(size=(5, 6))
    return t, pos, vel, q


def test_sum_of_charge_times_velocity_per_frame() -> None:
    t, pos, vel, q = _random()
    ds = total_current(from_arrays(t, pos, velocities=vel, charges=q, chunk=2))
    expected = np.array([[sum(q[f, i] * vel[f, i, c] for i in range(6)) for c in range(3)]
                         for f in range(5)])
    # a 6-term sum: rounding only
    np.testing.assert_allclose(ds["total_current"], expected, rtol=1e-13, atol=1e-14)
    assert ds["total_current"].dims == ("time", "component")
    assert ds["total_current"].attrs["units"] == "A·m"
    check_conventions(ds)


def test_drifting_gas_current_is_n_q_v() -> None:
    # thermal velocities come in ± pairs, so J = N q v_d exactly (rounding of 2000 terms)
    gas = DriftingGas(2000, (1e-8, 1e-8, 1e-8), (3e3, -1e3, 0.0), 5, 1e-15, thermal=1e5)
    ds = total_current(gas)
    expected = 2000 * gas.charge * np.array([3e3, -1e3, 0.0])
    np.testing.assert_allclose(ds["mean_current"], expected, rtol=1e-9, atol=1e-9 * 2000 *
                               abs(gas.charge) * 1e5)


def test_other_weights_mass_per_type_and_callable() -> None:
    t, pos, vel, _ = _random(1)
    types = np.array(["A", "B", "A", "B", "A", "B"])
    chunks = from_arrays(t, pos, velocities=vel, types=types)
    mass = total_current(chunks, {"A": 2.0, "B": 3.0}, quantity="mass", weight_units="kg")
    w = np.where(types == "A", 2.0, 3.0)
    np.testing.assert_allclose(mass["total_current"], np.einsum("n,fnc->fc", w, vel),
                               rtol=1e-13, atol=1e-14)
    assert mass["total_current"].attrs["units"] == "kg·m/s"
    per_particle = total_current(chunks, w, quantity="mass", weight_units="kg")
    np.testing.assert_array_equal(per_particle["total_current"], mass["total_current"])

    def energy(chunk: FrameChunk) -> np.ndarray:
        assert chunk.velocities is not None
        return 0.5 * (chunk.velocities**2).sum(axis=2)

    e = total_current(chunks, energy, quantity="energy", weight_units="J")
    np.testing.assert_allclose(e["total_current"],
                               np.einsum("fn,fnc->fc", 0.5 * (vel**2).sum(2), vel), rtol=1e-13)


def test_bad_weights_are_refused() -> None:
    t, pos, vel, _ = _random(2)
    chunks = from_arrays(t, pos, velocities=vel, types=np.array(list("ABABAB")))
    with pytest.raises(ParameterError, match="charges"):
        total_current(chunks)
    with pytest.raises(ParameterError, match="missing"):
        total_current(chunks, {"A": 1.0})
    with pytest.raises(ParameterError, match="one weight per particle"):
        total_current(chunks, np.ones(4))
    with pytest.raises(ParameterError, match="velocities"):
        total_current(from_arrays(t, pos, charges=np.ones(6)))
