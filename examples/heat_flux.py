"""A heat-flux time series with a known Green-Kubo integral, written as a table the CLI reads.

The three Cartesian components of the heat current J_E are independent stationary AR(1)
processes (a discretely sampled Ornstein-Uhlenbeck current) of variance s² and correlation
a = exp(−Δ/τ) per step Δ, for which the trapezoidal Green-Kubo integral is exact:

    ∫0^∞ ⟨J(0)J(t)⟩dt = s²Δ(1 + a)/(2(1 − a))  (≈ s²τ for τ ≫ Δ).

The series is written in LAMMPS metal units (J_E in eV·Å/ps, time in ps, a Temp column in K) as
``heat_flux.csv`` with the column names LAMMPS gives ``compute heat/flux``, and analysed with
:func:`currentkit.kubo.transport_coefficient`; κ = ∫⟨J_E J_E⟩dt/(V k_B T²) is set beside the
exact value. The same file runs through the command line:

    ./run cli kubo FOLDER/heat_flux.csv --columns 'c_flux[1],c_flux[2],c_flux[3]' \
        --timestep 0.005 --volume 65013.3 --output kappa.nc

Run: ``.venv/bin/python examples/heat_flux.py [FOLDER]``; the table goes to FOLDER, or to a
temporary folder that is removed afterwards.
"""

import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy import signal

import currentkit as ck

SAMPLES, DT, TAU = 60_000, 0.005, 0.1  # rows, time step (ps), correlation time (ps)
SIGMA = 185.0  # standard deviation of each component (eV·Å/ps)
VOLUME, TEMPERATURE = 65013.3, 1400.0  # Å³, K (the size of a 1728-atom molten-salt cell)
COLUMNS = ["c_flux[1]", "c_flux[2]", "c_flux[3]"]


def heat_flux(seed: int = 1) -> np.ndarray:
    """(SAMPLES, 3) stationary AR(1) components of standard deviation SIGMA."""
    rng = np.random.default_rng(seed)
    a = np.exp(-DT / TAU)
    noise = rng.standard_normal((SAMPLES, 3)) * np.sqrt(1 - a * a)
    noise[0] = rng.standard_normal(3)  # start in the stationary state
    return SIGMA * signal.lfilter([1.0], [1.0, -a], noise, axis=0)


def write(folder: Path) -> Path:
    path = folder / "heat_flux.csv"
    time = DT * np.arange(SAMPLES)
    temp = np.full(SAMPLES, TEMPERATURE)
    np.savetxt(path, np.column_stack([time, heat_flux(), temp]), delimiter=",", fmt="%.8g",
               header=",".join(["Time", *COLUMNS, "Temp"]), comments="")
    return path


def analyse(path: Path) -> None:
    table = ck.kubo.read_table(path)
    series = table.data[:, [table.columns.index(name) for name in COLUMNS]]
    prefactor = ck.kubo.green_kubo_prefactor("thermal", "metal", volume=VOLUME,
                                             temperature=TEMPERATURE)
    ds = ck.kubo.transport_coefficient(series, DT, prefactor.factor, units=prefactor.units)
    a = np.exp(-DT / TAU)
    exact = prefactor.factor * SIGMA**2 * DT * (1 + a) / (2 * (1 - a))
    value, std = float(ds["coefficient"]), float(ds["coefficient_std"])
    print(f"wrote {path.name}: {SAMPLES} rows, Δ = {DT} ps, τ = {TAU} ps")
    print(f"κ = {value:.4f} ± {std:.4f} W/(m K)   exact {exact:.4f} W/(m K)   "
          f"({(value - exact) / std:+.2f} σ)")


if len(sys.argv) > 1:
    Path(sys.argv[1]).mkdir(parents=True, exist_ok=True)
    analyse(write(Path(sys.argv[1])))
else:
    with tempfile.TemporaryDirectory() as tmp:
        analyse(write(Path(tmp)))
