"""Shared fixtures of the test suite."""

from __future__ import annotations

import pytest

from currentkit.rings import ContinuumRing
from tests import approx_guard

approx_guard.install()

#: The reference ring of PHYSICS.md §1: an electron on a ring of radius 1 µm.
RADIUS = 1e-6


@pytest.fixture
def electron_ring() -> ContinuumRing:
    """Spinless electron (charge −e, mass m_e) on a ring of radius 1 µm."""
    return ContinuumRing(radius=RADIUS)


@pytest.fixture
def spin_ring() -> ContinuumRing:
    """Spin-1/2 electrons on a ring of radius 1 µm."""
    return ContinuumRing(radius=RADIUS, spin=True)
