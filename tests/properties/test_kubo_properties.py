"""Invariants of the cepstral estimate (hypothesis): scaling, component order, E = Q + hM."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from currentkit.kubo import cepstral_analysis
from tests.kubo.conftest import ar1

Q = ar1(np.random.default_rng(31), 4096, 3.0)
M = ar1(np.random.default_rng(32), 4096, 12.0, variance=4.0)


@settings(max_examples=15, deadline=None)
@given(scale=st.floats(1e-3, 1e3), order=st.permutations([0, 1, 2]))
def test_value_scales_as_the_square_and_ignores_component_order(scale: float,
                                                                 order: list[int]) -> None:
    base = cepstral_analysis(Q, 1.0)
    res = cepstral_analysis(scale * Q[:, order], 1.0)
    # the log-spectrum shifts by 2 ln c (cepstrum C_0 only) and the component average is
    # symmetric: same f*, P*, relative error ≈ rounding of ln c² in L̄
    assert res.resample == base.resample and res.p_star == base.p_star
    np.testing.assert_allclose(res.value, scale**2 * base.value, rtol=1e-9)
    np.testing.assert_allclose(res.std / res.value, base.std / base.value, rtol=1e-9)


@settings(max_examples=15, deadline=None)
@given(h=st.floats(-30.0, 30.0))
def test_enthalpy_drops_out_for_every_h(h: float) -> None:
    ref = cepstral_analysis(Q, 1.0, extra_currents=[M], f_star=0.1, p_star=5)
    res = cepstral_analysis(Q + h * M, 1.0, extra_currents=[M], f_star=0.1, p_star=5)
    # S_EE − S_EM S_MM⁻¹ S_ME is exactly h-independent; in floating point the cancellation of
    # h²S_MM costs ≈ h²·(S_MM/S_QQ)·ε ≲ 1e-10 relative here
    np.testing.assert_allclose(res.value, ref.value, rtol=1e-8)
