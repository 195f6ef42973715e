"""Green-Kubo transport coefficients from current time series, with cepstral error bars.

``transport_coefficient(series, timestep, prefactor=1.0, extra_currents=None)`` is the entry
point; :func:`read_table` reads LAMMPS logs, SporTran-style tables, CSV and NumPy files and
:func:`green_kubo_prefactor` converts LAMMPS metal/real/lj or SI currents to W/mK and S/m.
"""

from currentkit.kubo import prefactors as _prefactors
from currentkit.kubo.cepstral import CepstralResult, cepstral_analysis
from currentkit.kubo.correlation import (
    autocorrelation,
    cross_correlation,
    green_kubo_integral,
    running_integral,
)
from currentkit.kubo.einstein_helfand import einstein_helfand, mean_square_displacement
from currentkit.kubo.multicomponent import schur_psd, spectral_matrix
from currentkit.kubo.prefactors import Prefactor, green_kubo_prefactor
from currentkit.kubo.series import Table, read_table
from currentkit.kubo.transport import transport_coefficient

#: The kinds of Green-Kubo prefactor (thermal κ, electric σ, generic).
PREFACTOR_KINDS = _prefactors.KINDS
#: The unit styles of the series (LAMMPS metal, real, lj, and SI).
UNIT_STYLES = _prefactors.STYLES

__all__ = [
    "PREFACTOR_KINDS",
    "UNIT_STYLES",
    "CepstralResult",
    "Prefactor",
    "Table",
    "autocorrelation",
    "cepstral_analysis",
    "cross_correlation",
    "einstein_helfand",
    "green_kubo_integral",
    "green_kubo_prefactor",
    "mean_square_displacement",
    "read_table",
    "running_integral",
    "schur_psd",
    "spectral_matrix",
    "transport_coefficient",
]
