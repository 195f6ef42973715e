"""Net charge through a plane: signed crossings with periodic images, I = dQ/dt, I = N e/t."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import constants

from currentkit.errors import ParameterError
from currentkit.particles import (
    DriftingGas,
    crossings,
    from_arrays,
    total_current,
    transferred_charge,
)

E = constants.e


def test_half_milliampere_is_3_12e15_electrons_per_second() -> None:
    # PHYSICS.md §3, quoted to 3 digits: 0.5 mA / e = 3.1207e15 /s
    assert 0.5e-3 / E == pytest.approx(3.12e15, rel=5e-3)


def test_evenly_spaced_drifting_electrons_cross_an_exact_number_of_times() -> None:
    # N electrons evenly spaced in x (spacing L/N), all at speed v: in time T exactly
    # N v T / L of them pass a plane placed between two particles (here N v T/L = 3·N + 7)
    n, length = 40, 2e-9
    frames, dt = 801, 1e-16
    total_time = (frames - 1) * dt
    v = (3 * n + 7) * length / (n * total_time)
    assert v * dt < length / 2  # the minimum image is valid: < half a box per frame
    gas = DriftingGas(n, (length, 1e-9, 1e-9), (v, 0.0, 0.0), frames, dt, charge=-E,
                      spacing="even", chunk=50)
    plane = 0.25 * length / n  # between the initial particles x_i = (i + 1/2) L/N
    ds = transferred_charge(gas, "x", plane)
    assert int(ds["forward_crossings"]) == 3 * n + 7
    assert int(ds["backward_crossings"]) == 0
    # electrons (q = -e) crossing along +x carry a negative charge along +x; exact integers
    assert float(ds["transferred_charge"][-1]) == pytest.approx(-(3 * n + 7) * E, rel=1e-12, abs=0)
    # mean current I = Q/T: N e/t with the same count
    assert ds.attrs["mean_current"] == pytest.approx(-(3 * n + 7) * E / total_time, rel=1e-12)
    # I = dQ/dt on the frame times: its time integral returns Q(T) up to the end corrections
    # of second-order differences, at most one crossing's charge here
    integral = float(np.trapezoid(ds["plane_current"], ds["time"]))
    assert integral == pytest.approx(float(ds["transferred_charge"][-1]), abs=E)
    assert ds["transferred_charge"].attrs["units"] == "C"
    assert ds["plane_current"].attrs["units"] == "A"


def test_backward_motion_counts_negative_and_wrapping_is_seen() -> None:
    # one particle moving backwards along x through a box of length 1, crossing the plane
    # x = 0.3 and its images: from x = 0.5 to x = 0.5 - 2.6 = -2.1, i.e. planes at 0.3, -0.7,
    # -1.7 -> 3 backward crossings; positions are given wrapped into [0, 1)
    t = np.linspace(0.0, 2.6, 131)  # 0.02 per frame < half a box
    x = 0.5 - t
    pos = np.zeros((t.size, 1, 3))
    pos[:, 0, 0] = np.mod(x, 1.0)
    chunks = from_arrays(t, pos, charges=[2.0], box_lo=np.zeros(3), box_length=np.ones(3),
                         unwrapped=False, chunk=7)
    ds = transferred_charge(chunks, "x", 0.3)
    assert int(ds["backward_crossings"]) == 3 and int(ds["forward_crossings"]) == 0
    assert float(ds["transferred_charge"][-1]) == -6.0
    # the same trajectory unwrapped gives the same count
    pos_u = pos.copy()
    pos_u[:, 0, 0] = x
    unwrapped = from_arrays(t, pos_u, charges=[2.0], box_lo=np.zeros(3), box_length=np.ones(3))
    assert float(transferred_charge(unwrapped, "x", 0.3)["transferred_charge"][-1]) == -6.0
    # without periodic images only the plane itself is crossed (once, at t = 0.2)
    alone = transferred_charge(unwrapped, "x", 0.3, periodic=False)
    assert float(alone["transferred_charge"][-1]) == -2.0


def test_forward_and_back_cancel() -> None:
    # a particle oscillating across the plane: crossings in both directions, net zero
    t = np.linspace(0.0, 4 * np.pi, 400)
    pos = np.zeros((t.size, 1, 3))
    pos[:, 0, 0] = 0.5 + 0.2 * np.sin(t)
    ds = transferred_charge(from_arrays(t, pos, charges=[1.0], box_lo=np.zeros(3),
                                        box_length=np.ones(3)), "x", 0.5 + 1e-9)
    assert int(ds["forward_crossings"]) == 2 and int(ds["backward_crossings"]) == 2
    assert float(ds["transferred_charge"][-1]) == 0.0


def test_plane_average_equals_integral_of_total_current_over_length() -> None:
    # thermal + drift gas, wrapped positions: averaged over M equally spaced planes, Q equals
    # ∫J_x dt / L_x up to |Σ q|/M·(1 per particle) (each particle's count over M planes differs
    # from M Δx/L by less than 1); J is constant here so the trapezoid integral is exact
    gas = DriftingGas(64, (1e-9, 1e-9, 1e-9), (2e4, 0, 0), 300, 2e-16, thermal=1e5, seed=3,
                      chunk=64)
    planes = np.linspace(0.0, 1e-9, 200, endpoint=False)
    q_planes = transferred_charge(gas, "x", planes)["transferred_charge"][:, -1]
    j = total_current(gas)
    integral = float(np.trapezoid(j["total_current"].sel(component="x"), j["time"]))
    bound = 64 * E / planes.size
    assert abs(float(q_planes.mean()) - integral / 1e-9) <= bound
    # and this is far from trivially small: the gas transfers many electrons on average
    assert abs(integral / 1e-9) > 50 * bound


@settings(max_examples=60, deadline=None)
@given(x0=st.floats(-5, 5), d=st.floats(-0.49, 0.49), length=st.floats(0.5, 3.0))
def test_count_averaged_over_plane_positions_is_displacement_over_length(
        x0: float, d: float, length: float) -> None:
    # ⟨c⟩_p over p uniform in one period = d/L (exact identity; 4000 planes: error < 1/4000)
    planes = np.linspace(0.0, length, 4000, endpoint=False)
    c = crossings(np.array([x0]), np.array([d * length]), planes, length)
    assert abs(c.mean() - d) <= 1 / 4000 + 1e-12


def test_current_through_cross_section_is_n_e_v_over_l() -> None:
    # 312 electrons in a 10 nm periodic wire drifting at v_d give I = N e v_d / L; with v_d
    # chosen for 0.5 mA, Q(T)/T agrees within the counting bound N e / Q(T)
    n, length = 312, 1e-8
    v = 0.5e-3 * length / (n * E)
    dt = 0.4 * length / v  # 0.4 L per frame (< L/2): 800 passes in 2000 frames
    gas = DriftingGas(n, (length, 2e-9, 2e-9), (v, 0, 0), 2001, dt, seed=1, chunk=256)
    ds = transferred_charge(gas, "x", 0.5 * length)
    current = -ds.attrs["mean_current"]  # electrons drift along +x: conventional current -x
    total = abs(float(ds["transferred_charge"][-1]))
    assert current == pytest.approx(0.5e-3, rel=n * E / total)
    assert current / E == pytest.approx(3.12e15, rel=n * E / total + 5e-3)


def test_bad_input() -> None:
    gas = DriftingGas(4, (1.0, 1.0, 1.0), (0.1, 0, 0), 3, 0.1)
    with pytest.raises(ParameterError, match="axis"):
        transferred_charge(gas, "w", 0.5)
    with pytest.raises(ParameterError, match="position"):
        transferred_charge(gas, "x", float("nan"))
    no_box = from_arrays([0.0, 1.0], np.zeros((2, 1, 3)), charges=[1.0])
    with pytest.raises(ParameterError, match="periodic"):
        transferred_charge(no_box, "x", 0.5)
    no_charge = from_arrays([0.0, 1.0], np.zeros((2, 1, 3)), box_lo=np.zeros(3),
                            box_length=np.ones(3))
    with pytest.raises(ParameterError, match="charges"):
        transferred_charge(no_charge, "x", 0.5)
