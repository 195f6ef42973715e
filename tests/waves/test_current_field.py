"""waves.current_field: the probability current as a labelled Dataset with units for its d."""

from __future__ import annotations

import numpy as np

import currentkit as ck
from currentkit.results import check_conventions


def test_dataset_holds_the_array_and_units_for_the_dimension() -> None:
    x = np.arange(12) * 0.5
    psi = np.exp(1j * 0.7 * np.add.outer(x, 2 * x[:8]))  # plane wave k = (0.7, 1.4), 2D
    ds = ck.waves.current_field(psi, 0.5, periodic=True)
    check_conventions(ds)
    # the same computation as the array function
    np.testing.assert_array_equal(ds["current"].to_numpy(), ck.waves.probability_current(
        psi, 0.5, periodic=True))
    assert ds["current"].dims == ("component", "x", "y")
    assert ds["density"].attrs["units"] == "bohr^-2"
    assert ds["current"].attrs["units"] == "bohr^-1/(hbar/E_h)"
    np.testing.assert_allclose(ds["y"], 0.5 * np.arange(8))
    si = ck.waves.current_field(psi[:, 0], 1e-10, hbar=1.054571817e-34, mass=9.1093837e-31,
                                charge=-1.602176634e-19, length_unit="m", time_unit="s")
    assert si["density"].attrs["units"] == "m^-1" and si["current"].attrs["units"] == "1/s"
