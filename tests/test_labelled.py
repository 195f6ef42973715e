"""results.labelled: the one helper that labels a result variable."""

from __future__ import annotations

import numpy as np
import xarray as xr

from currentkit.results import labelled


def test_labelled_sets_dims_units_long_name_and_extra_attrs() -> None:
    var = labelled([1.0, 2.0], "flux", "Phi0", "magnetic flux Φ/Φ0", flux_quantum=4.1e-15)
    assert isinstance(var, xr.DataArray) and var.dims == ("flux",)
    assert var.attrs == {"units": "Phi0", "long_name": "magnetic flux Φ/Φ0",
                         "flux_quantum": 4.1e-15}
    np.testing.assert_array_equal(var.to_numpy(), [1.0, 2.0])
    grid = labelled(np.zeros((2, 3)), ("x", "y"), "A/m^2", "current density")
    ds = xr.Dataset({"j": grid}, coords={"x": labelled([0.0, 1.0], "x", "m", "position x")})
    assert ds["j"].attrs["units"] == "A/m^2" and ds["x"].attrs["long_name"] == "position x"


def test_labelled_takes_coordinates_for_a_standalone_variable() -> None:
    x = labelled([0.0, 0.5], "x", "m", "position x")
    var = labelled([[1.0, 2.0]], ("c", "x"), "A/m", "surface current", coords={"x": x},
                   source="file.ovf")
    assert var.dims == ("c", "x") and list(var.attrs) == ["units", "long_name", "source"]
    np.testing.assert_array_equal(var["x"].to_numpy(), [0.0, 0.5])
    assert var["x"].attrs == {"units": "m", "long_name": "position x"}
    assert "c" not in var.coords  # only the coordinates given
