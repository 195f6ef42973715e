"""Symmetry invariants of flux-qubit and rf-SQUID levels, for random circuits (hypothesis).

Φ0-periodicity of the flux qubit (the flux enters only as e^{2πif}); time reversal E_k(−f) = E_k(f)
and I_k(−f) = −I_k(f) for both circuits, with or without gate charges (complex conjugation maps
H(f) to H(−f) and leaves the real diagonal, gate charges included, unchanged).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from currentkit.superconductors import FluxQubit, RfSquid

SETTINGS = settings(deadline=None, max_examples=15)
energies = st.floats(0.5, 30.0)


def assert_odd(e: np.ndarray, plus: np.ndarray, minus: np.ndarray, scale: float) -> None:
    """I_k(−f) = −I_k(f) for each isolated level k (levels 0..n−2 of n computed).

    At a (near-)degeneracy the current of a single level depends on the eigenvectors chosen,
    so levels closer than 1e-6 of the scale to a neighbour are left out.
    """
    for k in range(e.size - 1):
        gaps = np.abs(np.delete(e, k) - e[k])
        if gaps.min() > 1e-6 * scale:
            # Hellmann-Feynman slopes to ~1e-12 of the scale; gaps ≥ 1e-6 keep the
            # eigenvector (and its current) well defined to ~1e-6 relative
            assert abs(minus[k] + plus[k]) <= 1e-6 * scale


@st.composite
def flux_qubits(draw: st.DrawFn) -> FluxQubit:
    ej = [draw(energies) for _ in range(3)]
    ec = [draw(st.floats(0.2, 3.0)) for _ in range(3)]
    eg = [draw(st.floats(2.0, 60.0)) for _ in range(2)]
    ng = [draw(st.floats(-0.5, 0.5)) for _ in range(2)]
    return FluxQubit(*ej, *ec, *eg, ng1=ng[0], ng2=ng[1], ncut=5)  # 121 states: dense path


@SETTINGS
@given(flux_qubits(), st.floats(-0.49, 0.49))
def test_flux_qubit_is_periodic_and_time_reversal_symmetric(qubit: FluxQubit, f: float) -> None:
    e, slope, _ = qubit.eigensystem(np.array([f, f + 1.0, -f]), 5)
    scale = float(np.max(np.abs(e))) + 1.0
    # rounding: eigenvalues to ~1e-13 of the scale; f + 1 moves the phase by 2π·1e-16
    np.testing.assert_allclose(e[1], e[0], atol=1e-11 * scale)
    np.testing.assert_allclose(e[2], e[0], atol=1e-11 * scale)
    assert_odd(e[0], slope[0], slope[2], scale)


@SETTINGS
@given(energies, st.floats(0.3, 3.0), st.floats(0.2, 2.0), st.floats(-0.49, 0.49))
def test_rf_squid_currents_are_odd_in_flux(ej: float, ec: float, el: float, f: float) -> None:
    squid = RfSquid(ej, ec, el, cutoff=60)
    e, slope, _ = squid.eigensystem(np.array([f, -f]), 4)
    scale = float(np.max(np.abs(e))) + 1.0
    np.testing.assert_allclose(e[1], e[0], atol=1e-10 * scale)
    assert_odd(e[0], slope[0], slope[1], scale)
