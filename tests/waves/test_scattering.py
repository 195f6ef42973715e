"""Barrier transmission: exact T(E) at the reference numbers, and measured with a wave packet."""

from __future__ import annotations

import math

import numpy as np
import pytest

import currentkit as ck
from currentkit.errors import ParameterError


def test_exact_reference_values() -> None:
    # PHYSICS.md §4 (V0 = a = ħ = m = 1), quoted to 10 digits
    t = ck.waves.barrier_transmission
    assert t(1, 1, 0.5, method="exact") == pytest.approx(1 / math.cosh(1) ** 2, rel=1e-12)
    assert t(1, 1, 0.5, method="exact") == pytest.approx(0.4199743416, abs=1e-10)
    assert t(1, 1, 1.0, method="exact") == pytest.approx(2 / 3, rel=1e-14)
    assert t(1, 1, 2.0, method="exact") == pytest.approx(0.8912972171, abs=1e-10)
    # resonance k'a = π: E = 1 + π²/2 = 5.934802 (quoted to 7 digits: T = 1 − O(1e-13))
    assert t(1, 1, 1 + math.pi**2 / 2, method="exact") == pytest.approx(1.0, abs=1e-14)
    assert t(1, 1, 5.934802, method="exact") == pytest.approx(1.0, abs=1e-12)


def test_exact_is_continuous_through_the_barrier_top_and_vectorised() -> None:
    e = 1.0 + np.array([-1e-9, 0.0, 1e-9])
    # T(E) is smooth at E = V0: neighbours within |dT/dE|·1e-9 of 2/3
    np.testing.assert_allclose(ck.waves.rectangular_transmission(1, 1, e), 2 / 3, atol=1e-8)
    # deep tunnelling does not overflow: T ≈ 16E(V0−E)/V0²·e^{−2κa}
    deep = float(ck.waves.rectangular_transmission(1e4, 10.0, 1.0))
    assert 0.0 <= deep < 1e-300


def test_thin_barrier_tends_to_the_delta_barrier() -> None:
    # V0·a = α fixed, a → 0: the rectangle tends to αδ(x); the difference is O(a)
    alpha, e = 0.8, 0.7
    delta = float(ck.waves.delta_transmission(alpha, e))
    assert delta == pytest.approx(1 / (1 + alpha**2 / (2 * e)), rel=1e-14)
    for a in (1e-3, 1e-4):
        thin = float(ck.waves.rectangular_transmission(alpha / a, a, e))
        assert abs(thin - delta) < 2 * a


@pytest.mark.parametrize("energy", [1.0, 2.0])
def test_packet_agrees_with_exact(energy: float) -> None:
    ds = ck.waves.packet_transmission(1.0, 1.0, energy)
    exact = 2 / 3 if energy == 1.0 else 0.8912972171
    # 1e-3: the grid's sharp barrier at 12–13 points per width (measured deviation −3.9e-4
    # at E = 1 and −5.6e-4 at E = 2; it falls as ≈ dx^2.5, see scattering's notes)
    assert ds.attrs["transmission_at_energy"] == pytest.approx(exact, abs=1e-3)
    # the whole packet: time-integrated current at x_d = ∫T(k)|c(k)|²dk (same grid error)
    assert ds.attrs["transmitted_probability"] == pytest.approx(
        ds.attrs["transmitted_probability_exact"], abs=1e-3)
    # energy-resolved across the packet (±3σ_k): the same accuracy at every energy
    assert np.abs(ds["transmission"] - ds["exact"]).max() < 1.5e-3
    # the passage is complete: j at the detector has died out (1e-8 of its peak) and what
    # is left on the grid (≲ 1e-3, the slow reflected tail inside the left absorbing layer)
    # is far from the detector
    assert abs(float(ds["current"][-1])) < 1e-8 * float(ds["current"].max())
    assert ds.attrs["remaining_norm"] < 2e-3


def test_packet_through_no_barrier_transmits_everything() -> None:
    # V0 = 0: the measurement machinery alone (detector, energy resolution, time window)
    ds = ck.waves.packet_transmission(0.0, 1.0, 2.0)
    assert ds.attrs["transmission_at_energy"] == pytest.approx(1.0, abs=1e-5)
    assert ds.attrs["transmitted_probability"] == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        ((1, 1, -0.5), {}, "energy"),
        ((1, 1, 0.0), {}, "energy"),
        ((1, 0, 1.0), {}, "width"),
        ((float("nan"), 1, 1.0), {"method": "exact"}, "height"),
        ((1, 1, 1.0), {"method": "wkb"}, "method"),
        ((1, 1, 1.0), {"mass": -1.0, "method": "exact"}, "mass"),
    ],
)
def test_bad_input(args: tuple[float, ...], kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ParameterError) as info:
        ck.waves.barrier_transmission(*args, **kwargs)  # type: ignore[arg-type]
    assert info.value.name == name


def test_packet_refuses_a_barrier_it_cannot_resolve() -> None:
    # a = 1e-3 at E = 0.5 would need ~2e6 grid points: refused, pointing to 'exact'
    with pytest.raises(ParameterError, match="exact"):
        ck.waves.packet_transmission(1.0, 1e-3, 0.5)


def test_packet_setup_validates() -> None:
    for kwargs in ({"spread": 0.5}, {"points_per_width": 0}, {"grid_courant": 20.0},
                   {"courant": float("nan")}):
        with pytest.raises(ParameterError):
            ck.waves.PacketSetup(**kwargs)  # type: ignore[arg-type]


def test_packet_in_si_units() -> None:
    # an electron at 2 eV over a 1 eV, 1 nm barrier (SI throughout); closed form written
    # here: T = 1/(1 + V0² sin²(k'a)/(4E(E − V0))), k' = √(2m(E − V0))/ħ
    ev, m, hbar = ck.units.ELECTRONVOLT, ck.units.ELECTRON_MASS, ck.units.HBAR
    v0, a, e = 1.0 * ev, 1e-9, 2.0 * ev
    k = math.sqrt(2 * m * (e - v0)) / hbar
    exact = 1 / (1 + v0**2 * math.sin(k * a) ** 2 / (4 * e * (e - v0)))
    assert ck.waves.barrier_transmission(v0, a, e, mass=m, hbar=hbar, method="exact") == (
        pytest.approx(exact, rel=1e-12))
    measured = ck.waves.barrier_transmission(v0, a, e, mass=m, hbar=hbar)
    assert measured == pytest.approx(exact, abs=1e-3)  # grid error, measured 7.8e-4
