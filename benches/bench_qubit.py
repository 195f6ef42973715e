"""Three-junction flux qubit, 201 flux points × 6 levels, ncut = 10 (441 charge states).

Ours: the flux-independent part of H built once, the flux-biased E_J3 hop added per point, the
lowest levels by shift-invert Lanczos with an inertia-checked shift carried from the previous point
(:meth:`FluxQubit.eigensystem`, energies and Hellmann-Feynman slopes). Baseline: scqubits 4.3.1
``FluxQubit.get_spectrum_vs_paramvals`` (dense ``eigh`` of the rebuilt H at each point), the same
parameters (Orlando et al. 1999: E_J/E_C = 80, α = 0.8, γ = 0.02, with gate charges). Agreement:
the largest relative deviation of the transition energies E_k − E_0.
"""

from __future__ import annotations

import warnings

import numpy as np

from benches.timing import Comparison, best_time
from currentkit.superconductors import FluxQubit

PARAMS = dict(EJ1=200.0, EJ2=200.0, EJ3=160.0, ECJ1=2.5, ECJ2=2.5, ECJ3=3.125, ECg1=125.0,
              ECg2=125.0, ng1=0.1, ng2=-0.2, ncut=10)


def main() -> list[Comparison]:
    with warnings.catch_warnings():  # scqubits' import and sweeps emit parser/deprecation warnings
        warnings.simplefilter("ignore")
        try:
            import scqubits as scq
        except ImportError:  # the dev group leaves it out on macOS (pyproject.toml)
            print("bench_qubit: scqubits is not installed; nothing to compare")
            return []

        scq.settings.PROGRESSBAR_DISABLED = True
        flux = np.linspace(0.4, 0.6, 201)
        qubit = FluxQubit(**PARAMS)  # type: ignore[arg-type]
        ref = scq.FluxQubit(**PARAMS, flux=0.5, truncated_dim=6)

        def ours() -> np.ndarray:
            return qubit.eigensystem(flux, 6)[0]

        def baseline() -> np.ndarray:
            spec = ref.get_spectrum_vs_paramvals("flux", flux, evals_count=6, num_cpus=1)
            return np.asarray(spec.energy_table)

        ours_t, e = best_time(ours, repeat=1)
        base_t, b = best_time(baseline, repeat=1)
    et, bt = e[:, 1:] - e[:, :1], b[:, 1:] - b[:, :1]
    dev = float(np.max(np.abs(et - bt) / np.abs(bt)))
    return [Comparison("flux qubit ncut=10, 201 flux points x 6 levels", ours_t, base_t,
                       "scqubits get_spectrum_vs_paramvals", dev, 1e-8)]
